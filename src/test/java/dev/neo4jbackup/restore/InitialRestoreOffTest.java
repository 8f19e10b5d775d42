package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * backup.initial-restore with the scheduler disabled: the service does not restore the file, and says why at start
 * (it used to say nothing); with the scheduler on, or in the CLI (no web server), nothing is said here.
 */
@ExtendWith(OutputCaptureExtension.class)
class InitialRestoreOffTest {

    @Test
    void withTheSchedulerDisabledTheServiceSaysWhyTheBundledBackupIsNotRestored(CapturedOutput output) {
        new WebApplicationContextRunner().withUserConfiguration(InitialRestoreOff.class)
                .withPropertyValues("backup.scheduler.enabled=false", "backup.initial-restore=/seed/neo4j.dump")
                .run(context -> assertThat(context).hasSingleBean(InitialRestoreOff.class));

        assertThat(output.getOut()).contains("INITIAL_RESTORE_SKIPPED: backup.initial-restore=/seed/neo4j.dump is "
                + "not restored: the initial restore runs only with the scheduler, and backup.scheduler.enabled=false "
                + "here. Set BACKUP_SCHEDULER_ENABLED=true");
    }

    @Test
    void nothingIsSaidWithTheSchedulerOnWithoutAFileOrInTheCli() {
        new WebApplicationContextRunner().withUserConfiguration(InitialRestoreOff.class)
                .withPropertyValues("backup.initial-restore=/seed/neo4j.dump")
                .run(context -> assertThat(context).doesNotHaveBean(InitialRestoreOff.class));
        new WebApplicationContextRunner().withUserConfiguration(InitialRestoreOff.class)
                .withPropertyValues("backup.scheduler.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(InitialRestoreOff.class));
        new ApplicationContextRunner().withUserConfiguration(InitialRestoreOff.class)
                .withPropertyValues("backup.scheduler.enabled=false", "backup.initial-restore=/seed/neo4j.dump")
                .run(context -> assertThat(context).doesNotHaveBean(InitialRestoreOff.class));
    }
}
