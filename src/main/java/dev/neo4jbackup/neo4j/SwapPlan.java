package dev.neo4jbackup.neo4j;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The store swap as a pure function: which folder moves where, in which order, and, after a crash at any point,
 * what finishes or reverts it, decided from the journal and from which folders exist.
 * <p>
 * Six places (slots) hold one database's store and transaction-log folders: live (Neo4j's), side (where the
 * backup was loaded) and out (where the live ones go). The swap makes four renames, the swap back four others;
 * each rename is atomic, so the folders are always at one of the five positions of one chain, and each position
 * has its own set of existing slots. The journal, written before each rename, says which chain and which rename
 * was about to happen; the disk says whether it did. A crash during the swap is reverted (the store the backup
 * replaced comes back: an unchecked restore is not trusted), one during the swap back is finished.
 */
public final class SwapPlan {

    /** Where one of the database's two folders can be. */
    public enum Slot {
        LIVE_STORE, LIVE_LOGS, SIDE_STORE, SIDE_LOGS, OUT_STORE, OUT_LOGS
    }

    /** One rename. */
    public record Move(Slot from, Slot to) {
        Move reversed() {
            return new Move(to, from);
        }
    }

    /** What the journal says. {@code step} (1-4) is the rename about to happen, 0 for the phases without one. */
    public enum Phase {
        SWAPPING, SWAPPED, REVERTING, SWAPPING_BACK, SWAPPED_BACK, COMMITTING, DISCARDING
    }

    public record Journal(String database, Phase phase, int step) {
    }

    /** One rename with the journal written before it. */
    public record Step(Journal before, Move move) {
    }

    /** Where a plan leaves things. */
    public enum Outcome {
        /** No swap in progress. */
        NONE,
        /** The backup's store is live, the replaced one is out: a check decides (commit, or swap back). */
        SWAPPED,
        /** The replaced store is live again; the backup's is in side (to be discarded). */
        SWAPPED_BACK,
        /** Commit: out is removed. */
        COMMITTED,
        /** Discard: side is removed. */
        DISCARDED,
        /** Neither the journal nor the disk allows a safe move: an operator must look. */
        MANUAL
    }

    /**
     * @param steps  the renames to make, each after its journal
     * @param after  the journal once they are made (null: remove it, after removing {@link #removes})
     * @param removes the slots whose folders go (commit: out; discard: side)
     */
    public record Plan(Outcome outcome, List<Step> steps, Journal after, Set<Slot> removes, String reason) {
        public Plan {
            steps = List.copyOf(steps);
            removes = removes.isEmpty() ? Set.of() : Set.copyOf(removes);
        }
    }

    static final List<Move> SWAP = List.of(new Move(Slot.LIVE_STORE, Slot.OUT_STORE),
            new Move(Slot.LIVE_LOGS, Slot.OUT_LOGS), new Move(Slot.SIDE_STORE, Slot.LIVE_STORE),
            new Move(Slot.SIDE_LOGS, Slot.LIVE_LOGS));
    static final List<Move> SWAP_BACK = List.of(new Move(Slot.LIVE_STORE, Slot.SIDE_STORE),
            new Move(Slot.LIVE_LOGS, Slot.SIDE_LOGS), new Move(Slot.OUT_STORE, Slot.LIVE_STORE),
            new Move(Slot.OUT_LOGS, Slot.LIVE_LOGS));
    private static final Set<Slot> READY = EnumSet.of(Slot.LIVE_STORE, Slot.LIVE_LOGS, Slot.SIDE_STORE,
            Slot.SIDE_LOGS);

    private SwapPlan() {
    }

    /** The swap from a ready start (live and side present, out empty). */
    public static Plan swap(String database, Set<Slot> present) {
        if (!present.equals(READY)) {
            return manual("the swap needs the live and the loaded folders, and nothing in out; found " + present);
        }
        return forward(database, Phase.SWAPPING, SWAP, 0, Phase.SWAPPED, Outcome.SWAPPED);
    }

    /** The swap back, from a finished swap. */
    public static Plan swapBack(Journal journal, Set<Slot> present) {
        if (journal == null || journal.phase() != Phase.SWAPPED || !present.equals(state(SWAP, 4))) {
            return manual("a swap back needs a finished swap; the journal says " + journal + ", found " + present);
        }
        return forward(journal.database(), Phase.SWAPPING_BACK, SWAP_BACK, 0, Phase.SWAPPED_BACK,
                Outcome.SWAPPED_BACK);
    }

    /** Removing out after a successful check (its safety dump taken). */
    public static Plan commit(Journal journal, Set<Slot> present) {
        if (journal == null || journal.phase() != Phase.SWAPPED || !present.equals(state(SWAP, 4))) {
            return manual("a commit needs a finished swap; the journal says " + journal + ", found " + present);
        }
        return new Plan(Outcome.COMMITTED, List.of(), new Journal(journal.database(), Phase.COMMITTING, 0),
                EnumSet.of(Slot.OUT_STORE, Slot.OUT_LOGS), "the swapped-out store is removed");
    }

