package txstack.conformance.lfs;

import java.util.ArrayList;
import txstack.conformance.explorer.ImageSpec;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Seeds;
import txstack.model.Bytes;
import txstack.model.lfs.LogBounds;

/**
 * Draws LFS workloads (LFS-4) sized to the engine's geometry: appends of many sizes (empty, small, about a page,
 * exactly filling pages, multi-page, near the maximum), flushes of various LSNs, start advances, restart-area writes
 * with varied client data, reads forward and backward, explicit crashes (some in the middle of a flush, some of the
 * process only, the device keeping its cache), device errors on the live engine, appends sized when they run to
 * exactly a log-full boundary (LFS-5), calls the SPI forbids (wrong LSNs, a record too large), and, for an engine
 * that takes concurrent clients, concurrent commits.
 *
 * <p>Swarm testing: each workload switches some features off (never advancing the start fills the log; content by
 * LSN re-logs the same bytes after a crash; one fixed size aligns records across incarnations), because a bug that
 * needs a long run of one kind of step is found sooner when the others are absent.
 */
public final class LfsWorkloads {
    private final LogBounds geometry;
    private final Mode mode;
    /** The engine takes appends and flushes from several threads at once: some bursts become concurrent commits. */
    private final boolean concurrentClients;
    /** A guess at the engine's page data size from its slack (slack is about a page): sizes near it matter. */
    private final int granuleBytes;

    public LfsWorkloads(LogBounds geometry, Mode mode) {
        this(geometry, mode, false);
    }

    /** Workloads for an engine that does ({@code concurrentClients}) or does not take concurrent clients. */
    public LfsWorkloads(LogBounds geometry, Mode mode, boolean concurrentClients) {
        this.geometry = geometry;
        this.mode = mode;
        this.concurrentClients = concurrentClients;
        this.granuleBytes = (int) Math.clamp(geometry.slackBytes() + 1, 16, Math.max(16, geometry.capacityBytes() / 2));
    }

    private record Features(boolean advance, boolean reads, boolean crashes, boolean byLsn, int fixedSize,
                            boolean big) {
    }

    public List<LfsStep> generate(RandomGenerator random, int stepsMax) {
        Features f = features(random);
        List<LfsStep> steps = new ArrayList<>(stepsMax);
        while (steps.size() < stepsMax) {
            int roll = random.nextInt(100);
            if (roll < (f.byLsn() ? 25 : 10)) {
                burst(random, f, steps, stepsMax);
            } else if (roll < 42) {
                steps.add(append(random, f));
            } else if (roll < 60) {
                int permille = random.nextInt(2) == 0 ? 1000 : random.nextInt(1001);
                if (f.crashes() && permille % 8 == 5 && steps.size() + 2 <= stepsMax) {
                    // One flush in 16 of a crashing workload meets a device error (from the draw, so the rest of the
                    // workload draws the same); the process crash after it opens the log again.
                    LfsStep.DeviceCall call = permille % 3 == 0 ? LfsStep.DeviceCall.FLUSH : LfsStep.DeviceCall.WRITE;
                    steps.add(new LfsStep.DeviceError(call, 1, new LfsStep.Flush(1000)));
                    steps.add(new LfsStep.ProcessCrash(0));
                } else {
                    steps.add(new LfsStep.Flush(permille));
                }
            } else if (roll < 74 && f.advance()) {
                steps.add(new LfsStep.AdvanceStart(random.nextInt(5) < 2 ? 1000 : random.nextInt(1001)));
                if (steps.size() < stepsMax && random.nextInt(3) > 0) {
                    steps.add(new LfsStep.WriteRestartArea(clientData(random)));
                }
            } else if (roll < 80 && f.advance()) {
                steps.add(new LfsStep.WriteRestartArea(clientData(random)));
            } else if (roll < 86 && f.reads()) {
                int permille = random.nextInt(1001);
                int max = readMax(random);
                steps.add(forbidden(permille) ? new LfsStep.ForbiddenCalls(permille) : new LfsStep.ReadForward(permille, max));
            } else if (roll < 90 && f.reads()) {
                int permille = random.nextInt(1001);
                int max = readMax(random);
                steps.add(forbidden(permille) ? new LfsStep.ForbiddenCalls(permille) : new LfsStep.ReadBackward(permille, max));
            } else if (roll < 97 && f.crashes()) {
                List<LfsStep> crash = crash(random);
                steps.addAll(steps.size() + crash.size() <= stepsMax ? crash : crash.subList(crash.size() - 1,
                        crash.size()));
            } else {
                steps.add(append(random, f));
            }
        }
        return steps;
    }

