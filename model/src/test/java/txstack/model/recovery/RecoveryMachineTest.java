package txstack.model.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import txstack.model.ModelException;
import txstack.model.recovery.RecoveryMachine.Outcome;
import txstack.model.recovery.RecoveryMachine.Phase;

/**
 * The spec-level recovery model: hand-written histories, disabled actions, and seeded random walks in which every
 * recovery, however often it crashes, ends in one of the outcomes {@link RecoveryMachine#allowedOutcomes()} gave for
 * the crash that began it (REC-4..7).
 */
class RecoveryMachineTest {
    private static final RecoveryMachine.Bounds BOUNDS = new RecoveryMachine.Bounds(3, 2, 2, 5, 2, 3);
    private static final long SEED = 0x5EC0FE7L;
    private static final int WALKS = 400;
    private static final int WALK_STEPS = 80;
    private static final int RECOVERY_STEPS_MAX = 10_000;

    private static RecoveryMachine fresh() {
        return RecoveryMachine.initial(BOUNDS);
    }

    /** Runs the enabled recovery actions (crashes included) picked at random until recovery completes. */
    private static RecoveryMachine recover(RecoveryMachine m, SplittableRandom random) {
        for (int i = 0; i < RECOVERY_STEPS_MAX && m.phase() != Phase.UP; i++) {
            List<RecoveryAction> enabled = m.enabledActions();
            String stuck = "recovery is stuck: " + m;
            assertFalse(enabled.isEmpty(), stuck);
            m = m.apply(enabled.get(random.nextInt(enabled.size())));
        }
        assertEquals(Phase.UP, m.phase(), "recovery did not complete");
        return m;
    }

    @Test
    void aLoserWhosePageReachedTheDiskIsUndone() {
        RecoveryMachine m = fresh().update(1, 1, 2).flushLog().flushPage(1);
        assertEquals(Set.of(new Outcome(List.of(0, 0), Set.of())), m.allowedOutcomes());
        RecoveryMachine down = m.crash(1);
        assertEquals(Phase.DOWN, down.phase());
        assertEquals(RecoveryMachine.TxState.DEAD, down.txState().get(0));
        RecoveryMachine redo = down.analysis();
        assertEquals(Phase.REDO, redo.phase());
        assertEquals(List.of(1, 0), redo.undoNext().subList(0, 2));
        RecoveryMachine undo = redo.redoStep();
        assertEquals(Phase.UNDO, undo.phase());
        RecoveryMachine up = undo.undoStep(1);
        assertEquals(Phase.UP, up.phase());
        assertEquals(List.of(new RecoveryMachine.Page(0, 2), new RecoveryMachine.Page(0, 0)), up.cache());
        assertEquals(List.of(new LogRecord.Upd(1, 1, 0, 2, 0), new LogRecord.Clr(1, 1, 0, 0), new LogRecord.End(1)),
                up.log());
    }

    @Test
    void committedWorkIsRedoneFromAFuzzyCheckpoint() {
        RecoveryMachine m = fresh().update(1, 1, 1).beginCheckpoint().update(2, 2, 2).commit(2).endCheckpoint();
        assertEquals(new LogRecord.EndCheckpoint(2, List.of(1, 0), List.of(1, 0, 0)), m.log().get(4));
        assertEquals(1, m.start());
        Outcome expected = new Outcome(List.of(0, 2), Set.of(2));
        assertEquals(Set.of(expected), m.allowedOutcomes());
        RecoveryMachine up = m.crash(5).analysis();
        while (up.phase() != Phase.UP) {
            up = up.apply(up.enabledActions().stream()
                    .filter(a -> !(a instanceof RecoveryAction.Crash || a instanceof RecoveryAction.FlushLog
                            || a instanceof RecoveryAction.FlushPage))
                    .findFirst().orElseThrow());
        }
        assertEquals(expected, up.observed());
    }

