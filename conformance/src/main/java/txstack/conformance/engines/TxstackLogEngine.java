package txstack.conformance.engines;

import java.util.List;
import java.util.Optional;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogCapabilities;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogSpace;
import txstack.spi.lfs.LogService;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.lfs.BrokenLogs;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogOptions;

/**
 * The txstack implementation ({@link LogFile}) bound to the SPI. Each deliberately broken variant binds in one line:
 * {@code TxstackLogEngine.named("txstack:NO_EPOCH")}, built by the implementation's test fixtures ({@link
 * BrokenLogs}), since the production API has no way to break the log.
 *
 * <p>Flush batches are small ({@value #FLUSH_BATCH_BYTES} bytes: 16 pages of 512 bytes, 2 of 4096), so on a small
 * simulated device a flush takes several rounds, appends write pages on their own, and one device write still
 * spans several pages (so it can tear between them). Open keeps the pages its scan read, as restart recovery opens
 * its log, so the suite's scans read them, up to half the device ({@value #KEEP_BYTES_MAX} bytes at most): a longer
 * log keeps none, so both ways of reading after open are checked.
 */
public final class TxstackLogEngine implements LogEngine {
    /** The flush batch the suite binds the implementation with. */
    public static final int FLUSH_BATCH_BYTES = 8 << 10;
    /**
     * The most page bytes {@code open} keeps from its scan, for {@link LogService#scanForward} to read instead of the
     * device (as restart recovery opens its log). The binding keeps no more than half the device: on the suite's small
     * devices a short log's pages are all kept and serve each scan of that session below the log buffer, while a log
     * longer than that keeps none (the log drops them when they pass the bound) and its scans read the device.
     */
    static final long KEEP_BYTES_MAX = 4 << 20;

    private final LogOptions options;
    /** The broken variant's name, as {@link BrokenLogs} spells it; empty for the correct implementation. */
    private final Optional<String> variant;

    /** The correct implementation. */
    public TxstackLogEngine() {
        this(suiteOptions());
    }

    /** The correct implementation with {@code options}. */
    public TxstackLogEngine(LogOptions options) {
        this(options, Optional.empty());
    }

    private TxstackLogEngine(LogOptions options, Optional<String> variant) {
        this.options = options;
        this.variant = variant;
    }

    /**
     * The engine named {@code txstack} or {@code txstack:<VARIANT>}, as {@link #name()} prints it; case does not
     * matter and {@code -} may stand for {@code _}.
     *
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of {@link #names()}
     */
    public static TxstackLogEngine named(String name) {
        return new TxstackLogEngine(suiteOptions(), TxstackNames.variantOf(name, BrokenLogs.names()));
    }

    /** Every name {@link #named} accepts, {@code txstack} first, then each broken variant. */
    public static List<String> names() {
        return TxstackNames.names(BrokenLogs.names());
    }

    private static LogOptions suiteOptions() {
        return LogOptions.defaults().withFlushBatchMaxBytes(FLUSH_BATCH_BYTES);
    }

    @Override
    public String name() {
        return TxstackNames.canonical(variant);
    }

    /** Both sector sizes; appends and flushes from several threads at once (the log's group commit). */
    @Override
    public LogCapabilities capabilities() {
        return LogCapabilities.all().withConcurrentClients().withDurabilityProof(); // every page: a durable LSN
    }

    @Override
    public LogService format(Devices devices) {
        BlockDevice device = new SpiBlockDevice(devices.get(Devices.LOG));
        return new TxstackLogService(variant.isEmpty() ? LogFile.format(device, options)
                : BrokenLogs.format(device, options, variant.get()));
    }

    @Override
    public LogService open(Devices devices) {
        BlockDevice device = new SpiBlockDevice(devices.get(Devices.LOG));
        long keep = Math.min(KEEP_BYTES_MAX, device.sectorCount() * device.sectorSizeBytes() / 2);
        return new TxstackLogService(variant.isEmpty() ? LogFile.open(device, options, keep)
                : BrokenLogs.open(device, options, variant.get(), keep));
    }

    @Override
    public LogSpace space(Devices devices) {
        BlockDevice device = new SpiBlockDevice(devices.get(Devices.LOG));
        txstack.implementation.lfs.LogGeometry g = variant.isEmpty() ? LogFile.geometryOf(device, options)
                : BrokenLogs.geometryOf(device, options, variant.get());
        return new LogSpace(g.capacityBytes(), g.recordOverheadBytes(), g.slackBytes(), g.maxPayloadBytes(),
                g.maxClientDataBytes());
    }

    @Override
    public String toString() {
        return name();
    }
}
