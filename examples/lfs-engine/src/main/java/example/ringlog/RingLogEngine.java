package example.ringlog;

import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogCapabilities;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.LogSpace;

/**
 * ringlog: a log file service written against the txstack SPI alone. One record per sector in a ring of sectors,
 * two restart copies, CRC32C on everything, an incarnation epoch in every record ({@link RingLog}). Registered in
 * {@code META-INF/services/txstack.spi.lfs.LogEngine}, so the suite finds it by its name, {@value #NAME}.
 */
public final class RingLogEngine implements LogEngine {
    public static final String NAME = "ringlog";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LogCapabilities capabilities() {
        // 512- and 4096-byte sectors alike: a record is one sector of either, and carries a durable LSN
        return LogCapabilities.all().withDurabilityProof();
    }

    @Override
    public LogService format(Devices devices) {
        return RingLog.format(devices.get(Devices.LOG));
    }

    @Override
    public LogService open(Devices devices) {
        return RingLog.open(devices.get(Devices.LOG));
    }

    @Override
    public LogSpace space(Devices devices) {
        return Geometry.of(devices.get(Devices.LOG)).space();
    }
}
