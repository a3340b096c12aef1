package txstack.model.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;

/**
 * Seeded random workloads over five volumes, a few letters and a small name pool (so many operations fail):
 * properties the mount contract gives whatever the operations. A failure names the seed and step; replay with
 * {@code -Dtest=MountRandomTest}.
 */
class MountRandomTest {
    private static final long SEED = 20261201L;
    private static final int WORKLOADS = 40;
    private static final int WORKLOAD_OPS = 80;
    private static final List<VolumeId> VOLUMES = List.of(MountTesting.SYSTEM, MountTesting.DATA,
            MountTesting.PROJECTS, MountTesting.USB, VolumeId.dynamic("b2"));
    private static final char[] LETTERS = {'C', 'D', 'E', 'p', 'Z', '1'};
    private static final List<String> NAMES = List.of("a", "B", "m");

    /** Mostly a path on a present volume with a letter, mostly shallow. */
    private static String path(SplittableRandom random, MountState s) {
        List<String> letters = s.namespace().keySet().stream().filter(k -> k.endsWith(":")).toList();
        StringBuilder p = new StringBuilder();
        if (letters.isEmpty() || random.nextInt(5) == 0) {
            p.append(LETTERS[random.nextInt(LETTERS.length - 1)]).append(':');
        } else {
            p.append(letters.get(random.nextInt(letters.size())).substring(MountState.LINK_PREFIX.length()));
        }
        int depth = random.nextInt(10) < 6 ? 1 : random.nextInt(4) > 0 ? 2 : 3;
        for (int i = 0; i < depth; i++) {
            p.append('\\').append(NAMES.get(random.nextInt(NAMES.size())));
        }
        return p.toString();
    }

    private static MountOp op(SplittableRandom random, MountState s) {
        List<VolumeId> absent = VOLUMES.stream().filter(v -> !s.present().contains(v)).toList();
        VolumeId any = VOLUMES.get(random.nextInt(VOLUMES.size()));
        char letter = LETTERS[random.nextInt(LETTERS.length)];
        String p = path(random, s);
        return switch (random.nextInt(12)) {
            case 0 -> absent.isEmpty() ? new MountOp.Open(p) : new MountOp.VolumeArrives(
                    absent.get(random.nextInt(absent.size())), random.nextBoolean() ? letter == '1' ? 'Q' : letter
                    : MountDatabase.NO_LETTER);
            case 1 -> s.present().isEmpty() || random.nextInt(3) > 0 ? new MountOp.CreateFile(p)
                    : new MountOp.VolumeRemoved(s.present().get(random.nextInt(s.present().size())));
            case 2 -> new MountOp.AssignLetter(any, letter);
            case 3 -> random.nextBoolean() ? new MountOp.RemoveLetter(letter) : new MountOp.Open(p);
            case 4 -> new MountOp.CreateDirectory(p);
            case 5 -> new MountOp.CreateFile(p);
            case 6 -> new MountOp.WriteFile(p, Bytes.of(new byte[] {(byte) random.nextInt(256)}));
            case 7 -> new MountOp.CreateMountPoint(p, MountDatabase.volumeNameNumber(1 + random.nextInt(5)));
            case 8 -> new MountOp.MigrateOffline(p);
            case 9 -> new MountOp.Open(p);
            case 10 -> new MountOp.DeleteReparsePoint(p);
            default -> {
                List<MountOp.VolumeArrives> arrivals = new ArrayList<>();
                for (VolumeId v : VOLUMES) {
                    if (random.nextBoolean()) {
                        arrivals.add(MountOp.VolumeArrives.of(v));
                    }
                }
                yield new MountOp.Reboot(arrivals);
            }
        };
    }

    @Test
    void everyStepKeepsTheContractsInvariantsAndEveryCrashOutcomeIsJudgedAllowed() {
        int succeeded = 0;
        int crashOutcomes = 0;
        for (int w = 0; w < WORKLOADS; w++) {
            long seed = SEED + w;
            SplittableRandom random = new SplittableRandom(seed);
            MountState s = MountState.initial();
            for (int step = 0; step < WORKLOAD_OPS; step++) {
                MountOp op = op(random, s);
                String where = "seed=" + seed + " step=" + step + " op=" + op;
                MountState.Step result = s.apply(op);
                CrashedMount crashed = s.crashDuring(op);
                assertEquals(s, crashed.outcomes().getFirst(), where);
                assertEquals(result.next(), crashed.outcomes().getLast(), where);
                for (MountState o : crashed.outcomes()) {
                    assertTrue(crashed.judge(o.observe()).allowed(), where);
                    assertNoOfflineFileWithoutCopy(o, where);
                    crashOutcomes++;
                }
                if (!result.ok()) {
                    assertEquals(s, result.next(), where + ": a failing operation changes nothing");
                } else {
                    succeeded++;
                    assertOnlyLetterOpsChangeKnownEntries(s, result.next(), op, where);
                }
                s = result.next();
                assertNamespaceIsTheDatabasesLinks(s, where);
            }
        }
        assertTrue(succeeded > WORKLOADS * WORKLOAD_OPS / 4, "too few operations succeeded: " + succeeded);
        assertTrue(crashOutcomes > succeeded, "crash outcomes counted: " + crashOutcomes);
    }

    private static void assertNoOfflineFileWithoutCopy(MountState s, String where) {
        for (VolumeId v : VOLUMES) {
            if (s.database().entry(v).isEmpty()) {
                continue;
            }
            for (Map.Entry<String, VolumeTree.Node> n : s.tree(v).nodes().entrySet()) {
                if (n.getValue().offline()) {
                    String key = Utf16.decode(n.getValue().reparse().data());
                    assertTrue(s.offlineStore().copies().containsKey(key), where + ": " + n.getKey() + " key=" + key);
                }
            }
        }
    }

    private static void assertOnlyLetterOpsChangeKnownEntries(MountState before, MountState after, MountOp op,
            String where) {
        if (op instanceof MountOp.AssignLetter || op instanceof MountOp.RemoveLetter) {
            return;
        }
        before.database().entries().forEach((v, e) ->
                assertEquals(e, after.database().entry(v).orElseThrow(), where + ": entry of " + v + " changed"));
    }

    private static void assertNamespaceIsTheDatabasesLinks(MountState s, String where) {
        int links = 0;
        for (VolumeId v : s.present()) {
            MountDatabase.Entry e = s.database().entry(v).orElseThrow();
            assertEquals(v, s.namespace().get(e.volumeName()), where);
            links++;
            if (e.hasLetter()) {
                assertEquals(v, s.namespace().get("\\??\\" + e.letter() + ":"), where);
                links++;
            }
        }
        assertEquals(links, s.namespace().size(), where);
    }
}
