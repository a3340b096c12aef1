package txstack.conformance.engines;

import java.util.Locale;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogSpace;
import txstack.spi.lfs.LogService;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.lfs.LogOptions.Variant;

/**
 * The txstack implementation ({@link LogFile}) bound to the SPI. Each deliberately broken variant binds in one line:
 * {@code new TxstackLogEngine(Variant.NO_EPOCH)}.
 *
 * <p>Flush batches are small ({@value #FLUSH_BATCH_BYTES} bytes: 16 pages of 512 bytes, 2 of 4096), so on a small
 * simulated device a flush takes several rounds, appends write pages on their own, and one device write still
 * spans several pages (so it can tear between them).
 */
public final class TxstackLogEngine implements LogEngine {
    /** The flush batch the suite binds the implementation with. */
    public static final int FLUSH_BATCH_BYTES = 8 << 10;

    private final LogOptions options;

    /** The correct implementation. */
    public TxstackLogEngine() {
        this(Variant.CORRECT);
    }

    public TxstackLogEngine(Variant variant) {
        this(LogOptions.defaults().withFlushBatchMaxBytes(FLUSH_BATCH_BYTES).withVariant(variant));
    }

    public TxstackLogEngine(LogOptions options) {
        this.options = options;
    }

    public Variant variant() {
        return options.variant();
    }

    @Override
    public String name() {
        return options.variant() == Variant.CORRECT ? "txstack"
                : "txstack:" + options.variant().name().toUpperCase(Locale.ROOT);
    }

    @Override
    public LogService format(Devices devices) {
        return new TxstackLogService(LogFile.format(new SpiBlockDevice(devices.get(Devices.LOG)), options));
    }

    @Override
    public LogService open(Devices devices) {
        return new TxstackLogService(LogFile.open(new SpiBlockDevice(devices.get(Devices.LOG)), options));
    }

    @Override
    public LogSpace space(Devices devices) {
        txstack.implementation.lfs.LogGeometry g = LogFile.geometryOf(new SpiBlockDevice(devices.get(Devices.LOG)),
                options);
        return new LogSpace(g.capacityBytes(), g.recordOverheadBytes(), g.slackBytes(), g.maxPayloadBytes(),
                g.maxClientDataBytes());
    }

    @Override
    public String toString() {
        return name();
    }
}
