package txstack.conformance.lfs;

import java.util.List;
import txstack.spi.disk.Devices;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.WorkloadRun;
import txstack.spi.lfs.LogEngine;
import txstack.model.lfs.LogBounds;

/**
 * The LFS conformance suite bound to one engine and device: what the explorer runs. Written once against the SPI;
 * an engine is bound by passing its {@link LogEngine}.
 */
public final class LfsSuite implements CaseRunner<LfsStep> {

    /** The properties the suite checks, in report order. */
    public static final List<ExplorationReport.Property> PROPERTIES = List.of(
            new ExplorationReport.Property(Requirement.LFS_2, "restart area: the newest complete one survives, even a torn or "
                    + "unreadable copy"),
            new ExplorationReport.Property(Requirement.LFS_3, "LSNs only grow; a record keeps its LSN across crashes"),
            new ExplorationReport.Property(Requirement.LFS_4, "append, flush, advance start, reads return what the model does"),
            new ExplorationReport.Property(Requirement.LFS_5, "log full only when the record does not fit; no live record "
                    + "overwritten"),
            new ExplorationReport.Property(Requirement.LFS_6, "after a crash: the records written from the start, every "
                    + "flushed one"),
            new ExplorationReport.Property(Requirement.DISK_3, "recovery copes with every state a power loss may leave"),
            new ExplorationReport.Property(Requirement.DISK_4, "a corrupted or unreadable sector is detected, never "
                    + "returned as data"));

    /**
     * What the suite checks besides the workloads' steps. All are part of every run; turning one off is for showing
     * what it alone catches.
     *
     * @param arraysReused once an append or a restart-area write returned, the suite overwrites the array it passed,
     *                     as a client reusing its buffer would: the engine must have copied what it keeps
     */
    public record Checks(boolean arraysReused) {
        /** Everything: what every run checks. */
        public static final Checks ALL = new Checks(true);
    }

    private final LogEngine engine;
    private final LfsDevice device;
    private final LfsWorkloads workloads;
    private final LogBounds geometry;
    private final EarlierLog earlierLog;
    private final Checks checks;

    public LfsSuite(LogEngine engine, LfsDevice device, Mode mode) {
        this(engine, device, mode, Checks.ALL);
    }

    public LfsSuite(LogEngine engine, LfsDevice device, Mode mode, Checks checks) {
        this.engine = engine;
        this.device = device;
        this.checks = checks;
        this.geometry = geometryOf(engine, device);
        this.workloads = new LfsWorkloads(geometry, mode, engine.capabilities().concurrentClients());
        this.earlierLog = EarlierLog.of(engine, device, geometry);
    }

    /** The engine's geometry on this device, in the model's terms. */
    public static LogBounds geometryOf(LogEngine engine, LfsDevice device) {
        txstack.spi.lfs.LogSpace g;
        try {
            g = engine.space(Devices.one(Devices.LOG, new SimulatedDisk(device.sectorSizeBytes(), device.sectorCount())));
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " offers no log on " + device.sectorCount()
                    + " sectors of " + device.sectorSizeBytes() + " bytes: " + e, e);
        }
        return new LogBounds(g.capacityBytes(), g.recordOverheadBytes(), g.slackBytes(), g.maxPayloadBytes(),
                g.maxClientDataBytes());
    }

    public LogBounds geometry() {
        return geometry;
    }

    public LfsDevice device() {
        return device;
    }

    @Override
    public List<LfsStep> generate(RandomGenerator random, int stepsMax) {
        return workloads.generate(random, stepsMax);
    }

    @Override
    public Optional<Failure<LfsStep>> run(List<LfsStep> steps, long caseSeed, CaseContext context) {
        return new WorkloadRun<>(new LfsLayer(engine, device, geometry, earlierLog, checks, context), steps, context).execute();
    }

    @Override
    public List<LfsStep> simplerSteps(LfsStep step) {
        return LfsWorkloads.simpler(step);
    }
}