    /**
     * One read in ten of a workload with reads is the calls the SPI forbids instead (from the draws, so the rest of the
     * workload draws the same; neither changes the log).
     */
    private static boolean forbidden(int permille) {
        return permille % 10 == 7;
    }

    /**
     * A run of appends and a flush that covers them, often crashed in the middle of that flush: the pattern that
     * leaves later pages of a dead incarnation on disk while an earlier one is lost. For an engine that takes
     * concurrent clients, a burst of 3, 6 or 9 appends is one concurrent commit of the same records instead (from
     * the draws, so the rest of the workload draws the same).
     */
    private void burst(RandomGenerator random, Features f, List<LfsStep> steps, int stepsMax) {
        int appends = random.nextInt(2, 10);
        List<LfsStep> drawn = new ArrayList<>();
        for (int i = 0; i < appends && steps.size() + drawn.size() < stepsMax - 1; i++) {
            drawn.add(append(random, f));
        }
        List<Bytes> concurrent = new ArrayList<>();
        if (concurrentClients && appends % 3 == 0) {
            for (LfsStep step : drawn) {
                if (step instanceof LfsStep.Append a) {
                    concurrent.add(a.payload());
                }
            }
        }
        if (concurrent.size() >= 2) {
            drawn.removeIf(step -> step instanceof LfsStep.Append);
            steps.addAll(drawn);
            long seed = Seeds.derive(appends, concurrent.size(), concurrent.getFirst().length());
            LfsStep.ConcurrentCommit commit = new LfsStep.ConcurrentCommit(concurrent, seed);
            if (f.crashes() && Math.floorMod(seed >>> 7, 2) == 1 && steps.size() + 2 < stepsMax) {
                // One concurrent commit in 2 of a crashing workload meets a device error in its flushes, mostly the
                // first write or device flush, where the clients that wait for the round are (from the seed, so the
                // rest of the workload draws the same); the process crash after it opens the log again.
                LfsStep.DeviceCall call = Math.floorMod(seed >>> 9, 3) == 0 ? LfsStep.DeviceCall.FLUSH
                        : LfsStep.DeviceCall.WRITE;
                int nth = Math.floorMod(seed >>> 11, 4) == 3 ? 2 : 1;
                steps.add(new LfsStep.DeviceError(call, nth, commit));
                steps.add(new LfsStep.ProcessCrash(0));
            } else {
                steps.add(commit);
            }
        } else {
            steps.addAll(drawn);
            steps.add(new LfsStep.Flush(1000));
        }
        if (f.crashes() && steps.size() < stepsMax && random.nextBoolean()) {
            steps.add(new LfsStep.Crash(random.nextInt(1, 3), new ImageSpec.Random(random.nextLong())));
        }
    }

    private Features features(RandomGenerator random) {
        boolean byLsn = random.nextInt(100) < 35;
        // Content by LSN re-logs identical records after a crash only if sizes repeat: one size per workload, mostly
        // a fraction of a page to a few pages, so that a burst spans pages.
        int fixedSize = byLsn ? Math.clamp(random.nextInt(granuleBytes / 8, 2 * granuleBytes)
                - geometry.recordOverheadBytes(), 0, geometry.maxPayloadBytes())
                : random.nextInt(100) < 25 ? payloadSize(random, random.nextBoolean()) : -1;
        return new Features(random.nextInt(100) < 80, random.nextInt(100) < 70, random.nextInt(100) < 65,
                byLsn, fixedSize, random.nextInt(100) < (mode == Mode.EXHAUSTIVE ? 60 : 35));
    }

