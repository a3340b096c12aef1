package example.ringlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;

/**
 * An open ring log. Each append writes its record into its own slot at once (a volatile write); {@code flush} is
 * one device flush; a restart area is written with force-unit-access into the older of the two copies.
 *
 * <p>Recovery ({@link #open}) takes the restart copy with the highest sequence that checks out, then reads the ring
 * from its start LSN and stops at the first slot that does not hold the next record: a bad CRC, the wrong LSN (a
 * record from an earlier lap, or a blank slot), or a record of an <em>older epoch</em> than it may have.
 *
 * <p>Why epochs: a record written but not flushed before a crash that lost an earlier one is dead: recovery ends
 * before it, and the next incarnation writes that LSN again. Until it does, the dead record still sits in its slot,
 * with the right LSN and a good CRC. So every open first writes a restart copy with a new epoch, durably, and every
 * record carries the epoch of the incarnation that wrote it: a dead record is older than whatever may legally
 * precede it. Within one lineage epochs never go down, so the record after a record of epoch e has epoch e or later;
 * and the first record, which has no record before it, has at least the restart area's <em>start epoch</em>: the
 * epoch of the record at the start when the restart area was written, or the writer's own epoch if the start was
 * the end (the record there was yet to be written, by this incarnation or a later one). Without it a restart area
 * whose start is the end would take a dead record found there as the first record of the log.
 *
 * <p>Why durable LSNs: a record that does not check out may be a torn tail (written, never flushed, cut by a power
 * loss) or damage to a durable record (a rotten sector, DISK-4), and only the second must not pass for the end of the
 * log. So every record also carries the LSN below which every record was durable when it was written. If a good
 * record of this lap past the bad one says the bad one was durable, the bad one is damage and {@code open} fails.
 * Damage to the last records flushed before any later record was written looks like a torn tail and is taken as one.
 *
 * <p>Single-threaded, as the SPI says. Reads come from the device and are checked like recovery's.
 */
final class RingLog implements LogService {
    static final long FIRST_LSN = 1;
    static final long FIRST_EPOCH = 1;
    /** The most sectors format zeroes with one write. */
    static final int ZERO_CHUNK_SECTORS = 64;

    private final BlockDevice device;
    private final Geometry geometry;
    private final long epoch;
    /** Epochs of the records recovery found, by first LSN of each run (epochs only grow along the log). */
    private final TreeMap<Long, Long> recoveredEpochs;
    /** The end recovery found: records from here on are this incarnation's. */
    private final long recoveredEndLsn;
    private long sequence;
    private RestartArea restart;
    private long startLsn;
    private long endLsn;
    /** Every record below it is durable: the end recovery found, then the end at the last flush. */
    private long durableLsn;
    private boolean closed;

    private RingLog(BlockDevice device, Geometry geometry, RestartCopy written, TreeMap<Long, Long> recoveredEpochs,
                    long recoveredEndLsn) {
        this.device = device;
        this.geometry = geometry;
        this.epoch = written.epoch();
        this.recoveredEpochs = recoveredEpochs;
        this.recoveredEndLsn = recoveredEndLsn;
        this.sequence = written.sequence();
        this.restart = new RestartArea(written.startLsn(), written.clientData());
        this.startLsn = written.startLsn();
        this.endLsn = recoveredEndLsn;
        this.durableLsn = recoveredEndLsn;
    }

    /**
     * A new, empty log. The ring is zeroed first, so records of whatever the device held before never pass for
     * this log's; then both restart copies are written.
     */
    static RingLog format(BlockDevice device) {
        Geometry g = Geometry.of(device);
        byte[] zeros = new byte[(int) Math.min(g.slotCount(), ZERO_CHUNK_SECTORS) * g.sectorSizeBytes()];
        for (long done = 0; done < g.slotCount(); done += ZERO_CHUNK_SECTORS) {
            int sectors = (int) Math.min(ZERO_CHUNK_SECTORS, g.slotCount() - done);
            device.write(Geometry.RING_FIRST_SECTOR + done, zeros, 0, sectors * g.sectorSizeBytes(), false);
        }
        device.flush();
        RestartCopy last = null;
        for (long sequence = 0; sequence < Geometry.RESTART_COPIES; sequence++) {
            last = new RestartCopy(sequence, FIRST_EPOCH, FIRST_LSN, FIRST_EPOCH, g.slotCount(), new byte[0]);
            device.write(last.sector(), last.encode(g.sectorSizeBytes()), 0, g.sectorSizeBytes(), true);
        }
        return new RingLog(device, g, last, new TreeMap<>(), FIRST_LSN);
    }

