package txstack.implementation.ktm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The transaction manager's records in its log (payloads of LFS records) and its restart area's client data. Every
 * field is checked before it is used; a length is bounded before anything is allocated from it.
 *
 * <pre>
 * record                                restart area client data
 * offset size                           offset size
 *      0    4 magic "KTMR"                   0    4 magic "KTMA"
 *      4    1 type: 1 COMMIT, 2 END          4    8 id ceiling: every id handed out is below it
 *      5    8 transaction id (positive)     12    4 CRC32C of bytes [0, 12)
 *     13    1 resource managers n (COMMIT: 2..RMS_MAX; END: 0)
 *     14      n times: 1 name length l (1..32), l bytes of name (a-z0-9-)
 *      .    4 CRC32C of every byte before it
 * </pre>
 */
final class TmLogCodec {
    static final int RECORD_MAGIC = 0x4B544D52; // "KTMR"
    static final int RESTART_MAGIC = 0x4B544D41; // "KTMA"
    static final int RMS_MAX = 64;
    static final int NAME_BYTES_MAX = 32;
    static final int RESTART_BYTES = 16;
    private static final int HEADER_BYTES = 14;
    private static final int CRC_BYTES = 4;

    /** A COMMIT record names the resource managers that must commit; an END record forgets the transaction. */
    record Entry(boolean commit, TransactionId tx, List<String> rms) {
        Entry {
            rms = List.copyOf(rms);
        }
    }

    private TmLogCodec() {
    }

    /** @throws IllegalArgumentException on a name outside {@code [a-z0-9-]{1,32}} */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > NAME_BYTES_MAX || !name.chars().allMatch(
                c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new IllegalArgumentException("a resource manager's name is 1 to " + NAME_BYTES_MAX
                    + " of a-z0-9-: name=" + name);
        }
    }

    static byte[] commit(TransactionId tx, List<String> rms) {
        if (rms.size() < 2 || rms.size() > RMS_MAX) {
            throw new IllegalArgumentException("a commit record names 2 to " + RMS_MAX + " resource managers: rms="
                    + rms);
        }
        int length = HEADER_BYTES + CRC_BYTES;
        for (String rm : rms) {
            checkName(rm);
            length += 1 + rm.length();
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(RECORD_MAGIC).put((byte) 1).putLong(tx.value()).put((byte) rms.size());
        for (String rm : rms) {
            b.put((byte) rm.length()).put(rm.getBytes(StandardCharsets.US_ASCII));
        }
        return sealed(b);
    }

    static byte[] end(TransactionId tx) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + CRC_BYTES);
        b.putInt(RECORD_MAGIC).put((byte) 2).putLong(tx.value()).put((byte) 0);
        return sealed(b);
    }

    private static byte[] sealed(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** @throws CorruptTmLogException on any bad byte; {@code lsn} only names the record in the message */
    static Entry decode(long lsn, byte[] bytes) {
        if (bytes.length < HEADER_BYTES + CRC_BYTES) {
            throw corrupt(lsn, "record too short: lengthBytes=" + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int crcOffset = bytes.length - CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcOffset);
        if ((int) crc.getValue() != b.getInt(crcOffset)) {
            throw corrupt(lsn, String.format("crc32c mismatch: calculated=0x%08X read=0x%08X", (int) crc.getValue(),
                    b.getInt(crcOffset)));
        }
        if (b.getInt() != RECORD_MAGIC) {
            throw corrupt(lsn, String.format("bad magic: read=0x%08X", b.getInt(0)));
        }
        int type = b.get();
        long id = b.getLong();
        int count = Byte.toUnsignedInt(b.get());
        if (id <= 0 || (type != 1 && type != 2) || (type == 2 && count != 0)
                || (type == 1 && (count < 2 || count > RMS_MAX))) {
            throw corrupt(lsn, "bad header: type=" + type + " tx=" + id + " rms=" + count);
        }
        List<String> rms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (b.position() >= crcOffset) {
                throw corrupt(lsn, "names run past the record: name=" + i);
            }
            int length = Byte.toUnsignedInt(b.get());
            if (length < 1 || length > NAME_BYTES_MAX || b.position() + length > crcOffset) {
                throw corrupt(lsn, "bad name length: name=" + i + " length=" + length);
            }
            byte[] name = new byte[length];
            b.get(name);
            String s = new String(name, StandardCharsets.US_ASCII);
            try {
                checkName(s);
            } catch (IllegalArgumentException e) {
                throw corrupt(lsn, "bad name: name=" + i);
            }
            rms.add(s);
        }
        if (b.position() != crcOffset) {
            throw corrupt(lsn, "trailing bytes: offset=" + b.position() + " crcOffset=" + crcOffset);
        }
        return new Entry(type == 1, new TransactionId(id), rms);
    }

    static byte[] restart(long idCeiling) {
        ByteBuffer b = ByteBuffer.allocate(RESTART_BYTES);
        b.putInt(RESTART_MAGIC).putLong(idCeiling);
        return sealed(b);
    }

    /** The id ceiling of restart-area client data. @throws CorruptTmLogException on any bad byte */
    static long decodeRestart(byte[] bytes) {
        if (bytes.length != RESTART_BYTES) {
            throw new CorruptTmLogException("bad restart area: lengthBytes=" + bytes.length + " expected="
                    + RESTART_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 12);
        if (b.getInt(0) != RESTART_MAGIC || (int) crc.getValue() != b.getInt(12) || b.getLong(4) <= 0) {
            throw new CorruptTmLogException(String.format("bad restart area: magic=0x%08X ceiling=%d crc=0x%08X",
                    b.getInt(0), b.getLong(4), b.getInt(12)));
        }
        return b.getLong(4);
    }

    private static CorruptTmLogException corrupt(long lsn, String what) {
        return new CorruptTmLogException("corrupt transaction manager record: lsn=" + lsn + " " + what);
    }
}
