package txstack.implementation.mount;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

import txstack.implementation.fs.ReparsePoint;

/**
 * The reparse point's buffer (MNT-5), as a reparse point travels: the fixed header, then the owner's data, all
 * little-endian.
 *
 * <pre>
 *  +0 ReparseTag u32 | +4 ReparseDataLength u16 (at most 16,384) | +6 Reserved u16 = 0 | +8 data
 * </pre>
 *
 * {@link #decode} treats its input as untrusted and checks, in the contract's order, failing with the first problem:
 * fewer than 8 bytes (TRUNCATED); a data length over 16,384 (TOO_LARGE, before anything is copied); a non-zero
 * reserved field (RESERVED_NOT_ZERO); fewer bytes than the header says (TRUNCATED); more (TRAILING_BYTES); tag 0
 * (TAG_ZERO).
 */
public final class ReparseBuffer {
    public static final int TAG_OFFSET = 0;
    public static final int DATA_LENGTH_OFFSET = TAG_OFFSET + Integer.BYTES;
    public static final int RESERVED_OFFSET = DATA_LENGTH_OFFSET + Short.BYTES;
    public static final int HEADER_BYTES = RESERVED_OFFSET + Short.BYTES;
    /** The largest buffer: the header and the largest data. */
    public static final int BUFFER_BYTES_MAX = HEADER_BYTES + ReparseTags.DATA_BYTES_MAX;

    private ReparseBuffer() {
    }

    /**
     * The buffer of {@code point}.
     *
     * @throws MountReparseDataTooLargeException if its data is over {@link ReparseTags#DATA_BYTES_MAX} bytes
     * @throws MountInvalidArgumentException     if its tag is 0
     */
    public static byte[] encode(ReparsePoint point) {
        Objects.requireNonNull(point, "point");
        byte[] data = point.data();
        if (data.length > ReparseTags.DATA_BYTES_MAX) {
            throw new MountReparseDataTooLargeException("length=" + data.length + " max="
                    + ReparseTags.DATA_BYTES_MAX);
        }
        if (point.tag() == 0) {
            throw new MountInvalidArgumentException("reparse tag 0");
        }
        return ByteBuffer.allocate(HEADER_BYTES + data.length).order(ByteOrder.LITTLE_ENDIAN).putInt(point.tag())
                .putShort((short) data.length).putShort((short) 0).put(data).array();
    }

    /** The reparse point in {@code buffer}, which must be exactly one well-formed buffer (checks above). */
    public static ReparsePoint decode(byte[] buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.length < HEADER_BYTES) {
            throw corrupt(CorruptReparseBufferException.Reason.TRUNCATED, "header cut short: length="
                    + buffer.length + " headerBytes=" + HEADER_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int tag = in.getInt(TAG_OFFSET);
        int dataLength = in.getShort(DATA_LENGTH_OFFSET) & 0xFFFF;
        int reserved = in.getShort(RESERVED_OFFSET) & 0xFFFF;
        if (dataLength > ReparseTags.DATA_BYTES_MAX) {
            throw corrupt(CorruptReparseBufferException.Reason.TOO_LARGE, String.format(
                    "offset=0x%X dataLength=0x%04X max=0x%04X", DATA_LENGTH_OFFSET, dataLength,
                    ReparseTags.DATA_BYTES_MAX));
        }
        if (reserved != 0) {
            throw corrupt(CorruptReparseBufferException.Reason.RESERVED_NOT_ZERO, String.format(
                    "offset=0x%X expected=0x0000 actual=0x%04X", RESERVED_OFFSET, reserved));
        }
        int expected = HEADER_BYTES + dataLength;
        if (buffer.length < expected) {
            throw corrupt(CorruptReparseBufferException.Reason.TRUNCATED, String.format(
                    "data cut short: dataLength=0x%04X expectedBytes=0x%X actualBytes=0x%X", dataLength, expected,
                    buffer.length));
        }
        if (buffer.length > expected) {
            throw corrupt(CorruptReparseBufferException.Reason.TRAILING_BYTES, String.format(
                    "dataLength=0x%04X expectedBytes=0x%X actualBytes=0x%X", dataLength, expected, buffer.length));
        }
        if (tag == 0) {
            throw corrupt(CorruptReparseBufferException.Reason.TAG_ZERO, "offset=0x0 tag=0x00000000");
        }
        return new ReparsePoint(tag, Arrays.copyOfRange(buffer, HEADER_BYTES, expected));
    }

    private static CorruptReparseBufferException corrupt(CorruptReparseBufferException.Reason reason, String msg) {
        return new CorruptReparseBufferException(reason, msg);
    }
}
