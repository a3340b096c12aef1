package txstack.conformance.mount;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
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
import txstack.model.ModelException;
import txstack.model.mount.CrashedMount;
import txstack.model.mount.MountDatabase;
import txstack.model.mount.MountError;
import txstack.model.mount.MountErrorKind;
import txstack.model.mount.MountJudgement;
import txstack.model.mount.MountObservation;
import txstack.model.mount.MountOp;
import txstack.model.mount.MountState;
import txstack.model.mount.VolumeId;
import txstack.model.mount.VolumeTree;
import txstack.spi.mount.MountEngine;
import txstack.spi.mount.MountException;
import txstack.spi.mount.MountNode;
import txstack.spi.mount.MountSession;
import txstack.spi.mount.Opened;
import txstack.spi.mount.Reached;
import txstack.spi.mount.VolumeIdentity;

/**
 * The mount suite's side of one workload (the mount contract, {@code docs/mount.md}): the engine's devices in one
 * failure domain. Each step runs on the engine and on the model side by side and must succeed or fail alike; an open
 * and a resolution must reach what the model says; after every change of the database the namespace must be the
 * model's. After a power loss at any moment the engine is opened again, the volumes that were attached and that the
 * recovered database knows arrive again, and the database, the namespace, every tree and the offline store must be
 * one of the states the model allows ({@link CrashedMount}). A power-loss step goes on from that state.
 */
final class MountLayer implements LayerRun<MountStep, CrashedMount> {
    static final String DOMAIN = "machine";

    private final MountEngine engine;
    private final MountSetup setup;
    private final CaseContext context;
    private Rig rig;
    private MountSession session;
    private MountState model;