    /**
     * Recovery: the device flushed (what it caches becomes durable), the newest good restart copy, the records after
     * its start, and a new epoch, durably.
     */
    static RingLog open(BlockDevice device) {
        Geometry g = Geometry.of(device);
        // After a process crash the device may still cache records appended but never flushed; recovery reads them
        // and the log then counts them as durable, so make them durable first.
        device.flush();
        List<String> problems = new ArrayList<>();
        RestartCopy newest = null;
        long epochMax = 0;
        for (long sector = 0; sector < Geometry.RESTART_COPIES; sector++) {
            RestartCopy copy = readCopy(device, g, sector, problems);
            if (copy != null) {
                epochMax = Math.max(epochMax, copy.epoch());
                newest = newest == null || copy.sequence() > newest.sequence() ? copy : newest;
            }
        }
        if (newest == null) {
            throw new RingLogException("no restart copy reads: " + String.join("; ", problems));
        }
        TreeMap<Long, Long> epochs = new TreeMap<>();
        long endLsn = newest.startLsn();
        long epochMin = newest.startEpoch();
        for (; endLsn < newest.startLsn() + g.slotCount(); endLsn++) {
            RecordSector.Decoded r = RecordSector.decode(readSector(device, g, g.sectorOf(endLsn)));
            if (r == null || r.lsn() != endLsn || r.epoch() < epochMin || r.epoch() > newest.epoch()) {
                break; // the end of the log: nothing, an earlier lap, or a dead incarnation's record
            }
            if (r.epoch() != epochMin || epochs.isEmpty()) {
                epochs.put(endLsn, r.epoch());
            }
            epochMin = r.epoch();
        }
        requireNoDurableRecordAfter(device, g, newest.startLsn(), endLsn);
        long epoch = epochMax + 1;
        long startEpoch = endLsn > newest.startLsn() ? epochs.firstEntry().getValue() : epoch;
        RestartCopy bumped = new RestartCopy(newest.sequence() + 1, epoch, newest.startLsn(), startEpoch,
                g.slotCount(), newest.clientData());
        device.write(bumped.sector(), bumped.encode(g.sectorSizeBytes()), 0, g.sectorSizeBytes(), true);
        return new RingLog(device, g, bumped, epochs, endLsn);
    }

    /**
     * Looks past the end the scan found, through the records of this lap written after it: if one says a record at or
     * past the end was durable when it was written, the end is damage, not a torn tail.
     */
    private static void requireNoDurableRecordAfter(BlockDevice device, Geometry g, long startLsn, long endLsn) {
        for (long lsn = endLsn + 1; lsn < startLsn + g.slotCount(); lsn++) {
            RecordSector.Decoded r = RecordSector.decode(readSector(device, g, g.sectorOf(lsn)));
            if (r == null || r.lsn() != lsn) {
                return; // past what this lap wrote
            }
            if (r.durableLsn() > endLsn) {
                throw new RingLogException("a durable record does not read: lsn=" + endLsn + " sector="
                        + g.sectorOf(endLsn) + " (record " + lsn + " says every record below " + r.durableLsn()
                        + " was durable)");
            }
        }
    }

    private static RestartCopy readCopy(BlockDevice device, Geometry g, long sector, List<String> problems) {
        try {
            return RestartCopy.decode(readSector(device, g, sector), sector, g.slotCount());
        } catch (RingLogException | DeviceException e) {
            problems.add("copy " + sector + ": " + e.getMessage()); // the other copy may still do (LFS-2)
            return null;
        }
    }

    private static byte[] readSector(BlockDevice device, Geometry g, long sector) {
        byte[] bytes = new byte[g.sectorSizeBytes()];
        device.read(sector, bytes, 0, bytes.length);
        return bytes;
    }

    // ---- the SPI ----

    @Override
    public long append(byte[] payload) {
        requireOpen();
        if (payload.length > geometry.maxPayloadBytes()) {
            // Never log full: a record this large fits no log of this geometry, however much is freed.
            throw new IllegalArgumentException("payload too large: payloadBytes=" + payload.length + " max="
                    + geometry.maxPayloadBytes());
        }
        long durableStartLsn = restart.startLsn();
        if (endLsn - durableStartLsn >= geometry.slotCount()) {
            throw new LogFullException("log full: liveRecords=" + (endLsn - durableStartLsn) + " slotCount="
                    + geometry.slotCount() + " durableStartLsn=" + durableStartLsn + " (advance the start and "
                    + "write the restart area to free slots)");
        }
        byte[] sector = RecordSector.encode(geometry.sectorSizeBytes(), endLsn, epoch, durableLsn, payload);
        device.write(geometry.sectorOf(endLsn), sector, 0, sector.length, false);
        return endLsn++;
    }

