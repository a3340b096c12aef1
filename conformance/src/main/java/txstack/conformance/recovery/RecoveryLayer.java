package txstack.conformance.recovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CrashAt;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.LayerRun;
import txstack.conformance.explorer.PowerLoss;
import txstack.conformance.explorer.Recovery;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Span;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.StepOutcome;
import txstack.conformance.explorer.Violated;
import txstack.conformance.rig.Rig;
import txstack.model.Bytes;
import txstack.model.recovery.CrashedStore;
import txstack.model.recovery.Operation;
import txstack.model.recovery.StoreState;
import txstack.model.recovery.Update;
import txstack.spi.disk.Devices;
import txstack.spi.recovery.PageStore;
import txstack.spi.recovery.PageStoreEngine;
import txstack.spi.recovery.PageStoreFullException;

/**
 * The recovery suite's side of one workload (REC-1..7): the store on the rig's {@code log} and {@code data} disks,
 * one failure domain (a power loss hits both at once). Each step runs on the engine and on the model side by side;
 * a read must return every change made; after a crash at any moment, restart recovery must leave exactly the
 * committed transactions' effects ({@link CrashedStore}): a committed change missing is REC-5 (redo), a loser's
 * change present is REC-6 (undo). A power-loss step recovers from one crash state and goes on from there.
 */
final class RecoveryLayer implements LayerRun<RecoveryStep, CrashedStore> {
    static final String DOMAIN = "machine";
    /** Seeds the bytes an earlier user left on the disks ({@link #usedRig}). */
    private static final long PREVIOUS_USER_SEED = 0x7573_6564L;

    private final PageStoreEngine engine;
    private final RecoverySetup setup;
    private final CaseContext context;
    private Rig rig;
    private PageStore store;
    private StoreState model;
    /** Per slot: the engine's handle and the model's id of its active transaction, or null. */
    private final long[][] slots = new long[RecoveryWorkloads.SLOTS][];
    private long nextTx = 1;

