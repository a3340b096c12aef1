package txstack.conformance.explorer;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One suite over several setups (e.g. sector sizes), one drawn per workload from its case seed: a run of the default
 * options covers each, a workload keeps its setup when replayed or shrunk (the case seed decides), and the report
 * counts the workloads of each ({@link Stats#ranOn}). The same workload index on the same setup fixed by hand draws the
 * same steps.
 *
 * @param <S> the suites' step type
 */
public final class DrawnSetups<S> implements CaseRunner<S> {
    private static final long SETUP_KEY = 0x5e7_0b5L;

    private final List<? extends CaseRunner<S>> suites;
    private final List<String> labels;

    /**
     * @param suites the suite bound to each setup
     * @param labels per suite, its setup as the report names it (e.g. {@code 4096-byte sectors})
     */
    public DrawnSetups(List<? extends CaseRunner<S>> suites, List<String> labels) {
        if (suites.isEmpty() || labels.size() != suites.size()) {
            throw new IllegalArgumentException("one label per suite: suites=" + suites.size() + " labels="
                    + labels.size());
        }
        this.suites = List.copyOf(suites);
        this.labels = List.copyOf(labels);
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
        context.stats().ranOn(labels.get(setup));
        return suites.get(setup).run(steps, caseSeed, context);
    }

    /** The suites' simpler steps, which depend on the step alone (every suite here shares its workload type). */
    @Override
    public List<S> simplerSteps(S step) {
        return suites.getFirst().simplerSteps(step);
    }
}
