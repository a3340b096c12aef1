package txstack.implementation.thirdparty;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.ktm.ResourceManager;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionId;

/**
 * A resource manager written by a third party against the public interface only (KTM-3): named counters on a device
 * of its own. Its whole state (committed counters, the prepared transactions' increments) is one record written,
 * forced, alternately to sector 0 or 1 with a sequence number and a CRC; the newer valid copy wins at open. It can be
 * told to refuse its next prepare (KTM-4). No isolation beyond what a counter needs: increments add up.
 */
class CounterRm implements ResourceManager {
    private final BlockDevice device;
    private final Map<String, Long> committed = new TreeMap<>();
    private final Map<TransactionId, Map<String, Long>> prepared = new HashMap<>();
    private final Map<TransactionId, Map<String, Long>> active = new HashMap<>();
    private long sequence;
    boolean refuseNext;

    CounterRm(BlockDevice device) {
        this.device = device;
        long best = -1;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(device.sectorSizeBytes());
            device.read(slot, b);
            int length = b.getInt(0);
            if (length < 12 || length > b.capacity() - 4) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, length);
            if ((int) crc.getValue() == b.getInt(length) && b.getLong(4) > best) {
                best = b.getLong(4);
                load(b.position(12), length);
            }
        }
        sequence = Math.max(best, 0);
    }

    private void load(ByteBuffer b, int length) {
        committed.clear();
        prepared.clear();
        while (b.position() < length) {
            long tx = b.getLong();
            String name = String.valueOf(b.getChar());
            long value = b.getLong();
            (tx == 0 ? committed : prepared.computeIfAbsent(new TransactionId(tx), t -> new TreeMap<>()))
                    .put(name, value);
        }
    }

    /** Writes the whole state, forced, over the older copy. */
    private void persist() {
        ByteBuffer b = ByteBuffer.allocate(device.sectorSizeBytes());
        b.putInt(0).putLong(++sequence);
        committed.forEach((name, value) -> b.putLong(0).putChar(name.charAt(0)).putLong(value));
        prepared.forEach((tx, m) -> m.forEach((name, v) -> b.putLong(tx.value()).putChar(name.charAt(0)).putLong(v)));
        int length = b.position();
        b.putInt(0, length);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, length);
        b.putInt((int) crc.getValue()).clear();
        device.write(sequence % 2, b, true);
    }

    /** Adds {@code delta} to counter {@code name} (one letter) for {@code tx}. */
    synchronized void add(String name, long delta, Transaction tx) {
        tx.enlist(this);
        active.computeIfAbsent(tx.id(), t -> new TreeMap<>()).merge(name, delta, Long::sum);
    }

    synchronized long get(String name) {
        return committed.getOrDefault(name, 0L);
    }

    @Override
    public String name() {
        return "counters";
    }

    @Override
    public synchronized boolean prepare(TransactionId tx) {
        if (refuseNext) {
            refuseNext = false;
            return false;
        }
        prepared.put(tx, active.getOrDefault(tx, Map.of()));
        active.remove(tx);
        persist();
        return true;
    }

    @Override
    public synchronized void commit(TransactionId tx) {
        Map<String, Long> deltas = prepared.remove(tx);
        if (deltas != null) {
            deltas.forEach((name, d) -> committed.merge(name, d, Long::sum));
            persist();
        }
    }

    @Override
    public synchronized void rollback(TransactionId tx) {
        active.remove(tx);
        if (prepared.remove(tx) != null) {
            persist();
        }
    }

    @Override
    public synchronized Set<TransactionId> inDoubt() {
        return Set.copyOf(prepared.keySet());
    }
}
