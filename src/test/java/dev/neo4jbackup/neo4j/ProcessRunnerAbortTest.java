package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What a shutdown's {@link ProcessRunner#abortAll} ends: a dump (or any tool run), never a stop or start
 * command, which runs to its end (a start cut short would leave Neo4j down).
 */
class ProcessRunnerAbortTest {

    @Test
    void abortAllEndsToolRunsButNotCommandsThatRunToTheirEnd() throws Exception {
        ProcessRunner runner = new ProcessRunner(ChildEnvironment.byName());
        CompletableFuture<ProcessResult> start = CompletableFuture.supplyAsync(() -> runner.runToEnd(
                List.of("/bin/sh", "-c", "sleep 2; echo started"), Map.of(), null, Duration.ofSeconds(30)));
        CompletableFuture<ProcessHandle> dumpRuns = new CompletableFuture<>();
        CompletableFuture<ProcessResult> dump = CompletableFuture.supplyAsync(() -> runner.run(
                List.of("sleep", "30"), Map.of(), null, Duration.ofSeconds(60), dumpRuns::complete));
        dumpRuns.get(10, TimeUnit.SECONDS);
        Thread.sleep(300); // the start command runs too by now

        assertThat(runner.abortAll()).isEqualTo(1);

        ProcessResult dumped = dump.get(10, TimeUnit.SECONDS);
        assertThat(dumped.ok()).isFalse();
        assertThat(dumped.took()).isLessThan(Duration.ofSeconds(20));
        ProcessResult started = start.get(20, TimeUnit.SECONDS);
        assertThat(started.ok()).isTrue();
        assertThat(started.output()).contains("started");
    }
}
