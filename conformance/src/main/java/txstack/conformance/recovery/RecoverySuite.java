package txstack.conformance.recovery;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.WorkloadRun;
import txstack.conformance.rig.Rig;
import txstack.spi.recovery.PageStore;
import txstack.spi.recovery.PageStoreEngine;

/**
 * The recovery conformance suite bound to one engine and one setup: what the explorer runs. Written once against
 * the SPI; an engine is bound by passing its {@link PageStoreEngine}.
 */
public final class RecoverySuite implements CaseRunner<RecoveryStep> {

    /** The properties the suite checks, in report order. */
    public static final List<ExplorationReport.Property> PROPERTIES = List.of(
            new ExplorationReport.Property(Requirement.REC_2, "a page reads back every change made, committed or not"),
            new ExplorationReport.Property(Requirement.REC_4, "restart recovery succeeds on every state a power loss "
                    + "leaves, also after a crash during recovery"),
            new ExplorationReport.Property(Requirement.REC_5, "after a crash every committed change is there"),
            new ExplorationReport.Property(Requirement.REC_6, "after a crash no change of a transaction that did not "
                    + "commit is there"));

    private final PageStoreEngine engine;
    private final RecoverySetup setup;
    private final RecoveryWorkloads workloads;

    public RecoverySuite(PageStoreEngine engine, RecoverySetup setup) {
        this.engine = engine;
        this.setup = setup;
        int[] sizes = sizesOf(engine, setup);
        this.workloads = new RecoveryWorkloads(setup.pages(), sizes[0], sizes[1]);
    }

    /** The engine's page size and largest update on this setup; it must offer at least the pages the suite uses. */
    static int[] sizesOf(PageStoreEngine engine, RecoverySetup setup) {
        Rig rig = RecoveryLayer.usedRig(setup);
        PageStore store;
        try {
            store = engine.format(rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format a store on " + setup + ": "
                    + e, e);
        }
        if (store.pageCount() < setup.pages() || store.pageSizeBytes() < 1 || store.maxUpdateBytes() < 1) {
            throw new ExplorationException("engine " + engine.name() + " offers " + store.pageCount() + " pages of "
                    + store.pageSizeBytes() + " bytes on " + setup + "; the suite needs " + setup.pages(), null);
        }
        return new int[] {store.pageSizeBytes(), store.maxUpdateBytes()};
    }

    public RecoverySetup setup() {
        return setup;
    }

    @Override
    public List<RecoveryStep> generate(RandomGenerator random, int stepsMax) {
        return workloads.generate(random, stepsMax);
    }

    @Override
    public Optional<Failure<RecoveryStep>> run(List<RecoveryStep> steps, long caseSeed, CaseContext context) {
        return new WorkloadRun<>(new RecoveryLayer(engine, setup, context), steps, context).execute();
    }

    @Override
    public List<RecoveryStep> simplerSteps(RecoveryStep step) {
        return RecoveryWorkloads.simpler(step);
    }
}
