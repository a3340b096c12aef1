package txstack.conformance.lfs;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.Seeds;
import txstack.model.lfs.LogBounds;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogService;

/**
 * What an earlier user left on the device every LFS workload formats: a log of the same engine, holding records
 * (about half its capacity, flushed) and a restart area. A format must make that log unreadable as this one: no
 * record of it may ever be recovered (LFS-6 catches it as a record the client never wrote). The same image for every
 * workload of a suite, built once.
 *
 * @param image   the device as the earlier user left it
 * @param records the records it appended
 */
record EarlierLog(CrashImage image, int records) {
    private static final long EARLIER_USER_SEED = 0x6561_726C_6965_72L;
    /** The largest payload the earlier user appends: small, so that its log holds many records. */
    private static final int PAYLOAD_BYTES_MAX = 48;

    /** The engine's own log, left on a device of the suite's size by an earlier user. */
    static EarlierLog of(LogEngine engine, LfsDevice device, LogBounds geometry) {
        SimulatedDisk disk = new SimulatedDisk(device.sectorSizeBytes(), device.sectorCount());
        int records = 0;
        try {
            LogService log = engine.format(Devices.one(Devices.LOG, disk));
            RandomGenerator random = Seeds.random(EARLIER_USER_SEED);
            long used = 0;
            long last = -1;
            int payloadMax = (int) Math.min(PAYLOAD_BYTES_MAX, geometry.maxPayloadBytes());
            while (used < geometry.capacityBytes() / 2) {
                byte[] payload = new byte[1 + random.nextInt(payloadMax)];
                random.nextBytes(payload);
                try {
                    last = log.append(payload);
                } catch (LogFullException e) {
                    break;
                }
                used += payload.length + geometry.recordOverheadBytes();
                records++;
            }
            if (last >= 0) {
                log.flush(last);
            }
            byte[] clientData = "an earlier user's restart area".getBytes(StandardCharsets.US_ASCII);
            if (clientData.length <= geometry.maxClientDataBytes()) {
                log.writeRestartArea(clientData);
            }
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot write the earlier user's log on "
                    + device.sectorCount() + " sectors of " + device.sectorSizeBytes() + " bytes: " + e, e);
        }
        return new EarlierLog(disk.currentImage(), records);
    }

    @Override
    public String toString() {
        return "an earlier log of " + records + " records";
    }
}
