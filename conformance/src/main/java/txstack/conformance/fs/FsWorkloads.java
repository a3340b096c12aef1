package txstack.conformance.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.ImageSpec;

/**
 * The suite's workloads. Every run starts from the same small tree ({@link #SETUP}, made durable by a volume flush).
 *
 * <p><b>Bounded-exhaustive</b> (ACE's method): every sequence of one and of two {@linkplain #CORE core operations},
 * each followed by one of {@value #PERSISTENCE} persistence choices (nothing, a flush of the node the operation
 * acted on, a flush of that node's directory, a flush of the volume). Workload {@code 0 .. oneOpCount()-1} are the
 * one-operation sequences in order; the two-operation ones follow in a fixed scrambled order, so any prefix of them
 * is a spread-out sample; past the end workloads are drawn at random.
 *
 * <p><b>Random</b>: long workloads over a larger namespace (directories two deep, names enough to split a
 * directory's index), with writes that extend, overwrite and leave gaps, truncations, reparse points, flushes of
 * nodes and of the volume, reads of the whole tree, clean remounts and power losses.
 */
final class FsWorkloads {
    /** A safety net on workload length, whatever the options ask. */
    static final int STEPS_MAX = 1_000;
    /** Persistence choices after each core operation. */
    static final int PERSISTENCE = 4;
    /** The reparse tag of a mount point (IO_REPARSE_TAG_MOUNT_POINT). */
    static final int MOUNT_POINT_TAG = 0xA000_0003;
    /** The reparse tag of an HSM placeholder (IO_REPARSE_TAG_HSM). */
    static final int HSM_TAG = 0xC000_0004;

    /** The tree every workload starts from, flushed: {@code \A\foo} (1,200 bytes) and {@code \bar} (3,000 bytes). */
    static final List<FsStep> SETUP = List.of(
            new FsStep.CreateDirectory("\\A"),
            new FsStep.CreateFile("\\A\\foo"),
            new FsStep.Write("\\A\\foo", 0, 1200, 0xf00),
            new FsStep.CreateFile("\\bar"),
            new FsStep.Write("\\bar", 0, 3000, 0xba5),
            new FsStep.FlushVolume());

    /** The core operations of the bounded-exhaustive space; some fail unless an earlier one prepared them. */
    static final List<FsStep> CORE = List.of(
            new FsStep.CreateFile("\\baz"),
            new FsStep.CreateFile("\\A\\qux"),
            new FsStep.CreateDirectory("\\B"),
            new FsStep.CreateDirectory("\\A\\D"),
            new FsStep.Delete("\\bar"),
            new FsStep.Delete("\\A\\foo"),
            new FsStep.Delete("\\A"),
            new FsStep.Rename("\\bar", "\\A\\bar"),
            new FsStep.Rename("\\bar", "\\baz"),
            new FsStep.Rename("\\A\\foo", "\\bar"),
            new FsStep.Rename("\\A", "\\B"),
            new FsStep.Rename("\\A\\foo", "\\A\\FOO"),
            new FsStep.Write("\\bar", 100, 700, 0x11),
            new FsStep.Write("\\bar", 2900, 2000, 0x12),
            new FsStep.Write("\\A\\foo", 1000, 2500, 0x13),
            new FsStep.Write("\\baz", 0, 1000, 0x14),
            new FsStep.SetSize("\\bar", 100),
            new FsStep.SetSize("\\A\\foo", 6000),
            new FsStep.SetTimes("\\bar", 132_000_000_000_000_000L, 133_000_000_000_000_000L),
            new FsStep.SetAttributes("\\A\\foo", 0x21),
            new FsStep.SetReparsePoint("\\A\\foo", HSM_TAG, 300, 0x15),
            new FsStep.DeleteReparsePoint("\\A\\foo"));

    /** Scrambles the two-operation space: a prime that divides no size of it. */
    private static final long SCRAMBLE = 1_000_003L;

    private final int nameLengthMax;

    FsWorkloads(int nameLengthMax) {
        this.nameLengthMax = nameLengthMax;
    }

    /** One-operation sequences. */
    static int oneOpCount() {
        return CORE.size() * PERSISTENCE;
    }

    /** Two-operation sequences. */
    static int twoOpCount() {
        return oneOpCount() * oneOpCount();
    }

    /** The bounded-exhaustive space: one- and two-operation sequences. */
    static int enumeratedCount() {
        return oneOpCount() + twoOpCount();
    }

