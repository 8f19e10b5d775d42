package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.BtrfsVolume;

/**
 * The store swap on real folders of a btrfs volume, crashed at every rename (the process stops there, as a kill
 * would: the journal says what was under way), then recovered by a new instance, as the next start does. The
 * folders hold a marker file each, so that where each store ends up is seen. With a Neo4j: StoreSwapTest.
 */
class StoreSwapCrashTest {

    @RegisterExtension
    static final BtrfsVolume VOLUME = new BtrfsVolume(512L << 20);

    private Path data;
    private Path swapRoot;

    /** Thrown by the hook as a crash would stop the process: nothing after it runs. */
    static final class Crash extends Error {
        Crash() {
            super("crash", null, false, false);
        }
    }

    @BeforeEach
    void folders() throws IOException {
        data = VOLUME.subvolume().resolve("data-" + System.nanoTime());
        swapRoot = data.resolveSibling(data.getFileName() + "-swap");
        write(data.resolve("databases/neo4j/store"), "live store");
        write(data.resolve("transactions/neo4j/logs"), "live logs");
    }

    private StoreSwap swap() {
        return new StoreSwap("neo4j", data.resolve("databases"), data.resolve("transactions"), swapRoot);
    }

    /** prepare, then "load": the loaded store in the side folder. */
    private StoreSwap prepared() throws IOException {
        StoreSwap swap = swap();
        swap.prepare();
        write(swap.sideDataRoot().resolve("databases/neo4j/store"), "loaded store");
        write(swap.sideDataRoot().resolve("transactions/neo4j/logs"), "loaded logs");
        return swap;
    }

    private String live() throws IOException {
        return Files.readString(data.resolve("databases/neo4j/store")) + " + "
                + Files.readString(data.resolve("transactions/neo4j/logs"));
    }

    @Test
    void aSwapAndItsSwapBackThenDiscard() throws IOException {
        StoreSwap swap = prepared();

        swap.swap();
        assertThat(live()).isEqualTo("loaded store + loaded logs");
        assertThat(Files.readString(swap.swappedOutDataRoot().resolve("databases/neo4j/store"))).isEqualTo("live store");
        assertThat(swap.journal()).hasValueSatisfying(j -> assertThat(j.phase()).isEqualTo(SwapPlan.Phase.SWAPPED));

        swap.swapBack();
        assertThat(live()).isEqualTo("live store + live logs");
        swap.discard();
        assertThat(swap.journal()).isEmpty();
        assertThat(swap.sideDataRoot().resolve("databases/neo4j")).doesNotExist();
    }

    @Test
    void aCommitRemovesTheSwappedOutStore() throws IOException {
        StoreSwap swap = prepared();
        swap.swap();

        swap.commit();

        assertThat(live()).isEqualTo("loaded store + loaded logs");
        assertThat(swap.swappedOutDataRoot().resolve("databases/neo4j")).doesNotExist();
        assertThat(swap.journal()).isEmpty();
        assertThat(swap.recover()).isEqualTo(SwapPlan.Outcome.NONE);
        assertThat(live()).isEqualTo("loaded store + loaded logs");
    }

    @ParameterizedTest(name = "crash after rename {0} of the swap")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aSwapCutShortIsRevertedAtTheNextStart(int renames) throws IOException {
        StoreSwap swap = prepared();
        swap.afterRename(count -> {
            if (count == renames) {
                throw new Crash();
            }
        });
        if (renames == 0) {
            // a crash between the first journal write and the first rename
            swap.afterRename(count -> { });
            new SwapJournal(swapRoot.resolve("neo4j").resolve(StoreSwap.JOURNAL), "neo4j").write(
                    new SwapPlan.Journal("neo4j", SwapPlan.Phase.SWAPPING, 1));
        } else {
            assertThatThrownBy(swap::swap).isInstanceOf(Crash.class);
        }

        StoreSwap next = swap();
        assertThat(next.recover()).isEqualTo(SwapPlan.Outcome.SWAPPED_BACK);

        assertThat(live()).isEqualTo("live store + live logs");
        next.discard();
        assertThat(next.journal()).isEmpty();
        assertThat(next.recover()).isEqualTo(SwapPlan.Outcome.NONE);
    }