    /** Removing side after a swap back or a revert. */
    public static Plan discard(Journal journal, Set<Slot> present) {
        if (journal == null || journal.phase() != Phase.SWAPPED_BACK || !present.containsAll(EnumSet.of(
                Slot.LIVE_STORE, Slot.LIVE_LOGS))) {
            return manual("a discard needs a swap back; the journal says " + journal + ", found " + present);
        }
        return new Plan(Outcome.DISCARDED, List.of(), new Journal(journal.database(), Phase.DISCARDING, 0),
                EnumSet.of(Slot.SIDE_STORE, Slot.SIDE_LOGS), "the loaded store is removed");
    }

    /** After a crash: what finishes or reverts what the journal says was under way. */
    public static Plan recover(Journal journal, Set<Slot> present) {
        if (journal == null) {
            return new Plan(Outcome.NONE, List.of(), null, Set.of(), "no swap in progress");
        }
        String database = journal.database();
        int step = journal.step();
        return switch (journal.phase()) {
            case SWAPPING, REVERTING -> {
                // about to make (SWAPPING) or to undo (REVERTING) rename k: made, it is at k; not yet, at k - 1
                int at = position(SWAP, present);
                if (at < 0 || at < step - 1 || at > step) {
                    yield manual("the journal says " + journal + " but the folders are at " + present);
                }
                List<Step> steps = new ArrayList<>();
                for (int j = at; j >= 1; j--) {
                    steps.add(new Step(new Journal(database, Phase.REVERTING, j), SWAP.get(j - 1).reversed()));
                }
                yield new Plan(Outcome.SWAPPED_BACK, steps, new Journal(database, Phase.SWAPPED_BACK, 0), Set.of(),
                        "a swap cut short at rename " + at + " of 4 is reverted: the replaced store is live again");
            }
            case SWAPPED -> position(SWAP, present) == 4 ? new Plan(Outcome.SWAPPED, List.of(), journal, Set.of(),
                    "the swap was finished: the restore's check decides") : manual("the journal says " + journal
                            + " but the folders are at " + present);
            case SWAPPING_BACK -> {
                int at = position(SWAP_BACK, present);
                if (at < 0 || at < step - 1 || at > step) {
                    yield manual("the journal says " + journal + " but the folders are at " + present);
                }
                yield forward(database, Phase.SWAPPING_BACK, SWAP_BACK, at, Phase.SWAPPED_BACK, Outcome.SWAPPED_BACK);
            }
            case SWAPPED_BACK -> position(SWAP_BACK, present) == 4 ? new Plan(Outcome.SWAPPED_BACK, List.of(),
                    journal, Set.of(), "the replaced store is live") : manual("the journal says " + journal
                            + " but the folders are at " + present);
            case COMMITTING -> present.containsAll(EnumSet.of(Slot.LIVE_STORE, Slot.LIVE_LOGS)) ? new Plan(
                    Outcome.COMMITTED, List.of(), journal, EnumSet.of(Slot.OUT_STORE, Slot.OUT_LOGS),
                    "the commit is finished") : manual("the journal says " + journal + " but the live folders are "
                            + "missing: " + present);
            case DISCARDING -> present.containsAll(EnumSet.of(Slot.LIVE_STORE, Slot.LIVE_LOGS)) ? new Plan(
                    Outcome.DISCARDED, List.of(), journal, EnumSet.of(Slot.SIDE_STORE, Slot.SIDE_LOGS),
                    "the discard is finished") : manual("the journal says " + journal + " but the live folders are "
                            + "missing: " + present);
        };
    }

    private static Plan forward(String database, Phase phase, List<Move> chain, int from, Phase done,
            Outcome outcome) {
        List<Step> steps = new ArrayList<>();
        for (int j = from + 1; j <= chain.size(); j++) {
            steps.add(new Step(new Journal(database, phase, j), chain.get(j - 1)));
        }
        return new Plan(outcome, steps, new Journal(database, done, 0), Set.of(), phase + " from rename " + (from + 1));
    }

    private static Plan manual(String reason) {
        return new Plan(Outcome.MANUAL, List.of(), null, Set.of(), reason);
    }

    /** Which slots exist after {@code moves} renames of a chain (from its own start). */
    static Set<Slot> state(List<Move> chain, int moves) {
        Set<Slot> start = chain == SWAP ? READY : state(SWAP, 4);
        Set<Slot> at = EnumSet.copyOf(start);
        for (int i = 0; i < moves; i++) {
            at.remove(chain.get(i).from());
            at.add(chain.get(i).to());
        }
        return at;
    }

    /** The position (0-4) in a chain whose slots are exactly {@code present}; -1 when none is. */
    static int position(List<Move> chain, Set<Slot> present) {
        for (int i = 0; i <= chain.size(); i++) {
            if (state(chain, i).equals(present)) {
                return i;
            }
        }
        return -1;
    }
}
