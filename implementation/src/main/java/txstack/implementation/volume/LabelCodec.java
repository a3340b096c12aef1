package txstack.implementation.volume;

import java.nio.ByteBuffer;
import txstack.implementation.disk.SectorSizes;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes a member label. It lives in the first sector of every member and is written whole, with
 * force-unit-access, in one sector: a sector is atomic (DISK-3), so a label is old or new, never torn; the CRC
 * catches anything else.
 *
 * <pre>
 * Member label: LABEL_BYTES = 512 at member sectors 0 and 1, two identical copies (the rest of a 4096 B sector is
 * zero), little-endian.
 *
 *  offset  bytes  field
 *       0      4  magic              "TXVL" (0x4C565854)
 *       4      4  version            1
 *       8      4  crc32c             CRC32C of bytes [12, 512)
 *      12      4  sectorSizeBytes    512 or 4096
 *      16      8  volumeId           random per volume
 *      24      4  layout             0 simple, 1 striped, 2 mirror, 3 RAID-5
 *      28      4  memberCount        layout minimum .. MAX_MEMBERS
 *      32      4  memberIndex        0 .. memberCount - 1
 *      36      4  stripeUnitSectors  1 .. MAX_STRIPE_UNIT_SECTORS
 *      40      8  memberDataSectors  data sectors per member, from member sector 2; a multiple of the unit
 *      48      8  generation         the highest among the members is the truth
 *      56      4  failedMask         bit i: member i is out of the volume as of this generation
 *      60      4  state              0 clean (closed), 1 open (in use: an unclean shutdown if found at assembly)
 *      64      4  regionSectors      member sectors per dirty bit, a multiple of stripeUnitSectors
 *      68      4  regionCount        1 .. MAX_REGIONS, ceil(memberDataSectors / regionSectors)
 *      72      n  dirtyBitmap        ceil(regionCount / 8) bytes, bit r at byte r/8, bit r%8
 *  72 + n         zeros up to 512
 * </pre>
 *
 * <p>Decoding bounds every field before using it and throws nothing but {@link CorruptLabelException}.
 */
final class LabelCodec {
    static final int LABEL_BYTES = 512;
    static final int MAGIC = 0x4C565854; // "TXVL" read little-endian
    static final int VERSION = 1;
    static final int MAX_MEMBERS = 32;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int CRC_OFFSET = VERSION_OFFSET + Integer.BYTES;
    static final int SECTOR_SIZE_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int VOLUME_ID_OFFSET = SECTOR_SIZE_OFFSET + Integer.BYTES;
    static final int LAYOUT_OFFSET = VOLUME_ID_OFFSET + Long.BYTES;
    static final int MEMBER_COUNT_OFFSET = LAYOUT_OFFSET + Integer.BYTES;
    static final int MEMBER_INDEX_OFFSET = MEMBER_COUNT_OFFSET + Integer.BYTES;
    static final int STRIPE_UNIT_OFFSET = MEMBER_INDEX_OFFSET + Integer.BYTES;
    static final int MEMBER_DATA_SECTORS_OFFSET = STRIPE_UNIT_OFFSET + Integer.BYTES;
    static final int GENERATION_OFFSET = MEMBER_DATA_SECTORS_OFFSET + Long.BYTES;
    static final int FAILED_MASK_OFFSET = GENERATION_OFFSET + Long.BYTES;
    static final int STATE_OFFSET = FAILED_MASK_OFFSET + Integer.BYTES;
    static final int REGION_SECTORS_OFFSET = STATE_OFFSET + Integer.BYTES;
    static final int REGION_COUNT_OFFSET = REGION_SECTORS_OFFSET + Integer.BYTES;
    static final int DIRTY_BITMAP_OFFSET = REGION_COUNT_OFFSET + Integer.BYTES;
    /** The bitmap fills the rest of the label, in whole bytes. */
    static final int MAX_REGIONS = (LABEL_BYTES - DIRTY_BITMAP_OFFSET) * Byte.SIZE;

    static final int STATE_CLEAN = 0;
    static final int STATE_OPEN = 1;

    private LabelCodec() {
    }

    static int bitmapBytes(int regionCount) {
        return (regionCount + Byte.SIZE - 1) / Byte.SIZE;
    }

    /** The label as one sector of {@code label.sectorSizeBytes()} bytes. */
    static ByteBuffer encode(MemberLabel label) {
        ByteBuffer b = ByteBuffer.allocate(label.sectorSizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC)
                .putInt(VERSION_OFFSET, VERSION)
                .putInt(SECTOR_SIZE_OFFSET, label.sectorSizeBytes())
                .putLong(VOLUME_ID_OFFSET, label.volumeId())
                .putInt(LAYOUT_OFFSET, label.layout().code())
                .putInt(MEMBER_COUNT_OFFSET, label.memberCount())
                .putInt(MEMBER_INDEX_OFFSET, label.memberIndex())
                .putInt(STRIPE_UNIT_OFFSET, label.stripeUnitSectors())
                .putLong(MEMBER_DATA_SECTORS_OFFSET, label.memberDataSectors())
                .putLong(GENERATION_OFFSET, label.generation())
                .putInt(FAILED_MASK_OFFSET, label.failedMask())
                .putInt(STATE_OFFSET, label.open() ? STATE_OPEN : STATE_CLEAN)
                .putInt(REGION_SECTORS_OFFSET, label.regionSectors())
                .putInt(REGION_COUNT_OFFSET, label.regionCount())
                .put(DIRTY_BITMAP_OFFSET, label.dirtyBitmap());
        b.putInt(CRC_OFFSET, crc32c(b));
        return b;
    }

