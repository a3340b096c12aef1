package txstack.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.spec.RecoveryTraces.CrashPoint;
import txstack.spec.RecoveryTraces.Obs;
import txstack.spec.RecoveryTraces.Outcome;
import txstack.spec.RecoveryTraces.PageVal;
import txstack.spec.RecoveryTraces.Rec;
import txstack.spec.RecoveryTraces.Step;

/**
 * LogRecoveryTrace.tla on hand-written traces: a behaviour of LogRecovery is accepted and its crash point reaches
 * exactly the committed outcome; a step whose state differs from the spec's is rejected at that step. One tx is
 * enough here, two pages, values 0..1.
 */
class RecoveryTraceTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final RecoveryTraces.Constants CONSTANTS = new RecoveryTraces.Constants(1, 2, 1, 2, 1, 2, 2);
    private static final PageVal CLEAN = new PageVal(0, 0);
    private static final Rec.Upd UPD = new Rec.Upd(1, 1, 0, 1, 0);

    private static Obs up(List<Rec> tail, int len, int flushed, PageVal cache1, String tx) {
        return new Obs(len, tail, flushed, 1, 0, 0, List.of(cache1, CLEAN), List.of(CLEAN, CLEAN), List.of(tx),
                List.of(0), 0, List.of(0, 0), List.of(0), "up", 0, 0, List.of(0, 0));
    }

    /** T1 sets page 1 to 1 and commits. */
    private static final List<Step> COMMIT = List.of(
            new Step("Update", List.of(1, 1, 1), up(List.of(UPD), 1, 0, new PageVal(1, 1), "active")),
            new Step("Commit", List.of(1), up(List.of(UPD, new Rec.Commit(1)), 2, 2, new PageVal(1, 1), "committed")));

    @Test
    void aBehaviourIsAcceptedAndItsCrashPointReachesTheCommittedOutcome() {
        List<CrashPoint> points = List.of(new CrashPoint(1, 2), new CrashPoint(1, 3));
        RecoveryTraces.Result result = RecoveryTraces.check(new Tlc(), CONSTANTS, List.of(COMMIT), points, TIMEOUT);
        assertEquals("pass", result.tlc().verdict(), result.tlc()::output);
        Set<Outcome> before = Set.of(new Outcome(List.of(0, 0), Set.of()));
        Set<Outcome> after = Set.of(new Outcome(List.of(1, 0), Set.of(1)));
        assertEquals(Map.of(1, before, 2, after), result.outcomes());
        assertEquals(List.of(), RecoveryTraces.differences(points, List.of(before, after), result.outcomes()));
        List<String> wrong = RecoveryTraces.differences(points, List.of(after, after), result.outcomes());
        assertEquals(1, wrong.size(), wrong::toString);
        assertTrue(wrong.getFirst().startsWith("crashPoint=1 trace=1 beforeStep=2 modelOnly=[pages=[1, 0]"), wrong::toString);
    }

    @Test
    void aStepWithAWrongPageValueIsRejectedThere() {
        List<Step> wrong = List.of(COMMIT.get(0),
                new Step("Commit", List.of(1), up(List.of(UPD, new Rec.Commit(1)), 2, 2, new PageVal(0, 1), "committed")));
        TlcResult result = RecoveryTraces.check(new Tlc(), CONSTANTS, List.of(COMMIT, wrong), List.of(), TIMEOUT).tlc();
        assertEquals("deadlock", result.verdict(), result::output);
        assertEquals(Optional.of(new RecoveryTraces.Rejection(2, 2, 0)), RecoveryTraces.rejection(result), result::output);
    }
}
