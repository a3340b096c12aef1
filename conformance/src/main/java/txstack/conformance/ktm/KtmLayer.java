package txstack.conformance.ktm;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.explorer.CallOutcome;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CrashAt;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.LayerRun;
import txstack.conformance.explorer.PowerLoss;
import txstack.conformance.explorer.Recovery;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Span;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.StepOutcome;
import txstack.conformance.explorer.Violated;
import txstack.conformance.rig.Rig;
import txstack.model.Bytes;
import txstack.model.ktm.CrashedKtm;
import txstack.model.ktm.KtmError;
import txstack.model.ktm.KtmErrorKind;
import txstack.model.ktm.KtmJudgement;
import txstack.model.ktm.KtmOp;
import txstack.model.ktm.KtmState;
import txstack.spi.ktm.ParticipantHost;
import txstack.spi.ktm.TransactionEngine;
import txstack.spi.ktm.TransactionException;
import txstack.spi.ktm.TransactionSession;

/**
 * The transaction suite's side of one workload (the transactions contract, {@code docs/transactions.md}): the
 * engine's devices in one failure domain. Each step runs on the engine and on the model side by side and must
 * succeed or fail alike, and every read must show exactly what the model says (KTM-7 on what readers see). After a
 * power loss at any moment the recovered items, read plainly, must be what the model allows ({@link CrashedKtm}),
 * and no item may stay held. A power-loss step goes on from one crash state.
 */
final class KtmLayer implements LayerRun<KtmStep, CrashedKtm> {
    static final String DOMAIN = "machine";

    private final TransactionEngine engine;
    private final KtmSetup setup;
    private final KtmWorkloads workloads;
    private final CaseContext context;
    private Rig rig;
    private TransactionSession session;
    /** The suite's own resource manager in {@link #session}, or null if the engine hosts none. */
    private SuiteParticipant participant;
    private KtmState model;
    /** The engine's handle of each transaction label. */
    private final Map<String, Long> handles = new HashMap<>();

    KtmLayer(TransactionEngine engine, KtmSetup setup, KtmWorkloads workloads, CaseContext context) {
        this.engine = engine;
        this.setup = setup;
        this.workloads = workloads;
        this.context = context;
    }

    @Override
    public Start<CrashedKtm> start() {
        rig = setup.rig();
        try {
            session = engine.format(rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format on " + setup + ": " + e, e);
        }
        participant = attach(session, rig, "after format");
        model = KtmState.initial();
        KtmState ready = model;
        Span<CrashedKtm> span = new Span<>(-1, "format", 0, rig.size(), at -> ready.crash(), true, true, null);
        return new Start<>(rig, span, rig.size() + " device ops; resource managers " + session.resourceManagers()
                + (participant == null ? "" : " and the suite's " + SuiteParticipant.NAME));
    }

    /** A step naming a transaction never begun (or beginning one twice) cannot run: a shrunk workload skips it. */
    @Override
    public boolean applicable(KtmStep step) {
        String tx = switch (step) {
            case KtmStep.Begin s -> null;
            case KtmStep.Read s -> s.tx();
            case KtmStep.Append s -> s.tx();
            case KtmStep.Write s -> s.tx();
            case KtmStep.Commit s -> s.tx();
            case KtmStep.Rollback s -> s.tx();
            default -> null;
        };
        if (step instanceof KtmStep.Refuse) {
            return participant != null;
        }
        if (step instanceof KtmStep.Begin b) {
            return !handles.containsKey(b.tx());
        }
        return tx == null || handles.containsKey(tx);
    }

    @Override
    public Optional<PowerLoss> powerLoss(KtmStep step) {
        return step instanceof KtmStep.Crash c ? Optional.of(new PowerLoss(c.entriesBack(), c.image()::choose))
                : Optional.empty();
    }

    @Override
    public StepOutcome<CrashedKtm> step(int index, KtmStep step) {
        KtmState before = model;
        String outcome;
        try {
            outcome = perform(step);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.KTM_1, step + " failed with an exception the contract does not name: " + e);
        }
        KtmState after = model;
        Optional<KtmOp> op = operationOf(step);
        Function<CrashAt, CrashedKtm> allowed = at -> at.last() || op.isEmpty() ? after.crash()
                : before.crashDuring(op.get());
        return StepOutcome.of(outcome, allowed);
    }

