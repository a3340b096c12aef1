package txstack.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import txstack.conformance.trace.KtmModelTraces.Trace;
import txstack.model.ktm.ProtocolState;
import txstack.spec.Tlc;
import txstack.spec.TlcResult;
import txstack.spec.TransactionTraces;
import txstack.spec.TransactionTraces.Rec;
import txstack.spec.TransactionTraces.Step;
import txstack.spec.TransactionTraces.Val;

/**
 * The transaction protocol model against {@code Transaction.tla} (KTM-4, KTM-5): seeded random walks of
 * {@link ProtocolState} with crashes and losses must be behaviours of the spec, every invariant checked along them
 * by TLC. The check must bite: a walk edited so that an RM commits without any decision is rejected at that step.
 *
 * <p>Replay: {@code new KtmModelTraces(BOUNDS).trace(SEED + i, STEPS)} is trace {@code i + 1}; rerun with
 * {@code ./mvnw -o -q -pl spi,model,implementation,spec,conformance test -Dtest=KtmModelTracesTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class KtmModelTracesTest {
    private static final ProtocolState.Bounds BOUNDS = ProtocolState.Bounds.ci();
    private static final ProtocolState.Bounds TWO_TX = new ProtocolState.Bounds(List.of("fs", "reg"),
            List.of("t1", "t2"), List.of("i1"), 1, 1, 1, true);
    private static final long SEED = 0x4B7D0L;
    private static final int TRACES = 50;
    private static final int STEPS = 60;
    private static final Duration TLC_TIMEOUT = Duration.ofMinutes(3);

    private static final KtmModelTraces GENERATOR = new KtmModelTraces(BOUNDS);
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
        TlcResult result = TransactionTraces.check(new Tlc(), GENERATOR.constants(), KtmModelTraces.steps(traces),
                KtmModelTraces.enabled(traces), TLC_TIMEOUT);
        long steps = traces.stream().mapToLong(t -> t.steps().size() - 1).sum();
        System.out.printf("transaction trace validation: %d model traces (%d steps, seeds %d..%d): %s%n",
                traces.size(), steps, SEED, SEED + TRACES - 1, result.summary());
        assertEquals("pass", result.verdict(), () -> "rejection=" + TransactionTraces.rejection(result)
                + " seeds=" + KtmModelTraces.seeds(traces) + "\n" + result.output());
    }

    @Test
    void twoTransactionsMeetingAtALockAreBehavioursOfTheSpec() {
        KtmModelTraces twoTx = new KtmModelTraces(TWO_TX);
        List<Trace> walks = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            walks.add(twoTx.trace(SEED + i, STEPS));
        }
        TlcResult result = TransactionTraces.check(new Tlc(), twoTx.constants(), KtmModelTraces.steps(walks),
                KtmModelTraces.enabled(walks), TLC_TIMEOUT);
        long steps = walks.stream().mapToLong(t -> t.steps().size() - 1).sum();
        System.out.printf("transaction trace validation, two transactions: %d model traces (%d steps): %s%n",
                walks.size(), steps, result.summary());
        assertEquals("pass", result.verdict(), () -> "rejection=" + TransactionTraces.rejection(result)
                + " seeds=" + KtmModelTraces.seeds(walks) + "\n" + result.output());
    }

    @Test
    void theWalksCommitAbortCrashAndLose() {
        Set<String> seen = new TreeSet<>();
        traces.forEach(t -> seen.addAll(t.actions()));
        for (String a : List.of("DecideCommit", "RcvCommitted", "RcvNo", "Rollback", "Forget", "Answer", "Lose",
                "TmCrash", "TmRecover", "RmCrash", "RmRecover", "RcvOutcome", "RcvAck", "Read", "ClientQuery")) {
            assertTrue(seen.contains(a), () -> "no walk took " + a + ": seen=" + seen);
        }
        // the crash scenarios of the spec's reachability models: a TM crash with an RM in doubt after the commit
        // record, and an RM crash while prepared
        Val none = Val.set(Set.of());
        assertTrue(traces.stream().anyMatch(t -> !t.steps().getLast().state().get("tmCrashedInDoubt").equals(none)),
                "no walk crashed the TM with an RM in doubt");
        assertTrue(traces.stream().anyMatch(t -> !t.steps().getLast().state().get("rmCrashedInDoubt").equals(none)),
                "no walk crashed an RM while prepared");
    }

    @Test
    void anRmCommitWithoutADecisionIsRejectedAtThatStep() {
        // the first walk that has an enlistment working or prepared at fs: commit it there from nothing
        for (int n = 0; n < traces.size(); n++) {
            List<Step> steps = traces.get(n).steps();
            for (int k = 0; k < steps.size(); k++) {
                Rec state = steps.get(k).state();
                String st = ((TransactionTraces.Str) ((Rec) ((Rec) state.get("rmState")).get("fs")).get("t1")).s();
                boolean decided = !((TransactionTraces.Str) ((Rec) state.get("tmState")).get("t1")).s()
                        .equals("active");
                if (!decided && (st.equals("working") || st.equals("prepared"))) {
                    Rec wrong = state.with(List.of("rmState", "fs", "t1"), Val.str("committed"))
                            .with(List.of("rmLog", "fs", "t1"), Val.str("committed"))
                            .with(List.of("rmLocks", "fs", "i1"), Val.str(ProtocolState.NO_TX))
                            .with(List.of("committed", "fs", "i1"), Val.str("t1"));
                    List<Step> edited = new ArrayList<>(steps.subList(0, k + 1));
                    edited.add(new Step("RcvOutcome", List.of(Val.str("fs"), Val.str("t1")), wrong));
                    TlcResult result = TransactionTraces.check(new Tlc(), GENERATOR.constants(),
                            List.of(steps, edited), TLC_TIMEOUT);
                    assertEquals("deadlock", result.verdict(), result::output);
                    assertEquals(Optional.of(new TransactionTraces.Rejection(2, k + 2)),
                            TransactionTraces.rejection(result), result::output);
                    return;
                }
            }
        }
        throw new AssertionError("no walk has an undecided enlistment at fs: seeds=" + KtmModelTraces.seeds(traces));
    }

    @Test
    void aModelThatEnablesTooLittleOrTooMuchIsCaught() {
        Trace first = traces.getFirst();
        // after Init the model may Work, Rollback, crash, ...: drop Rollback(t1) from what it says it had enabled
        List<TransactionTraces.Enabled> tooLittle = new ArrayList<>(first.enabled());
        TransactionTraces.Enabled atInit = tooLittle.getFirst();
        Set<List<String>> fewer = new java.util.HashSet<>(atInit.steps());
        assertTrue(fewer.remove(List.of("Rollback", "t1")), atInit::toString);
        tooLittle.set(0, new TransactionTraces.Enabled(fewer, atInit.lose()));
        // ... or claim DecideCommit(t1) in the initial state, where the spec disables it
        List<TransactionTraces.Enabled> tooMuch = new ArrayList<>(first.enabled());
        Set<List<String>> more = new java.util.HashSet<>(atInit.steps());
        more.add(List.of("DecideCommit", "t1"));
        tooMuch.set(0, new TransactionTraces.Enabled(more, atInit.lose()));
        for (List<TransactionTraces.Enabled> wrong : List.of(tooLittle, tooMuch)) {
            TlcResult result = TransactionTraces.check(new Tlc(), GENERATOR.constants(), List.of(first.steps()),
                    List.of(wrong), TLC_TIMEOUT);
            assertEquals("violation:EnabledAgree", result.verdict(), result::output);
        }
    }

    @Test
    void aWalkIsDeterministicInItsSeed() {
        assertEquals(traces.get(3), GENERATOR.trace(SEED + 3, STEPS));
    }
}
