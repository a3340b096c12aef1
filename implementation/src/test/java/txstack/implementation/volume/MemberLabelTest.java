package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A label equals another only if every field does; its geometry is every field but the member's index, generation
 * and state; its dirty bitmap answers per region.
 */
class MemberLabelTest {

    private static final byte[] BITMAP = {0b0000_0101, 0b0000_0010};

    private static MemberLabel label() {
        return new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true, 8, 16, BITMAP.clone());
    }

    /** {@link #label()} with each field changed in turn. */
    private static List<MemberLabel> eachFieldChanged() {
        MemberLabel l = label();
        return List.of(
                new MemberLabel(4096, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1235L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.MIRROR, 4, 2, 8, 800, 7, 0b1000, true, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 5, 2, 8, 800, 7, 0b1000, true, 8, 16, BITMAP.clone()),
                l.forMember(3),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 16, 800, 7, 0b1000, true, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 801, 7, 0b1000, true, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 8, 0b1000, true, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b0100, true, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, false, 8, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true, 16, 16, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true, 8, 15, BITMAP.clone()),
                new MemberLabel(512, 0x1234L, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true, 8, 16, new byte[2]));
    }

    @Test
    void equalOnlyIfEveryFieldIs() {
        assertEquals(label(), label());
        assertEquals(label().hashCode(), label().hashCode());
        assertFalse(label().equals(null));
        assertFalse(label().equals("label"));
        for (MemberLabel other : eachFieldChanged()) {
            assertNotEquals(label(), other, other.toString());
            assertNotEquals(other, label(), other.toString());
        }
        assertEquals(label(), label().forMember(2));
        assertEquals(label(), label().withVolumeId(0x1234L));
        assertEquals(0x99L, label().withVolumeId(0x99L).volumeId());
    }

    @Test
    void theGeometryIsEveryFieldButIndexGenerationAndState() {
        List<MemberLabel> changed = eachFieldChanged();
        // sector size, volume id, layout, member count; stripe unit, member sectors; region size and count
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 10, 11}) {
            assertFalse(label().sameGeometry(changed.get(i)), changed.get(i).toString());
            assertFalse(changed.get(i).sameGeometry(label()), changed.get(i).toString());
        }
        // member index, generation, failed mask, open, dirty bitmap
        for (int i : new int[] {4, 7, 8, 9, 12}) {
            assertTrue(label().sameGeometry(changed.get(i)), changed.get(i).toString());
        }
    }

    @Test
    void theDirtyBitmapAnswersPerRegion() {
        MemberLabel l = label();
        boolean[] expected = new boolean[16];
        expected[0] = true;
        expected[2] = true;
        expected[9] = true;
        for (int region = 0; region < 16; region++) {
            assertEquals(expected[region], l.dirty(region), "region " + region);
        }
    }
}
