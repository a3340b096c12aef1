package txstack.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import txstack.conformance.trace.CsvModelTraces.Enabled;
import txstack.conformance.trace.CsvModelTraces.Step;
import txstack.conformance.trace.CsvModelTraces.Trace;
import txstack.model.cluster.CsvBounds;
import txstack.model.cluster.CsvBug;
import txstack.spec.Tlc;
import txstack.spec.TlcResult;
import txstack.spec.TransactionTraces.Num;
import txstack.spec.TransactionTraces.Rec;
import txstack.spec.TransactionTraces.SetVal;
import txstack.spec.TransactionTraces.Str;
import txstack.spec.TransactionTraces.Val;

/**
 * The cluster ownership model against {@code CsvOwnership.tla} (CSV-1..7): seeded random walks of
 * {@link txstack.model.cluster.CsvState} with crashes, zombies, split brain and a lossy network must be behaviours
 * of the spec, every invariant checked along them by TLC, and the spec must enable exactly what the model enables in
 * every state. The check must bite: a walk edited so that a write with a stale epoch lands is rejected at that step,
 * so is a walk of the model with the spec's bug DiskIgnoresEpoch, and a model that enables too little or too much is
 * caught.
 *
 * <p>Replay: {@code new CsvModelTraces(CsvBounds.walks()).trace(SEED + i, STEPS)} is trace {@code i + 1}; rerun with
 * {@code ./mvnw -o -q -pl conformance test -Dtest=CsvModelTracesTest -Dsurefire.failIfNoSpecifiedTests=false} after
 * installing model and spec.
 */
class CsvModelTracesTest {
    private static final long SEED = 0xC5C5L;
    private static final int TRACES = 24;
    private static final int STEPS = 60;
    private static final int TRACES_BUGGY_MAX = 200;
    private static final Duration TLC_TIMEOUT = Duration.ofMinutes(3);

    private static final CsvModelTraces GENERATOR = new CsvModelTraces(CsvBounds.walks());
    private static List<Trace> traces;