    private String perform(KtmStep step) {
        switch (step) {
            case KtmStep.Check c -> {
                compareCommitted(session, "the items read back", Requirement.KTM_1);
                return "as expected";
            }
            case KtmStep.Restart r -> {
                return restart();
            }
            case KtmStep.Crash c -> throw new IllegalStateException("harness: a crash step is a power loss");
            case KtmStep.Refuse r -> {
                participant.refuseNextPrepare();
                model = model.apply(new KtmOp.RefuseNextPrepare(r.rm())).next();
                return "";
            }
            case KtmStep.Begin b -> {
                handles.put(b.tx(), session.begin());
                model = model.apply(new KtmOp.Begin(b.tx())).next();
                return "";
            }
            default -> {
                KtmOp op = operationOf(step).orElseThrow();
                KtmState.Step expected = model.apply(op);
                byte[][] read = new byte[1][];
                Optional<TransactionException> failure = attempt(() -> read[0] = run(step));
                compareOutcome(step, expected.error(), failure);
                if (op instanceof KtmOp.Read || op instanceof KtmOp.Write || op instanceof KtmOp.Append) {
                    if (isExternal(itemOf(op))) {
                        context.stats().checked(Requirement.KTM_3);
                    }
                }
                if (step instanceof KtmStep.Read r && expected.error() == null) {
                    Bytes observed = Bytes.of(read[0]);
                    if (!observed.equals(expected.value())) {
                        throw new Violated(Requirement.KTM_7, "a read " + (r.tx() == null ? "outside any transaction"
                                : "in " + r.tx()) + " of " + r.item() + " showed what the contract does not allow",
                                "expected: " + text(expected.value()) + "\nobserved: " + text(observed));
                    }
                    context.stats().checked(Requirement.KTM_7);
                }
                model = expected.next();
                return expected.error() == null ? "" : "failed as expected: " + expected.error().kind();
            }
        }
    }

    /** Runs a call step on the engine; a read's bytes, else null. */
    private byte[] run(KtmStep step) {
        return switch (step) {
            case KtmStep.Read s -> read(session, participant, handle(s.tx()), s.item());
            case KtmStep.Append s -> {
                byte[] token = KtmStep.tokenBytes(s.tx(), s.tag());
                if (isExternal(s.item())) {
                    participant.change(handle(s.tx()), s.item(), SuiteParticipant.appending(token));
                } else {
                    session.append(handle(s.tx()), s.item(), token);
                }
                yield null;
            }
            case KtmStep.Write s -> {
                byte[] token = KtmStep.tokenBytes(s.tx(), s.tag());
                if (isExternal(s.item())) {
                    participant.change(handle(s.tx()), s.item(), old -> token.clone());
                } else {
                    session.write(handle(s.tx()), s.item(), token);
                }
                yield null;
            }
            case KtmStep.Commit s -> {
                session.commit(handle(s.tx()));
                yield null;
            }
            case KtmStep.Rollback s -> {
                session.rollback(handle(s.tx()));
                yield null;
            }
            default -> throw new IllegalStateException("not a call: " + step);
        };
    }

    private static String itemOf(KtmOp op) {
        return switch (op) {
            case KtmOp.Read r -> r.item();
            case KtmOp.Write w -> w.item();
            case KtmOp.Append a -> a.item();
            default -> "";
        };
    }

    /** An item of the suite's own participant, not the engine's. */
    private static boolean isExternal(String item) {
        return item.startsWith(SuiteParticipant.NAME + ":");
    }

    /** Reads an item from the engine, or from the suite participant that takes part in the engine's transactions. */
    private static byte[] read(TransactionSession s, SuiteParticipant p, long tx, String item) {
        return isExternal(item) ? p.read(tx, item) : s.read(tx, item);
    }

