package txstack.conformance.fs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.function.Function;
import java.util.function.Supplier;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.explorer.CallOutcome;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CrashAt;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.FaultPoint;
import txstack.conformance.explorer.LayerRun;
import txstack.conformance.explorer.PowerLoss;
import txstack.conformance.explorer.Recovery;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Span;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.StepOutcome;
import txstack.conformance.explorer.Violated;
import txstack.conformance.explorer.Violation;
import txstack.conformance.rig.Rig;
import txstack.model.Bytes;
import txstack.model.fs.CrashedFs;
import txstack.model.fs.FsError;
import txstack.model.fs.FsErrorKind;
import txstack.model.fs.FsLimits;
import txstack.model.fs.FsOp;
import txstack.model.fs.FsState;
import txstack.model.fs.Judgement;
import txstack.model.fs.Tree;
import txstack.spi.disk.Devices;
import txstack.spi.fs.FileSystemEngine;
import txstack.spi.fs.FileSystemException;
import txstack.spi.fs.FileSystemSession;

/**
 * The file-system suite's side of one workload (the file-system contract, {@code docs/file-system.md}): the volume
 * on the rig's one device, one failure domain. Each step runs on the engine and on the model side by side and must
 * succeed or fail alike; after a crash at any moment, the mounted volume's whole tree (every directory listed, every
 * file read, everything stat'ed) must be one the model allows ({@link CrashedFs}). A crash state that passed is then
 * scribbled on (every file rewritten, files created and deleted) and read back, which shows cross-file damage (a
 * cluster or record in use twice) the tree alone would not. A power-loss step recovers from one crash state and goes
 * on from there.
 */
final class FsLayer implements LayerRun<FsStep, CrashedFs> {
    static final String DOMAIN = "machine";
    /** Seeds the bytes an earlier user left on the volume. */
    private static final long PREVIOUS_USER_SEED = 0x6673_7573_6564L;
    /** Files the scribble check creates, then deletes the first of. */
    private static final int SCRIBBLE_FILES = 3;
    /** Bytes of each file the scribble check creates. */
    private static final int SCRIBBLE_BYTES = 3000;

    private final FileSystemEngine engine;
    private final FsSetup setup;
    private final CaseContext context;
    /** Keys the random choices of the damage checks apart from the sweep's. */
    private static final long FAULT_KEY = 0x6661_756c_74L;

    private Rig rig;
    private FileSystemSession session;
    private FsState model;
    /** The writes in {@link #writesRig}'s journal so far, {first, last} sector, and their entries (damage targets). */
    private Rig writesRig;
    private int writesScanned;
    private final List<long[]> writes = new ArrayList<>();
    private final List<Integer> writeEntries = new ArrayList<>();

