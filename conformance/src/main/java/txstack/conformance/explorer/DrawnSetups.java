package txstack.conformance.explorer;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One suite over several setups (e.g. sector sizes), one drawn per workload from its case seed: a run of the default
 * options covers each, a workload keeps its setup when replayed or shrunk (the case seed decides), and the report
 * counts the workloads of each ({@link #counter}). The same workload index on the same setup fixed by hand draws the
 * same steps.
 *
 * @param <S> the suites' step type
 */
public final class DrawnSetups<S> implements CaseRunner<S> {
    private static final long SETUP_KEY = 0x5e7_0b5L;

    private final List<? extends CaseRunner<S>> suites;
    private final List<Stats.Counter> counters;

    /**
     * @param suites   the suite bound to each setup
     * @param counters per suite, the counter its workloads add to (e.g. workloads on 4096-byte sectors), or null
     */
    public DrawnSetups(List<? extends CaseRunner<S>> suites, List<Stats.Counter> counters) {
        if (suites.isEmpty() || counters.size() != suites.size()) {
            throw new IllegalArgumentException("one counter slot per suite: suites=" + suites.size() + " counters="
                    + counters.size());
        }
        this.suites = List.copyOf(suites);
        this.counters = counters;
    }

    /** Which setup a workload of this case seed runs on: {@code 0 .. setups-1}. */
    public static int drawn(long caseSeed, int setups) {
        return (int) Math.floorMod(Seeds.derive(caseSeed, SETUP_KEY), (long) setups);
    }

    /** The suite a workload of this case seed runs on. */
    public CaseRunner<S> suiteOf(long caseSeed) {
        return suites.get(drawn(caseSeed, suites.size()));
    }

    @Override
    public List<S> generate(RandomGenerator random, int stepsMax) {
        throw new UnsupportedOperationException("harness: a workload of drawn setups needs its case seed; call "
                + "workload(index, caseSeed, stepsMax)");
    }

    @Override
    public List<S> workload(int index, long caseSeed, int stepsMax) {
        return suiteOf(caseSeed).workload(index, caseSeed, stepsMax);
    }

    @Override
    public Optional<Failure<S>> run(List<S> steps, long caseSeed, CaseContext context) {
        int setup = drawn(caseSeed, suites.size());
        if (counters.get(setup) != null) {
            context.stats().increment(counters.get(setup));
        }
        return suites.get(setup).run(steps, caseSeed, context);
    }

    @Override
    public List<S> simplerSteps(S step) {
        return suites.getFirst().simplerSteps(step);
    }
}