    @Test
    void aRollbackWritesClrsAndEndsTheTransaction() {
        RecoveryMachine m = fresh().update(1, 1, 1).update(1, 1, 2).rollback(1);
        assertEquals(2, m.undoNext().get(0));
        m = m.rollbackStep(1);
        assertEquals(new LogRecord.Clr(1, 1, 1, 1), m.log().get(2));
        m = m.rollbackStep(1);
        assertEquals(List.of(new LogRecord.Clr(1, 1, 0, 0), new LogRecord.End(1)), m.log().subList(3, 5));
        assertEquals(RecoveryMachine.TxState.ABORTED, m.txState().get(0));
        assertEquals(0, m.cache().get(0).val());
    }

    @Test
    void disabledActionsFailWithTheirName() {
        RecoveryMachine m = fresh();
        assertTrue(assertThrows(ModelException.class, () -> m.commit(1)).getMessage().startsWith("Commit not enabled"));
        assertThrows(ModelException.class, () -> m.update(1, 1, 0)); // the value it already has
        assertThrows(ModelException.class, () -> m.update(4, 1, 1)); // no such tx
        assertThrows(ModelException.class, () -> m.crash(1)); // beyond the log
        assertThrows(ModelException.class, m::analysis);
        RecoveryMachine locked = m.update(1, 1, 1);
        assertThrows(ModelException.class, () -> locked.update(2, 1, 2)); // page lock of a running tx
        RecoveryMachine down = locked.crash(0);
        assertThrows(ModelException.class, () -> down.update(2, 1, 2)); // nothing but recovery while down
        assertThrows(ModelException.class, () -> down.crash(0));
        assertEquals(List.of(new RecoveryAction.Analysis()), down.enabledActions());
        assertThrows(ModelException.class, () -> new RecoveryMachine.Bounds(0, 1, 1, 1, 1, 1));
    }

    @Test
    void everyCutOfTheLogRecoversToTheOutcomeAllowedForIt() {
        RecoveryMachine m = fresh().update(1, 1, 1).commit(1).update(2, 2, 1).update(3, 1, 2);
        for (int k = m.flushed(); k <= m.log().size(); k++) {
            RecoveryMachine up = recover(m.crash(k), new SplittableRandom(k));
            assertTrue(m.allowedOutcomes().contains(up.observed()), "cut=" + k + " outcome=" + up.observed());
            assertEquals(RecoveryMachine.committedIn(m.log().subList(0, k), 2), up.observed());
        }
    }

    @Test
    void randomWalksRecoverToAnAllowedOutcome() {
        int recoveries = 0;
        int interrupted = 0;
        for (int w = 0; w < WALKS; w++) {
            long seed = SEED + w;
            SplittableRandom random = new SplittableRandom(seed);
            RecoveryMachine m = fresh();
            for (int step = 0; step < WALK_STEPS; step++) {
                List<RecoveryAction> enabled = m.enabledActions();
                if (enabled.isEmpty()) {
                    break;
                }
                RecoveryAction action = enabled.get(random.nextInt(enabled.size()));
                if (action instanceof RecoveryAction.Crash && m.phase() != Phase.DOWN) {
                    Set<Outcome> allowed = m.allowedOutcomes();
                    RecoveryMachine crashed = m.apply(action);
                    RecoveryMachine up = recover(crashed, random);
                    recoveries++;
                    interrupted += up.crashes() > crashed.crashes() ? 1 : 0;
                    final int at = step;
                    final RecoveryMachine before = m;
                    final RecoveryMachine after = up;
                    assertTrue(allowed.contains(up.observed()), () -> "seed=" + seed + " step=" + at + " allowed="
                            + allowed + " recovered=" + after.observed() + "\nbefore: " + before
                            + "\nreplay: RecoveryMachineTest walk with seed " + seed);
                    m = up;
                } else {
                    m = m.apply(action);
                }
            }
        }
        assertTrue(recoveries >= WALKS, "too few recoveries: " + recoveries);
        assertTrue(interrupted >= 10, "too few crashes during recovery: " + interrupted);
    }
}
