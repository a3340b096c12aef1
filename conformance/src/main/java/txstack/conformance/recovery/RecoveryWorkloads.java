package txstack.conformance.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.ImageSpec;

/**
 * Draws recovery workloads: transactions in {@value #SLOTS} slots that update pages and commit or roll back,
 * checkpoints (some with a client step in their middle, as a concurrent thread's would be), pages written back at
 * random moments (steal), reads, clean restarts (close and reopen), and power losses. Steps that do not fit the
 * state when they run (an update in an empty slot, a page another transaction holds) are skipped by the run.
 */
final class RecoveryWorkloads {
    /** Transaction slots: how many transactions may be active at once. */
    static final int SLOTS = 3;
    /** A safety net on workload length, whatever the options ask. */
    static final int STEPS_MAX = 1_000;

    private final long pages;
    private final int pageSizeBytes;
    private final int updateBytesMax;

    RecoveryWorkloads(long pages, int pageSizeBytes, int updateBytesMax) {
        this.pages = pages;
        this.pageSizeBytes = pageSizeBytes;
        this.updateBytesMax = Math.min(pageSizeBytes, updateBytesMax);
    }

    List<RecoveryStep> generate(RandomGenerator random, int stepsMax) {
        int steps = Math.min(stepsMax, STEPS_MAX);
        List<RecoveryStep> out = new ArrayList<>(steps);
        while (out.size() < steps) {
            int slot = random.nextInt(SLOTS);
            int roll = random.nextInt(100);
            if (roll < 14) {
                out.add(new RecoveryStep.Begin(slot));
            } else if (roll < 50) {
                out.add(update(random, slot));
            } else if (roll < 62) {
                out.add(new RecoveryStep.Commit(slot));
            } else if (roll < 68) {
                out.add(new RecoveryStep.Rollback(slot));
            } else if (roll < 71) {
                out.add(new RecoveryStep.Checkpoint());
            } else if (roll < 78) {
                RecoveryStep inner = switch (random.nextInt(4)) {
                    case 0 -> update(random, slot);
                    case 1 -> new RecoveryStep.Commit(slot);
                    case 2 -> new RecoveryStep.Begin(slot);
                    default -> new RecoveryStep.WriteBack(random.nextLong(pages));
                };
                out.add(new RecoveryStep.CheckpointAround(inner));
            } else if (roll < 87) {
                out.add(new RecoveryStep.WriteBack(random.nextLong(pages)));
            } else if (roll < 92) {
                out.add(new RecoveryStep.Read(random.nextLong(pages)));
            } else if (roll < 94) {
                out.add(new RecoveryStep.Restart());
            } else {
                out.add(new RecoveryStep.Crash(random.nextInt(4), image(random)));
            }
        }
        return out;
    }

    private RecoveryStep update(RandomGenerator random, int slot) {
        int length = 1 + random.nextInt(random.nextBoolean() ? Math.min(8, updateBytesMax) : updateBytesMax);
        int offset = random.nextInt(pageSizeBytes - length + 1);
        return new RecoveryStep.Update(slot, random.nextLong(pages), offset, length, random.nextInt(1 << 16));
    }

    private static ImageSpec image(RandomGenerator random) {
        return switch (random.nextInt(3)) {
            case 0 -> new ImageSpec.AllLost();
            case 1 -> new ImageSpec.AllLanded();
            default -> new ImageSpec.Random(random.nextLong());
        };
    }

    /** Simpler versions of a step for shrinking: a shorter update, a crash that keeps everything or loses it. */
    static List<RecoveryStep> simpler(RecoveryStep step) {
        return switch (step) {
            case RecoveryStep.Update u when u.lengthBytes() > 1 -> List.of(new RecoveryStep.Update(u.slot(), u.page(),
                    u.offset(), 1, u.tag()));
            case RecoveryStep.CheckpointAround c -> List.of(c.inner(), new RecoveryStep.Checkpoint());
            case RecoveryStep.Crash c when !(c.image() instanceof ImageSpec.AllLost) || c.entriesBack() > 0 ->
                    List.of(new RecoveryStep.Crash(0, new ImageSpec.AllLost()));
            default -> List.of();
        };
    }
}
