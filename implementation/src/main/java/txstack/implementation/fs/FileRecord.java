package txstack.implementation.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A file record: one metadata block per node, its number the block's. Mutable: the file system decodes one, changes
 * it and encodes it back inside one transaction. Little-endian layout at the start of the block:
 *
 * <pre>
 * offset size field
 *      0    4 magic "FREC" (0x43455246)
 *      4    2 flags: bit 0 in use, bit 1 directory
 *      6    2 nameLength n (UTF-16 chars, 0..255)
 *      8    4 parent record (block number; 0 for the root)
 *     12    4 sequence number (bumped when the block becomes a record again)
 *     16    8 creationTime
 *     24    8 lastWriteTime
 *     32    4 attributes (0..0xFFFF)
 *     36    4 reparseTag (0 = none)
 *     40    8 size (bytes)
 *     48    8 validDataLength (bytes; reads at or past it see zeros)
 *     56    4 indexRoot (a directory's root index block; 0 for a file)
 *     60    4 reparseLength (bytes, 0..16384)
 *     64    2 extentCount e
 *     66    2 reparseBlockCount r
 *     68   2n name, as spelled
 *   68+2n  4r reparse data blocks (block numbers)
 *       .  12e extents: startCluster (8), clusterCount (4)
 *       .    4 CRC32C of every byte before it
 * </pre>
 */
final class FileRecord {
    static final int MAGIC = 0x43455246;
    static final int FLAGS_OFFSET = 4;
    static final int NAME_LENGTH_OFFSET = FLAGS_OFFSET + 2;
    static final int PARENT_OFFSET = NAME_LENGTH_OFFSET + 2;
    static final int SEQUENCE_OFFSET = PARENT_OFFSET + 4;
    static final int CREATION_OFFSET = SEQUENCE_OFFSET + 4;
    static final int LAST_WRITE_OFFSET = CREATION_OFFSET + 8;
    static final int ATTRIBUTES_OFFSET = LAST_WRITE_OFFSET + 8;
    static final int REPARSE_TAG_OFFSET = ATTRIBUTES_OFFSET + 4;
    static final int SIZE_OFFSET = REPARSE_TAG_OFFSET + 4;
    static final int VDL_OFFSET = SIZE_OFFSET + 8;
    static final int INDEX_ROOT_OFFSET = VDL_OFFSET + 8;
    static final int REPARSE_LENGTH_OFFSET = INDEX_ROOT_OFFSET + 4;
    static final int EXTENT_COUNT_OFFSET = REPARSE_LENGTH_OFFSET + 4;
    static final int REPARSE_BLOCKS_OFFSET = EXTENT_COUNT_OFFSET + 2;
    static final int NAME_OFFSET = REPARSE_BLOCKS_OFFSET + 2;
    static final int EXTENT_BYTES = 12;
    static final int CRC_BYTES = 4;
    static final int FLAG_IN_USE = 1;
    static final int FLAG_DIRECTORY = 2;
    static final int REPARSE_DATA_MAX = 16384;

    /** A run of clusters. */
    record Extent(long start, int count) {
    }

    boolean directory;
    String name = "";
    int parent;
    int sequence;
    long creationTime;
    long lastWriteTime;
    int attributes;
    int reparseTag;
    long size;
    long validDataLength;
    int indexRoot;
    int reparseLength;
    List<Integer> reparseBlocks = new ArrayList<>();
    List<Extent> extents = new ArrayList<>();

    FileRecord copy() {
        FileRecord r = new FileRecord();
        r.directory = directory;
        r.name = name;
        r.parent = parent;
        r.sequence = sequence;
        r.creationTime = creationTime;
        r.lastWriteTime = lastWriteTime;
        r.attributes = attributes;
        r.reparseTag = reparseTag;
        r.size = size;
        r.validDataLength = validDataLength;
        r.indexRoot = indexRoot;
        r.reparseLength = reparseLength;
        r.reparseBlocks = new ArrayList<>(reparseBlocks);
        r.extents = new ArrayList<>(extents);
        return r;
    }

    long clusterCount() {
        long n = 0;
        for (Extent e : extents) {
            n += e.count();
        }
        return n;
    }

    int encodedBytes() {
        return NAME_OFFSET + 2 * name.length() + 4 * reparseBlocks.size() + EXTENT_BYTES * extents.size()
                + CRC_BYTES;
    }

    /** The most extents a record with the longest name and the largest reparse point holds in {@code capacity}. */
    static int extentsMax(int capacityBytes, int nameLengthMax, int reparseBlocksMax) {
        return (capacityBytes - NAME_OFFSET - 2 * nameLengthMax - 4 * reparseBlocksMax - CRC_BYTES) / EXTENT_BYTES;
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(encodedBytes()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short) (FLAG_IN_USE | (directory ? FLAG_DIRECTORY : 0)))
                .putShort((short) name.length()).putInt(parent).putInt(sequence).putLong(creationTime)
                .putLong(lastWriteTime).putInt(attributes).putInt(reparseTag).putLong(size).putLong(validDataLength)
                .putInt(indexRoot).putInt(reparseLength).putShort((short) extents.size())
                .putShort((short) reparseBlocks.size());
        for (int i = 0; i < name.length(); i++) {
            b.putChar(name.charAt(i));
        }
        for (int block : reparseBlocks) {
            b.putInt(block);
        }
        for (Extent e : extents) {
            b.putLong(e.start()).putInt(e.count());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Decodes the record at the start of {@code bytes} (a block's content), checking every length against the bytes
     * before it allocates, the magic, the flags and the CRC.
     *
     * @throws CorruptVolumeException on any bad byte
     */
    static FileRecord decode(int block, byte[] bytes) {
        if (bytes.length < NAME_OFFSET + CRC_BYTES) {
            throw corrupt(block, "record too short: lengthBytes=" + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw corrupt(block, String.format("bad magic: read=0x%08X expected=0x%08X", b.getInt(0), MAGIC));
        }
        int flags = Short.toUnsignedInt(b.getShort(FLAGS_OFFSET));
        if ((flags & ~(FLAG_IN_USE | FLAG_DIRECTORY)) != 0 || (flags & FLAG_IN_USE) == 0) {
            throw corrupt(block, String.format("bad flags: flags=0x%04X", flags));
        }
        int nameLength = Short.toUnsignedInt(b.getShort(NAME_LENGTH_OFFSET));
        int extentCount = Short.toUnsignedInt(b.getShort(EXTENT_COUNT_OFFSET));
        int reparseBlockCount = Short.toUnsignedInt(b.getShort(REPARSE_BLOCKS_OFFSET));
        long length = NAME_OFFSET + 2L * nameLength + 4L * reparseBlockCount + (long) EXTENT_BYTES * extentCount
                + CRC_BYTES;
        if (nameLength > FsOptions.NAME_LENGTH_LIMIT || length > bytes.length) {
            throw corrupt(block, "record lengths out of the block: nameLength=" + nameLength + " extentCount="
                    + extentCount + " reparseBlockCount=" + reparseBlockCount + " blockBytes=" + bytes.length);
        }
        int crcOffset = (int) length - CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcOffset);
        if ((int) crc.getValue() != b.getInt(crcOffset)) {
            throw corrupt(block, String.format("crc32c mismatch: offset=0x%X calculated=0x%08X read=0x%08X",
                    crcOffset, (int) crc.getValue(), b.getInt(crcOffset)));
        }
        FileRecord r = new FileRecord();
        r.directory = (flags & FLAG_DIRECTORY) != 0;
        r.parent = b.getInt(PARENT_OFFSET);
        r.sequence = b.getInt(SEQUENCE_OFFSET);
        r.creationTime = b.getLong(CREATION_OFFSET);
        r.lastWriteTime = b.getLong(LAST_WRITE_OFFSET);
        r.attributes = b.getInt(ATTRIBUTES_OFFSET);
        r.reparseTag = b.getInt(REPARSE_TAG_OFFSET);
        r.size = b.getLong(SIZE_OFFSET);
        r.validDataLength = b.getLong(VDL_OFFSET);
        r.indexRoot = b.getInt(INDEX_ROOT_OFFSET);
        r.reparseLength = b.getInt(REPARSE_LENGTH_OFFSET);
        b.position(NAME_OFFSET);
        char[] name = new char[nameLength];
        for (int i = 0; i < nameLength; i++) {
            name[i] = b.getChar();
        }
        r.name = new String(name);
        for (int i = 0; i < reparseBlockCount; i++) {
            r.reparseBlocks.add(b.getInt());
        }
        for (int i = 0; i < extentCount; i++) {
            r.extents.add(new Extent(b.getLong(), b.getInt()));
        }
        r.checkValues(block);
        return r;
    }

    private void checkValues(int block) {
        boolean ok = attributes >= 0 && attributes <= 0xFFFF && size >= 0 && validDataLength >= 0
                && validDataLength <= size && reparseLength >= 0 && reparseLength <= REPARSE_DATA_MAX
                && (reparseTag != 0 || (reparseLength == 0 && reparseBlocks.isEmpty()))
                && (directory ? size == 0 && extents.isEmpty() : indexRoot == 0) && parent >= 0 && indexRoot >= 0;
        for (Extent e : extents) {
            ok &= e.start() >= 0 && e.count() > 0;
        }
        for (int block2 : reparseBlocks) {
            ok &= block2 > 0;
        }
        if (!ok) {
            throw corrupt(block, "record values out of range: size=" + size + " validDataLength=" + validDataLength
                    + " attributes=" + attributes + " reparseTag=" + reparseTag + " reparseLength=" + reparseLength
                    + " directory=" + directory + " indexRoot=" + indexRoot + " parent=" + parent);
        }
    }

    private static CorruptVolumeException corrupt(int block, String what) {
        return new CorruptVolumeException("corrupt file record: record=" + block + " " + what);
    }
}
