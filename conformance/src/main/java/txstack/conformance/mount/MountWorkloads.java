package txstack.conformance.mount;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.ImageSpec;
import txstack.model.mount.ReparseTags;

/**
 * The mount suite's workloads over the suite's volumes, a few letters and a few paths (some through mount points,
 * some by volume name). In exhaustive mode the first workloads are a fixed list of patterns, each with a crash at
 * every device operation: arrivals and letter moves; an absent volume keeping its letter; a mount point used,
 * its volume removed and back after a reboot; an HSM migration and recall; a migration through a mount point and a
 * recall after a reboot; reparse points at their limits; a loop of mount points against the bound on reparses.
 * After them, and in random mode, seeded sequences of every step with power losses and reboots.
 */
final class MountWorkloads {
    /** A tag no owner in the mount layer handles (Microsoft's bit set, no name surrogate, no directory bit). */
    static final int FOREIGN_TAG = 0x80000017;
    /** Another such tag. */
    static final int OTHER_TAG = 0x80000018;
    /** A tag allowed on a directory with entries (Microsoft's bit and the directory bit, 28, set). */
    static final int DIRECTORY_TAG = 0x90000019;
    /** A tag of another vendor (bit 31 clear). */
    static final int VENDOR_TAG = 0x0000A001;
    /** The deepest chain of reparses a resolution may take (NT's bound). */
    static final int REPARSES_MAX = 63;

    private static final List<String> DIRECTORIES = List.of("C:\\A", "C:\\M", "D:\\B", "@2\\N");
    private static final List<String> FILES = List.of("C:\\F", "C:\\A\\G", "C:\\M\\F", "D:\\F", "@1\\F", "E:\\H",
            "@3\\F", "D:\\B\\F");
    private static final char[] LETTERS = {'C', 'D', 'E', 'P'};

    private final int volumeCount;

    MountWorkloads(int volumeCount) {
        this.volumeCount = volumeCount;
    }

    /** How many fixed patterns open the exhaustive mode. */
    static int patternCount() {
        return 7;
    }

    /** Pattern {@code k} of the exhaustive mode. */
    List<MountStep> pattern(int k) {
        return switch (k) {
            case 0 -> List.of(arrive(1), new MountStep.Arrive(2, 'C'), new MountStep.AssignLetter(2, 'P'),
                    new MountStep.RemoveLetter('P'), new MountStep.Arrive(3, 'E'), new MountStep.Restart(List.of(1,
                    2, 3)));
            case 1 -> List.of(arrive(1), arrive(2), new MountStep.Remove(2), new MountStep.Arrive(3, 'D'), arrive(2),
                    new MountStep.Check());
            case 2 -> List.of(arrive(1), arrive(2), new MountStep.CreateDirectory("C:\\M"),
                    new MountStep.CreateMountPoint("C:\\M", 2), new MountStep.CreateFile("C:\\M\\F"),
                    new MountStep.WriteFile("C:\\M\\F", 5, 700), new MountStep.Open("C:\\M\\F"),
                    new MountStep.Open("D:\\F"), new MountStep.Resolve("@2\\F"), new MountStep.Remove(2),
                    new MountStep.Open("C:\\M\\F"), new MountStep.Restart(List.of(1, 2)),
                    new MountStep.Open("C:\\M\\F"));
            case 3 -> List.of(arrive(1), new MountStep.CreateFile("C:\\F"), new MountStep.WriteFile("C:\\F", 2, 1500),
                    new MountStep.MigrateOffline("C:\\F"), new MountStep.Open("C:\\F"),
                    new MountStep.MigrateOffline("C:\\F"), new MountStep.WriteFile("C:\\F", 6, 300),
                    new MountStep.Check());
            case 4 -> List.of(arrive(1), arrive(2), new MountStep.CreateDirectory("C:\\M"),
                    new MountStep.CreateMountPoint("C:\\M", 2), new MountStep.CreateFile("C:\\M\\F"),
                    new MountStep.WriteFile("C:\\M\\F", 5, 900), new MountStep.MigrateOffline("C:\\M\\F"),
                    new MountStep.Restart(List.of(1, 2)), new MountStep.Open("@2\\F"), new MountStep.Check());
            case 5 -> List.of(arrive(1), new MountStep.CreateDirectory("C:\\A"), new MountStep.CreateFile("C:\\A\\G"),
                    new MountStep.SetReparsePoint("C:\\A\\G", FOREIGN_TAG, 16_384),
                    new MountStep.SetReparsePoint("C:\\A\\G", FOREIGN_TAG, 16_385),
                    new MountStep.SetReparsePoint("C:\\A\\G", OTHER_TAG, 4), new MountStep.Open("C:\\A\\G"),
                    new MountStep.SetReparsePoint("C:\\A", FOREIGN_TAG, 4),
                    new MountStep.SetReparsePoint("C:\\A", DIRECTORY_TAG, 4), new MountStep.Open("C:\\A\\G"),
                    new MountStep.MigrateOffline("C:\\A\\G"), new MountStep.DeleteReparsePoint("C:\\A\\G"),
                    new MountStep.DeleteReparsePoint("C:\\A\\G"), new MountStep.Check());
            case 6 -> List.of(arrive(1), new MountStep.CreateDirectory("C:\\L"),
                    new MountStep.CreateMountPoint("C:\\L", 1), new MountStep.CreateFile("C:\\F"),
                    new MountStep.Resolve(loop(REPARSES_MAX)), new MountStep.Open(loop(REPARSES_MAX + 1)),
                    new MountStep.Resolve("C:\\L"));
            default -> throw new IllegalArgumentException("no pattern " + k + " (0.." + (patternCount() - 1) + ")");
        };
    }