    private LfsStep append(RandomGenerator random, Features f) {
        int size = f.fixedSize() >= 0 ? f.fixedSize() : payloadSize(random, f.big());
        if (f.byLsn()) {
            return new LfsStep.AppendByLsn(size);
        }
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        if (f.fixedSize() < 0 && size % 16 == 7) {
            // One append in 16 of a workload of varied sizes is sized to a log-full boundary when it runs (from the
            // draws, so the rest of the workload draws the same).
            long seed = size > 8 ? Seeds.derive(payload[0], payload[size - 1], size) : size;
            return new LfsStep.AppendToFill(LfsStep.Edge.values()[(size / 16) % 4], seed);
        }
        return new LfsStep.Append(Bytes.of(payload));
    }

    /** A payload size in {@code [0, maxPayloadBytes]}, spread over the sizes that exercise a log differently. */
    int payloadSize(RandomGenerator random, boolean big) {
        int max = geometry.maxPayloadBytes();
        long capacity = geometry.capacityBytes();
        int overhead = geometry.recordOverheadBytes();
        int roll = random.nextInt(100);
        long size;
        if (roll < 12) {
            size = random.nextInt(9);
        } else if (roll < 35) {
            size = random.nextInt(9, 65);
        } else if (roll < 55) {
            size = random.nextInt(65, granuleBytes + granuleBytes / 2 + 66);
        } else if (roll < 67) {
            size = (long) granuleBytes * random.nextInt(1, 4) / random.nextInt(1, 3) - overhead + random.nextInt(-2, 3);
        } else if (roll < (big ? 80 : 90)) {
            size = random.nextLong(1, Math.max(2, capacity / 6));
        } else if (roll < (big ? 95 : 97)) {
            size = random.nextLong(Math.max(1, capacity / 6), Math.max(2, capacity / 2));
        } else {
            size = max - random.nextInt(0, 33);
        }
        return Math.clamp(size, 0, max);
    }

    private Bytes clientData(RandomGenerator random) {
        int max = geometry.maxClientDataBytes();
        int roll = random.nextInt(100);
        int size = roll < 20 ? 0 : roll < 60 ? random.nextInt(1, 17) : roll < 90 ? random.nextInt(0, max + 1) : max;
        byte[] data = new byte[Math.clamp(size, 0, max)];
        random.nextBytes(data);
        return Bytes.of(data);
    }

    private static int readMax(RandomGenerator random) {
        return random.nextInt(10) < 3 ? 1_000 : random.nextInt(1, 9);
    }

    /**
     * A power loss, or (one time in ten) a process crash, half of which follow a device error on the live engine:
     * taken from the draws a power loss makes, so the rest of the workload draws the same whichever it is.
     */
    private List<LfsStep> crash(RandomGenerator random) {
        int cut = random.nextInt(10) < 6 ? 0 : random.nextInt(1, 5);
        int roll = random.nextInt(4);
        ImageSpec image = roll < 2 ? new ImageSpec.Random(random.nextLong())
                : roll == 2 ? new ImageSpec.AllLost() : new ImageSpec.AllLanded();
        if (image instanceof ImageSpec.Random r && Math.floorMod(r.seed(), 5) == 0) {
            LfsStep crash = new LfsStep.ProcessCrash(cut);
            return cut == 0 && Math.floorMod(r.seed() >> 3, 2) == 0 ? List.of(deviceError(r.seed() >>> 4), crash)
                    : List.of(crash);
        }
        return List.of(new LfsStep.Crash(cut, image));
    }

    /**
     * A device error on the live engine, drawn from {@code bits}: mostly a failed write or device flush during a
     * flush of the whole log, sometimes during a restart-area write, sometimes a failed read.
     */
    private LfsStep deviceError(long bits) {
        int nth = 1 + (int) Math.floorMod(bits >>> 3, 2);
        byte[] data = new byte[Math.min(8, geometry.maxClientDataBytes())];
        Seeds.random(bits).nextBytes(data);
        return switch ((int) Math.floorMod(bits, 8)) {
            case 0, 1, 2 -> new LfsStep.DeviceError(LfsStep.DeviceCall.WRITE, nth, new LfsStep.Flush(1000));
            case 3, 4 -> new LfsStep.DeviceError(LfsStep.DeviceCall.FLUSH, nth, new LfsStep.Flush(1000));
            case 5 -> new LfsStep.DeviceError(LfsStep.DeviceCall.WRITE, nth, new LfsStep.WriteRestartArea(
                    Bytes.of(data)));
            case 6 -> new LfsStep.DeviceError(LfsStep.DeviceCall.READ, nth, new LfsStep.ReadForward(0, 1_000));
            default -> new LfsStep.DeviceError(LfsStep.DeviceCall.READ, nth, new LfsStep.ReadBackward(1000, 1_000));
        };
    }

