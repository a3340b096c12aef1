package txstack.conformance.ktm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import txstack.spi.disk.BlockDevice;
import txstack.spi.ktm.Participant;
import txstack.spi.ktm.ParticipantHost;
import txstack.spi.ktm.TransactionException;
import txstack.spi.ktm.TransactionSession;

/**
 * The transaction suite's own resource manager, {@code ext} (KTM-3): items {@code ext:name} on a device of its own,
 * taking part in an engine's transactions through {@link ParticipantHost}. It keeps the contract's rules for its
 * items as TxF and TxR do (a transaction sees its own changes, others the committed value; an item changed by one
 * transaction is refused to every other caller until it ends), so every difference the suite sees is the engine's.
 *
 * <p>Its whole durable state (committed values, prepared transactions' values) is one record, written forced to one
 * of two slots in turn with a sequence number and a CRC; at start the newer valid slot wins, so a power loss during
 * a write leaves the state before it. Active transactions' changes live in memory only. It can be told to refuse
 * its next prepare (KTM-4); the switch is not durable, as the model's is not.
 */
final class SuiteParticipant implements Participant {
    static final String NAME = "ext";
    static final String DEVICE = "participant";
    /** One slot's bytes: a record larger than this is a harness limit, far above what a workload writes. */
    static final int SLOT_BYTES = 8192;
    private static final int HEADER = 4 + 8;

    private final BlockDevice device;
    private final ParticipantHost host;
    private final Map<String, byte[]> committed = new TreeMap<>();
    private final Map<Long, Map<String, byte[]>> prepared = new TreeMap<>();
    private final Map<Long, Map<String, byte[]>> active = new HashMap<>();
    /** Which transaction holds an item: from its first change there until it ends. */
    private final Map<String, Long> holders = new HashMap<>();
    private long sequence;
    private boolean refuseNext;

    /** Loads the newest valid record from {@code device} (none on a blank device: nothing committed). */
    SuiteParticipant(BlockDevice device, ParticipantHost host) {
        this.device = device;
        this.host = host;
        long best = 0;
        for (int slot = 0; slot < 2; slot++) {
            byte[] b = new byte[SLOT_BYTES];
            device.read(firstSector(slot), b, 0, SLOT_BYTES);
            ByteBuffer buffer = ByteBuffer.wrap(b);
            int length = buffer.getInt(0);
            if (length < HEADER || length > SLOT_BYTES - 4) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(b, 0, length);
            long seq = buffer.getLong(4);
            if ((int) crc.getValue() == buffer.getInt(length) && seq > best) {
                best = seq;
                load(buffer.position(HEADER).limit(length));
            }
        }
        sequence = best;
        prepared.forEach((tx, items) -> items.keySet().forEach(item -> holders.put(item, tx)));
    }

    /** Sectors a participant's device needs. */
    static long sectors(int sectorSizeBytes) {
        return 2L * SLOT_BYTES / sectorSizeBytes;
    }

    private long firstSector(int slot) {
        return (long) slot * SLOT_BYTES / device.sectorSizeBytes();
    }

    private void load(ByteBuffer b) {
        committed.clear();
        prepared.clear();
        while (b.hasRemaining()) {
            long tx = b.getLong();
            byte[] item = new byte[b.get() & 0xFF];
            b.get(item);
            byte[] value = new byte[b.getShort() & 0xFFFF];
            b.get(value);
            (tx == TransactionSession.PLAIN ? committed : prepared.computeIfAbsent(tx, t -> new TreeMap<>()))
                    .put(new String(item, StandardCharsets.UTF_8), value);
        }
    }

