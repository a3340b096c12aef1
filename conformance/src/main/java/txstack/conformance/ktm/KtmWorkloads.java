package txstack.conformance.ktm;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.ImageSpec;

/**
 * The transaction suite's workloads over the items of the resource managers an engine offers: {@code fs:\f0..f2}
 * and, with a registry, {@code reg:\Software\Txstack:v0..v2}, and, with an engine that hosts participants, the suite
 * participant's {@code ext:c0..c1}. In exhaustive mode the first workloads are a fixed list of patterns (a commit at
 * one and at two resource managers, a rollback, plain changes, two transactions meeting at an item, a restart with a
 * transaction open, calls on ended transactions, a refusal to prepare, a commit across three resource managers, a
 * transaction at the participant alone), each with a crash at every device operation; after them, and in random mode,
 * seeded interleavings of up to three transactions with plain calls, refusals, power losses and restarts.
 */
final class KtmWorkloads {
    static final List<String> FILES = List.of("fs:\\f0", "fs:\\f1", "fs:\\f2");
    static final List<String> VALUES = List.of("reg:\\Software\\Txstack:v0", "reg:\\Software\\Txstack:v1",
            "reg:\\Software\\Txstack:v2");
    /** The suite participant's items, with an engine that hosts participants. */
    static final List<String> EXTERNAL = List.of(SuiteParticipant.NAME + ":c0", SuiteParticipant.NAME + ":c1");
    /** Transactions open at once in random workloads. */
    private static final int OPEN_MAX = 3;

    private final List<String> items;
    /** The second resource manager's first item, or another file without one. */
    private final String other;
    private final String other2;
    /** Whether the suite participant takes part: its items and refusals are drawn too. */
    private final boolean external;

    KtmWorkloads(List<String> resourceManagers, boolean external) {
        List<String> all = new ArrayList<>(FILES);
        boolean registry = resourceManagers.contains("reg");
        if (registry) {
            all.addAll(VALUES);
        }
        if (external) {
            all.addAll(EXTERNAL);
        }
        this.external = external;
        this.items = List.copyOf(all);
        this.other = registry ? VALUES.get(0) : FILES.get(2);
        this.other2 = registry ? VALUES.get(1) : FILES.get(2);
    }

    /** Every item a workload may touch. */
    List<String> items() {
        return items;
    }

    /** Whether the suite participant takes part. */
    boolean external() {
        return external;
    }

    /**
     * How many fixed patterns open the exhaustive mode; the last four need the suite participant and, on an engine
     * without it, run the same steps with a file in place of its item and no refusal.
     */
    static int patternCount() {
        return 16;
    }

