package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The alert's "what happens next" names commands that exist (it once said "neo4j-backup backup"). */
class NextStepTest {

    @Test
    void withoutASchedulerItNamesTheCommandThatTakesABackup() {
        assertThat(new NextStep(Optional::empty, () -> false).nextRun())
                .isEqualTo("no scheduled run (backup.scheduler.enabled=false): run one by hand: neo4j-backup create");
        assertThat(new NextStep(Optional::empty, () -> true).nextRun()).endsWith("neo4j-backup resume");
        assertThat(new NextStep(() -> Optional.of(Instant.parse("2026-12-02T02:00:00Z")), () -> false).nextRun())
                .isEqualTo("next scheduled run at 2026-12-02T02:00Z");
    }
}