    /** Member {@code index} of the bounded-exhaustive space. */
    static List<FsStep> enumerated(int index) {
        if (index < 0 || index >= enumeratedCount()) {
            throw new IndexOutOfBoundsException("no enumerated workload: index=" + index + " count="
                    + enumeratedCount());
        }
        List<FsStep> out = new ArrayList<>();
        if (index < oneOpCount()) {
            addOne(out, index);
            return out;
        }
        long scrambled = Math.floorMod((index - oneOpCount()) * SCRAMBLE + 7, (long) twoOpCount());
        addOne(out, (int) (scrambled / oneOpCount()));
        addOne(out, (int) (scrambled % oneOpCount()));
        return out;
    }

    /**
     * The index of {@code workload} in the bounded-exhaustive space.
     *
     * @throws IllegalArgumentException if it is not in the space
     */
    static int indexOf(List<FsStep> workload) {
        for (int i = 0; i < enumeratedCount(); i++) {
            if (enumerated(i).equals(workload)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not in the bounded-exhaustive space: " + workload);
    }

    private static void addOne(List<FsStep> out, int one) {
        FsStep op = CORE.get(one / PERSISTENCE);
        out.add(op);
        String node = target(op);
        switch (one % PERSISTENCE) {
            case 0 -> {
            }
            case 1 -> out.add(new FsStep.Flush(node));
            case 2 -> out.add(new FsStep.Flush(parent(node)));
            default -> out.add(new FsStep.FlushVolume());
        }
    }

    /** The node an operation acts on: a rename's target. */
    static String target(FsStep step) {
        return switch (step) {
            case FsStep.CreateFile s -> s.path();
            case FsStep.CreateDirectory s -> s.path();
            case FsStep.Delete s -> s.path();
            case FsStep.Rename s -> s.to();
            case FsStep.Write s -> s.path();
            case FsStep.SetSize s -> s.path();
            case FsStep.SetTimes s -> s.path();
            case FsStep.SetAttributes s -> s.path();
            case FsStep.SetReparsePoint s -> s.path();
            case FsStep.DeleteReparsePoint s -> s.path();
            case FsStep.Flush s -> s.path();
            default -> "\\";
        };
    }

    /** The directory a path is in; the root's is the root. */
    static String parent(String path) {
        int cut = path.lastIndexOf('\\');
        return cut <= 0 ? "\\" : path.substring(0, cut);
    }

    // ---- random workloads ----

    private static final String[] DIRECTORIES = {"\\", "\\A", "\\B", "\\A\\C", "\\B\\D"};
    private static final String[] FILE_NAMES = {"f", "g", "h", "log.txt", "Report.doc", "x"};

    List<FsStep> generate(RandomGenerator random, int stepsMax) {
        int steps = Math.min(stepsMax, STEPS_MAX);
        List<FsStep> out = new ArrayList<>(steps);
        while (out.size() < steps) {
            int roll = random.nextInt(100);
            if (roll < 10) {
                out.add(new FsStep.CreateFile(file(random)));
            } else if (roll < 15) {
                out.add(new FsStep.CreateDirectory(directory(random)));
            } else if (roll < 19) {
                // a burst of creates in one directory: enough names to split its index
                String dir = DIRECTORIES[random.nextInt(DIRECTORIES.length)];
                int count = 8 + random.nextInt(28);
                for (int i = 0; i < count && out.size() < steps; i++) {
                    out.add(new FsStep.CreateFile(child(dir, burstName(random))));
                }
            } else if (roll < 25) {
                out.add(new FsStep.Delete(random.nextInt(4) == 0 ? directory(random) : file(random)));
            } else if (roll < 33) {
                boolean dirs = random.nextInt(4) == 0;
                out.add(new FsStep.Rename(dirs ? directory(random) : file(random),
                        dirs ? directory(random) : file(random)));
            } else if (roll < 53) {
                out.add(write(random));
            } else if (roll < 58) {
                out.add(new FsStep.SetSize(file(random), random.nextInt(4) == 0 ? 0 : random.nextLong(9000)));
            } else if (roll < 61) {
                out.add(new FsStep.SetTimes(node(random), random.nextLong(1L << 60), random.nextLong(1L << 60)));
            } else if (roll < 63) {
                out.add(new FsStep.SetAttributes(node(random), random.nextInt(0x10000)));
            } else if (roll < 64) {
                // a mount point on a fresh directory, then a path through it: the open must reparse there (MNT-6)
                String dir = DIRECTORIES[random.nextInt(DIRECTORIES.length)];
                String mount = child(dir, "mnt" + random.nextInt(2));
                out.add(new FsStep.CreateDirectory(mount));
                out.add(new FsStep.SetReparsePoint(mount, MOUNT_POINT_TAG, 1 + random.nextInt(200),
                        random.nextInt(1 << 16)));
                out.add(random.nextBoolean() ? new FsStep.CreateFile(child(mount, "x"))
                        : new FsStep.Write(child(child(mount, "d"), "y"), 0, 10, 1));
            } else if (roll < 67) {
                boolean mountPoint = random.nextBoolean();
                out.add(new FsStep.SetReparsePoint(mountPoint ? directory(random) : file(random),
                        mountPoint ? MOUNT_POINT_TAG : HSM_TAG, reparseLength(random), random.nextInt(1 << 16)));
            } else if (roll < 69) {
                out.add(new FsStep.DeleteReparsePoint(node(random)));
            } else if (roll < 79) {
                out.add(new FsStep.Flush(node(random)));
            } else if (roll < 84) {
                out.add(new FsStep.FlushVolume());
            } else if (roll < 88) {
                out.add(new FsStep.Check());
            } else if (roll < 91) {
                out.add(new FsStep.Remount());
            } else {
                // A power loss, or one time in five of its random images a process crash: the same draws either way.
                int back = random.nextInt(6);
                ImageSpec image = image(random);
                out.add(image instanceof ImageSpec.Random r && Math.floorMod(r.seed(), 5) == 0
                        ? new FsStep.ProcessCrash(back) : new FsStep.Crash(back, image));
            }
        }
        return out.subList(0, steps);
    }

    private String burstName(RandomGenerator random) {
        String name = "a-longer-directory-entry-" + random.nextInt(64);
        return name.length() <= nameLengthMax ? name : name.substring(0, nameLengthMax);
    }

    private static int reparseLength(RandomGenerator random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(64);
            case 2 -> 1 + random.nextInt(4096);
            default -> 16 * 1024 - random.nextInt(2);
        };
    }

    private static FsStep write(RandomGenerator random) {
        String path = file(random);
        int tag = random.nextInt(1 << 16);
        return switch (random.nextInt(4)) {
            case 0 -> new FsStep.Write(path, random.nextLong(9000), 1 + random.nextInt(64), tag);
            case 1 -> new FsStep.Write(path, random.nextLong(4096), 1 + random.nextInt(3000), tag);
            case 2 -> new FsStep.Write(path, 512L * random.nextInt(16), 512 * (1 + random.nextInt(8)), tag);
            default -> new FsStep.Write(path, 0, 1 + random.nextInt(6000), tag);
        };
    }

    private static String file(RandomGenerator random) {
        return child(DIRECTORIES[random.nextInt(DIRECTORIES.length)], FILE_NAMES[random.nextInt(FILE_NAMES.length)]);
    }

    private static String directory(RandomGenerator random) {
        return DIRECTORIES[1 + random.nextInt(DIRECTORIES.length - 1)];
    }

    private static String node(RandomGenerator random) {
        return random.nextInt(3) == 0 ? DIRECTORIES[random.nextInt(DIRECTORIES.length)] : file(random);
    }

    private static String child(String dir, String name) {
        return dir.equals("\\") ? "\\" + name : dir + "\\" + name;
    }

    private static ImageSpec image(RandomGenerator random) {
        return switch (random.nextInt(3)) {
            case 0 -> new ImageSpec.AllLost();
            case 1 -> new ImageSpec.AllLanded();
            default -> new ImageSpec.Random(random.nextLong());
        };
    }

    /** Simpler versions of a step for shrinking. */
    static List<FsStep> simpler(FsStep step) {
        return switch (step) {
            case FsStep.Write w when w.lengthBytes() > 1 -> List.of(new FsStep.Write(w.path(), w.offset(), 1,
                    w.tag()));
            case FsStep.SetReparsePoint r when r.lengthBytes() > 0 -> List.of(new FsStep.SetReparsePoint(r.path(),
                    r.reparseTag(), 0, r.tag()));
            case FsStep.Crash c when !(c.image() instanceof ImageSpec.AllLost) || c.entriesBack() > 0 ->
                    List.of(new FsStep.Crash(0, new ImageSpec.AllLost()));
            case FsStep.ProcessCrash p when p.entriesBack() > 0 -> List.of(new FsStep.ProcessCrash(0));
            default -> List.of();
        };
    }
}