    private static MountStep arrive(int k) {
        return new MountStep.Arrive(k, (char) 0);
    }

    /** {@code C:\L\L...\L\F}: through the loop C:\L (a mount point of C: itself) {@code reparses} times. */
    static String loop(int reparses) {
        return "C:" + "\\L".repeat(reparses) + "\\F";
    }

    /** A seeded sequence of at most {@code stepsMax} steps. */
    List<MountStep> generate(RandomGenerator random, int stepsMax) {
        List<MountStep> steps = new ArrayList<>();
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < stepsMax; i++) {
            steps.add(next(random, i, present));
        }
        return steps;
    }

    private MountStep next(RandomGenerator random, int tag, List<Integer> present) {
        int volume = 1 + random.nextInt(volumeCount);
        String file = FILES.get(random.nextInt(FILES.size()));
        String dir = DIRECTORIES.get(random.nextInt(DIRECTORIES.size()));
        int action = random.nextInt(100);
        if (action < 12 || present.isEmpty()) {
            if (present.contains(volume)) {
                return new MountStep.Open(file);
            }
            present.add(volume);
            return new MountStep.Arrive(volume, random.nextInt(3) == 0 ? 0 : LETTERS[random.nextInt(LETTERS.length)]);
        } else if (action < 16) {
            int k = present.remove(random.nextInt(present.size()));
            return new MountStep.Remove(k);
        } else if (action < 21) {
            return new MountStep.AssignLetter(volume, LETTERS[random.nextInt(LETTERS.length)]);
        } else if (action < 24) {
            return new MountStep.RemoveLetter(LETTERS[random.nextInt(LETTERS.length)]);
        } else if (action < 33) {
            return new MountStep.CreateDirectory(dir);
        } else if (action < 42) {
            return new MountStep.CreateFile(file);
        } else if (action < 56) {
            return new MountStep.WriteFile(file, tag, random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2500));
        } else if (action < 61) {
            int reparseTag = switch (random.nextInt(4)) {
                case 0 -> FOREIGN_TAG;
                case 1 -> VENDOR_TAG;
                case 2 -> DIRECTORY_TAG;
                default -> ReparseTags.MOUNT_POINT;
            };
            int dataBytes = random.nextInt(10) == 0 ? 16_385 : random.nextInt(64);
            return new MountStep.SetReparsePoint(random.nextBoolean() ? file : dir, reparseTag, dataBytes);
        } else if (action < 64) {
            return new MountStep.DeleteReparsePoint(random.nextBoolean() ? file : dir);
        } else if (action < 70) {
            return new MountStep.CreateMountPoint(dir, volume);
        } else if (action < 78) {
            return new MountStep.MigrateOffline(file);
        } else if (action < 88) {
            return new MountStep.Open(random.nextInt(4) == 0 ? dir : file);
        } else if (action < 91) {
            return new MountStep.Resolve(random.nextBoolean() ? dir : file);
        } else if (action < 93) {
            return new MountStep.Check();
        } else if (action < 96) {
            List<Integer> arrivals = new ArrayList<>();
            for (int k = 1; k <= volumeCount; k++) {
                if (random.nextInt(4) != 0) {
                    arrivals.add(k);
                }
            }
            Collections.shuffle(arrivals, random);
            present.clear();
            present.addAll(arrivals);
            return new MountStep.Restart(arrivals);
        }
        return new MountStep.Crash(random.nextInt(6), random.nextBoolean() ? new ImageSpec.AllLost()
                : new ImageSpec.Random(random.nextLong()));
    }
}
