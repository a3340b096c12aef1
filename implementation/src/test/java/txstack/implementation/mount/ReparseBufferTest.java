package txstack.implementation.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import txstack.implementation.fs.ReparsePoint;

/** The reparse buffer (MNT-5): round trips, each check in the contract's order, and seeded garbage. */
class ReparseBufferTest {

    private static CorruptReparseBufferException.Reason reasonOf(byte[] buffer) {
        return assertThrows(CorruptReparseBufferException.class, () -> ReparseBuffer.decode(buffer)).reason();
    }

    @Test
    void roundTrips() {
        for (int length : new int[] {0, 1, 100, ReparseTags.DATA_BYTES_MAX}) {
            byte[] data = new byte[length];
            new SplittableRandom(length).nextBytes(data);
            ReparsePoint p = ReparseBuffer.decode(ReparseBuffer.encode(new ReparsePoint(ReparseTags.HSM, data)));
            assertEquals(ReparseTags.HSM, p.tag());
            assertArrayEquals(data, p.data());
        }
        assertArrayEquals(new byte[] {3, 0, 0, (byte) 0xA0, 2, 0, 0, 0, 'x', 0},
                ReparseBuffer.encode(new ReparsePoint(ReparseTags.MOUNT_POINT, new byte[] {'x', 0})));
        assertThrows(MountReparseDataTooLargeException.class, () -> ReparseBuffer.encode(new ReparsePoint(7,
                new byte[ReparseTags.DATA_BYTES_MAX + 1])));
    }

    @Test
    void checksInTheContractsOrder() {
        assertEquals(CorruptReparseBufferException.Reason.TRUNCATED, reasonOf(new byte[7]));
        byte[] tooLarge = {0, 0, 0, 0, 0x01, 0x40, 1, 0}; // length 0x4001, reserved non-zero, tag 0
        assertEquals(CorruptReparseBufferException.Reason.TOO_LARGE, reasonOf(tooLarge));
        byte[] reserved = {0, 0, 0, 0, 4, 0, 1, 0}; // data missing too, tag 0
        assertEquals(CorruptReparseBufferException.Reason.RESERVED_NOT_ZERO, reasonOf(reserved));
        byte[] shortData = {0, 0, 0, 0, 4, 0, 0, 0, 1}; // tag 0 too
        assertEquals(CorruptReparseBufferException.Reason.TRUNCATED, reasonOf(shortData));
        byte[] trailing = {0, 0, 0, 0, 1, 0, 0, 0, 1, 2};
        assertEquals(CorruptReparseBufferException.Reason.TRAILING_BYTES, reasonOf(trailing));
        assertEquals(CorruptReparseBufferException.Reason.TAG_ZERO, reasonOf(new byte[8]));
    }

    @Test
    void seededGarbageFailsOnlyWithTheDomainException() {
        long seed = 20261201;
        SplittableRandom random = new SplittableRandom(seed);
        for (int step = 0; step < 20_000; step++) {
            byte[] buffer = new byte[random.nextInt(24)];
            random.nextBytes(buffer);
            if (buffer.length >= ReparseBuffer.HEADER_BYTES && random.nextBoolean()) {
                buffer[ReparseBuffer.DATA_LENGTH_OFFSET] = (byte) (buffer.length - ReparseBuffer.HEADER_BYTES);
                buffer[ReparseBuffer.DATA_LENGTH_OFFSET + 1] = 0;
                buffer[ReparseBuffer.RESERVED_OFFSET] = 0;
                buffer[ReparseBuffer.RESERVED_OFFSET + 1] = 0;
            }
            try {
                ReparsePoint p = ReparseBuffer.decode(buffer);
                assertArrayEquals(buffer, ReparseBuffer.encode(p), "a decoded buffer encodes back");
            } catch (CorruptReparseBufferException e) {
                // expected for most garbage
            } catch (RuntimeException e) {
                fail("seed=" + seed + " step=" + step + ": " + e, e);
            }
        }
    }
}