    FsLayer(FileSystemEngine engine, FsSetup setup, CaseContext context) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
    }

    @Override
    public Start<CrashedFs> start() {
        rig = usedRig(setup);
        try {
            session = engine.format(rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format a volume on " + setup + ": "
                    + e, e);
        }
        model = FsState.formatted(limitsOf(session));
        for (FsStep step : FsWorkloads.SETUP) {
            String outcome = perform(step);
            if (!outcome.isEmpty()) {
                throw new ExplorationException("engine " + engine.name() + " cannot set up the suite's tree: " + step
                        + ": " + outcome, null);
            }
        }
        FsState ready = model;
        Span<CrashedFs> span = new Span<>(-1, "format and set up", 0, rig.size(), at -> ready.crash(), true, true,
                null);
        return new Start<>(rig, span, rig.size() + " device ops; names up to " + session.nameLengthMax()
                + " chars, files up to " + session.fileSizeMax() + " bytes, torn-write unit " + session.unitBytes()
                + " bytes; set up " + FsWorkloads.SETUP);
    }

    /** The model's limits from what the engine declares; a declaration out of the contract's range is an error. */
    static FsLimits limitsOf(FileSystemSession session) {
        try {
            return new FsLimits(session.nameLengthMax(), session.fileSizeMax(), session.unitBytes());
        } catch (RuntimeException e) {
            throw new ExplorationException("the engine declares limits the contract does not allow: " + e, e);
        }
    }

    /** The volume as a user hands it to {@code format}: every sector holds what an earlier user left. */
    static Rig usedRig(FsSetup setup) {
        Map<Long, byte[]> content = new HashMap<>();
        for (long s = 0; s < setup.sectors(); s++) {
            byte[] bytes = new byte[setup.sectorSizeBytes()];
            Seeds.random(Seeds.derive(PREVIOUS_USER_SEED, s)).nextBytes(bytes);
            content.put(s, bytes);
        }
        Rig rig = new Rig();
        rig.add(FileSystemEngine.VOLUME, DOMAIN, new CrashImage(setup.sectorSizeBytes(), setup.sectors(), content,
                Set.of()));
        return rig;
    }

    @Override
    public Optional<PowerLoss> powerLoss(FsStep step) {
        if (step instanceof FsStep.ProcessCrash p) {
            return Optional.of(PowerLoss.processCrash(p.entriesBack()));
        }
        return step instanceof FsStep.Crash c ? Optional.of(new PowerLoss(c.entriesBack(), c.image()::choose))
                : Optional.empty();
    }

    @Override
    public StepOutcome<CrashedFs> step(int index, FsStep step) {
        FsState before = model;
        String outcome;
        try {
            outcome = perform(step);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(propertyOf(step), step + " failed with an exception the contract does not name: " + e);
        }
        FsState after = model;
        Function<CrashAt, CrashedFs> allowed = switch (step) {
            case FsStep.Check c -> at -> after.crash();
            case FsStep.Remount r -> at -> at.last() ? after.crash() : before.crashDuring(new FsOp.FlushVolume());
            default -> {
                Optional<FsOp> op = operationOf(step);
                yield at -> at.last() || op.isEmpty() ? after.crash() : before.crashDuring(op.get());
            }
        };
        return StepOutcome.of(outcome, allowed);
    }

    /** Runs one step on the engine and the model; returns the trace's outcome (empty when all went as modelled). */
    private String perform(FsStep step) {
        switch (step) {
            case FsStep.Check c -> {
                compareLive("the tree read back");
                return "as expected";
            }
            case FsStep.Remount r -> {
                return remount();
            }
            case FsStep.Crash c -> throw new IllegalStateException("harness: a crash step is a power loss");
            default -> {
                FsOp op = operationOf(step).orElseThrow();
                FsState.Step expected = model.apply(op);
                Optional<FileSystemException> failure = attempt(() -> {
                    run(session, op);
                    return null;
                });
                if (failure.isPresent() && failure.get().kind() == FileSystemException.Kind.DISK_FULL) {
                    return "disk full: " + failure.get().getMessage();
                }
                compareOutcome(step, expected.error(), failure);
                model = expected.next();
                return expected.error() == null ? "" : "failed as expected: " + expected.error().kind();
            }
        }
    }

    private static void run(FileSystemSession session, FsOp op) {
        switch (op) {
            case FsOp.CreateFile o -> session.createFile(o.path());
            case FsOp.CreateDirectory o -> session.createDirectory(o.path());
            case FsOp.Delete o -> session.delete(o.path());
            case FsOp.Rename o -> session.rename(o.from(), o.to());
            case FsOp.Write o -> session.write(o.path(), o.offset(), o.bytes().toArray());
            case FsOp.SetSize o -> session.setSize(o.path(), o.size());
            case FsOp.SetTimes o -> session.setTimes(o.path(), o.creationTime(), o.lastWriteTime());
            case FsOp.SetAttributes o -> session.setAttributes(o.path(), o.attributes());
            case FsOp.SetReparsePoint o -> session.setReparsePoint(o.path(), o.tag(), o.data().toArray());
            case FsOp.DeleteReparsePoint o -> session.deleteReparsePoint(o.path());
            case FsOp.Flush o -> session.flush(o.path());
            case FsOp.FlushVolume o -> session.flushVolume();
        }
    }

    /** The model operation of a step that is one. */
    static Optional<FsOp> operationOf(FsStep step) {
        return Optional.ofNullable(switch (step) {
            case FsStep.CreateFile s -> new FsOp.CreateFile(s.path());
            case FsStep.CreateDirectory s -> new FsOp.CreateDirectory(s.path());
            case FsStep.Delete s -> new FsOp.Delete(s.path());
            case FsStep.Rename s -> new FsOp.Rename(s.from(), s.to());
            case FsStep.Write s -> new FsOp.Write(s.path(), s.offset(), Bytes.of(content(s.tag(), s.path(),
                    s.offset(), s.lengthBytes())));
            case FsStep.SetSize s -> new FsOp.SetSize(s.path(), s.size());
            case FsStep.SetTimes s -> new FsOp.SetTimes(s.path(), s.creationTime(), s.lastWriteTime());
            case FsStep.SetAttributes s -> new FsOp.SetAttributes(s.path(), s.attributes());
            case FsStep.SetReparsePoint s -> new FsOp.SetReparsePoint(s.path(), s.reparseTag(), Bytes.of(content(
                    s.tag(), s.path(), -1, s.lengthBytes())));
            case FsStep.DeleteReparsePoint s -> new FsOp.DeleteReparsePoint(s.path());
            case FsStep.Flush s -> new FsOp.Flush(s.path());
            case FsStep.FlushVolume s -> new FsOp.FlushVolume();
            case FsStep.Check s -> null;
            case FsStep.Remount s -> null;
            case FsStep.Crash s -> null;
            case FsStep.ProcessCrash s -> null;
        });
    }

    /** Bytes seeded from a tag, a path and an offset, so reports can name the write a byte came from. */
    static byte[] content(int tag, String path, long offset, int length) {
        byte[] bytes = new byte[length];
        Seeds.random(Seeds.derive(tag, path.hashCode(), offset)).nextBytes(bytes);
        return bytes;
    }

    /** Runs an engine call; the contract's failure it ended with, if any. Other exceptions propagate. */
    private static Optional<FileSystemException> attempt(Supplier<Void> call) {
        try {
            call.get();
            return Optional.empty();
        } catch (FileSystemException e) {
            return Optional.of(e);
        }
    }

    /** The engine must succeed where the model does and fail with the model's error kind where it fails. */
    private void compareOutcome(Object step, FsError expected, Optional<FileSystemException> observed) {
        Requirement property = expected != null && expected.kind() == FsErrorKind.REPARSE
                || observed.isPresent() && observed.get().kind() == FileSystemException.Kind.REPARSE
                ? Requirement.MNT_6 : propertyOf(step);
        CallOutcome.compare(context.stats(), property, step, expected == null ? null : expected.kind(), expected,
                observed.map(FileSystemException::kind).orElse(null),
                observed.map(Throwable::getMessage).orElse(null));
        if (expected == null) {
            return;
        }
        FileSystemException e = observed.get();
        if (expected.kind() == FsErrorKind.REPARSE) {
            boolean same = e.reparsePoint() != null && e.reparsePoint().tag() == expected.reparseTag()
                    && Arrays.equals(e.reparsePoint().data(), expected.reparseData().toArray())
                    && e.remainingPath().equals(expected.remainingPath());
            if (!same) {
                throw new Violated(Requirement.MNT_6, step + " reparsed at the wrong point or with the wrong rest of "
                        + "the path", "expected: tag 0x" + Integer.toHexString(expected.reparseTag()) + " rest "
                        + expected.remainingPath() + "\nobserved: " + (e.reparsePoint() == null ? "no reparse point"
                        : "tag 0x" + Integer.toHexString(e.reparsePoint().tag())) + " rest " + e.remainingPath());
            }
        }
    }

    private static Requirement propertyOf(Object step) {
        return step instanceof FsStep.SetReparsePoint || step instanceof FsStep.DeleteReparsePoint
                ? Requirement.MNT_5 : Requirement.REC_2;
    }

    /** The live tree must be the model's exactly (no crash: nothing may be missing or extra). */
    private void compareLive(String what) {
        Tree observed = TreeReader.read(session, Requirement.REC_2);
        Tree expected = model.tree();
        if (!observed.equals(expected)) {
            boolean dataOnly = TreeReader.sameMetadata(expected, observed);
            throw new Violated(dataOnly ? Requirement.DISK_4 : Requirement.REC_2, what + (dataOnly
                    ? " shows file bytes that were never written there" : " is not what the operations made"),
                    TreeReader.difference(expected, observed));
        }
        context.stats().checked(Requirement.REC_2);
    }

    /** Unmounts and mounts again: everything done before must be there. */
    private String remount() {
        session.unmount();
        FileSystemSession mounted;
        try {
            mounted = engine.mount(rig.devices());
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.REC_4, "mounting the volume after a clean unmount failed",
                    "observed: mount threw " + e);
        }
        session = mounted;
        model = model.apply(new FsOp.FlushVolume()).next();
        compareLive("after a clean unmount and mount, the tree");
        return "mounted again with every change kept";
    }

    // ---- recovery ----

    @Override
    public Recovery<CrashedFs> recover(Rig restored, CrashedFs allowed, Depth depth, long seed) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        FileSystemSession recovered;
        try {
            recovered = engine.mount(restored.devices());
        } catch (LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.REC_4, "mounting failed on a state a power loss may leave",
                    "observed: mount threw " + e);
        }
        context.stats().checked(Requirement.REC_4);
        int entries = restored.size();
        Tree observed = TreeReader.read(recovered, Requirement.REC_4);
        FsState matched = judge(allowed, observed);
        if (depth == Depth.CONTINUE) {
            rig = restored;
            session = recovered;
            model = matched;
        } else {
            scribble(recovered, matched, seed);
        }
        return new Recovery<>(entries, allowed, matched.crash(), "recovered: " + entries + " device ops, "
                + observed.nodes().size() + " nodes");
    }

    /** The model state the observed tree is, or the violation of the rule it breaks. */
    private FsState judge(CrashedFs allowed, Tree observed) {
        return switch (allowed.judge(observed)) {
            case Judgement.Allowed a -> {
                context.stats().checked(Requirement.REC_5);
                context.stats().checked(Requirement.REC_6);
                context.stats().checked(Requirement.DISK_2);
                context.stats().checked(Requirement.DISK_4);
                yield a.continued();
            }
            case Judgement.Refused r -> throw new Violated(switch (r.rule()) {
                case METADATA_LOST -> Requirement.REC_5;
                case METADATA_TORN -> Requirement.REC_6;
                case DATA_LOST -> Requirement.DISK_2;
                case FOREIGN_BYTES -> Requirement.DISK_4;
            }, "after a crash, " + r.summary(), r.details());
        };
    }

    /**
     * After a crash state passed: rewrites every file, creates {@value #SCRIBBLE_FILES} files and deletes one, then
     * reads everything back. A cluster or record in use by two files shows here as one file's bytes in another.
     */
    private void scribble(FileSystemSession fs, FsState from, long seed) {
        FsState state = from;
        List<FsOp> ops = new ArrayList<>();
        for (Tree.Node node : from.tree().nodes()) {
            if (!node.directory()) {
                int length = (int) Math.max(node.size(), 1 + Math.floorMod(seed, 700));
                ops.add(new FsOp.Write(node.path(), 0, Bytes.of(content((int) seed, node.path(), 0, length))));
            }
        }
        for (int i = 0; i < SCRIBBLE_FILES; i++) {
            String path = "\\~scribble" + i;
            ops.add(new FsOp.CreateFile(path));
            ops.add(new FsOp.Write(path, 0, Bytes.of(content((int) seed + i, path, 0, SCRIBBLE_BYTES))));
        }
        ops.add(new FsOp.Delete("\\~scribble0"));
        for (FsOp op : ops) {
            FsState.Step expected = state.apply(op);
            Optional<FileSystemException> failure = attempt(() -> {
                run(fs, op);
                return null;
            });
            if (failure.isPresent() && failure.get().kind() == FileSystemException.Kind.DISK_FULL) {
                break;
            }
            compareOutcome("after a crash, scribbling: " + op, expected.error(), failure);
            state = expected.next();
        }
        Tree observed = TreeReader.read(fs, Requirement.DISK_4);
        if (!observed.equals(state.tree())) {
            throw new Violated(Requirement.DISK_4, "after a crash and recovery, writing every file and creating and "
                    + "deleting files damaged other files (a cluster or record in use twice?)",
                    "scribbled: " + ops.size() + " operations\n" + TreeReader.difference(state.tree(), observed));
        }
        context.stats().checked(Requirement.DISK_4);
    }

    // ---- damaged media ----

    /**
     * The contract's "Damaged media" on {@link ExplorerOptions#faultImagesPerPoint} images of the crash point: one
     * of the checked images with one sector of a write the engine made (so far) made unreadable, or one bit of it flipped.
     * Mounting must fail with CORRUPT or IO_ERROR, or show a tree the crash allows but for work lost with the
     * damaged sector (rules 6, 7).
     */
    @Override
    public void faults(FaultPoint<CrashedFs> point) {
        int entry = point.cut().moment().entry();
        List<long[]> written = writesUpTo(entry);
        if (written.isEmpty()) {
            return;
        }
        for (int f = 0; f < context.faultImagesPerPoint(); f++) {
            RandomGenerator random = context.random(FAULT_KEY, entry, point.cut().moment().during() ? 1 : 0, f);
            int[][] choice = point.checked().get(random.nextInt(point.checked().size()));
            if (random.nextInt(3) == 0 && dataFault(point, choice, random)) {
                continue;
            }
            long[] write = written.get(random.nextInt(written.size()));
            long sector = write[0] + random.nextLong(write[1] - write[0] + 1);
            Damage damage = random.nextBoolean() ? new Damage(sector, -1, 0)
                    : new Damage(sector, random.nextInt(setup.sectorSizeBytes()), 1 << random.nextInt(8));
            int[][][] last = {choice}; // the choice the images were made for, to recover it undamaged
            point.check(choice, "fault: " + damage + " (DISK-4)", c -> {
                last[0] = c;
                return damaged(point.cut().images(c), damage);
            }, r -> judgeDamaged(r, point.allowed(), damage, () -> point.cut().restore(point.cut().images(last[0]))));
        }
    }

    /**
     * Rule 7 aimed at file data: finds the sector that holds one sector-sized unit of a file (the only sector of the
     * crash image with those bytes, not all zeros) and damages it. Reading that file must then fail with IO_ERROR
     * (unreadable) or show exactly that bit flipped (bit rot); a CORRUPT or IO_ERROR anywhere also passes. The suite
     * assumes the engine stores file data as written, sector-aligned (else it finds no such sector and skips), and
     * that recovering the same image twice gives the same tree. False if no unit was found.
     */
    private boolean dataFault(FaultPoint<CrashedFs> point, int[][] choice, RandomGenerator random) {
        Tree plain = recoverUndamaged(point.cut().restore(point.cut().images(choice)));
        int sector = setup.sectorSizeBytes();
        List<Tree.Node> files = plain.nodes().stream().filter(n -> !n.directory() && n.size() >= sector).toList();
        if (files.isEmpty()) {
            return false;
        }
        Tree.Node file = files.get(random.nextInt(files.size()));
        long unit = random.nextLong(file.size() / sector);
        long at = holderOf(point.cut().images(choice).get(FileSystemEngine.VOLUME), plain, file.path(), unit);
        if (at < 0) {
            return false;
        }
        Damage damage = random.nextBoolean() ? new Damage(at, -1, 0)
                : new Damage(at, random.nextInt(sector), 1 << random.nextInt(8));
        int[][][] last = {choice};
        point.check(choice, "fault: " + damage + ", which holds bytes " + unit * sector + ".." + ((unit + 1) * sector
                - 1) + " of " + file.path() + " (DISK-4)", c -> {
                    last[0] = c;
                    return damaged(point.cut().images(c), damage);
                }, r -> judgeDataDamage(r, point.cut().images(last[0]), point.cut().restore(point.cut().images(
                        last[0])), file.path(), unit, damage));
        return true;
    }

    /** The only sector of {@code image} holding unit {@code unit} of file {@code path} in {@code tree}, or -1. */
    private long holderOf(CrashImage image, Tree tree, String path, long unit) {
        int sector = setup.sectorSizeBytes();
        Tree.Node file = tree.nodes().stream().filter(n -> n.path().equals(path) && !n.directory()).findFirst()
                .orElse(null);
        if (file == null || (unit + 1) * sector > file.size()) {
            return -1;
        }
        byte[] bytes = Arrays.copyOfRange(file.data().toArray(), (int) (unit * sector), (int) ((unit + 1) * sector));
        boolean zeros = true;
        for (byte b : bytes) {
            zeros &= b == 0;
        }
        if (zeros || image.unreadableSectors().size() > 0) {
            return -1;
        }
        long found = -1;
        for (Map.Entry<Long, byte[]> e : image.sectors().entrySet()) {
            if (Arrays.equals(e.getValue(), bytes)) {
                if (found >= 0) {
                    return -1;
                }
                found = e.getKey();
            }
        }
        return found;
    }

    /** Judges a crash state whose sector holding unit {@code unit} of {@code path} was damaged (rule 7). */
    private Optional<Violation> judgeDataDamage(Rig restored, Map<String, CrashImage> undamagedImages, Rig undamaged,
                                                String path, long unit, Damage damage) {
        Tree plain = recoverUndamaged(undamaged);
        if (holderOf(undamagedImages.get(FileSystemEngine.VOLUME), plain, path, unit) != damage.sector()) {
            return Optional.empty(); // another image of the crash point: the sector holds something else there
        }
        DamagedRead read = readDamaged(restored);
        if (read.tree() == null) {
            return Optional.ofNullable(read.unnamedError());
        }
        Tree observed = read.tree();
        int sector = setup.sectorSizeBytes();
        if (damage.unreadable()) {
            return Optional.of(new Violation(Requirement.DISK_4, "a sector holding file data was unreadable, yet "
                    + path + " read back without an error", "expected: IO_ERROR reading bytes " + unit * sector
                    + ".." + ((unit + 1) * sector - 1) + " of " + path + "\n" + TreeReader.difference(plain,
                    observed)));
        }
        Tree expected = flipped(plain, path, unit * sector + damage.offset(), damage.mask());
        if (!observed.equals(expected)) {
            return Optional.of(new Violation(Requirement.DISK_4, "a bit flipped in a sector holding data of " + path
                    + " showed as other damage", TreeReader.difference(expected, observed)));
        }
        context.stats().increment(Stats.Counter.DAMAGE_IN_FILE_DATA);
        context.stats().checked(Requirement.DISK_4);
        return Optional.empty();
    }

    /** {@code tree} with byte {@code at} of file {@code path} xor {@code mask}. */
    private static Tree flipped(Tree tree, String path, long at, int mask) {
        List<Tree.Node> nodes = new ArrayList<>();
        for (Tree.Node n : tree.nodes()) {
            if (n.path().equals(path) && !n.directory()) {
                byte[] data = n.data().toArray();
                data[(int) at] ^= (byte) mask;
                n = n.withData(Bytes.of(data));
            }
            nodes.add(n);
        }
        return new Tree(nodes);
    }

    /** What mounting a damaged state and reading its tree gave: the tree, or neither (the damage reported). */
    private record DamagedRead(Tree tree, Violation unnamedError) {
    }

    /** Mounts a damaged state and reads its tree; CORRUPT or IO_ERROR on the way is counted as damage reported. */
    private DamagedRead readDamaged(Rig restored) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        try {
            return new DamagedRead(TreeReader.readDamaged(engine.mount(restored.devices()), Requirement.DISK_4),
                    null);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            if (TreeReader.reportsDamage(e)) {
                context.stats().increment(Stats.Counter.DAMAGE_REPORTED);
                context.stats().checked(Requirement.DISK_4);
                return new DamagedRead(null, null);
            }
            return new DamagedRead(null, unnamedError(e));
        }
    }

    private static Violation unnamedError(RuntimeException e) {
        return new Violation(Requirement.DISK_4, "on a damaged volume the engine failed with an error the contract "
                + "does not name", "observed: " + e + "\nexpected: a FileSystemException of kind CORRUPT or "
                + "IO_ERROR, or the volume as a crash may leave it (the file-system contract, \"Damaged media\")");
    }

    /** One sector of the volume unreadable ({@code offset < 0}) or with one byte xor {@code mask}. */
    record Damage(long sector, int offset, int mask) {
        boolean unreadable() {
            return offset < 0;
        }

        @Override
        public String toString() {
            return unreadable() ? "sector " + sector + " unreadable"
                    : "bit rot, byte " + offset + " of sector " + sector + " xor 0x" + Integer.toHexString(mask);
        }
    }

    private static Map<String, CrashImage> damaged(Map<String, CrashImage> images, Damage damage) {
        Map<String, CrashImage> out = new HashMap<>(images);
        CrashImage volume = out.get(FileSystemEngine.VOLUME);
        out.put(FileSystemEngine.VOLUME, damage.unreadable() ? volume.withUnreadable(Set.of(damage.sector()))
                : volume.withCorruptedByte(damage.sector(), damage.offset(), damage.mask()));
        return out;
    }

    /**
     * The writes in the rig's journal up to entry {@code upTo}, as {first, last} sector pairs. Damage picks a write,
     * then a sector of it: the format's few large writes do not crowd out the steps' metadata and log writes.
     */
    private List<long[]> writesUpTo(int upTo) {
        if (writesRig != rig) {
            writesRig = rig;
            writesScanned = 0;
            writes.clear();
            writeEntries.clear();
        }
        for (; writesScanned <= upTo && writesScanned < rig.size(); writesScanned++) {
            Rig.Entry e = rig.entry(writesScanned);
            if (e.disk().simulated().op(e.opIndex()) instanceof DeviceOp.Write w && w.firstSector() < setup.sectors()) {
                writes.add(new long[] {w.firstSector(), Math.min(w.lastSector(), setup.sectors() - 1)});
                writeEntries.add(writesScanned);
            }
        }
        int n = 0;
        while (n < writes.size() && writeEntries.get(n) <= upTo) {
            n++;
        }
        return writes.subList(0, n);
    }

    /**
     * Judges a damaged crash state: a clear error (CORRUPT or IO_ERROR, at mount or while reading the tree), or a
     * tree the crash allows but for lost work (rules 2 and 3 give way), or, for a flipped bit, the undamaged state's
     * tree with that one bit of one file's data flipped.
     */
    private Optional<Violation> judgeDamaged(Rig restored, CrashedFs allowed, Damage damage, Supplier<Rig> undamaged) {
        DamagedRead read = readDamaged(restored);
        if (read.tree() == null) {
            return Optional.ofNullable(read.unnamedError());
        }
        Tree observed = read.tree();
        if (allowed.judge(observed) instanceof Judgement.Refused r) {
            if (r.rule() == Judgement.Rule.METADATA_LOST || r.rule() == Judgement.Rule.DATA_LOST) {
                context.stats().increment(Stats.Counter.DAMAGE_LOST_WORK);
            } else if (r.rule() == Judgement.Rule.FOREIGN_BYTES && !damage.unreadable()
                    && oneBitApart(recoverUndamaged(undamaged.get()), observed, damage.mask())) {
                context.stats().increment(Stats.Counter.DAMAGE_IN_FILE_DATA);
            } else {
                boolean torn = r.rule() == Judgement.Rule.METADATA_TORN;
                return Optional.of(new Violation(torn ? Requirement.REC_6 : Requirement.DISK_4, "on a damaged "
                        + "volume the engine showed wrong " + (torn ? "metadata" : "file data") + " instead of an "
                        + "error: " + r.summary(), r.details()));
            }
        }
        context.stats().checked(Requirement.DISK_4);
        return Optional.empty();
    }

    /** The tree the engine shows for the undamaged image (already judged allowed by the sweep). */
    private Tree recoverUndamaged(Rig plain) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        try {
            return TreeReader.read(engine.mount(plain.devices()), Requirement.REC_4);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.REC_4, "mounting failed on a state a power loss may leave",
                    "observed: mount threw " + e);
        }
    }

    /** True if {@code b} is {@code a} with one byte of one file's data xor {@code mask}, and nothing else changed. */
    static boolean oneBitApart(Tree a, Tree b, int mask) {
        if (!TreeReader.sameMetadata(a, b)) {
            return false;
        }
        int changedBytes = 0;
        for (int i = 0; i < a.nodes().size(); i++) {
            byte[] x = a.nodes().get(i).data().toArray();
            byte[] y = b.nodes().get(i).data().toArray();
            for (int k = 0; k < x.length; k++) {
                if (x[k] != y[k]) {
                    if ((x[k] ^ y[k]) != (byte) mask || ++changedBytes > 1) {
                        return false;
                    }
                }
            }
        }
        return changedBytes == 1;
    }

    @Override
    public void abandon() {
        session = null; // power lost or the workload is over: dropped, not unmounted (unmounting would write)
    }

    @Override
    public boolean sweepEachStep() {
        return true;
    }

    @Override
    public int recoveryCrashPointsMax() {
        return 8;
    }

    /** Checks at the end: the whole tree reads as the model says. */
    @Override
    public void finish() {
        compareLive("at the end, the tree");
    }

    @Override
    public String toString() {
        return "FsLayer[" + engine.name() + ", " + setup + "]";
    }

}
