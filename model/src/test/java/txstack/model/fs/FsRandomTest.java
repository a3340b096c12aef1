package txstack.model.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;

/**
 * Seeded random workloads (a small name pool, so many operations fail): properties the file-system contract gives
 * whatever the operations. A failure names the seed and step; replay with {@code -Dtest=FsRandomTest}.
 */
class FsRandomTest {
    private static final long SEED = 20261201L;
    private static final int WORKLOADS = 60;
    private static final int WORKLOAD_OPS = 60;
    private static final List<String> NAMES = List.of("a", "B", "c");

    static String path(SplittableRandom random) {
        StringBuilder p = new StringBuilder();
        int depth = random.nextInt(3) == 0 ? 2 : 1;
        for (int i = 0; i < depth; i++) {
            String name = NAMES.get(random.nextInt(NAMES.size()));
            p.append('\\').append(random.nextBoolean() ? name : FsPaths.upcase(name));
        }
        return p.toString();
    }

    static FsOp op(SplittableRandom random, boolean flushes) {
        String p = path(random);
        int kind = random.nextInt(flushes ? 12 : 10);
        return switch (kind) {
            case 0 -> new FsOp.CreateFile(p);
            case 1 -> new FsOp.CreateDirectory(p);
            case 2 -> new FsOp.Delete(p);
            case 3 -> new FsOp.Rename(p, path(random));
            case 4, 5 -> {
                byte[] bytes = new byte[random.nextInt(7)];
                random.nextBytes(bytes);
                yield new FsOp.Write(p, random.nextInt(12), Bytes.of(bytes));
            }
            case 6 -> new FsOp.SetSize(p, random.nextInt(12));
            case 7 -> new FsOp.SetTimes(p, random.nextInt(3), random.nextInt(3));
            case 8 -> random.nextInt(3) > 0 ? new FsOp.CreateFile(p) : new FsOp.SetReparsePoint(p, 1 + random.nextInt(2), Bytes.of(new byte[] {(byte) kind}));
            case 9 -> random.nextBoolean() ? new FsOp.DeleteReparsePoint(p) : new FsOp.SetAttributes(p, 1);
            case 10 -> new FsOp.Flush(p);
            default -> new FsOp.FlushVolume();
        };
    }

    @Test
    void withoutFlushesEveryEarlierTreeIsAllowedAfterACrash() {
        int succeeded = 0;
        int prefixes = 0;
        for (int w = 0; w < WORKLOADS; w++) {
            long seed = SEED + w;
            SplittableRandom random = new SplittableRandom(seed);
            FsState s = FsState.formatted(new FsLimits(4, 16, 4));
            List<Tree> trees = new ArrayList<>(List.of(s.tree()));
            for (int step = 0; step < WORKLOAD_OPS; step++) {
                FsOp op = op(random, false);
                FsState.Step next = s.apply(op);
                succeeded += next.ok() ? 1 : 0;
                if (!next.ok()) {
                    assertSame(s, next.next(), "seed=" + seed + " step=" + step + " " + op);
                }
                s = next.next();
                trees.add(s.tree());
            }
            CrashedFs crashed = s.crash();
            prefixes += crashed.prefixesAllowed();
            for (int j = 0; j < trees.size(); j++) {
                Judgement judgement = crashed.judge(trees.get(j));
                final int at = j;
                assertTrue(judgement.allowed(), () -> "seed=" + seed + " tree after step " + at + ": " + judgement
                        + "\n" + crashed.describe());
            }
        }
        // the workloads do something: a good share of the operations succeed, many change metadata
        assertTrue(succeeded > WORKLOADS * WORKLOAD_OPS / 4, "succeeded=" + succeeded);
        assertTrue(prefixes > WORKLOADS * WORKLOAD_OPS / 8, "prefixes=" + prefixes);
    }

    @Test
    void theCurrentTreeIsAlwaysAllowedAndItsContinuedStateBehavesLikeTheOriginal() {
        for (int w = 0; w < WORKLOADS; w++) {
            long seed = SEED + 1000 + w;
            SplittableRandom random = new SplittableRandom(seed);
            FsState s = FsState.formatted(new FsLimits(4, 16, 4));
            for (int step = 0; step < WORKLOAD_OPS; step++) {
                FsOp op = op(random, true);
                String where = "seed=" + seed + " step=" + step + " op=" + op;
                FsState before = s;
                s = s.apply(op).next();
                Judgement now = s.crash().judge(s.tree());
                assertTrue(now.allowed(), () -> where + " " + now);
                assertTrue(before.crashDuring(op).judge(before.tree()).allowed(), where);
                if (op instanceof FsOp.FlushVolume) {
                    assertEquals(1, s.crash().prefixesAllowed(), where);
                }
                if (step % 10 == 9) {
                    FsState continued = ((Judgement.Allowed) now).continued();
                    FsState original = s;
                    for (int i = 0; i < 5; i++) {
                        FsOp more = op(random, true);
                        FsState.Step a = continued.apply(more);
                        FsState.Step b = original.apply(more);
                        assertEquals(b.ok() ? null : b.error().kind(), a.ok() ? null : a.error().kind(),
                                where + " then " + more);
                        assertEquals(b.next().tree(), a.next().tree(), where + " then " + more);
                        continued = a.next();
                        original = b.next();
                    }
                }
            }
        }
    }
}