    @Override
    public void flush(long lsn) {
        requireOpen();
        if (lsn < FIRST_LSN || lsn >= endLsn) {
            throw new IllegalArgumentException("flush of an LSN never appended: lsn=" + lsn + " endLsn=" + endLsn);
        }
        device.flush(); // LFS-6: every record appended so far is durable now
        durableLsn = endLsn;
    }

    @Override
    public void advanceStart(long lsn) {
        requireOpen();
        if (lsn < startLsn || lsn > endLsn) {
            throw new IllegalArgumentException("start must stay between the start and the end: lsn=" + lsn
                    + " startLsn=" + startLsn + " endLsn=" + endLsn);
        }
        startLsn = lsn;
    }

    @Override
    public void writeRestartArea(byte[] clientData) {
        requireOpen();
        RestartCopy copy = new RestartCopy(sequence + 1, epoch, startLsn, epochAt(startLsn), geometry.slotCount(),
                clientData);
        device.write(copy.sector(), copy.encode(geometry.sectorSizeBytes()), 0, geometry.sectorSizeBytes(), true);
        sequence = copy.sequence();
        restart = new RestartArea(startLsn, clientData); // slots before startLsn are free from now on (LFS-5)
    }

    @Override
    public RestartArea readRestartArea() {
        requireOpen();
        return restart;
    }

    @Override
    public long startLsn() {
        requireOpen();
        return startLsn;
    }

    @Override
    public long endLsn() {
        requireOpen();
        return endLsn;
    }

    @Override
    public List<LogRecord> readForward(long fromLsn, int maxRecords) {
        requireOpen();
        if (fromLsn < startLsn || fromLsn > endLsn || maxRecords < 0) {
            throw new IllegalArgumentException("read forward from outside the log: fromLsn=" + fromLsn
                    + " startLsn=" + startLsn + " endLsn=" + endLsn + " maxRecords=" + maxRecords);
        }
        List<LogRecord> out = new ArrayList<>();
        for (long lsn = fromLsn; lsn < endLsn && out.size() < maxRecords; lsn++) {
            out.add(read(lsn));
        }
        return out;
    }

    @Override
    public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
        requireOpen();
        requireRecord(fromLsn, "read backward");
        if (maxRecords < 0) {
            throw new IllegalArgumentException("maxRecords=" + maxRecords);
        }
        List<LogRecord> out = new ArrayList<>();
        for (long lsn = fromLsn; lsn >= startLsn && out.size() < maxRecords; lsn--) {
            out.add(read(lsn));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (durableLsn < endLsn) {
            device.flush(); // a clean shutdown loses nothing appended (the device stays open: its owner closes it)
            durableLsn = endLsn;
        }
        closed = true;
    }

    /** The epoch of record {@code lsn}; at the end, this incarnation's, which will write it. */
    private long epochAt(long lsn) {
        if (lsn >= recoveredEndLsn) {
            return epoch;
        }
        Map.Entry<Long, Long> run = recoveredEpochs.floorEntry(lsn);
        if (run == null) {
            throw new IllegalStateException("no epoch for a recovered record: lsn=" + lsn + " recoveredEpochs="
                    + recoveredEpochs);
        }
        return run.getValue();
    }

    /** The record {@code lsn} from its slot, checked as recovery checks it. */
    private LogRecord read(long lsn) {
        long sector = geometry.sectorOf(lsn);
        RecordSector.Decoded r = RecordSector.decode(readSector(device, geometry, sector));
        if (r == null || r.lsn() != lsn) {
            throw new RingLogException("record does not read back: lsn=" + lsn + " sector=" + sector + " found="
                    + (r == null ? "no valid record" : "lsn " + r.lsn()));
        }
        return new LogRecord(lsn, r.payload());
    }

    private void requireRecord(long lsn, String what) {
        if (lsn < startLsn || lsn >= endLsn) {
            throw new IllegalArgumentException(what + " of an LSN not in the log: lsn=" + lsn + " startLsn="
                    + startLsn + " endLsn=" + endLsn);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the log is closed");
        }
    }
}
