package txstack.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.spec.TransactionTraces.Rec;
import txstack.spec.TransactionTraces.Step;
import txstack.spec.TransactionTraces.Val;

/**
 * TransactionTrace.tla on hand-written traces (KTM-4): a two-phase commit as far as the first RM's commit is accepted;
 * a commit decided before every vote arrived, and an RM committing without a decision, are rejected at that step.
 * Two RMs, one transaction, one item, one-phase commit on, no crash or loss.
 */
class TransactionTraceTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final TransactionTraces.Constants CONSTANTS = new TransactionTraces.Constants(
            List.of("fs", "reg"), List.of("t1"), List.of("i1"), "NoTx", 0, 0, 0, true);
    private static final Val NO_TX = Val.str("NoTx");
    private static final Val NONE = Val.str("none");

    private static Rec each(List<String> keys, Val value) {
        Map<String, Val> fields = new LinkedHashMap<>();
        keys.forEach(k -> fields.put(k, value));
        return Val.rec(fields);
    }

    private static Rec perTx(Val value) {
        return each(List.of("t1"), value);
    }

    private static Rec perRm(Val value) {
        return each(List.of("fs", "reg"), value);
    }

    private static Val msg(String type, String r, String v) {
        Map<String, Val> fields = new LinkedHashMap<>();
        fields.put("type", Val.str(type));
        fields.put("t", Val.str("t1"));
        fields.put("r", Val.str(r));
        fields.put("v", Val.str(v));
        return Val.rec(fields);
    }

    static Rec initial() {
        Map<String, Val> s = new LinkedHashMap<>();
        Val noRecord = Val.rec(Map.of("commit", Val.bool(false), "rms", Val.strs(Set.of())));
        Map<String, Val> noObs = new LinkedHashMap<>();
        for (String f : List.of("tx", "rm", "item", "val")) {
            noObs.put(f, NO_TX);
        }
        Map<String, Val> obs = new LinkedHashMap<>();
        obs.put("kind", NONE);
        obs.putAll(noObs);
        s.put("tmUp", Val.bool(true));
        s.put("tmState", perTx(Val.str("active")));
        s.put("tmEnlisted", perTx(Val.strs(Set.of())));
        s.put("tmVotes", perTx(Val.strs(Set.of())));
        s.put("tmAcks", perTx(Val.strs(Set.of())));
        s.put("tmLog", perTx(noRecord));
        s.put("rmUp", perRm(Val.bool(true)));
        s.put("rmState", perRm(perTx(NONE)));
        s.put("rmLocks", perRm(each(List.of("i1"), NO_TX)));
        s.put("rmLog", perRm(perTx(NONE)));
        s.put("rmItems", perRm(perTx(Val.strs(Set.of()))));
        s.put("committed", perRm(each(List.of("i1"), NO_TX)));
        s.put("msgs", Val.set(Set.of()));
        s.put("losses", Val.num(0));
        s.put("enlisted", perTx(Val.strs(Set.of())));
        s.put("reported", perTx(NONE));
        s.put("obs", Val.rec(obs));
        s.put("tmCrashes", Val.num(0));
        s.put("rmCrashes", Val.num(0));
        s.put("tmCrashedInDoubt", Val.set(Set.of()));
        s.put("rmCrashedInDoubt", Val.set(Set.of()));
        return Val.rec(s);
    }

    /** Builds a trace step by step, each state an edit of the one before. */
    private static final class Builder {
        final List<Step> steps = new ArrayList<>(List.of(new Step("Init", List.of(), initial())));
        final Set<Val> msgs = new java.util.HashSet<>();
        Rec state = initial();

        Builder set(String path, Val value) {
            state = state.with(List.of(path.split("\\.")), value);
            return this;
        }

        Builder send(Val m) {
            msgs.add(m);
            return set("msgs", Val.set(msgs));
        }

        Builder step(String op, String... args) {
            steps.add(new Step(op, java.util.Arrays.stream(args).map(Val::str).toList(), state));
            return this;
        }
    }

    private static Builder preparedAtBoth() {
        Builder b = new Builder();
        Set<String> rms = new java.util.HashSet<>();
        for (String r : List.of("fs", "reg")) {
            rms.add(r);
            b.set("rmState." + r + ".t1", Val.str("working")).set("rmItems." + r + ".t1", Val.strs(Set.of("i1")))
                    .set("rmLocks." + r + ".i1", Val.str("t1")).set("tmEnlisted.t1", Val.strs(rms))
                    .set("enlisted.t1", Val.strs(rms)).step("Work", "t1", r, "i1");
        }
        b.set("tmState.t1", Val.str("preparing")).step("RequestCommit", "t1");
        b.send(msg("prepare", "fs", "none")).step("SendPrepare", "t1", "fs");
        b.send(msg("prepare", "reg", "none")).step("SendPrepare", "t1", "reg");
        for (String r : List.of("fs", "reg")) {
            b.set("rmState." + r + ".t1", Val.str("prepared")).set("rmLog." + r + ".t1", Val.str("prepared"))
                    .send(msg("vote", r, "yes")).step("RcvPrepare", r, "t1");
        }
        return b;
    }

    private static Builder commitOf(Builder b, String r) {
        return b.set("rmState." + r + ".t1", Val.str("committed")).set("rmLog." + r + ".t1", Val.str("committed"))
                .set("rmLocks." + r + ".i1", NO_TX).set("committed." + r + ".i1", Val.str("t1"))
                .send(msg("ack", r, "none")).step("RcvOutcome", r, "t1");
    }

    private static final Val COMMIT_RECORD =
            Val.rec(Map.of("commit", Val.bool(true), "rms", Val.strs(Set.of("fs", "reg"))));

    private static TlcResult check(List<List<Step>> traces) {
        return TransactionTraces.check(new Tlc(), CONSTANTS, traces, TIMEOUT);
    }

    @Test
    void aTwoPhaseCommitIsAccepted() {
        Builder b = preparedAtBoth();
        b.set("tmVotes.t1", Val.strs(Set.of("fs"))).step("RcvYes", "t1", "fs");
        b.set("tmVotes.t1", Val.strs(Set.of("fs", "reg"))).step("RcvYes", "t1", "reg");
        b.set("tmLog.t1", COMMIT_RECORD).set("tmState.t1", Val.str("committed"))
                .set("reported.t1", Val.str("committed")).step("DecideCommit", "t1");
        b.send(msg("outcome", "fs", "committed")).step("SendOutcome", "t1", "fs");
        commitOf(b, "fs");
        TlcResult result = check(List.of(b.steps));
        assertEquals("pass", result.verdict(), result::output);
        assertEquals(Optional.empty(), TransactionTraces.rejection(result));
    }

    @Test
    void aCommitBeforeEveryVoteIsRejectedThere() {
        Builder b = preparedAtBoth();
        b.set("tmVotes.t1", Val.strs(Set.of("fs"))).step("RcvYes", "t1", "fs");
        b.set("tmLog.t1", COMMIT_RECORD).set("tmState.t1", Val.str("committed"))
                .set("reported.t1", Val.str("committed")).step("DecideCommit", "t1");
        TlcResult result = check(List.of(preparedAtBoth().steps, b.steps));
        assertEquals("deadlock", result.verdict(), result::output);
        assertEquals(Optional.of(new TransactionTraces.Rejection(2, 10)), TransactionTraces.rejection(result),
                result::output);
    }

    @Test
    void anRmCommitWithoutADecisionIsRejectedThere() {
        Builder b = commitOf(preparedAtBoth(), "fs");
        TlcResult result = check(List.of(b.steps));
        assertEquals("deadlock", result.verdict(), result::output);
        assertEquals(Optional.of(new TransactionTraces.Rejection(1, 9)), TransactionTraces.rejection(result),
                result::output);
    }

    @Test
    void aStepWithAStateOtherThanTheActionsIsRejected() {
        Builder b = preparedAtBoth();
        // RcvYes as the action, but the state also says the TM decided: no single step does both
        b.set("tmVotes.t1", Val.strs(Set.of("fs"))).set("tmState.t1", Val.str("committed")).step("RcvYes", "t1", "fs");
        TlcResult result = check(List.of(b.steps));
        assertEquals("deadlock", result.verdict(), result::output);
        assertEquals(Optional.of(new TransactionTraces.Rejection(1, 9)), TransactionTraces.rejection(result),
                result::output);
    }

    @Test
    void theSpecsEnabledStepsMustBeTheModels() {
        List<Step> init = List.of(new Step("Init", List.of(), initial()));
        Set<List<String>> atInit = Set.of(List.of("Work", "t1", "fs", "i1"), List.of("Work", "t1", "reg", "i1"),
                List.of("Rollback", "t1"));
        TlcResult right = TransactionTraces.check(new Tlc(), CONSTANTS, List.of(init),
                List.of(List.of(new TransactionTraces.Enabled(atInit, Set.of()))), TIMEOUT);
        assertEquals("pass", right.verdict(), right::output);
        TlcResult wrong = TransactionTraces.check(new Tlc(), CONSTANTS, List.of(init),
                List.of(List.of(new TransactionTraces.Enabled(Set.of(List.of("Rollback", "t1")), Set.of()))), TIMEOUT);
        assertEquals("violation:EnabledAgree", wrong.verdict(), wrong::output);
        assertThrows(IllegalArgumentException.class,
                () -> new TransactionTraces.Enabled(Set.of(List.of("Rollback")), Set.of()));
        assertThrows(SpecException.class, () -> TransactionTraces.module(CONSTANTS, List.of(init), List.of(List.of())));
    }

    @Test
    void theModuleListsConstantsAndTracesAndMalformedInputFails() {
        String text = TransactionTraces.module(CONSTANTS, List.of(List.of(new Step("Init", List.of(), initial()))));
        assertTrue(text.startsWith("---- MODULE TransactionTraces ----\n"), text);
        assertTrue(text.contains("TraceRM == {\"fs\", \"reg\"}\n"), text);
        assertTrue(text.contains("TraceOnePhase == TRUE\n"), text);
        assertThrows(IllegalArgumentException.class, () -> new Step("Work", List.of(Val.str("t1")), initial()));
        assertThrows(IllegalArgumentException.class,
                () -> new Step("Init", List.of(), Val.rec(Map.of("tmUp", Val.bool(true)))));
        assertThrows(SpecException.class, () -> TransactionTraces.module(CONSTANTS,
                List.of(List.of(new Step("TmCrash", List.of(), initial())))));
    }
}