    /**
     * The suite's participant on {@code on}'s device, registered with a session that hosts participants (which
     * resolves what it holds in doubt); null without one.
     */
    private SuiteParticipant attach(TransactionSession s, Rig on, String when) {
        if (!workloads.external()) {
            return null;
        }
        if (!(s instanceof ParticipantHost host)) {
            throw new Violated(Requirement.KTM_3, when + " the session no longer hosts participants", "observed: "
                    + s.getClass().getName());
        }
        SuiteParticipant p = new SuiteParticipant(on.devices().get(SuiteParticipant.DEVICE), host);
        try {
            host.register(p);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.KTM_3, when + ", registering the suite's participant failed",
                    "observed: " + e);
        }
        return p;
    }

    private long handle(String tx) {
        if (tx == null) {
            return TransactionSession.PLAIN;
        }
        Long h = handles.get(tx);
        if (h == null) {
            throw new IllegalStateException("harness: transaction " + tx + " never begun");
        }
        return h;
    }

    /** The model's call of a step that is one. */
    static Optional<KtmOp> operationOf(KtmStep step) {
        return Optional.ofNullable(switch (step) {
            case KtmStep.Begin s -> new KtmOp.Begin(s.tx());
            case KtmStep.Read s -> new KtmOp.Read(s.tx(), s.item());
            case KtmStep.Append s -> new KtmOp.Append(s.tx(), s.item(), Bytes.of(KtmStep.tokenBytes(s.tx(), s.tag())));
            case KtmStep.Write s -> new KtmOp.Write(s.tx(), s.item(), Bytes.of(KtmStep.tokenBytes(s.tx(), s.tag())));
            case KtmStep.Commit s -> new KtmOp.Commit(s.tx());
            case KtmStep.Rollback s -> new KtmOp.Rollback(s.tx());
            case KtmStep.Check s -> null;
            case KtmStep.Restart s -> null;
            case KtmStep.Crash s -> null;
            case KtmStep.Refuse s -> null;
        });
    }

    private interface Call {
        void run();
    }

    private static Optional<TransactionException> attempt(Call call) {
        try {
            call.run();
            return Optional.empty();
        } catch (TransactionException e) {
            return Optional.of(e);
        }
    }

    /** The engine must succeed where the model does and fail with the model's error kind where it fails. */
    private void compareOutcome(KtmStep step, KtmError expected, Optional<TransactionException> observed) {
        Requirement property = propertyOf(step, expected, observed);
        CallOutcome.compare(context.stats(), property, step, expected == null ? null : expected.kind(), expected,
                observed.map(TransactionException::kind).orElse(null),
                observed.map(Throwable::getMessage).orElse(null));
    }

    private static Requirement propertyOf(KtmStep step, KtmError expected, Optional<TransactionException> observed) {
        boolean sharing = expected != null && expected.kind() == KtmErrorKind.SHARING_VIOLATION
                || observed.isPresent() && observed.get().kind() == TransactionException.Kind.SHARING_VIOLATION;
        boolean aborted = expected != null && expected.kind() == KtmErrorKind.ABORTED
                || observed.isPresent() && observed.get().kind() == TransactionException.Kind.ABORTED;
        if (aborted) {
            return Requirement.KTM_4;
        }
        return sharing || step instanceof KtmStep.Read ? Requirement.KTM_7 : Requirement.KTM_1;
    }

    /** Every item, read plainly, must be the model's committed value exactly. */
    private void compareCommitted(TransactionSession s, String what, Requirement property) {
        Map<String, Bytes> observed = readAll(s, participant, Set.of());
        Map<String, Bytes> expected = new LinkedHashMap<>();
        for (String item : workloads.items()) {
            expected.put(item, model.committedValue(item));
        }
        if (!observed.equals(expected)) {
            StringBuilder d = new StringBuilder();
            for (String item : expected.keySet()) {
                if (!expected.get(item).equals(observed.get(item))) {
                    d.append(item).append(": expected ").append(text(expected.get(item))).append(", observed ")
                            .append(text(observed.get(item))).append('\n');
                }
            }
            throw new Violated(property, what + " are not the committed values", d.toString().strip());
        }
        context.stats().checked(property);
    }

    /** Every item of the workload and of {@code more}, read plainly. */
    private Map<String, Bytes> readAll(TransactionSession s, SuiteParticipant p, Set<String> more) {
        Set<String> items = new TreeSet<>(workloads.items());
        items.addAll(more);
        Map<String, Bytes> out = new LinkedHashMap<>();
        for (String item : items) {
            try {
                out.put(item, Bytes.of(read(s, p, TransactionSession.PLAIN, item)));
            } catch (RuntimeException e) {
                throw new Violated(Requirement.KTM_5, "reading " + item + " back failed", "observed: " + e);
            }
        }
        return out;
    }

    private String restart() {
        session.close();
        TransactionSession opened;
        try {
            opened = engine.open(rig.devices());
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.KTM_5, "opening after a clean close failed", "observed: open threw " + e);
        }
        session = opened;
        participant = attach(opened, rig, "after a clean close and open");
        model = ((KtmJudgement.Allowed) model.crash().judge(model.committedValues())).continued();
        compareCommitted(session, "after a clean close and open, the items", Requirement.KTM_1);
        return "opened again with every commit kept";
    }

    // ---- recovery ----

    @Override
    public Recovery<CrashedKtm> recover(Rig restored, CrashedKtm allowed, Depth depth, long seed) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        TransactionSession recovered;
        try {
            recovered = engine.open(restored.devices());
        } catch (LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.KTM_5, "opening failed on a state a power loss may leave",
                    "observed: open threw " + e);
        }
        SuiteParticipant recoveredParticipant = attach(recovered, restored, "after a crash");
        int entries = restored.size();
        Map<String, Bytes> observed = readAll(recovered, recoveredParticipant, allowed.items());
        KtmState matched = switch (allowed.judge(observed)) {
            case KtmJudgement.Allowed a -> {
                context.stats().checked(Requirement.KTM_1);
                context.stats().checked(Requirement.KTM_5);
                context.stats().checked(Requirement.KTM_7);
                if (recoveredParticipant != null) {
                    context.stats().checked(Requirement.KTM_3);
                }
                yield a.continued();
            }
            case KtmJudgement.Refused r -> throw new Violated(switch (r.rule()) {
                case TORN, FOREIGN_VALUE -> Requirement.KTM_1;
                case COMMIT_LOST -> Requirement.KTM_5;
                case UNCOMMITTED_VISIBLE -> Requirement.KTM_7;
            }, "after a crash, " + r.summary(), r.details() + "\nallowed: " + allowed.describe());
        };
        if (depth == Depth.CONTINUE) {
            rig = restored;
            session = recovered;
            participant = recoveredParticipant;
            model = matched;
        } else {
            requireNothingHeld(recovered, recoveredParticipant, observed);
        }
        return new Recovery<>(entries, allowed, matched.crash(), "recovered: " + entries + " device ops");
    }

    /** After recovery no item is held: a plain append to each works (rule 5). */
    private void requireNothingHeld(TransactionSession s, SuiteParticipant p, Map<String, Bytes> items) {
        byte[] mark = {'~', ';'};
        for (String item : items.keySet()) {
            try {
                if (isExternal(item)) {
                    p.change(TransactionSession.PLAIN, item, SuiteParticipant.appending(mark));
                } else {
                    s.append(TransactionSession.PLAIN, item, mark);
                }
            } catch (TransactionException e) {
                throw new Violated(Requirement.KTM_5, "after a crash and recovery " + item + " is still held",
                        "observed: " + e.getMessage());
            }
        }
        context.stats().checked(Requirement.KTM_5);
    }

    @Override
    public void abandon() {
        participant = null;
        session = null; // power lost or the workload is over: dropped, not closed (closing would write)
    }

    @Override
    public int recoveryCrashPointsMax() {
        return 8;
    }

    @Override
    public void finish() {
        compareCommitted(session, "at the end, the items", Requirement.KTM_1);
    }

    private static String text(Bytes b) {
        return b == null ? "(missing)" : "'" + new String(b.toArray(), java.nio.charset.StandardCharsets.US_ASCII)
                + "'";
    }

    @Override
    public String toString() {
        return "KtmLayer[" + engine.name() + ", " + setup + "]";
    }
}
