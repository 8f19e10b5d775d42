package dev.neo4jbackup.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .state.json} is written by the service and by the CLI, another process: a {@code pause} from the
 * CLI while the service records run results must never be lost, nor a result lost to a pause.
 */
class StateStoreTest {

    private static final int PARENT_RESULTS = 300;
    private static final int CHILD_PAUSES = 300;

    @TempDir
    Path storage;

    /**
     * Both sides count through the state itself: the parent's failures in {@code consecutiveFailures}
     * (untouched by a pause), the child's pauses in {@code pauseReason} (untouched by a failure). A
     * read-modify-write that is not exclusive across the processes loses one side's count.
     */
    @Test
    void pausesFromAnotherProcessAndRunResultsFromThisOneAreNeverLost() throws Exception {
        StateStore store = new StateStore(storage);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), storage.toString(),
                String.valueOf(CHILD_PAUSES)).redirectErrorStream(true).start();
        String ready = new String(child.getInputStream().readNBytes("READY".length()));
        assertThat(ready).isEqualTo("READY");
        // two threads here as well: the scheduler and the API record results side by side
        Thread other = new Thread(() -> recordResults(store, PARENT_RESULTS / 2));
        other.start();
        recordResults(store, PARENT_RESULTS - PARENT_RESULTS / 2);
        other.join();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child finishes").isTrue();
        String childOutput = new String(child.getInputStream().readAllBytes()).strip();
        assertThat(child.exitValue()).as(childOutput).isZero();

        ServiceState end = store.read();
        assertThat(end.consecutiveFailures()).as("run results recorded").isEqualTo(PARENT_RESULTS);
        assertThat(end.paused()).isTrue();
        assertThat(end.pauseReason()).as("pauses written by the other process").isEqualTo("pause " + CHILD_PAUSES);
    }

    private static void recordResults(StateStore store, int n) {
        for (int i = 0; i < n; i++) {
            store.update(s -> s.withFailure(Instant.now(), "neo4j-20261201-000000", "BACKUP_FAILED", "test"));
        }
    }

    /** The CLI's side: {@code pause} after {@code pause}, each counting the ones before. */
    public static final class Child {
        public static void main(String[] args) {
            StateStore store = new StateStore(Path.of(args[0]));
            int n = Integer.parseInt(args[1]);
            System.out.print("READY");
            System.out.flush();
            for (int i = 0; i < n; i++) {
                store.update(s -> s.withPause(Instant.now(), "pause " + (count(s.pauseReason()) + 1)));
            }
        }

        private static int count(String reason) {
            return reason == null ? 0 : Integer.parseInt(reason.substring("pause ".length()));
        }
    }
}