    @ParameterizedTest(name = "crash after rename {0} of the swap back")
    @ValueSource(ints = {1, 2, 3, 4})
    void aSwapBackCutShortIsFinishedAtTheNextStart(int renames) throws IOException {
        StoreSwap swap = prepared();
        swap.swap();
        swap.afterRename(count -> {
            if (count == renames) {
                throw new Crash();
            }
        });
        assertThatThrownBy(swap::swapBack).isInstanceOf(Crash.class);

        assertThat(swap().recover()).isEqualTo(SwapPlan.Outcome.SWAPPED_BACK);

        assertThat(live()).isEqualTo("live store + live logs");
    }

    @Test
    void aFinishedSwapIsLeftToTheRestoresCheck() throws IOException {
        prepared().swap();

        assertThat(swap().recover()).isEqualTo(SwapPlan.Outcome.SWAPPED);
        assertThat(live()).isEqualTo("loaded store + loaded logs");
    }

    @Test
    void aRenameThatFailsIsMovedBackAndSaysHowFarItGot() throws IOException {
        StoreSwap swap = prepared();
        // the second rename's target folder cannot be made: a file is in its way
        Path blocked = swap.swappedOutDataRoot().resolve("transactions");
        Files.delete(blocked);
        Files.writeString(blocked, "in the way");

        assertThatThrownBy(swap::swap).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.STORE_SWAP_FAILED);
            assertThat(f.reason()).contains("failed after 1 rename(s)");
        });

        assertThat(live()).isEqualTo("live store + live logs");
        assertThat(swap.journal()).hasValueSatisfying(j -> assertThat(j.phase())
                .isEqualTo(SwapPlan.Phase.SWAPPED_BACK));
    }

    @Test
    void aJournalThatDisagreesWithTheDiskOrIsGarbageMovesNothing() throws IOException {
        StoreSwap swap = prepared();
        SwapJournal journal = new SwapJournal(swapRoot.resolve("neo4j").resolve(StoreSwap.JOURNAL), "neo4j");
        journal.write(new SwapPlan.Journal("neo4j", SwapPlan.Phase.SWAPPING, 3));

        assertThatThrownBy(swap::recover).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.STORE_SWAP_FAILED);
            assertThat(f.reason()).contains("cannot go on");
            assertThat(f.action()).contains("put one whole store");
        });
        Files.writeString(swapRoot.resolve("neo4j").resolve(StoreSwap.JOURNAL), "rm -rf /\n");
        assertThatThrownBy(swap::recover).isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.reason())
                .contains("cannot be read").contains("nothing was moved"));
        assertThatThrownBy(swap::prepare).isInstanceOf(BackupFailure.class);

        assertThat(live()).isEqualTo("live store + live logs");
        assertThat(swap.sideDataRoot().resolve("databases/neo4j/store")).exists();
    }

    @Test
    void aSwapFolderOnAnotherSubvolumeIsRefusedBeforeAnythingMoves() throws IOException {
        Path elsewhere = VOLUME.createSubvolume("other-" + System.nanoTime());
        StoreSwap swap = new StoreSwap("neo4j", data.resolve("databases"), data.resolve("transactions"), elsewhere);

        assertThatThrownBy(swap::prepare).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(f.reason()).contains("another filesystem (or btrfs subvolume)");
            assertThat(f.numbers()).startsWith("Device: ");
        });
        assertThat(live()).isEqualTo("live store + live logs");
    }

    @Test
    void theSecondStoreMustFitBeforeAnythingStarts() throws IOException {
        StoreSwap swap = prepared();

        assertThat(swap.spaceRefusal(1L << 20)).isEmpty();
        assertThat(swap.spaceRefusal(8L << 30)).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(f.numbers()).startsWith("Required: 8.1 GB | Available: ");
            assertThat(f.reason()).contains("beside the live store");
        });
        assertThat(new SwapSpace(100, 28).required()).isEqualTo(128);
        assertThat(new SwapSpace(100, 28).refusal("v", 128)).isEmpty();
        assertThat(new SwapSpace(100, 28).refusal("v", 127)).isPresent();
    }

    @Test
    void leftoversOfALoadWithoutAJournalAreSweptAtTheNextStart() throws IOException {
        StoreSwap swap = prepared();

        assertThat(swap().recover()).isEqualTo(SwapPlan.Outcome.NONE);

        assertThat(swap.sideDataRoot()).doesNotExist();
        assertThat(live()).isEqualTo("live store + live logs");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
