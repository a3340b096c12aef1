package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Every range check of a decoded label, at its edge: a label whose checksum holds (written by a bug, or damage the
 * checksum missed) is taken with each field at the last value in range and refused as corrupt one past it, the field
 * named.
 */
class LabelLimitsTest {

    /** A RAID-5 label of 4 members, 8-sector units, 800 sectors each in 100 regions of 8 sectors. */
    private static ByteBuffer encoded() {
        return LabelCodec.encode(new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true, 8, 100,
                new byte[LabelCodec.bitmapBytes(100)])).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@link #encoded()} with {@code edit} applied and the checksum made right again. */
    private static ByteBuffer edited(Consumer<ByteBuffer> edit) {
        ByteBuffer b = encoded();
        edit.accept(b);
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().limit(LabelCodec.LABEL_BYTES).position(LabelCodec.CRC_OFFSET + Integer.BYTES));
        return b.putInt(LabelCodec.CRC_OFFSET, (int) crc.getValue());
    }

    private static ByteBuffer withInt(int offset, int value) {
        return edited(b -> b.putInt(offset, value));
    }

    private static ByteBuffer withLong(int offset, long value) {
        return edited(b -> b.putLong(offset, value));
    }

    private static void taken(ByteBuffer label) {
        assertDoesNotThrow(() -> LabelCodec.decode(label));
    }

    private static void refused(String field, ByteBuffer label) {
        CorruptLabelException e = assertThrows(CorruptLabelException.class, () -> LabelCodec.decode(label));
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }

    @Test
    void everyFieldIsTakenAtItsEdgeAndRefusedOnePast() {
        taken(encoded());
        taken(withInt(LabelCodec.SECTOR_SIZE_OFFSET, 4096));
        refused("sectorSizeBytes=1024", withInt(LabelCodec.SECTOR_SIZE_OFFSET, 1024));
        refused("unknown layout: code=4", withInt(LabelCodec.LAYOUT_OFFSET, 4));
        refused("unknown layout: code=-1", withInt(LabelCodec.LAYOUT_OFFSET, -1));

        taken(edited(b -> b.putInt(LabelCodec.MEMBER_COUNT_OFFSET, 3).putInt(LabelCodec.FAILED_MASK_OFFSET, 0)));
        refused("memberCount=2", withInt(LabelCodec.MEMBER_COUNT_OFFSET, 2));
        taken(withInt(LabelCodec.MEMBER_COUNT_OFFSET, LabelCodec.MAX_MEMBERS));
        refused("memberCount=33", withInt(LabelCodec.MEMBER_COUNT_OFFSET, LabelCodec.MAX_MEMBERS + 1));
        taken(edited(b -> b.putInt(LabelCodec.LAYOUT_OFFSET, Layout.SIMPLE.code())
                .putInt(LabelCodec.MEMBER_COUNT_OFFSET, 1).putInt(LabelCodec.MEMBER_INDEX_OFFSET, 0)
                .putInt(LabelCodec.FAILED_MASK_OFFSET, 0)));
        refused("memberCount=2 layout=SIMPLE", edited(b -> b.putInt(LabelCodec.LAYOUT_OFFSET, Layout.SIMPLE.code())
                .putInt(LabelCodec.MEMBER_COUNT_OFFSET, 2).putInt(LabelCodec.MEMBER_INDEX_OFFSET, 0)
                .putInt(LabelCodec.FAILED_MASK_OFFSET, 0)));

        taken(withInt(LabelCodec.MEMBER_INDEX_OFFSET, 0));
        taken(withInt(LabelCodec.MEMBER_INDEX_OFFSET, 3));
        refused("memberIndex=-1", withInt(LabelCodec.MEMBER_INDEX_OFFSET, -1));
        refused("memberIndex=4", withInt(LabelCodec.MEMBER_INDEX_OFFSET, 4));

        taken(edited(b -> b.putInt(LabelCodec.STRIPE_UNIT_OFFSET, 1).putInt(LabelCodec.REGION_SECTORS_OFFSET, 8)));
        refused("stripeUnitSectors=0", withInt(LabelCodec.STRIPE_UNIT_OFFSET, 0));
        refused("stripeUnitSectors=" + (VolumeOptions.MAX_STRIPE_UNIT_SECTORS + 1),
                withInt(LabelCodec.STRIPE_UNIT_OFFSET, VolumeOptions.MAX_STRIPE_UNIT_SECTORS + 1));

        refused("memberDataSectors=0", withLong(LabelCodec.MEMBER_DATA_SECTORS_OFFSET, 0));
        refused("memberDataSectors=801", withLong(LabelCodec.MEMBER_DATA_SECTORS_OFFSET, 801));
        // 99 regions of 8 cover 792 sectors: the 100th would cover none
        refused("regionSectors=8 regionCount=100 memberDataSectors=792",
                withLong(LabelCodec.MEMBER_DATA_SECTORS_OFFSET, 792));

        taken(withLong(LabelCodec.GENERATION_OFFSET, 0));
        refused("generation=-1", withLong(LabelCodec.GENERATION_OFFSET, -1));

        taken(withInt(LabelCodec.FAILED_MASK_OFFSET, 0b1111));
        refused("failedMask=0x10", withInt(LabelCodec.FAILED_MASK_OFFSET, 0b1_0000));
        taken(edited(b -> b.putInt(LabelCodec.MEMBER_COUNT_OFFSET, 32).putInt(LabelCodec.FAILED_MASK_OFFSET, -1)));

        assertEquals(false, LabelCodec.decode(withInt(LabelCodec.STATE_OFFSET, LabelCodec.STATE_CLEAN)).open());
        assertEquals(true, LabelCodec.decode(withInt(LabelCodec.STATE_OFFSET, LabelCodec.STATE_OPEN)).open());
        refused("state=2", withInt(LabelCodec.STATE_OFFSET, 2));
        refused("state=-1", withInt(LabelCodec.STATE_OFFSET, -1));
    }

    @Test
    void theRegionsMustCoverTheDataExactly() {
        refused("regionSectors=0", withInt(LabelCodec.REGION_SECTORS_OFFSET, 0));
        refused("regionSectors=4", edited(b -> b.putInt(LabelCodec.REGION_SECTORS_OFFSET, 4)
                .putInt(LabelCodec.REGION_COUNT_OFFSET, 200))); // they cover the data, but not in whole units
        refused("regionSectors=8 regionCount=0", withInt(LabelCodec.REGION_COUNT_OFFSET, 0));
        refused("regionSectors=8 regionCount=99", withInt(LabelCodec.REGION_COUNT_OFFSET, 99)); // too few
        refused("regionSectors=8 regionCount=101", withInt(LabelCodec.REGION_COUNT_OFFSET, 101)); // one past the data
        taken(edited(b -> b.putInt(LabelCodec.REGION_SECTORS_OFFSET, 16).putInt(LabelCodec.REGION_COUNT_OFFSET, 50)));
        refused("regionSectors=8 regionCount=" + (LabelCodec.MAX_REGIONS + 1),
                edited(b -> b.putInt(LabelCodec.REGION_COUNT_OFFSET, LabelCodec.MAX_REGIONS + 1)
                        .putLong(LabelCodec.MEMBER_DATA_SECTORS_OFFSET, 8L * (LabelCodec.MAX_REGIONS + 1))));
        taken(edited(b -> b.putInt(LabelCodec.REGION_COUNT_OFFSET, LabelCodec.MAX_REGIONS)
                .putLong(LabelCodec.MEMBER_DATA_SECTORS_OFFSET, 8L * LabelCodec.MAX_REGIONS)));
    }
}
