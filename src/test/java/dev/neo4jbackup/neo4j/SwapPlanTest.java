package dev.neo4jbackup.neo4j;

import static dev.neo4jbackup.neo4j.SwapPlan.Phase.COMMITTING;
import static dev.neo4jbackup.neo4j.SwapPlan.Phase.DISCARDING;
import static dev.neo4jbackup.neo4j.SwapPlan.Phase.REVERTING;
import static dev.neo4jbackup.neo4j.SwapPlan.Phase.SWAPPED;
import static dev.neo4jbackup.neo4j.SwapPlan.Phase.SWAPPED_BACK;
import static dev.neo4jbackup.neo4j.SwapPlan.Phase.SWAPPING;
import static dev.neo4jbackup.neo4j.SwapPlan.Phase.SWAPPING_BACK;
import static dev.neo4jbackup.neo4j.SwapPlan.Slot.LIVE_LOGS;
import static dev.neo4jbackup.neo4j.SwapPlan.Slot.LIVE_STORE;
import static dev.neo4jbackup.neo4j.SwapPlan.Slot.OUT_LOGS;
import static dev.neo4jbackup.neo4j.SwapPlan.Slot.OUT_STORE;
import static dev.neo4jbackup.neo4j.SwapPlan.Slot.SIDE_LOGS;
import static dev.neo4jbackup.neo4j.SwapPlan.Slot.SIDE_STORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.neo4jbackup.neo4j.SwapPlan.Journal;
import dev.neo4jbackup.neo4j.SwapPlan.Outcome;
import dev.neo4jbackup.neo4j.SwapPlan.Phase;
import dev.neo4jbackup.neo4j.SwapPlan.Plan;
import dev.neo4jbackup.neo4j.SwapPlan.Slot;

/**
 * The swap's decisions as a pure function: every point a crash can hit (the journal written for rename k, rename k
 * made or not), what the next start does, and where that leaves the folders.
 */
class SwapPlanTest {

    /** Original live, loaded backup in side. */
    static final Set<Slot> READY = EnumSet.of(LIVE_STORE, LIVE_LOGS, SIDE_STORE, SIDE_LOGS);
    /** Backup live, original out. */
    static final Set<Slot> SWAPPED_SET = EnumSet.of(LIVE_STORE, LIVE_LOGS, OUT_STORE, OUT_LOGS);

    record Row(String name, Phase phase, int step, Set<Slot> present, Outcome outcome, Set<Slot> end) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Row row(String name, Phase phase, int step, Set<Slot> present, Outcome outcome, Set<Slot> end) {
        return new Row(name, phase, step, present, outcome, end);
    }

    static Set<Slot> of(Slot... slots) {
        return slots.length == 0 ? EnumSet.noneOf(Slot.class) : EnumSet.of(slots[0], slots);
    }