    /** Writes the whole durable state, forced, over the older slot. */
    private void persist() {
        ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
        b.position(HEADER);
        committed.forEach((item, value) -> put(b, TransactionSession.PLAIN, item, value));
        prepared.forEach((tx, items) -> items.forEach((item, value) -> put(b, tx, item, value)));
        int length = b.position();
        if (length > SLOT_BYTES - 4) {
            throw new IllegalStateException("harness: the suite participant's state outgrew its slot: bytes=" + length);
        }
        b.putInt(0, length).putLong(4, ++sequence);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, length);
        b.putInt(length, (int) crc.getValue());
        device.write(firstSector((int) (sequence % 2)), b.array(), 0, SLOT_BYTES, true);
    }

    private static void put(ByteBuffer b, long tx, String item, byte[] value) {
        byte[] name = item.getBytes(StandardCharsets.UTF_8);
        if (b.remaining() < 8 + 1 + name.length + 2 + value.length + 4) {
            throw new IllegalStateException("harness: the suite participant's state outgrew its slot");
        }
        b.putLong(tx).put((byte) name.length).put(name).putShort((short) value.length).put(value);
    }

    /** The next prepare asked of it fails (KTM-4). */
    void refuseNextPrepare() {
        refuseNext = true;
    }

    /** The item as {@code tx} sees it. */
    byte[] read(long tx, String item) {
        if (tx != TransactionSession.PLAIN) {
            requireActive(tx);
            byte[] own = active.getOrDefault(tx, Map.of()).get(item);
            if (own != null) {
                return own.clone();
            }
        }
        return committed.getOrDefault(item, new byte[0]).clone();
    }

    /** Changes the item: durable at once for a plain call, held by {@code tx} until it ends otherwise. */
    void change(long tx, String item, UnaryOperator<byte[]> newValue) {
        if (tx != TransactionSession.PLAIN) {
            requireActive(tx);
        }
        Long holder = holders.get(item);
        if (holder != null && holder != tx) {
            throw new TransactionException(TransactionException.Kind.SHARING_VIOLATION, "the suite participant's item "
                    + item + " is held by transaction " + holder);
        }
        if (tx == TransactionSession.PLAIN) {
            committed.put(item, newValue.apply(committed.getOrDefault(item, new byte[0])));
            persist();
            return;
        }
        host.enlist(tx, this);
        Map<String, byte[]> changes = active.computeIfAbsent(tx, t -> new LinkedHashMap<>());
        changes.put(item, newValue.apply(changes.getOrDefault(item, committed.getOrDefault(item, new byte[0]))));
        holders.put(item, tx);
    }

    private void requireActive(long tx) {
        if (!host.isActive(tx)) {
            throw new TransactionException(TransactionException.Kind.NOT_ACTIVE, "transaction " + tx
                    + " is not active (the suite participant asked the engine)");
        }
    }

    static UnaryOperator<byte[]> appending(byte[] bytes) {
        return old -> {
            byte[] out = Arrays.copyOf(old, old.length + bytes.length);
            System.arraycopy(bytes, 0, out, old.length, bytes.length);
            return out;
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean prepare(long tx) {
        if (refuseNext) {
            refuseNext = false;
            return false;
        }
        prepared.put(tx, new TreeMap<>(active.getOrDefault(tx, Map.of())));
        active.remove(tx);
        persist();
        return true;
    }

    @Override
    public void commit(long tx) {
        Map<String, byte[]> values = prepared.remove(tx);
        if (values == null) {
            values = active.remove(tx); // a single phase without a prepare: durable now, as the contract asks
        }
        if (values != null) {
            committed.putAll(values);
            persist();
        }
        release(tx);
    }

    @Override
    public void rollback(long tx) {
        active.remove(tx);
        if (prepared.remove(tx) != null) {
            persist();
        }
        release(tx);
    }

    private void release(long tx) {
        holders.values().removeIf(h -> h == tx);
    }

    @Override
    public Set<Long> inDoubt() {
        return Set.copyOf(prepared.keySet());
    }

    @Override
    public String toString() {
        return "suite participant " + NAME + " (committed " + committed.keySet() + ", prepared " + prepared.keySet()
                + ")";
    }
}