    RecoveryLayer(PageStoreEngine engine, RecoverySetup setup, CaseContext context) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
    }

    @Override
    public Start<CrashedStore> start() {
        rig = usedRig(setup);
        try {
            store = engine.format(rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format a store on " + setup + ": "
                    + e, e);
        }
        model = StoreState.formatted(setup.pages(), store.pageSizeBytes());
        StoreState formatted = model;
        Span<CrashedStore> span = new Span<>(-1, "format", 0, rig.size(), at -> formatted.crash(), true, true, null);
        return new Start<>(rig, span, rig.size() + " device ops; " + store.pageCount() + " pages of "
                + store.pageSizeBytes() + " bytes, the suite uses " + setup.pages());
    }

    /**
     * The log and data disks as a user hands them to {@code format}: not blank but holding what an earlier user left
     * (seeded bytes in every sector, the same for every workload). A format must not depend on zeros it did not
     * write, and must make its own zeros durable: a power loss right after it returns leaves a store of zeros.
     */
    static Rig usedRig(RecoverySetup setup) {
        Rig rig = new Rig();
        rig.add(Devices.LOG, DOMAIN, usedImage(setup.sectorSizeBytes(), setup.logSectors(), 1));
        rig.add(Devices.DATA, DOMAIN, usedImage(setup.sectorSizeBytes(), setup.dataSectors(), 2));
        return rig;
    }

    private static CrashImage usedImage(int sectorSizeBytes, long sectors, long salt) {
        Map<Long, byte[]> content = new HashMap<>();
        for (long s = 0; s < sectors; s++) {
            byte[] bytes = new byte[sectorSizeBytes];
            Seeds.random(Seeds.derive(PREVIOUS_USER_SEED, salt, s)).nextBytes(bytes);
            content.put(s, bytes);
        }
        return new CrashImage(sectorSizeBytes, sectors, content, Set.of());
    }

    @Override
    public boolean applicable(RecoveryStep step) {
        return switch (step) {
            case RecoveryStep.Begin b -> slots[b.slot()] == null;
            case RecoveryStep.Update u -> slots[u.slot()] != null && u.page() < setup.pages()
                    && (model.owner(u.page()) < 0 || model.owner(u.page()) == slots[u.slot()][1])
                    && u.offset() + u.lengthBytes() <= model.pageSizeBytes();
            case RecoveryStep.Commit c -> slots[c.slot()] != null;
            case RecoveryStep.Rollback r -> slots[r.slot()] != null;
            case RecoveryStep.WriteBack w -> w.page() < setup.pages();
            case RecoveryStep.Read r -> r.page() < setup.pages();
            case RecoveryStep.Checkpoint c -> true;
            case RecoveryStep.CheckpointAround c -> !(c.inner() instanceof RecoveryStep.Crash
                    || c.inner() instanceof RecoveryStep.Checkpoint || c.inner() instanceof RecoveryStep.CheckpointAround
                    || c.inner() instanceof RecoveryStep.Restart)
                    && applicable(c.inner());
            case RecoveryStep.Restart r -> true;
            case RecoveryStep.Crash c -> true;
        };
    }

    @Override
    public Optional<PowerLoss> powerLoss(RecoveryStep step) {
        return step instanceof RecoveryStep.Crash c ? Optional.of(new PowerLoss(c.entriesBack(), c.image()::choose))
                : Optional.empty();
    }

    @Override
    public StepOutcome<CrashedStore> step(int index, RecoveryStep step) {
        StoreState before = model;
        Operation[] inFlight = {new Operation.Other(step.toString())};
        String[] outcome = {""};
        try {
            if (step instanceof RecoveryStep.CheckpointAround c) {
                store.checkpoint(() -> {
                    inFlight[0] = operationOf(c.inner());
                    outcome[0] = perform(c.inner());
                });
            } else {
                inFlight[0] = operationOf(step);
                outcome[0] = perform(step);
            }
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(propertyOf(step), step + " failed on a valid call: " + e);
        }
        StoreState after = model;
        Operation op = inFlight[0];
        Function<CrashAt, CrashedStore> allowed = at -> at.last() ? after.crash() : before.crashDuring(op);
        return StepOutcome.of(outcome[0], allowed);
    }

    /** The operation whose outcome a crash inside {@code step} leaves open: a commit's, else none. */
    private Operation operationOf(RecoveryStep step) {
        return step instanceof RecoveryStep.Commit c ? new Operation.Commit(slots[c.slot()][1])
                : new Operation.Other(step.toString());
    }

    /** Runs one client step on the engine and the model; returns the trace's outcome. */
    private String perform(RecoveryStep step) {
        switch (step) {
            case RecoveryStep.Begin b -> {
                long handle = store.begin();
                long tx = nextTx++;
                slots[b.slot()] = new long[] {handle, tx};
                model = model.begin(tx);
                return "model tx " + tx + " = engine tx " + handle;
            }
            case RecoveryStep.Update u -> {
                return update(u);
            }
            case RecoveryStep.Commit c -> {
                store.commit(slots[c.slot()][0]);
                model = model.commit(slots[c.slot()][1]);
                slots[c.slot()] = null;
            }
            case RecoveryStep.Rollback r -> {
                store.rollback(slots[r.slot()][0]);
                model = model.rollback(slots[r.slot()][1]);
                slots[r.slot()] = null;
            }
            case RecoveryStep.Checkpoint c -> store.checkpoint();
            case RecoveryStep.WriteBack w -> store.writeBack(w.page());
            case RecoveryStep.Read r -> {
                return checkRead(r.page());
            }
            case RecoveryStep.Restart r -> {
                return restart();
            }
            case RecoveryStep.CheckpointAround c -> throw new IllegalStateException("harness: checkpoints do not nest");
            case RecoveryStep.Crash c -> throw new IllegalStateException("harness: a crash step is a power loss");
        }
        return "";
    }

    /** An update; if the store is full it changed nothing, and the transaction is rolled back as a client would. */
    private String update(RecoveryStep.Update u) {
        byte[] bytes = content(u);
        try {
            store.update(slots[u.slot()][0], u.page(), u.offset(), bytes);
        } catch (PageStoreFullException e) {
            store.rollback(slots[u.slot()][0]);
            model = model.rollback(slots[u.slot()][1]);
            slots[u.slot()] = null;
            return "store full, rolled back: " + e.getMessage();
        }
        model = model.update(slots[u.slot()][1], new Update(u.page(), u.offset(), Bytes.of(bytes)));
        return "";
    }

    /**
     * Closes the store and opens it again: the active transactions become losers, so the store must read as the
     * committed state, exactly as after a crash.
     */
    private String restart() {
        CrashedStore allowed = model.crash();
        store.close();
        PageStore reopened;
        try {
            reopened = engine.open(rig.devices());
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.REC_4, "opening the store after a clean close failed", "observed: open "
                    + "threw " + e);
        }
        store = reopened;
        model = match(readPages(reopened), allowed, "a clean restart");
        java.util.Arrays.fill(slots, null);
        return "reopened as the committed state";
    }

    private List<Bytes> readPages(PageStore from) {
        List<Bytes> pages = new ArrayList<>();
        try {
            for (long p = 0; p < setup.pages(); p++) {
                pages.add(Bytes.of(from.read(p)));
            }
        } catch (RuntimeException e) {
            throw new Violated(Requirement.REC_4, "reading the recovered store failed", "observed: " + e);
        }
        return pages;
    }

    private static Requirement propertyOf(RecoveryStep step) {
        return switch (step) {
            case RecoveryStep.Update u -> Requirement.REC_1;
            case RecoveryStep.WriteBack w -> Requirement.REC_3;
            case RecoveryStep.Rollback r -> Requirement.REC_6;
            case RecoveryStep.Checkpoint c -> Requirement.REC_7;
            case RecoveryStep.CheckpointAround c -> Requirement.REC_7;
            default -> Requirement.REC_2;
        };
    }

    /** A read returns every change made, committed or not (REC-2: the change is made in the cache after logging). */
    private String checkRead(long page) {
        Bytes got = Bytes.of(store.read(page));
        Bytes want = model.read(page);
        if (!got.equals(want)) {
            throw new Violated(Requirement.REC_2, "page " + page + " does not read back the changes made",
                    "expected: " + want + "\nobserved: " + got);
        }
        context.stats().checked(Requirement.REC_2);
        return "as expected";
    }

    /** A change's bytes: seeded from its tag, page and offset, so reports can name the change a byte came from. */
    static byte[] content(RecoveryStep.Update u) {
        byte[] bytes = new byte[u.lengthBytes()];
        RandomGenerator random = Seeds.random(Seeds.derive(u.tag(), u.page(), u.offset()));
        random.nextBytes(bytes);
        return bytes;
    }

    // ---- recovery ----

    @Override
    public Recovery<CrashedStore> recover(Rig restored, CrashedStore allowed, Depth depth, long seed) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        PageStore recovered;
        try {
            recovered = engine.open(restored.devices());
        } catch (LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.REC_4, "restart recovery failed on a state a power loss may leave",
                    "observed: open threw " + e);
        }
        context.stats().checked(Requirement.REC_4);
        int entries = restored.size();
        StoreState matched = match(readPages(recovered), allowed, "a crash");
        if (depth == Depth.CONTINUE) {
            rig = restored;
            store = recovered;
            model = matched;
            java.util.Arrays.fill(slots, null);
        }
        return new Recovery<>(entries, allowed, CrashedStore.exactly(matched), "recovered: "
                + (allowed.outcomes().size() > 1 ? "outcome " + allowed.outcomes().indexOf(matched) + " of "
                + allowed.outcomes().size() + ", " : "") + entries + " device ops");
    }

    /** The allowed outcome the recovered pages are, or a violation saying how they differ from the nearest one. */
    private StoreState match(List<Bytes> pages, CrashedStore allowed, String after) {
        StoreState nearest = null;
        int nearestDiffs = Integer.MAX_VALUE;
        for (StoreState outcome : allowed.outcomes()) {
            int diffs = 0;
            for (int p = 0; p < pages.size(); p++) {
                diffs += pages.get(p).equals(outcome.committed().get(p)) ? 0 : 1;
            }
            if (diffs == 0) {
                context.stats().checked(Requirement.REC_5);
                context.stats().checked(Requirement.REC_6);
                return outcome;
            }
            if (diffs < nearestDiffs) {
                nearest = outcome;
                nearestDiffs = diffs;
            }
        }
        throw mismatch(pages, allowed, nearest, after);
    }

    private Violated mismatch(List<Bytes> pages, CrashedStore allowed, StoreState nearest, String after) {
        StringBuilder details = new StringBuilder();
        boolean loserShown = false;
        int firstPage = -1;
        for (int p = 0; p < pages.size(); p++) {
            Bytes want = nearest.committed().get(p);
            if (pages.get(p).equals(want)) {
                continue;
            }
            firstPage = firstPage < 0 ? p : firstPage;
            Bytes uncommitted = allowed.atCrash().read(p);
            boolean loser = pages.get(p).equals(uncommitted) && !uncommitted.equals(want);
            loserShown |= loser;
            details.append("page ").append(p).append(": expected ").append(describe(want, p)).append(", observed ")
                    .append(describe(pages.get(p), p)).append(loser ? " (the uncommitted content at the crash)" : "")
                    .append('\n');
        }
        details.append("allowed outcomes: ").append(allowed.outcomes().size())
                .append(allowed.outcomes().size() > 1 ? " (a commit was in flight)" : "");
        return loserShown
                ? new Violated(Requirement.REC_6, "after " + after + ", page " + firstPage + " shows a change of a "
                        + "transaction that did not commit", details.toString())
                : new Violated(Requirement.REC_5, "after " + after + ", page " + firstPage + " is not the committed "
                        + "transactions' content", details.toString());
    }

    private static String describe(Bytes page, int p) {
        byte[] b = page.toArray();
        int nonZero = 0;
        for (byte x : b) {
            nonZero += x != 0 ? 1 : 0;
        }
        return nonZero == 0 ? "zeros" : HexFormat.of().formatHex(b, 0, Math.min(16, b.length)) + ".. (" + nonZero
                + " non-zero bytes)";
    }

    @Override
    public void abandon() {
        store = null; // power lost or the workload is over: dropped, not closed (closing would write)
    }

    @Override
    public boolean sweepEachStep() {
        return false; // an incarnation's crash points are sampled as a whole in random mode
    }

    /** A restart writes undo records and a checkpoint: its crash points are sampled. */
    @Override
    public int recoveryCrashPointsMax() {
        return 8;
    }

    /** Checks at the end: every page the suite uses reads as the model says. */
    @Override
    public void finish() {
        for (long p = 0; p < setup.pages(); p++) {
            checkRead(p);
        }
    }
}