    static Stream<Row> table() {
        return Stream.of(
                row("swap: journal 1, nothing renamed", SWAPPING, 1, READY, Outcome.SWAPPED_BACK, READY),
                row("swap: journal 1, store out", SWAPPING, 1, of(OUT_STORE, LIVE_LOGS, SIDE_STORE, SIDE_LOGS),
                        Outcome.SWAPPED_BACK, READY),
                row("swap: journal 2, logs not out yet", SWAPPING, 2, of(OUT_STORE, LIVE_LOGS, SIDE_STORE, SIDE_LOGS),
                        Outcome.SWAPPED_BACK, READY),
                row("swap: journal 2, both out: Neo4j has no store", SWAPPING, 2,
                        of(OUT_STORE, OUT_LOGS, SIDE_STORE, SIDE_LOGS), Outcome.SWAPPED_BACK, READY),
                row("swap: journal 3, the loaded store in, its logs not", SWAPPING, 3,
                        of(OUT_STORE, OUT_LOGS, LIVE_STORE, SIDE_LOGS), Outcome.SWAPPED_BACK, READY),
                row("swap: journal 4, all renamed, SWAPPED not yet written", SWAPPING, 4, SWAPPED_SET,
                        Outcome.SWAPPED_BACK, READY),
                row("swap finished: the check decides", SWAPPED, 0, SWAPPED_SET, Outcome.SWAPPED, SWAPPED_SET),
                row("revert cut short: journal 2, undone", REVERTING, 2, of(OUT_STORE, LIVE_LOGS, SIDE_STORE,
                        SIDE_LOGS), Outcome.SWAPPED_BACK, READY),
                row("revert cut short: journal 1, not undone", REVERTING, 1, of(OUT_STORE, LIVE_LOGS, SIDE_STORE,
                        SIDE_LOGS), Outcome.SWAPPED_BACK, READY),
                row("swap back: journal 1, nothing renamed", SWAPPING_BACK, 1, SWAPPED_SET, Outcome.SWAPPED_BACK,
                        READY),
                row("swap back: journal 2, backup's logs not out yet", SWAPPING_BACK, 2,
                        of(SIDE_STORE, LIVE_LOGS, OUT_STORE, OUT_LOGS), Outcome.SWAPPED_BACK, READY),
                row("swap back: journal 4, all renamed", SWAPPING_BACK, 4, READY, Outcome.SWAPPED_BACK, READY),
                row("swapped back: the loaded store waits to be discarded", SWAPPED_BACK, 0, READY,
                        Outcome.SWAPPED_BACK, READY),
                row("commit cut short: out half removed", COMMITTING, 0, of(LIVE_STORE, LIVE_LOGS, OUT_LOGS),
                        Outcome.COMMITTED, of(LIVE_STORE, LIVE_LOGS)),
                row("discard cut short", DISCARDING, 0, of(LIVE_STORE, LIVE_LOGS, SIDE_STORE), Outcome.DISCARDED,
                        of(LIVE_STORE, LIVE_LOGS)),
                // the disk disagrees with the journal: nothing is moved
                row("journal 2 but nothing renamed", SWAPPING, 2, READY, Outcome.MANUAL, READY),
                row("journal 1 but all renamed", SWAPPING, 1, SWAPPED_SET, Outcome.MANUAL, SWAPPED_SET),
                row("swapped but the loaded logs are missing", SWAPPED, 0, of(LIVE_STORE, OUT_STORE, OUT_LOGS),
                        Outcome.MANUAL, of(LIVE_STORE, OUT_STORE, OUT_LOGS)),
                row("a store in two places", SWAPPING, 3, of(LIVE_STORE, LIVE_LOGS, OUT_STORE, OUT_LOGS, SIDE_STORE,
                        SIDE_LOGS), Outcome.MANUAL, EnumSet.allOf(Slot.class)),
                row("commit with no live store", COMMITTING, 0, of(OUT_STORE, OUT_LOGS), Outcome.MANUAL,
                        of(OUT_STORE, OUT_LOGS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void recoveryFinishesOrRevertsAndLeavesOneWholeStoreLive(Row row) {
        Plan plan = SwapPlan.recover(new Journal("neo4j", row.phase(), row.step()), row.present());

        assertThat(plan.outcome()).as(plan.reason()).isEqualTo(row.outcome());
        Set<Slot> end = apply(row.present(), plan);
        assertThat(end).isEqualTo(row.end());
        if (plan.outcome() != Outcome.MANUAL) {
            assertThat(end).as("Neo4j has a whole store to start on").contains(LIVE_STORE, LIVE_LOGS);
        } else {
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.removes()).isEmpty();
        }
        plan.steps().forEach(step -> assertThat(step.before().database()).isEqualTo("neo4j"));
    }

    /** Every crash point of the swap and of the swap back, generated: journal k, rename k made or not. */
    @Test
    void everyCrashPointOfASwapRevertsAndOfASwapBackFinishes() {
        Plan swap = SwapPlan.swap("neo4j", READY);
        assertThat(swap.steps()).extracting(s -> s.before().step()).containsExactly(1, 2, 3, 4);
        assertThat(apply(READY, swap)).isEqualTo(SWAPPED_SET);
        assertThat(swap.after()).isEqualTo(new Journal("neo4j", SWAPPED, 0));
        Plan back = SwapPlan.swapBack(swap.after(), SWAPPED_SET);
        assertThat(apply(SWAPPED_SET, back)).isEqualTo(READY);
        int points = 0;
        for (Plan forward : List.of(swap, back)) {
            Set<Slot> start = forward == swap ? READY : SWAPPED_SET;
            for (int k = 1; k <= 4; k++) {
                Set<Slot> before = applySteps(start, forward.steps().subList(0, k - 1));
                Set<Slot> after = applySteps(start, forward.steps().subList(0, k));
                for (Set<Slot> disk : List.of(before, after)) {
                    Plan recovered = SwapPlan.recover(forward.steps().get(k - 1).before(), disk);
                    assertThat(recovered.outcome()).as("crash at %s, rename %d", forward.outcome(), k)
                            .isEqualTo(Outcome.SWAPPED_BACK);
                    assertThat(apply(disk, recovered)).as("the replaced store is live, the backup's in side")
                            .isEqualTo(READY);
                    // a crash during the recovery's own renames is recovered the same way
                    Set<Slot> mid = disk;
                    for (SwapPlan.Step step : recovered.steps()) {
                        Plan again = SwapPlan.recover(step.before(), mid);
                        assertThat(apply(mid, again)).isEqualTo(READY);
                        mid = applySteps(mid, List.of(step));
                        assertThat(apply(mid, SwapPlan.recover(step.before(), mid))).isEqualTo(READY);
                    }
                    points++;
                }
            }
        }
        assertThat(points).isEqualTo(16);
    }

    @Test
    void aSwapNeedsAReadyStartAndASwapBackOrCommitAFinishedSwap() {
        assertThat(SwapPlan.swap("neo4j", of(LIVE_STORE, LIVE_LOGS, SIDE_STORE)).outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(SwapPlan.swap("neo4j", SWAPPED_SET).outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(SwapPlan.swapBack(null, SWAPPED_SET).outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(SwapPlan.swapBack(new Journal("neo4j", SWAPPING, 3), SWAPPED_SET).outcome())
                .isEqualTo(Outcome.MANUAL);
        assertThat(SwapPlan.commit(new Journal("neo4j", SWAPPED_BACK, 0), READY).outcome()).isEqualTo(Outcome.MANUAL);
        Plan commit = SwapPlan.commit(new Journal("neo4j", SWAPPED, 0), SWAPPED_SET);
        assertThat(commit.removes()).containsExactlyInAnyOrder(OUT_STORE, OUT_LOGS);
        assertThat(commit.after().phase()).isEqualTo(COMMITTING);
        Plan discard = SwapPlan.discard(new Journal("neo4j", SWAPPED_BACK, 0), READY);
        assertThat(discard.removes()).containsExactlyInAnyOrder(SIDE_STORE, SIDE_LOGS);
        assertThat(SwapPlan.recover(null, READY).outcome()).isEqualTo(Outcome.NONE);
    }

    /** Renames the plan's steps (each from an existing slot to a free one), then removes what it removes. */
    static Set<Slot> apply(Set<Slot> present, Plan plan) {
        Set<Slot> at = applySteps(present, plan.steps());
        at.removeAll(plan.removes());
        return at;
    }

    static Set<Slot> applySteps(Set<Slot> present, List<SwapPlan.Step> steps) {
        Set<Slot> at = present.isEmpty() ? EnumSet.noneOf(Slot.class) : EnumSet.copyOf(present);
        for (SwapPlan.Step step : new ArrayList<>(steps)) {
            assertThat(at).as("rename from an existing folder").contains(step.move().from());
            assertThat(at).as("rename onto no folder").doesNotContain(step.move().to());
            at.remove(step.move().from());
            at.add(step.move().to());
        }
        return at;
    }
}
