package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .restore.json} is written whole, like every JSON file of ours, and read back by a new tracker. */
class RecoveryTrackerTest {

    @TempDir
    Path storage;

    @Test
    void eachStateReplacesTheFileWholeAndAnotherProcessReadsIt() throws IOException {
        RecoveryTracker tracker = new RecoveryTracker(storage, Clock.systemUTC());
        tracker.enter(RecoveryState.RECOVERING, "neo4j-20251227-020000", "neo4j", "primary", "x".repeat(4000), null);
        tracker.enter(RecoveryState.RECOVERY_FAILED, "neo4j-20251227-020000", "neo4j", "primary", "rolled back",
                "neo4j-20251227-030000");

        RecoveryStatus read = new RecoveryTracker(storage, Clock.systemUTC()).current();
        assertThat(read.state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
        assertThat(read.message()).isEqualTo("rolled back");
        assertThat(read.safetyBackupId()).isEqualTo("neo4j-20251227-030000");
        try (Stream<Path> files = Files.list(storage)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(".restore.json");
        }
    }
}