    @BeforeAll
    static void walk() {
        traces = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            traces.add(GENERATOR.trace(SEED + i, STEPS));
        }
    }

    @Test
    void everyModelWalkIsABehaviourOfTheSpec() {
        TlcResult result = GENERATOR.check(new Tlc(), CsvModelTraces.steps(traces), CsvModelTraces.enabled(traces),
                TLC_TIMEOUT);
        long steps = traces.stream().mapToLong(t -> t.steps().size() - 1).sum();
        System.out.printf("csv trace validation: %d model traces (%d steps, seeds %d..%d): %s%n", traces.size(),
                steps, SEED, SEED + TRACES - 1, result.summary());
        assertEquals("pass", result.verdict(), () -> "rejection=" + CsvModelTraces.rejection(result) + " seeds="
                + CsvModelTraces.seeds(traces) + "\n" + result.output());
    }

    @Test
    void theWalksMigrateFenceCrashFailOverAndLoseMessages() {
        Set<String> seen = new TreeSet<>();
        traces.forEach(t -> seen.addAll(t.actions()));
        for (String a : List.of("Write", "Flush", "DiskWrite", "StartMigration", "Release", "Handoff", "Grant",
                "Takeback", "Crash", "Restart", "Failover", "StepDown", "Issue", "HandleRequest", "LogWrite",
                "SendAck", "ReceiveAck", "Retry", "Drop", "AbortMigration")) {
            assertTrue(seen.contains(a), () -> "no walk took " + a + ": seen=" + seen);
        }
        Set<String> events = new TreeSet<>();
        traces.forEach(t -> events.addAll(t.events()));
        for (String e : List.of("zombieFenced", "staleRefused", "termRefused", "migAfterCrash",
                "failoverAfterCrash")) {
            assertTrue(events.contains(e), () -> "no walk reached " + e + ": events=" + events);
        }
    }

    @Test
    void aWriteLandingWithAStaleEpochIsRejectedAtThatStep() {
        // the first state with a write in flight whose epoch is over: let the disk take it anyway
        for (Trace trace : traces) {
            List<Step> steps = trace.steps();
            for (int k = 0; k < steps.size(); k++) {
                Rec state = steps.get(k).state();
                Rec epoch = (Rec) state.get("epoch");
                for (Val w : ((SetVal) state.get("dio")).elements()) {
                    Rec write = (Rec) w;
                    String f = ((Str) write.get("file")).s();
                    if (((Num) write.get("ep")).n() < ((Num) epoch.get(f)).n()) {
                        Set<Val> inFlight = new HashSet<>(((SetVal) state.get("dio")).elements());
                        inFlight.remove(w);
                        Rec wrong = state.with("dio", Val.set(inFlight))
                                .with(List.of("disk", f), write.get("val"));
                        List<Step> edited = new ArrayList<>(steps.subList(0, k + 1));
                        edited.add(new Step("DiskWrite", List.of(w), wrong));
                        TlcResult result = GENERATOR.check(new Tlc(), List.of(steps, edited), List.of(), TLC_TIMEOUT);
                        assertEquals("deadlock", result.verdict(), result::output);
                        assertEquals(Optional.of(new CsvModelTraces.Rejection(2, k + 2)),
                                CsvModelTraces.rejection(result), result::output);
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no walk has a stale write in flight: seeds=" + CsvModelTraces.seeds(traces));
    }

    @Test
    void aModelWhoseDiskIgnoresTheEpochIsRejectedAtTheStaleWrite() {
        // the model with the spec's bug DiskIgnoresEpoch (CSV-6): its first walk in which a stale write lands
        CsvModelTraces buggy = new CsvModelTraces(CsvBounds.walks().withBug(CsvBug.DISK_IGNORES_EPOCH));
        for (int i = 0; i < TRACES_BUGGY_MAX; i++) {
            Trace trace = buggy.trace(SEED + i, STEPS);
            List<Step> steps = trace.steps();
            for (int k = 1; k < steps.size(); k++) {
                if (steps.get(k).op().equals("DiskWrite")) {
                    Rec write = (Rec) steps.get(k).args().getFirst();
                    String f = ((Str) write.get("file")).s();
                    int epochBefore = ((Num) ((Rec) steps.get(k - 1).state().get("epoch")).get(f)).n();
                    if (((Num) write.get("ep")).n() < epochBefore) {
                        TlcResult result = GENERATOR.check(new Tlc(), List.of(steps), List.of(), TLC_TIMEOUT);
                        assertEquals("deadlock", result.verdict(), result::output);
                        assertEquals(Optional.of(new CsvModelTraces.Rejection(1, k + 1)),
                                CsvModelTraces.rejection(result), result::output);
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no walk of the buggy model wrote with a stale epoch: seeds=" + SEED + ".."
                + (SEED + TRACES_BUGGY_MAX - 1));
    }

    @Test
    void aModelThatEnablesTooLittleOrTooMuchIsCaught() {
        Trace first = traces.getFirst();
        Enabled atInit = first.enabled().getFirst();
        // after Init the owner n2 may write f1: drop it from what the model says it had enabled
        Set<List<String>> fewer = new HashSet<>(atInit.named());
        assertTrue(fewer.remove(List.of("Write", "n2", "f1")), atInit::toString);
        // ... or claim Grant(n1, f1) in the initial state, where f1 is granted already
        Set<List<String>> more = new HashSet<>(atInit.named());
        assertTrue(more.add(List.of("Grant", "n1", "f1")), atInit::toString);
        for (Set<List<String>> wrong : List.of(fewer, more)) {
            List<Enabled> enabled = new ArrayList<>(first.enabled());
            enabled.set(0, atInit.withNamed(wrong));
            TlcResult result = GENERATOR.check(new Tlc(), List.of(first.steps()), List.of(enabled), TLC_TIMEOUT);
            assertEquals("violation:EnabledAgree", result.verdict(), result::output);
        }
    }

    @Test
    void aWalkIsDeterministicInItsSeed() {
        assertEquals(traces.get(3), GENERATOR.trace(SEED + 3, STEPS));
    }
}
