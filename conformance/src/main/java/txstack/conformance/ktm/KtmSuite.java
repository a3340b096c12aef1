package txstack.conformance.ktm;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.WorkloadRun;
import txstack.spi.ktm.ParticipantHost;
import txstack.spi.ktm.TransactionEngine;
import txstack.spi.ktm.TransactionSession;

/**
 * The transaction suite bound to one engine, one setup and one mode: what the explorer runs. In {@link
 * Mode#EXHAUSTIVE} mode the first workloads are {@link KtmWorkloads}' fixed patterns, with a crash at every device
 * operation; after them, and in {@link Mode#RANDOM} mode, seeded interleavings. Written once against the SPI.
 */
public final class KtmSuite implements CaseRunner<KtmStep> {

    /** The properties the suite checks, in report order (the transactions contract's rules). */
    public static final List<ExplorationReport.Property> PROPERTIES = List.of(
            new ExplorationReport.Property(Requirement.KTM_1, "every call succeeds or fails as the transactions "
                    + "contract says; after a crash a transaction shows in every item it changed or in none"),
            new ExplorationReport.Property(Requirement.KTM_3, "a resource manager from outside the engine (the "
                    + "suite's own, ext) registers and takes part in its transactions as the engine's own do"),
            new ExplorationReport.Property(Requirement.KTM_4, "a resource manager that refuses to prepare rolls the "
                    + "transaction back everywhere and the commit fails with ABORTED"),
            new ExplorationReport.Property(Requirement.KTM_5, "after a crash every reported commit is there, the "
                    + "engine opens, and nothing stays in doubt or held"),
            new ExplorationReport.Property(Requirement.KTM_7, "a read shows exactly the committed value (or the "
                    + "reader's own change); a change of an item another transaction holds is refused; after a "
                    + "crash no change of a transaction that did not commit shows"));

    private final TransactionEngine engine;
    private final KtmSetup setup;
    private final Mode mode;
    private final KtmWorkloads workloads;

    public KtmSuite(TransactionEngine engine, KtmSetup setup, Mode mode) {
        this.engine = engine;
        this.setup = setup;
        this.mode = mode;
        this.workloads = workloadsOf(engine, setup);
    }

    /** The workloads over the resource managers a freshly formatted engine offers, the suite's own participant too. */
    private static KtmWorkloads workloadsOf(TransactionEngine engine, KtmSetup setup) {
        TransactionSession session;
        try {
            session = engine.format(setup.rig().devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format on " + setup + ": " + e, e);
        }
        List<String> rms = session.resourceManagers();
        if (!rms.contains("fs") || !rms.stream().allMatch(rm -> rm.equals("fs") || rm.equals("reg"))) {
            throw new ExplorationException("engine " + engine.name() + " offers resource managers " + rms
                    + "; the suite needs fs, and knows fs and reg", null);
        }
        return new KtmWorkloads(rms, session instanceof ParticipantHost);
    }

    /** The fixed patterns that open the exhaustive mode. */
    public static int patternCount() {
        return KtmWorkloads.patternCount();
    }

    public KtmSetup setup() {
        return setup;
    }

    @Override
    public List<KtmStep> generate(RandomGenerator random, int stepsMax) {
        return workloads.generate(random, stepsMax);
    }

    @Override
    public List<KtmStep> workload(int index, long caseSeed, int stepsMax) {
        return mode == Mode.EXHAUSTIVE && index < KtmWorkloads.patternCount() ? workloads.pattern(index)
                : generate(Seeds.random(caseSeed), stepsMax);
    }

    @Override
    public Optional<Failure<KtmStep>> run(List<KtmStep> steps, long caseSeed, CaseContext context) {
        return new WorkloadRun<>(new KtmLayer(engine, setup, workloads, context), steps, context).execute();
    }

    @Override
    public List<KtmStep> simplerSteps(KtmStep step) {
        return List.of();
    }
}