    /** Pattern {@code k} of the exhaustive mode. */
    List<KtmStep> pattern(int k) {
        String f0 = FILES.get(0);
        String f1 = FILES.get(1);
        return switch (k) {
            case 0 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Commit("t1"));
            case 1 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Append("t1", f1,
                    2), new KtmStep.Commit("t1"));
            case 2 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Append("t1",
                    other, 2), new KtmStep.Commit("t1"));
            case 3 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Append("t1",
                    other, 2), new KtmStep.Rollback("t1"), new KtmStep.Check());
            case 4 -> List.of(new KtmStep.Append(null, f0, 1), new KtmStep.Append(null, other, 2));
            case 5 -> List.of(new KtmStep.Write(null, f0, 1), new KtmStep.Append(null, f0, 2), new KtmStep.Write(
                    null, other, 3));
            case 6 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Begin("t2"), new KtmStep.Append("t1", f0, 1),
                    new KtmStep.Append("t2", f0, 2), new KtmStep.Append("t2", other, 3), new KtmStep.Commit("t1"),
                    new KtmStep.Append("t2", f0, 4), new KtmStep.Commit("t2"));
            case 7 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Append(null, f0,
                    2), new KtmStep.Read(null, f0), new KtmStep.Read("t1", f0), new KtmStep.Append(null, other, 3),
                    new KtmStep.Commit("t1"), new KtmStep.Read(null, f0));
            case 8 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Begin("t2"), new KtmStep.Append("t1", f0, 1),
                    new KtmStep.Append("t1", other, 2), new KtmStep.Append("t2", f1, 3), new KtmStep.Append("t2",
                    other2, 4), new KtmStep.Commit("t2"), new KtmStep.Commit("t1"));
            case 9 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Write("t1", f0, 1), new KtmStep.Append("t1",
                    other, 2), new KtmStep.Restart(), new KtmStep.Commit("t1"), new KtmStep.Append(null, f0, 3));
            case 10 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Append("t1", f1,
                    2), new KtmStep.Append("t1", other, 3), new KtmStep.Append("t1", other2, 4),
                    new KtmStep.Commit("t1"), new KtmStep.Begin("t2"), new KtmStep.Append("t2", f0, 5),
                    new KtmStep.Rollback("t2"), new KtmStep.Check());
            case 11 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Commit("t1"),
                    new KtmStep.Append("t1", f0, 2), new KtmStep.Commit("t1"), new KtmStep.Rollback("t1"));
            case 12 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Append("t1",
                    ext(0), 2), refusal(), new KtmStep.Commit("t1"), new KtmStep.Check(), new KtmStep.Append(null,
                    ext(0), 3));
            case 13 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", f0, 1), new KtmStep.Append("t1",
                    other, 2), new KtmStep.Append("t1", ext(0), 3), new KtmStep.Commit("t1"));
            case 14 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", ext(0), 1), new KtmStep.Append(
                    null, ext(1), 2), new KtmStep.Append(null, ext(0), 3), new KtmStep.Commit("t1"),
                    new KtmStep.Append(null, ext(0), 4));
            case 15 -> List.of(new KtmStep.Begin("t1"), new KtmStep.Append("t1", ext(0), 1), refusal(),
                    new KtmStep.Commit("t1"), new KtmStep.Append(null, ext(0), 2), new KtmStep.Check());
            default -> throw new IllegalArgumentException("no pattern " + k + " (0.." + (patternCount() - 1) + ")");
        };
    }

    /** The suite participant's item {@code i}, or without it the last file. */
    private String ext(int i) {
        return external ? EXTERNAL.get(i) : FILES.get(2);
    }

    /** The suite participant refuses its next prepare, or without it a plain read. */
    private KtmStep refusal() {
        return external ? new KtmStep.Refuse(SuiteParticipant.NAME) : new KtmStep.Read(null, FILES.get(2));
    }

    /** A seeded interleaving of at most {@code stepsMax} steps. */
    List<KtmStep> generate(RandomGenerator random, int stepsMax) {
        List<KtmStep> steps = new ArrayList<>();
        List<String> open = new ArrayList<>();
        int begun = 0;
        for (int i = 0; i < stepsMax; i++) {
            String item = items.get(random.nextInt(items.size()));
            String tx = open.isEmpty() || random.nextInt(5) == 0 ? null : open.get(random.nextInt(open.size()));
            int action = random.nextInt(100);
            if (action < 15 && open.size() < OPEN_MAX) {
                String name = "t" + ++begun;
                open.add(name);
                steps.add(new KtmStep.Begin(name));
            } else if (action < 55) {
                steps.add(new KtmStep.Append(tx, item, i));
            } else if (action < 62) {
                steps.add(new KtmStep.Write(tx, item, i));
            } else if (action < 72) {
                steps.add(new KtmStep.Read(tx, item));
            } else if (action < 86 && tx != null) {
                open.remove(tx);
                steps.add(new KtmStep.Commit(tx));
            } else if (action < 91 && tx != null) {
                open.remove(tx);
                steps.add(new KtmStep.Rollback(tx));
            } else if (action < 95) {
                steps.add(new KtmStep.Crash(random.nextInt(6), random.nextBoolean() ? new ImageSpec.AllLost()
                        : new ImageSpec.Random(random.nextLong())));
                open.clear();
            } else if (action < 97) {
                steps.add(new KtmStep.Restart());
                open.clear();
            } else if (action < 98 && external) {
                steps.add(refusal());
            } else {
                steps.add(new KtmStep.Check());
            }
        }
        return steps;
    }
}