    MountLayer(MountEngine engine, MountSetup setup, CaseContext context) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
    }

    @Override
    public Start<CrashedMount> start() {
        rig = setup.rig();
        try {
            session = engine.format(rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format on " + setup + ": " + e, e);
        }
        model = MountState.initial();
        MountState ready = model;
        Span<CrashedMount> span = new Span<>(-1, "format", 0, rig.size(), at -> ready.crash(), true, true, null);
        return new Start<>(rig, span, rig.size() + " device ops; " + setup.volumeCount() + " volume devices");
    }

    /** An arrival of a present volume, or a removal of an absent one, is the caller's mistake: a shrunk run skips it. */
    @Override
    public boolean applicable(MountStep step) {
        return switch (step) {
            case MountStep.Arrive a -> a.volume() <= setup.volumeCount() && !isPresent(a.volume());
            case MountStep.Remove r -> r.volume() <= setup.volumeCount() && isPresent(r.volume());
            case MountStep.Restart r -> r.arrivals().stream().allMatch(k -> k <= setup.volumeCount())
                    && r.arrivals().stream().distinct().count() == r.arrivals().size();
            case MountStep.AssignLetter a -> a.volume() <= setup.volumeCount();
            case MountStep.CreateMountPoint m -> m.volume() <= setup.volumeCount();
            default -> true;
        };
    }

    private boolean isPresent(int k) {
        return model.present().contains(modelId(MountSetup.identity(k)));
    }

    @Override
    public Optional<PowerLoss> powerLoss(MountStep step) {
        return step instanceof MountStep.Crash c ? Optional.of(new PowerLoss(c.entriesBack(), c.image()::choose))
                : Optional.empty();
    }

    @Override
    public StepOutcome<CrashedMount> step(int index, MountStep step) {
        MountState before = model;
        Optional<MountOp> op = operationOf(step);
        String outcome;
        try {
            outcome = perform(step, op);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(requirementOf(step), step + " failed with an exception the contract does not name: "
                    + e);
        }
        MountState after = model;
        Function<CrashAt, CrashedMount> allowed = at -> at.last() || op.isEmpty() ? after.crash()
                : before.crashDuring(op.get());
        return StepOutcome.of(outcome, allowed);
    }

    private String perform(MountStep step, Optional<MountOp> op) {
        switch (step) {
            case MountStep.Check c -> {
                compareEverything(session, "read back");
                return "as expected";
            }
            case MountStep.Restart r -> {
                return restart(r, (MountOp.Reboot) op.orElseThrow());
            }
            case MountStep.Crash c -> throw new IllegalStateException("harness: a crash step is a power loss");
            case MountStep.Resolve r -> {
                return resolve(r);
            }
            default -> {
                return call(step, op.orElseThrow());
            }
        }
    }

    /** A call of the contract: the same outcome as the model's, the same node reached and data read. */
    private String call(MountStep step, MountOp op) {
        MountState.Step expected = model.apply(op);
        Object[] result = new Object[1];
        Optional<MountException> failure = attempt(() -> result[0] = run(step, op));
        compareOutcome(step, expected.error(), failure);
        String note = "";
        if (expected.ok() && step instanceof MountStep.Open) {
            compareOpened(step, expected.opened(), (Opened) result[0]);
            note = expected.opened().recalled() ? "recalled" : "";
        }
        if (expected.ok() && step instanceof MountStep.MigrateOffline) {
            String key = txstack.model.mount.OfflineStore.KEY_PREFIX + expected.next().offlineStore().keysIssued();
            if (!key.equals(result[0])) {
                throw new Violated(Requirement.MNT_7, step + " gave the key the contract does not give",
                        "expected: " + key + "\nobserved: " + result[0]);
            }
            note = key;
        }
        model = expected.next();
        if (changesDatabase(step)) {
            compareNamespace(session, "after " + step);
        }
        return expected.ok() ? note : "failed as expected: " + expected.error().kind();
    }

    /** Runs a call step on the engine; an open's {@link Opened} or a migration's key, else null. */
    private Object run(MountStep step, MountOp op) {
        switch (step) {
            case MountStep.Arrive a -> session.volumeArrives(MountEngine.volume(a.volume()),
                    MountSetup.identity(a.volume()), a.suggested());
            case MountStep.Remove r -> session.volumeRemoved(MountSetup.identity(r.volume()));
            case MountStep.AssignLetter a -> session.assignLetter(MountSetup.identity(a.volume()), a.letter());
            case MountStep.RemoveLetter r -> session.removeLetter(r.letter());
            case MountStep.CreateDirectory c -> session.createDirectory(((MountOp.CreateDirectory) op).path());
            case MountStep.CreateFile c -> session.createFile(((MountOp.CreateFile) op).path());
            case MountStep.WriteFile w -> session.writeFile(((MountOp.WriteFile) op).path(),
                    ((MountOp.WriteFile) op).data().toArray());
            case MountStep.SetReparsePoint s -> session.setReparsePoint(((MountOp.SetReparsePoint) op).path(),
                    s.tag(), ((MountOp.SetReparsePoint) op).data().toArray());
            case MountStep.DeleteReparsePoint d -> session.deleteReparsePoint(((MountOp.DeleteReparsePoint) op)
                    .path());
            case MountStep.CreateMountPoint m -> session.createMountPoint(((MountOp.CreateMountPoint) op).path(),
                    ((MountOp.CreateMountPoint) op).volumeName());
            case MountStep.MigrateOffline m -> {
                return session.migrateOffline(((MountOp.MigrateOffline) op).path());
            }
            case MountStep.Open o -> {
                return session.open(((MountOp.Open) op).path());
            }
            default -> throw new IllegalStateException("not a call: " + step);
        }
        return null;
    }

    private static boolean changesDatabase(MountStep step) {
        return step instanceof MountStep.Arrive || step instanceof MountStep.Remove
                || step instanceof MountStep.AssignLetter || step instanceof MountStep.RemoveLetter;
    }

    /** A resolution (no change): the same volume, path and number of reparses as the model's, or the same error. */
    private String resolve(MountStep.Resolve step) {
        String path = path(step.path());
        MountState.Resolution expected = model.resolve(path);
        Reached[] reached = new Reached[1];
        Optional<MountException> failure = attempt(() -> reached[0] = session.resolve(path));
        compareOutcome(step, expected.error(), failure);
        if (expected.ok()) {
            compareReached(step, expected.reached(), reached[0]);
            return expected.reached().reparseCount() + " reparses";
        }
        return "failed as expected: " + expected.error().kind();
    }

    private void compareOpened(MountStep step, MountState.Opened expected, Opened observed) {
        if (observed == null) {
            throw new Violated(requirementOf(step), step + " returned nothing");
        }
        compareReached(step, expected.reached(), observed.reached());
        if (expected.directory() != observed.directory() || expected.recalled() != observed.recalled()
                || !expected.data().equals(Bytes.of(observed.data()))) {
            throw new Violated(expected.recalled() || observed.recalled() ? Requirement.MNT_7 : requirementOf(step),
                    step + " opened what the contract does not say", "expected: " + describe(expected.directory(),
                    expected.data(), expected.recalled()) + "\nobserved: " + describe(observed.directory(),
                    Bytes.of(observed.data()), observed.recalled()));
        }
        if (expected.recalled()) {
            context.stats().checked(Requirement.MNT_7);
        }
    }

    private static String describe(boolean directory, Bytes data, boolean recalled) {
        return (directory ? "a directory" : "a file of " + text(data)) + (recalled ? ", recalled" : "");
    }

    private void compareReached(MountStep step, MountState.Reached expected, Reached observed) {
        VolumeId volume = observed == null ? null : modelId(observed.volume());
        if (observed == null || !expected.volume().equals(volume) || !expected.path().equalsIgnoreCase(
                observed.path()) || expected.reparseCount() != observed.reparseCount()) {
            throw new Violated(expected.reparseCount() > 0 ? Requirement.MNT_4 : Requirement.MNT_6, step
                    + " reached another node than the contract's", "expected: " + expected + "\nobserved: "
                    + observed);
        }
        context.stats().checked(expected.reparseCount() > 0 ? Requirement.MNT_4 : Requirement.MNT_6);
    }

    // ---- the model's operations ----

    /** The model's operation of a step that is one (its paths written out as the database names volumes now). */
    private Optional<MountOp> operationOf(MountStep step) {
        return Optional.ofNullable(switch (step) {
            case MountStep.Arrive a -> new MountOp.VolumeArrives(modelId(MountSetup.identity(a.volume())),
                    a.suggested());
            case MountStep.Remove r -> new MountOp.VolumeRemoved(modelId(MountSetup.identity(r.volume())));
            case MountStep.AssignLetter a -> new MountOp.AssignLetter(modelId(MountSetup.identity(a.volume())),
                    a.letter());
            case MountStep.RemoveLetter r -> new MountOp.RemoveLetter(r.letter());
            case MountStep.CreateDirectory c -> new MountOp.CreateDirectory(path(c.path()));
            case MountStep.CreateFile c -> new MountOp.CreateFile(path(c.path()));
            case MountStep.WriteFile w -> new MountOp.WriteFile(path(w.path()), Bytes.of(MountStep.data(w.tag(),
                    w.lengthBytes())));
            case MountStep.SetReparsePoint s -> new MountOp.SetReparsePoint(path(s.path()), s.tag(),
                    Bytes.of(MountStep.data(s.tag() & 0xFF, s.dataBytes())));
            case MountStep.DeleteReparsePoint d -> new MountOp.DeleteReparsePoint(path(d.path()));
            case MountStep.CreateMountPoint m -> new MountOp.CreateMountPoint(path(m.path()), volumeName(m.volume()));
            case MountStep.MigrateOffline m -> new MountOp.MigrateOffline(path(m.path()));
            case MountStep.Open o -> new MountOp.Open(path(o.path()));
            case MountStep.Restart r -> new MountOp.Reboot(r.arrivals().stream().map(k -> MountOp.VolumeArrives.of(
                    modelId(MountSetup.identity(k)))).toList());
            case MountStep.Resolve r -> null;
            case MountStep.Check c -> null;
            case MountStep.Crash c -> null;
        });
    }

    /** A step's path written out: {@code @k\rest} becomes volume k's name as the model's database has it. */
    private String path(String stepPath) {
        if (!stepPath.startsWith("@")) {
            return stepPath;
        }
        int end = stepPath.indexOf('\\');
        int k = Integer.parseInt(end < 0 ? stepPath.substring(1) : stepPath.substring(1, end));
        return volumeName(k) + (end < 0 ? "" : stepPath.substring(end));
    }

    /** Volume k's name in the model's database, or a name no volume has if it has none. */
    private String volumeName(int k) {
        return model.database().entry(modelId(MountSetup.identity(k))).map(MountDatabase.Entry::volumeName)
                .orElse(MountDatabase.volumeNameNumber(0xFFF));
    }

    // ---- restarts and recovery ----

    private String restart(MountStep.Restart step, MountOp.Reboot op) {
        session.close();
        MountSession opened;
        try {
            opened = engine.open(rig.devices());
            session = opened;
            for (int k : step.arrivals()) {
                opened.volumeArrives(MountEngine.volume(k), MountSetup.identity(k), MountSession.NO_LETTER);
            }
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.MNT_1, "opening after a clean close failed", "observed: " + e);
        }
        model = model.apply(op).next();
        compareEverything(opened, "after a clean reboot");
        if (!step.arrivals().isEmpty()) {
            context.stats().checked(Requirement.MNT_2); // known volumes got their names back
        }
        return "rebooted with " + model.present().size() + " volumes present";
    }

    @Override
    public Recovery<CrashedMount> recover(Rig restored, CrashedMount allowed, Depth depth, long seed) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        MountSession recovered;
        MountObservation observed;
        try {
            recovered = engine.open(restored.devices());
            SortedMap<String, VolumeId> database = new TreeMap<>();
            recovered.mountedDevices().forEach((name, v) -> database.put(name, modelId(v)));
            for (VolumeId v : attached(allowed, database)) {
                VolumeIdentity identity = spiId(v);
                recovered.volumeArrives(MountEngine.volume(MountSetup.volumeOf(identity)), identity,
                        MountSession.NO_LETTER);
            }
            observed = observe(recovered);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.MNT_1, "opening, or the volumes arriving again, failed on a state a power "
                    + "loss may leave", "observed: " + e);
        }
        int entries = restored.size();
        MountState matched = switch (allowed.judge(observed)) {
            case MountJudgement.Allowed a -> {
                context.stats().checked(Requirement.MNT_1);
                if (!a.continued().present().isEmpty()) {
                    context.stats().checked(Requirement.MNT_2); // the volumes that arrived again got their names
                }
                if (a.continued().offlineStore().copies().size() > 0 || offlineFiles(a.continued()) > 0) {
                    context.stats().checked(Requirement.MNT_7);
                }
                yield a.continued();
            }
            case MountJudgement.Refused r -> throw new Violated(switch (r.rule()) {
                case DATABASE_TORN, DATABASE_FOREIGN -> Requirement.MNT_1;
                case NAMESPACE_WRONG -> Requirement.MNT_2;
                case OFFLINE_DATA_LOST, OFFLINE_STORE_WRONG, MIXED_STEPS -> Requirement.MNT_7;
                case TREE_WRONG -> hsmInProgress(allowed) ? Requirement.MNT_7 : Requirement.MNT_5;
            }, "after a crash, " + r.rule() + ": " + r.summary(), "allowed: " + allowed.describe());
        };
        if (depth == Depth.CONTINUE) {
            rig = restored;
            session = recovered;
            model = matched;
        }
        return new Recovery<>(entries, allowed, matched.crash(), "recovered: " + entries + " device ops, "
                + matched.present().size() + " volumes present");
    }

    /** Whether the crash interrupted a migration or a recall (an open or a write of an offline file). */
    private static boolean hsmInProgress(CrashedMount allowed) {
        return allowed.inProgress().map(op -> op instanceof MountOp.MigrateOffline
                || (op instanceof MountOp.Open || op instanceof MountOp.WriteFile) && allowed.outcomes().size() > 2)
                .orElse(false);
    }

    /**
     * The volumes attached at the crash, which arrive again: those present in the latest allowed state whose
     * database is the recovered one (its steps so far decide which disks are attached: a reboot's arrivals, an
     * arrival recorded or not); if none has that database, those of the latest state that the database knows (the
     * judge then names what is wrong with it).
     */
    private static List<VolumeId> attached(CrashedMount allowed, SortedMap<String, VolumeId> database) {
        List<MountState> outcomes = allowed.outcomes();
        for (int k = outcomes.size() - 1; k >= 0; k--) {
            if (outcomes.get(k).database().registryValues().equals(database)) {
                return outcomes.get(k).present();
            }
        }
        Set<VolumeId> known = new LinkedHashSet<>(database.values());
        return outcomes.getLast().present().stream().filter(known::contains).toList();
    }

    private static long offlineFiles(MountState s) {
        long n = 0;
        for (VolumeId v : s.database().entries().keySet()) {
            n += s.tree(v).nodes().values().stream().filter(VolumeTree.Node::offline).count();
        }
        return n;
    }

    @Override
    public void abandon() {
        session = null; // power lost or the workload is over: dropped, not closed (closing would write)
    }

    @Override
    public int recoveryCrashPointsMax() {
        return 8;
    }

    @Override
    public void finish() {
        compareEverything(session, "at the end");
    }

    // ---- observing ----

    /** Everything the engine shows: the database's values, the namespace, every known volume's tree, the store. */
    private MountObservation observe(MountSession s) {
        SortedMap<String, VolumeIdentity> values = s.mountedDevices();
        SortedMap<String, VolumeId> database = new TreeMap<>();
        values.forEach((name, v) -> database.put(name, modelId(v)));
        SortedMap<String, VolumeId> namespace = new TreeMap<>();
        s.links().forEach((name, v) -> namespace.put(name, modelId(v)));
        Map<VolumeId, VolumeTree> trees = new LinkedHashMap<>();
        for (VolumeIdentity v : new LinkedHashSet<>(values.values())) {
            int k = MountSetup.volumeOf(v);
            if (k == 0 || k > setup.volumeCount()) {
                throw new Violated(Requirement.MNT_1, "the database names a volume the suite never announced",
                        "observed: " + v);
            }
            trees.put(modelId(v), tree(s.tree(MountEngine.volume(k)), modelId(v)));
        }
        SortedMap<String, Bytes> store = new TreeMap<>();
        s.offlineCopies().forEach((key, data) -> store.put(key, Bytes.of(data)));
        return new MountObservation(database, namespace, trees, store);
    }

    private static VolumeTree tree(List<MountNode> nodes, VolumeId volume) {
        SortedMap<String, VolumeTree.Node> out = new TreeMap<>();
        for (MountNode n : nodes) {
            txstack.model.fs.ReparsePoint reparse = n.reparse() == null ? null
                    : new txstack.model.fs.ReparsePoint(n.reparse().tag(), Bytes.of(n.reparse().data()));
            if (out.put(upcase(n.path()), new VolumeTree.Node(n.directory(), Bytes.of(n.data()), reparse)) != null) {
                throw new Violated(Requirement.MNT_5, "the tree of " + volume + " lists a node twice", "observed: "
                        + n.path());
            }
        }
        try {
            return new VolumeTree(out);
        } catch (ModelException e) {
            throw new Violated(Requirement.MNT_5, "the tree of " + volume + " is not a tree", "observed: "
                    + e.getMessage());
        }
    }

    /** Everything read back must be the model's exactly. */
    private void compareEverything(MountSession s, String when) {
        MountObservation observed = observe(s);
        MountObservation expected = model.observe();
        if (!expected.database().equals(observed.database())) {
            throw new Violated(Requirement.MNT_1, when + ", the database is not the model's", "expected: "
                    + expected.database() + "\nobserved: " + observed.database());
        }
        compareLinks(when, expected.namespace(), observed.namespace());
        for (Map.Entry<VolumeId, VolumeTree> e : expected.trees().entrySet()) {
            VolumeTree seen = observed.trees().get(e.getKey());
            if (!e.getValue().equals(seen)) {
                throw new Violated(Requirement.MNT_5, when + ", the tree of " + e.getKey() + " is not the model's",
                        treeDifference(e.getValue(), seen));
            }
        }
        if (!expected.offlineStore().equals(observed.offlineStore())) {
            throw new Violated(Requirement.MNT_7, when + ", the offline store is not the model's", "expected: "
                    + expected.offlineStore().keySet() + "\nobserved: " + observed.offlineStore().keySet());
        }
        context.stats().checked(Requirement.MNT_1);
        context.stats().checked(Requirement.MNT_5);
    }

    private void compareNamespace(MountSession s, String when) {
        SortedMap<String, VolumeId> observed = new TreeMap<>();
        s.links().forEach((name, v) -> observed.put(name, modelId(v)));
        compareLinks(when, model.namespace(), observed);
    }

    private void compareLinks(String when, SortedMap<String, VolumeId> expected, SortedMap<String, VolumeId> seen) {
        if (!expected.equals(seen)) {
            throw new Violated(Requirement.MNT_3, when + ", the links are not the database's for the volumes present",
                    "expected: " + expected + "\nobserved: " + seen);
        }
        context.stats().checked(Requirement.MNT_3);
    }

    private static String treeDifference(VolumeTree expected, VolumeTree observed) {
        if (observed == null) {
            return "observed: no tree";
        }
        StringBuilder d = new StringBuilder();
        Set<String> paths = new java.util.TreeSet<>(expected.nodes().keySet());
        paths.addAll(observed.nodes().keySet());
        for (String p : paths) {
            VolumeTree.Node a = expected.nodes().get(p);
            VolumeTree.Node b = observed.nodes().get(p);
            if (a == null || !a.equals(b)) {
                d.append(p).append(": expected ").append(node(a)).append(", observed ").append(node(b)).append('\n');
            }
        }
        return d.toString().strip();
    }

    private static String node(VolumeTree.Node n) {
        if (n == null) {
            return "(missing)";
        }
        String reparse = n.reparse() == null ? "" : String.format(" with reparse point 0x%08X", n.reparse().tag());
        return (n.directory() ? "a directory" : "a file of " + text(n.data())) + reparse;
    }

    // ---- outcomes ----

    private interface Call {
        void run();
    }

    private static Optional<MountException> attempt(Call call) {
        try {
            call.run();
            return Optional.empty();
        } catch (MountException e) {
            return Optional.of(e);
        }
    }

    /** The engine must succeed where the model does and fail with the model's error kind where it fails. */
    private void compareOutcome(MountStep step, MountError expected, Optional<MountException> observed) {
        Requirement property = expected != null && expected.kind() == MountErrorKind.TOO_MANY_REPARSES
                || observed.isPresent() && observed.get().kind() == MountException.Kind.TOO_MANY_REPARSES
                ? Requirement.MNT_6 : requirementOf(step);
        CallOutcome.compare(context.stats(), property, step, expected == null ? null : expected.kind(), expected,
                observed.map(MountException::kind).orElse(null), observed.map(Throwable::getMessage).orElse(null));
    }

    /** The requirement a step's outcome is evidence of. */
    private static Requirement requirementOf(MountStep step) {
        return switch (step) {
            case MountStep.Arrive a -> Requirement.MNT_3;
            case MountStep.Remove r -> Requirement.MNT_2;
            case MountStep.AssignLetter a -> Requirement.MNT_1;
            case MountStep.RemoveLetter r -> Requirement.MNT_1;
            case MountStep.Restart r -> Requirement.MNT_2;
            case MountStep.CreateMountPoint m -> Requirement.MNT_4;
            case MountStep.SetReparsePoint s -> Requirement.MNT_5;
            case MountStep.DeleteReparsePoint d -> Requirement.MNT_5;
            case MountStep.MigrateOffline m -> Requirement.MNT_7;
            case MountStep.Open o -> Requirement.MNT_6;
            case MountStep.Resolve r -> Requirement.MNT_6;
            default -> Requirement.MNT_5;
        };
    }

    // ---- identities ----

    static VolumeId modelId(VolumeIdentity v) {
        return v.kind() == VolumeIdentity.Kind.BASIC ? VolumeId.basic(v.diskSignature(), v.partitionOffsetBytes())
                : VolumeId.dynamic(v.id());
    }

    static VolumeIdentity spiId(VolumeId v) {
        for (int k = 1; k <= MountSetup.VOLUMES_MAX; k++) {
            if (modelId(MountSetup.identity(k)).equals(v)) {
                return MountSetup.identity(k);
            }
        }
        throw new IllegalStateException("harness: not a suite volume: " + v);
    }

    private static String upcase(String path) {
        return path.toUpperCase(java.util.Locale.ROOT);
    }

    private static String text(Bytes b) {
        if (b == null) {
            return "(missing)";
        }
        String s = new String(b.toArray(), StandardCharsets.US_ASCII);
        return b.length() + " B '" + (s.length() > 24 ? s.substring(0, 24) + "..." : s) + "'";
    }

    @Override
    public String toString() {
        return "MountLayer[" + engine.name() + ", " + setup + "]";
    }
}
