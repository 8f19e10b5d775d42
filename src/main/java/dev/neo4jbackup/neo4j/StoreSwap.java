package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.domain.DatabaseName;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * A restore that loads before it stops: the backup is loaded into a side folder next to Neo4j's data while Neo4j
 * serves ({@link #sideDataRoot()}, with {@code Neo4jAdmin.loadAside}); then, with Neo4j stopped, one database's
 * store and transaction-log folders are swapped by rename: live to {@code swapped-out}, side to live. The folders
 * swapped out are the rollback ({@link #swapBack()}), then the safety backup ({@link #swappedOutDataRoot()} is a
 * data root neo4j-admin can dump), then removed ({@link #commit()}). A journal, written atomically before each
 * rename, lets {@link #recover()} finish or revert a swap a crash cut short ({@link SwapPlan}).
 * <p>
 * Layout: {@code <swapRoot>/<db>/side/{databases,transactions}/<db>}, {@code .../swapped-out/...},
 * {@code .../swap.journal}. Renames only: the swap root must be on the filesystem (and btrfs subvolume) of the
 * live folders.
 */
public final class StoreSwap {

    private static final Logger log = LoggerFactory.getLogger(StoreSwap.class);
    static final String JOURNAL = "swap.journal";

    /** Told after each rename (tests stop there, as a crash would). */
    interface AfterRename {
        void renamed(int count);
    }

    private final String database;
    private final Path databasesRoot;
    private final Path transactionsRoot;
    private final Path folder;
    private final SwapJournal journal;
    private AfterRename afterRename = count -> { };

    /**
     * @param databasesRoot    Neo4j's {@code data/databases}
     * @param transactionsRoot Neo4j's {@code data/transactions}
     * @param swapRoot         a folder of ours on the same filesystem (e.g. next to the data root)
     */
    public StoreSwap(String database, Path databasesRoot, Path transactionsRoot, Path swapRoot) {
        this.database = DatabaseName.require(database);
        this.databasesRoot = databasesRoot.toAbsolutePath().normalize();
        this.transactionsRoot = transactionsRoot.toAbsolutePath().normalize();
        this.folder = swapRoot.toAbsolutePath().normalize().resolve(database);
        this.journal = new SwapJournal(folder.resolve(JOURNAL), database);
    }

    /** The swap of {@code database} of an installation (its data root and transaction-log root). */
    public static StoreSwap of(Neo4jInstallation installation, String database, Path swapRoot) {
        return new StoreSwap(database, installation.databaseDirectory(database).getParent(),
                installation.transactionsDirectory(database).getParent(), swapRoot);
    }

    void afterRename(AfterRename hook) {
        this.afterRename = hook;
    }

    /** Where to load the backup ({@code --additional-config} with this as server.directories.data). */
    public Path sideDataRoot() {
        return folder.resolve("side");
    }

    /** The swapped-out folders as a data root: what a safety dump reads once the swap passed its check. */
    public Path swappedOutDataRoot() {
        return folder.resolve("swapped-out");
    }

    public Optional<SwapPlan.Journal> journal() {
        return journal.read();
    }

    /**
     * Before the load (Neo4j may run): one filesystem for all, no swap in progress, leftovers of an earlier
     * attempt removed, the side folder made.
     */
    public void prepare() {
        if (journal.read().isPresent()) {
            throw new BackupFailure(ErrorCode.STORE_SWAP_FAILED, "A swap of " + database + " is in progress ("
                    + journal.read().get() + " in " + folder + ")", null, "Restart the service: its start-up finishes "
                            + "or reverts it", null);
        }
        try {
            deleteTree(folder);
            Files.createDirectories(sideDataRoot().resolve("databases"));
            Files.createDirectories(sideDataRoot().resolve("transactions"));
            Files.createDirectories(swappedOutDataRoot().resolve("databases"));
            Files.createDirectories(swappedOutDataRoot().resolve("transactions"));
        } catch (IOException e) {
            throw new BackupFailure(ErrorCode.STORE_SWAP_FAILED, "Cannot make the swap folder " + folder + ": " + e,
                    null, "Check that the service may write " + folder.getParent(), e);
        }
        requireOneFilesystem();
    }

    /** The room check: {@code storeBytes} from the dump's header. */
    public Optional<BackupFailure> spaceRefusal(long storeBytes) {
        try {
            return new SwapSpace(storeBytes, SwapSpace.DEFAULT_ALLOWANCE).refusal(folder + " (Neo4j's volume)",
                    Files.getFileStore(Files.exists(folder) ? folder : databasesRoot).getUsableSpace());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With Neo4j stopped: the loaded store in, the live one out. A failed rename is reverted, then thrown. */
    public void swap() {
        requireStopped();
        requireOneFilesystem();
        run(SwapPlan.swap(database, present()), true);
        log.info("STORE_SWAPPED: {} now holds the loaded store; the replaced one is in {}", database,
                swappedOutDataRoot());
    }

    /** With Neo4j stopped: the replaced store back in, the loaded one out again (to be discarded). */
    public void swapBack() {
        requireStopped();
        run(SwapPlan.swapBack(journal.read().orElse(null), present()), false);
        log.info("STORE_SWAPPED_BACK: {} holds its replaced store again", database);
    }

    /** After the check and the safety dump: the swapped-out folders are removed. Neo4j may run. */
    public void commit() {
        run(SwapPlan.commit(journal.read().orElse(null), present()), false);
    }

    /** After a swap back: the loaded folders are removed. Neo4j may run. */
    public void discard() {
        run(SwapPlan.discard(journal.read().orElse(null), present()), false);
    }

    /**
     * At start-up, before Neo4j starts: finishes or reverts what a crash cut short; with no journal, removes what
     * an interrupted load left. Returns where things are now ({@code SWAPPED}: the caller's check decides).
     */
    public SwapPlan.Outcome recover() {
        Optional<SwapPlan.Journal> now = journal.read();
        if (now.isEmpty()) {
            deleteTree(folder);
            return SwapPlan.Outcome.NONE;
        }
        SwapPlan.Plan plan = SwapPlan.recover(now.get(), present());
        log.warn("STORE_SWAP_RECOVERY: {} of {}: {}", now.get(), database, plan.reason());
        run(plan, false);
        return plan.outcome();
    }

    private void run(SwapPlan.Plan plan, boolean revertOnFailure) {
        if (plan.outcome() == SwapPlan.Outcome.MANUAL) {
            throw new BackupFailure(ErrorCode.STORE_SWAP_FAILED, "The store swap of " + database + " cannot go on: "
                    + plan.reason(), null, "Look at " + folder + " and Neo4j's " + databasesRoot.resolve(database)
                            + " and " + transactionsRoot.resolve(database) + "; put one whole store (both folders) "
                            + "in place before starting Neo4j", null);
        }
        int renamed = 0;
        try {
            for (SwapPlan.Step step : plan.steps()) {
                journal.write(step.before());
                Path from = path(step.move().from());
                Path to = path(step.move().to());
                Files.createDirectories(to.getParent());
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
                SwapJournal.syncFolder(from.getParent());
                SwapJournal.syncFolder(to.getParent());
                afterRename.renamed(++renamed);
            }
            if (plan.removes().isEmpty()) {
                journal.write(plan.after());
                return;
            }
            journal.write(plan.after());
            for (SwapPlan.Slot slot : plan.removes()) {
                deleteTree(path(slot));
            }
            journal.delete();
        } catch (IOException e) {
            BackupFailure failure = new BackupFailure(ErrorCode.STORE_SWAP_FAILED, "The store swap of " + database
                    + " failed after " + renamed + " rename(s): " + e, null, null, e);
            if (revertOnFailure) {
                try {
                    recover();
                } catch (RuntimeException revertFailed) {
                    failure.addSuppressed(revertFailed);
                    throw failure.withAction("Nothing could be moved back: look at " + folder + " before starting "
                            + "Neo4j (" + revertFailed.getMessage() + ")");
                }
            }
            throw failure;
        }
    }

    Path path(SwapPlan.Slot slot) {
        return switch (slot) {
            case LIVE_STORE -> databasesRoot.resolve(database);
            case LIVE_LOGS -> transactionsRoot.resolve(database);
            case SIDE_STORE -> sideDataRoot().resolve("databases").resolve(database);
            case SIDE_LOGS -> sideDataRoot().resolve("transactions").resolve(database);
            case OUT_STORE -> swappedOutDataRoot().resolve("databases").resolve(database);
            case OUT_LOGS -> swappedOutDataRoot().resolve("transactions").resolve(database);
        };
    }

    /** The slots whose folder exists (a link is not a folder of ours). */
    Set<SwapPlan.Slot> present() {
        Set<SwapPlan.Slot> present = EnumSet.noneOf(SwapPlan.Slot.class);
        for (SwapPlan.Slot slot : SwapPlan.Slot.values()) {
            if (Files.isDirectory(path(slot), LinkOption.NOFOLLOW_LINKS)) {
                present.add(slot);
            }
        }
        return present;
    }

    /** Renames work within one filesystem (on btrfs: one subvolume), which the device number tells. */
    private void requireOneFilesystem() {
        try {
            Object live = Files.getAttribute(databasesRoot, "unix:dev");
            for (Path other : List.of(transactionsRoot, sideDataRoot(), swappedOutDataRoot())) {
                if (!live.equals(Files.getAttribute(other, "unix:dev"))) {
                    throw new BackupFailure(ErrorCode.CONFIG_INVALID, "The store swap renames folders, and " + other
                            + " is on another filesystem (or btrfs subvolume) than " + databasesRoot, "Device: "
                                    + Files.getAttribute(other, "unix:dev") + " | Neo4j's data: " + live, "Put the swap "
                                            + "folder next to Neo4j's data root, on its filesystem", null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Neo4j holds a lock on its store while it runs: a lock we can take means it is stopped. */
    private void requireStopped() {
        for (Path lock : List.of(databasesRoot.resolve("store_lock"), databasesRoot.resolve(database)
                .resolve("database_lock"))) {
            if (!Files.isRegularFile(lock)) {
                continue;
            }
            // a shared lock, read-only: enough to meet Neo4j's exclusive one, and no write permission needed
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ);
                    FileLock held = channel.tryLock(0, Long.MAX_VALUE, true)) {
                if (held == null) {
                    throw new BackupFailure(ErrorCode.STORE_SWAP_FAILED, "Neo4j still has " + database + " open ("
                            + lock + " is locked): its store is swapped only while Neo4j is stopped", null,
                            "Stop Neo4j first; nothing was moved", null);
                }
            } catch (OverlappingFileLockException e) {
                throw new IllegalStateException("this process holds " + lock, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
