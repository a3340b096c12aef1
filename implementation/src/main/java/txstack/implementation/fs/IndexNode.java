package txstack.implementation.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A node of a directory's B+tree, one metadata block. A leaf holds entries (record, name as spelled) in the order of
 * their upcased names; an internal node holds children and, between them, separator keys (upcased names): child
 * {@code i} holds the names below key {@code i}, child {@code i + 1} those at or above it. Little-endian:
 *
 * <pre>
 * offset size field
 *      0    4 magic "INDX" (0x58444E49)
 *      4    1 leaf (1) or internal (0)
 *      5    1 reserved (0)
 *      6    2 entry count n
 *      8    4 owner: the directory's record
 *     12    4 first child (internal; 0 in a leaf)
 *     16    . n entries: value (4: record in a leaf, child to the right of the key in an internal node),
 *             nameLength (2), name (2 * nameLength: as spelled in a leaf, upcased in an internal node)
 *      .    4 CRC32C of every byte before it
 * </pre>
 */
final class IndexNode {
    static final int MAGIC = 0x58444E49;
    static final int LEAF_OFFSET = 4;
    static final int COUNT_OFFSET = 6;
    static final int OWNER_OFFSET = 8;
    static final int FIRST_CHILD_OFFSET = 12;
    static final int ENTRIES_OFFSET = 16;
    static final int CRC_BYTES = 4;
    static final int ENTRY_HEADER_BYTES = 6;

    /** A leaf entry (record, name) or an internal one (child, upcased key). */
    record Entry(int value, String name) {
        int encodedBytes() {
            return ENTRY_HEADER_BYTES + 2 * name.length();
        }
    }

    boolean leaf;
    int owner;
    int firstChild;
    List<Entry> entries = new ArrayList<>();

    IndexNode(boolean leaf, int owner) {
        this.leaf = leaf;
        this.owner = owner;
    }

    static int entryBytesMax(int nameLengthMax) {
        return ENTRY_HEADER_BYTES + 2 * nameLengthMax;
    }

    int encodedBytes() {
        int n = ENTRIES_OFFSET + CRC_BYTES;
        for (Entry e : entries) {
            n += e.encodedBytes();
        }
        return n;
    }

    /** Child {@code i}: 0 is the first child, {@code i > 0} the one right of key {@code i - 1}. */
    int child(int i) {
        return i == 0 ? firstChild : entries.get(i - 1).value();
    }

    int childCount() {
        return leaf ? 0 : entries.size() + 1;
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(encodedBytes()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).put((byte) (leaf ? 1 : 0)).put((byte) 0).putShort((short) entries.size()).putInt(owner)
                .putInt(firstChild);
        for (Entry e : entries) {
            b.putInt(e.value()).putShort((short) e.name().length());
            for (int i = 0; i < e.name().length(); i++) {
                b.putChar(e.name().charAt(i));
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** @throws CorruptVolumeException on any bad byte; lengths are checked against the bytes before allocating */
    static IndexNode decode(int block, byte[] bytes) {
        if (bytes.length < ENTRIES_OFFSET + CRC_BYTES) {
            throw corrupt(block, "index block too short: lengthBytes=" + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw corrupt(block, String.format("bad magic: read=0x%08X expected=0x%08X", b.getInt(0), MAGIC));
        }
        int leafByte = b.get(LEAF_OFFSET);
        if ((leafByte != 0 && leafByte != 1) || b.get(LEAF_OFFSET + 1) != 0) {
            throw corrupt(block, "bad leaf flag: leaf=" + leafByte);
        }
        int count = Short.toUnsignedInt(b.getShort(COUNT_OFFSET));
        int owner = b.getInt(OWNER_OFFSET);
        int firstChild = b.getInt(FIRST_CHILD_OFFSET);
        if (leafByte == 1 ? firstChild != 0 : firstChild <= 0) {
            throw corrupt(block, "bad first child: leaf=" + leafByte + " firstChild=" + firstChild);
        }
        IndexNode node = new IndexNode(leafByte == 1, owner);
        node.firstChild = firstChild;
        int offset = ENTRIES_OFFSET;
        for (int i = 0; i < count; i++) {
            if (offset + ENTRY_HEADER_BYTES > bytes.length - CRC_BYTES) {
                throw corrupt(block, "entry past the block: entry=" + i + " offset=" + offset);
            }
            int value = b.getInt(offset);
            int nameLength = Short.toUnsignedInt(b.getShort(offset + 4));
            if (nameLength == 0 || nameLength > FsOptions.NAME_LENGTH_LIMIT || value <= 0
                    || offset + ENTRY_HEADER_BYTES + 2 * nameLength > bytes.length - CRC_BYTES) {
                throw corrupt(block, "bad entry: entry=" + i + " offset=" + offset + " value=" + value
                        + " nameLength=" + nameLength);
            }
            char[] name = new char[nameLength];
            for (int c = 0; c < nameLength; c++) {
                name[c] = b.getChar(offset + ENTRY_HEADER_BYTES + 2 * c);
            }
            node.entries.add(new Entry(value, new String(name)));
            offset += ENTRY_HEADER_BYTES + 2 * nameLength;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, offset);
        if ((int) crc.getValue() != b.getInt(offset)) {
            throw corrupt(block, String.format("crc32c mismatch: offset=0x%X calculated=0x%08X read=0x%08X",
                    offset, (int) crc.getValue(), b.getInt(offset)));
        }
        return node;
    }

    private static CorruptVolumeException corrupt(int block, String what) {
        return new CorruptVolumeException("corrupt index block: block=" + block + " " + what);
    }
}
