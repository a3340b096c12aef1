package txstack.conformance.volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashPoint;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CrashStateReplay;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.Violation;
import txstack.spi.volume.VolumeEngine;
import txstack.model.volume.CrashedVolume;

/**
 * The crash states of one step: a power loss after each device operation it issued on any member (and during each
 * force-unit-access write), hitting every member at once. Per member, the images of its own crash point are chosen
 * as {@link CaseContext#imageChoices} directs; across members, their product when small, else a seeded sample of at
 * most {@link VolumeRun#COMBINATIONS_MAX} combinations that starts with "all landed" and "all lost".
 */
final class VolumeCrashes {
    private final VolumeEngine engine;
    private final VolumeSetup setup;
    private final CaseContext context;
    private final List<MemberDisk.Entry> journal;
    private final long blockCount;

    VolumeCrashes(VolumeEngine engine, VolumeSetup setup, CaseContext context, List<MemberDisk.Entry> journal,
                  long blockCount) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
        this.journal = journal;
        this.blockCount = blockCount;
    }

    void explore(int step, int from, int to, List<MemberDisk> present, CrashedVolume crashed) {
        List<Integer> entries = new ArrayList<>();
        for (int e = from; e < to; e++) {
            if (present.contains(journal.get(e).disk())) {
                entries.add(e);
            }
        }
        for (int e : context.sampleCrashPoints(entries, step)) {
            MemberDisk.Entry entry = journal.get(e);
            if (entry.disk().isForceUnitAccessWrite(entry.opIndex())) {
                explorePoint(step, e, true, present, crashed);
            }
            explorePoint(step, e, false, present, crashed);
        }
    }

    /**
     * A power loss after the step returned, at its last device operation: checked against the state after the step.
     * It differs from the last crash point {@link #explore} checks only where the step's completion must be durable
     * once it returns: a rebuild whose replacement must then come back healthy (VOL-7).
     */
    void exploreAtRest(int step, int lastEntry, List<MemberDisk> present, CrashedVolume after) {
        explorePoint(step, lastEntry, false, present, after);
    }

    private void explorePoint(int step, int entry, boolean during, List<MemberDisk> present, CrashedVolume crashed) {
        if (context.exhausted()) {
            return;
        }
        context.stats().increment(Stats.Counter.CRASH_POINTS);
        List<CrashPoint> points = new ArrayList<>();
        List<List<int[]>> choices = new ArrayList<>();
        for (MemberDisk d : present) {
            CrashPoint p = VolumeRun.pointAt(journal, d, entry, during && d == journal.get(entry).disk());
            points.add(p);
            choices.add(context.imageChoices(p, entry, during ? 1 : 0, d.slot));
        }
        List<int[][]> combinations = combine(choices, context.random(entry, during ? 1 : 0, -1));
        VolumeCheck check = new VolumeCheck(engine, setup, context, blockCount);
        for (int c = 0; c < combinations.size(); c++) {
            int[][] combination = combinations.get(c);
            long[] keys = {entry, during ? 1 : 0, c};
            context.stats().increment(Stats.Counter.CRASH_STATES);
            if (crashed.before().liveSectorErrors() > 0) {
                context.stats().increment(Stats.Counter.FAULT_STATES);
            }
            boolean sweep = context.crashDuringRecovery(c);
            Optional<Violation> v = check.check(present, points, combination, crashed, keys, sweep);
            if (v.isPresent()) {
                String where = "crash " + (during ? "during" : "after") + " device operation #" + entry + " (member "
                        + journal.get(entry).disk().slot + " op " + journal.get(entry).opIndex() + ") of step "
                        + step + "\n" + describe(present, points, combination);
                throw new VolumeRun.Found(v.get().withDetails(where), Optional.of(replay(check, present, points,
                        combination, crashed, keys, sweep)));
            }
        }
    }

    static String describe(List<MemberDisk> present, List<CrashPoint> points, int[][] combination) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < present.size(); i++) {
            out.append("member ").append(present.get(i).slot).append(": ")
                    .append(points.get(i).describe(combination[i])).append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static CrashStateReplay replay(VolumeCheck check, List<MemberDisk> present, List<CrashPoint> points,
                                           int[][] combination, CrashedVolume crashed, long[] keys,
                                           boolean sweep) {
        int[] flat = flatten(combination);
        return new CrashStateReplay() {
            @Override
            public int[] choice() {
                return flat.clone();
            }

            @Override
            public Optional<Violation> recheck(int[] choice) {
                int[][] split = split(choice, combination);
                return check.check(present, points, split, crashed, keys, sweep)
                        .map(v -> v.withDetails(describe(present, points, split)));
            }
        };
    }

    static int[] flatten(int[][] combination) {
        int n = 0;
        for (int[] c : combination) {
            n += c.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] c : combination) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    static int[][] split(int[] flat, int[][] shape) {
        int[][] out = new int[shape.length][];
        int at = 0;
        for (int i = 0; i < shape.length; i++) {
            out[i] = Arrays.copyOfRange(flat, at, at + shape[i].length);
            at += shape[i].length;
        }
        return out;
    }

    /** One choice per member: the full product if small, else the zipped lists plus seeded mixes. */
    static List<int[][]> combine(List<List<int[]>> choices, RandomGenerator random) {
        long product = 1;
        for (List<int[]> c : choices) {
            product = Math.min(Long.MAX_VALUE / 64, product * c.size());
        }
        List<int[][]> out = new ArrayList<>();
        if (product <= VolumeRun.COMBINATIONS_MAX) {
            for (long n = 0; n < product; n++) {
                int[][] one = new int[choices.size()][];
                long rest = n;
                for (int m = 0; m < choices.size(); m++) {
                    one[m] = choices.get(m).get((int) (rest % choices.get(m).size()));
                    rest /= choices.get(m).size();
                }
                out.add(one);
            }
            return out;
        }
        int longest = choices.stream().mapToInt(List::size).max().orElse(1);
        for (int i = 0; i < longest && out.size() < VolumeRun.COMBINATIONS_MAX / 2; i++) {
            int[][] one = new int[choices.size()][];
            for (int m = 0; m < choices.size(); m++) {
                one[m] = choices.get(m).get(i % choices.get(m).size());
            }
            out.add(one);
        }
        while (out.size() < VolumeRun.COMBINATIONS_MAX) {
            int[][] one = new int[choices.size()][];
            for (int m = 0; m < choices.size(); m++) {
                one[m] = choices.get(m).get(random.nextInt(choices.get(m).size()));
            }
            out.add(one);
        }
        return out;
    }
}