    /** Decodes the label at the start of {@code sector} (absolute positions; the buffer is not moved). */
    static MemberLabel decode(ByteBuffer sector) {
        ByteBuffer b = sector.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < LABEL_BYTES) {
            throw new CorruptLabelException("label too short: lengthBytes=" + b.limit() + " min=" + LABEL_BYTES);
        }
        if (b.getInt(MAGIC_OFFSET) != MAGIC) {
            throw new CorruptLabelException("no volume label: magic=" + hex(b.getInt(MAGIC_OFFSET)) + " expected="
                    + hex(MAGIC));
        }
        if (b.getInt(VERSION_OFFSET) != VERSION) {
            throw new CorruptLabelException("unsupported label version: version=" + b.getInt(VERSION_OFFSET)
                    + " expected=" + VERSION);
        }
        int calculated = crc32c(b);
        if (calculated != b.getInt(CRC_OFFSET)) {
            throw new CorruptLabelException("label crc32c mismatch: offset=0x" + Integer.toHexString(CRC_OFFSET)
                    + " calculated=" + hex(calculated) + " read=" + hex(b.getInt(CRC_OFFSET)));
        }
        int sectorSizeBytes = b.getInt(SECTOR_SIZE_OFFSET);
        if (!SectorSizes.isAllowed(sectorSizeBytes)) {
            throw new CorruptLabelException("sectorSizeBytes=" + sectorSizeBytes);
        }
        Layout layout = Layout.ofCode(b.getInt(LAYOUT_OFFSET));
        if (layout == null) {
            throw new CorruptLabelException("unknown layout: code=" + b.getInt(LAYOUT_OFFSET));
        }
        int memberCount = b.getInt(MEMBER_COUNT_OFFSET);
        if (memberCount < layout.minMembers() || memberCount > MAX_MEMBERS
                || layout == Layout.SIMPLE && memberCount != 1) {
            throw new CorruptLabelException("memberCount=" + memberCount + " layout=" + layout);
        }
        int memberIndex = b.getInt(MEMBER_INDEX_OFFSET);
        if (memberIndex < 0 || memberIndex >= memberCount) {
            throw new CorruptLabelException("memberIndex=" + memberIndex + " memberCount=" + memberCount);
        }
        int unit = b.getInt(STRIPE_UNIT_OFFSET);
        if (unit < 1 || unit > VolumeOptions.MAX_STRIPE_UNIT_SECTORS) {
            throw new CorruptLabelException("stripeUnitSectors=" + unit);
        }
        long dataSectors = b.getLong(MEMBER_DATA_SECTORS_OFFSET);
        if (dataSectors <= 0 || dataSectors % unit != 0) {
            throw new CorruptLabelException("memberDataSectors=" + dataSectors);
        }
        long generation = b.getLong(GENERATION_OFFSET);
        if (generation < 0) {
            throw new CorruptLabelException("generation=" + generation);
        }
        int failedMask = b.getInt(FAILED_MASK_OFFSET);
        if (memberCount != Integer.SIZE && failedMask >>> memberCount != 0) {
            throw new CorruptLabelException("failedMask=0x" + Integer.toHexString(failedMask) + " memberCount="
                    + memberCount);
        }
        int state = b.getInt(STATE_OFFSET);
        if (state != STATE_CLEAN && state != STATE_OPEN) {
            throw new CorruptLabelException("state=" + state);
        }
        int regionSectors = b.getInt(REGION_SECTORS_OFFSET);
        int regionCount = b.getInt(REGION_COUNT_OFFSET);
        boolean regionsCoverData = regionSectors > 0 && regionSectors % unit == 0 && regionCount > 0
                && regionCount <= MAX_REGIONS && (regionCount - 1L) * regionSectors < dataSectors
                && (long) regionCount * regionSectors >= dataSectors;
        if (!regionsCoverData) {
            throw new CorruptLabelException("regionSectors=" + regionSectors + " regionCount=" + regionCount
                    + " memberDataSectors=" + dataSectors);
        }
        byte[] bitmap = new byte[bitmapBytes(regionCount)];
        b.get(DIRTY_BITMAP_OFFSET, bitmap);
        return new MemberLabel(sectorSizeBytes, b.getLong(VOLUME_ID_OFFSET), layout, memberCount, memberIndex, unit,
                dataSectors, generation, failedMask, state == STATE_OPEN, regionSectors, regionCount, bitmap);
    }

    private static int crc32c(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().limit(LABEL_BYTES).position(CRC_OFFSET + Integer.BYTES));
        return (int) crc.getValue();
    }

    /** {@code 0x} and eight upper-case hex digits. */
    static String hex(int value) {
        return "0x" + HEX.toHexDigits(value);
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value).toUpperCase(Locale.ROOT);
    }
}
