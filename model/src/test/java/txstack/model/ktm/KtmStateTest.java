package txstack.model.ktm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;

/** The transactions contract ({@code docs/transactions.md}) as the model computes it. */
class KtmStateTest {
    private static final String FILE = "fs:\\data\\a.txt";
    private static final String VALUE = "reg:\\Software\\App:Count";
    private static final String OTHER = "test:x";

    private static Bytes b(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static KtmState run(KtmState s, KtmOp... ops) {
        for (KtmOp op : ops) {
            KtmState.Step step = s.apply(op);
            assertNull(step.error(), () -> op + " failed: " + step.error());
            s = step.next();
        }
        return s;
    }

    private static KtmErrorKind errorOf(KtmState s, KtmOp op) {
        KtmState.Step step = s.apply(op);
        return step.error() == null ? null : step.error().kind();
    }

    private static Bytes read(KtmState s, String tx, String item) {
        KtmState.Step step = s.apply(new KtmOp.Read(tx, item));
        assertNull(step.error());
        return step.value();
    }

    @Test
    void aTransactionSeesItsOwnChangesAndOthersSeeTheCommittedValue() {
        KtmState s = run(KtmState.initial(), new KtmOp.Append(null, FILE, b("p1,")), new KtmOp.Begin("t1"),
                new KtmOp.Append("t1", FILE, b("t1,")), new KtmOp.Write("t1", VALUE, b("t1")), new KtmOp.Begin("t2"));
        assertEquals(b("p1,t1,"), read(s, "t1", FILE));
        assertEquals(b("p1,"), read(s, null, FILE));
        assertEquals(b("p1,"), read(s, "t2", FILE));
        assertEquals(Bytes.EMPTY, read(s, null, VALUE));
        assertEquals(List.of("fs", "reg"), List.copyOf(s.enlisted("t1")));
        assertEquals("t1", s.holderOf(FILE).orElseThrow());
    }

    @Test
    void anotherWriterOfAHeldItemGetsASharingViolationAndChangesNothing() {
        KtmState s = run(KtmState.initial(), new KtmOp.Begin("t1"), new KtmOp.Append("t1", FILE, b("t1,")),
                new KtmOp.Begin("t2"));
        assertEquals(KtmErrorKind.SHARING_VIOLATION, errorOf(s, new KtmOp.Append("t2", FILE, b("t2,"))));
        assertEquals(KtmErrorKind.SHARING_VIOLATION, errorOf(s, new KtmOp.Write(null, FILE, b("plain"))));
        assertEquals(s, s.apply(new KtmOp.Append("t2", FILE, b("t2,"))).next());
        assertNull(errorOf(s, new KtmOp.Append("t2", VALUE, b("t2,"))), "another item is free");
        s = run(s, new KtmOp.Rollback("t1"));
        assertNull(errorOf(s, new KtmOp.Append("t2", FILE, b("t2,"))), "released at rollback");
    }

    @Test
    void commitMakesEveryChangeCommittedAndEndsTheTransaction() {
        KtmState s = run(KtmState.initial(), new KtmOp.Begin("t1"), new KtmOp.Append("t1", FILE, b("t1,")),
                new KtmOp.Append("t1", VALUE, b("t1,")), new KtmOp.Commit("t1"));
        assertEquals(b("t1,"), s.committedValue(FILE));
        assertEquals(b("t1,"), s.committedValue(VALUE));
        assertEquals(KtmState.Status.COMMITTED, s.status("t1").orElseThrow());
        for (KtmOp op : List.of(new KtmOp.Commit("t1"), new KtmOp.Rollback("t1"), new KtmOp.Read("t1", FILE),
                new KtmOp.Append("t1", FILE, b("x")))) {
            assertEquals(KtmErrorKind.NOT_ACTIVE, errorOf(s, op), op.toString());
        }
        assertTrue(s.holderOf(FILE).isEmpty());
    }

    @Test
    void aRefusedPrepareAbortsTheTransactionEverywhere() {
        KtmState s = run(KtmState.initial(), new KtmOp.RefuseNextPrepare("test"), new KtmOp.Begin("t0"),
                new KtmOp.Append("t0", FILE, b("t0,")), new KtmOp.Commit("t0"), new KtmOp.Begin("t1"),
                new KtmOp.Append("t1", FILE, b("t1,")), new KtmOp.Append("t1", OTHER, b("t1,")));
        assertEquals(b("t0,"), s.committedValue(FILE), "a transaction not enlisted at the refusing RM commits");
        KtmState.Step step = s.apply(new KtmOp.Commit("t1"));
        assertEquals(KtmErrorKind.ABORTED, step.error().kind());
        KtmState after = step.next();
        assertEquals(KtmState.Status.ABORTED, after.status("t1").orElseThrow());
        assertEquals(b("t0,"), after.committedValue(FILE));
        assertEquals(Bytes.EMPTY, after.committedValue(OTHER));
        KtmState again = run(after, new KtmOp.Begin("t2"), new KtmOp.Append("t2", OTHER, b("t2,")),
                new KtmOp.Commit("t2"));
        assertEquals(b("t2,"), again.committedValue(OTHER), "the refusal was used up");
    }

    @Test
    void misusedNamesAreModelExceptions() {
        KtmState s = run(KtmState.initial(), new KtmOp.Begin("t1"));
        assertThrows(ModelException.class, () -> s.apply(new KtmOp.Begin("t1")));
        assertThrows(ModelException.class, () -> s.apply(new KtmOp.Commit("t9")));
        assertThrows(ModelException.class, () -> new KtmOp.Read(null, "no-colon"));
        assertThrows(ModelException.class, () -> new KtmOp.Read(null, "fs:"));
    }

    @Test
    void aCrashKeepsExactlyTheCommittedValues() {
        KtmState s = run(KtmState.initial(), new KtmOp.Begin("t1"), new KtmOp.Append("t1", FILE, b("t1,")),
                new KtmOp.Append("t1", VALUE, b("t1,")), new KtmOp.Commit("t1"), new KtmOp.Begin("t2"),
                new KtmOp.Append("t2", FILE, b("t2,")), new KtmOp.Begin("t3"), new KtmOp.Append("t3", VALUE, b("t3,")),
                new KtmOp.Rollback("t3"));
        CrashedKtm crash = s.crash();
        KtmJudgement j = crash.judge(Map.of(FILE, b("t1,"), VALUE, b("t1,")));
        KtmJudgement.Allowed a = assertInstanceOf(KtmJudgement.Allowed.class, j);
        assertEquals(KtmState.Status.ENDED_BY_CRASH, a.continued().status("t2").orElseThrow());
        assertTrue(a.continued().holderOf(FILE).isEmpty(), "nothing stays held");
        assertEquals(KtmErrorKind.NOT_ACTIVE, errorOf(a.continued(), new KtmOp.Append("t2", FILE, b("x"))));

        assertEquals(KtmJudgement.Rule.UNCOMMITTED_VISIBLE, rule(crash, Map.of(FILE, b("t1,t2,"), VALUE, b("t1,"))));
        assertEquals(KtmJudgement.Rule.UNCOMMITTED_VISIBLE, rule(crash, Map.of(FILE, b("t1,"), VALUE, b("t1,t3,"))));
        assertEquals(KtmJudgement.Rule.COMMIT_LOST, rule(crash, Map.of(FILE, b("t1,"), VALUE, Bytes.EMPTY)));
        assertEquals(KtmJudgement.Rule.FOREIGN_VALUE, rule(crash, Map.of(FILE, b("t1,"), VALUE, b("zz"))));
        assertEquals(KtmJudgement.Rule.FOREIGN_VALUE, rule(crash, Map.of(FILE, b("t1,"), VALUE, b("t1,"),
                "fs:\\other", b("?"))));
    }

    @Test
    void aCommitInProgressShowsEverywhereOrNowhere() {
        KtmState s = run(KtmState.initial(), new KtmOp.Append(null, FILE, b("p,")), new KtmOp.Begin("t1"),
                new KtmOp.Append("t1", FILE, b("t1,")), new KtmOp.Append("t1", VALUE, b("t1,")));
        CrashedKtm crash = s.crashDuring(new KtmOp.Commit("t1"));
        assertTrue(crash.judge(Map.of(FILE, b("p,"))).allowed());
        KtmJudgement j = crash.judge(Map.of(FILE, b("p,t1,"), VALUE, b("t1,")));
        KtmJudgement.Allowed a = assertInstanceOf(KtmJudgement.Allowed.class, j);
        assertEquals(KtmState.Status.COMMITTED, a.continued().status("t1").orElseThrow());
        KtmJudgement.Refused r = assertInstanceOf(KtmJudgement.Refused.class,
                crash.judge(Map.of(FILE, b("p,t1,"), VALUE, Bytes.EMPTY)));
        assertEquals(KtmJudgement.Rule.TORN, r.rule());
        assertTrue(r.summary().contains(FILE) && r.summary().contains(VALUE), r.summary());
    }

    @Test
    void aPlainChangeInProgressMayOrMayNotHaveHappened() {
        KtmState s = run(KtmState.initial(), new KtmOp.Write(null, VALUE, b("1")));
        CrashedKtm crash = s.crashDuring(new KtmOp.Write(null, VALUE, b("2")));
        assertTrue(crash.judge(Map.of(VALUE, b("1"))).allowed());
        assertTrue(crash.judge(Map.of(VALUE, b("2"))).allowed());
        assertEquals(KtmJudgement.Rule.COMMIT_LOST, rule(crash, Map.of(VALUE, Bytes.EMPTY)));
    }

    @Test
    void callsThatChangeNothingDurableLeaveOneOutcome() {
        KtmState s = run(KtmState.initial(), new KtmOp.Begin("t1"), new KtmOp.Append("t1", FILE, b("t1,")),
                new KtmOp.Begin("t2"));
        for (KtmOp op : List.of(new KtmOp.Append("t1", VALUE, b("x")), new KtmOp.Rollback("t1"),
                new KtmOp.Read(null, FILE), new KtmOp.Commit("t2"), new KtmOp.Append("t2", FILE, b("t2,")))) {
            CrashedKtm crash = s.crashDuring(op);
            assertTrue(crash.judge(Map.of()).allowed(), op.toString());
            assertEquals(KtmJudgement.Rule.UNCOMMITTED_VISIBLE, rule(crash, Map.of(FILE, b("t1,"))), op.toString());
        }
    }

    /** Seeded random calls: every crash allows exactly its outcomes' committed values, and reads agree. */
    @Test
    void randomWorkloadsAreSelfConsistent() {
        List<String> items = List.of(FILE, VALUE, OTHER, "fs:\\b");
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            KtmState s = KtmState.initial();
            List<String> begun = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                KtmOp op = randomOp(random, begun, items, i);
                CrashedKtm during = s.crashDuring(op);
                KtmState.Step step = s.apply(op);
                assertTrue(during.judge(s.committedValues()).allowed(), "seed " + seed + " op " + op);
                assertTrue(during.judge(step.next().committedValues()).allowed(), "seed " + seed + " op " + op);
                if (op instanceof KtmOp.Begin b) {
                    begun.add(b.tx());
                }
                if (op instanceof KtmOp.Read r && r.tx() == null) {
                    assertEquals(s.committedValue(r.item()), step.value());
                }
                s = step.next();
            }
            KtmJudgement.Allowed after = assertInstanceOf(KtmJudgement.Allowed.class,
                    s.crash().judge(s.committedValues()), "seed " + seed);
            for (String item : items) {
                assertTrue(after.continued().holderOf(item).isEmpty(), "seed " + seed + " " + item + " still held");
            }
        }
    }

    private static KtmOp randomOp(Random random, List<String> begun, List<String> items, int i) {
        String tx = begun.isEmpty() || random.nextInt(4) == 0 ? null : begun.get(random.nextInt(begun.size()));
        String item = items.get(random.nextInt(items.size()));
        return switch (random.nextInt(7)) {
            case 0 -> new KtmOp.Begin("t" + i);
            case 1 -> new KtmOp.Read(tx, item);
            case 2 -> new KtmOp.Write(tx, item, b("w" + i));
            case 3 -> new KtmOp.Append(tx, item, b("a" + i + ","));
            case 4 -> tx == null ? new KtmOp.RefuseNextPrepare("test") : new KtmOp.Commit(tx);
            case 5 -> tx == null ? new KtmOp.Begin("t" + i) : new KtmOp.Rollback(tx);
            default -> tx == null ? new KtmOp.Read(null, item) : new KtmOp.Commit(tx);
        };
    }

    private static KtmJudgement.Rule rule(CrashedKtm crash, Map<String, Bytes> observed) {
        return assertInstanceOf(KtmJudgement.Refused.class, crash.judge(observed)).rule();
    }
}