    /** The content {@link LfsStep.AppendByLsn} appends at model LSN {@code lsn}: the same bytes every time. */
    public static Bytes payloadByLsn(long lsn, int sizeBytes) {
        byte[] payload = new byte[sizeBytes];
        Seeds.random(Seeds.derive(0x10F5EEDL, lsn, sizeBytes)).nextBytes(payload);
        return Bytes.of(payload);
    }

    /** Simpler versions of a step, simplest first, for shrinking. */
    public static List<LfsStep> simpler(LfsStep step) {
        Set<LfsStep> out = new LinkedHashSet<>();
        switch (step) {
            case LfsStep.Append a -> {
                for (int size : smallerSizes(a.payload().length())) {
                    out.add(new LfsStep.Append(Bytes.of(Arrays.copyOf(a.payload().toArray(), size))));
                }
            }
            case LfsStep.AppendByLsn a -> {
                for (int size : smallerSizes(a.sizeBytes())) {
                    out.add(new LfsStep.AppendByLsn(size));
                }
            }
            case LfsStep.Flush f -> out.add(new LfsStep.Flush(1000));
            case LfsStep.AdvanceStart s -> out.add(new LfsStep.AdvanceStart(1000));
            case LfsStep.WriteRestartArea w -> {
                for (int size : smallerSizes(w.clientData().length())) {
                    out.add(new LfsStep.WriteRestartArea(Bytes.of(Arrays.copyOf(w.clientData().toArray(),
                            size))));
                }
            }
            case LfsStep.ReadForward r -> out.add(new LfsStep.ReadForward(0, 1_000));
            case LfsStep.ReadBackward r -> out.add(new LfsStep.ReadBackward(1000, 1_000));
            case LfsStep.ForbiddenCalls c -> {
                if (c.permille() != 1000) {
                    out.add(new LfsStep.ForbiddenCalls(1000));
                }
            }
            case LfsStep.AppendToFill a -> {
                if (a.edge() != LfsStep.Edge.MUST_FIT) {
                    out.add(new LfsStep.AppendToFill(LfsStep.Edge.MUST_FIT, a.seed()));
                }
            }
            case LfsStep.ConcurrentCommit c -> {
                int n = c.payloads().size();
                if (n > 2) {
                    out.add(new LfsStep.ConcurrentCommit(c.payloads().subList(0, 2), c.seed()));
                    out.add(new LfsStep.ConcurrentCommit(c.payloads().subList(0, n - 1), c.seed()));
                }
                if (c.seed() != 0) {
                    out.add(new LfsStep.ConcurrentCommit(c.payloads(), 0));
                }
            }
            case LfsStep.DeviceError d -> {
                if (d.nth() > 1) {
                    out.add(new LfsStep.DeviceError(d.call(), 1, d.attempt()));
                }
                for (LfsStep attempt : simpler(d.attempt())) {
                    out.add(new LfsStep.DeviceError(d.call(), d.nth(), attempt));
                }
            }
            case LfsStep.ProcessCrash p -> {
                if (p.cutOps() > 0) {
                    out.add(new LfsStep.ProcessCrash(0));
                }
            }
            case LfsStep.Crash c -> {
                if (c.cutOps() > 0) {
                    out.add(new LfsStep.Crash(0, c.image()));
                }
                if (c.image() instanceof ImageSpec.Random) {
                    out.add(new LfsStep.Crash(c.cutOps(), new ImageSpec.AllLost()));
                    out.add(new LfsStep.Crash(c.cutOps(), new ImageSpec.AllLanded()));
                }
            }
        }
        out.remove(step);
        return List.copyOf(out);
    }

    private static List<Integer> smallerSizes(int size) {
        List<Integer> out = new ArrayList<>();
        // Geometric steps: a boundary is approached in a few dozen runs, never one byte at a time.
        for (int s : new int[] {0, size / 4, size / 2, size * 3 / 4, size * 7 / 8, size * 15 / 16}) {
            if (s >= 0 && s < size && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
