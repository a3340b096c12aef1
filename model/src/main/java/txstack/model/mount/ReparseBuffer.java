package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.Arrays;
import java.util.Objects;
import txstack.model.Bytes;
import txstack.model.fs.FsLimits;
import txstack.model.fs.ReparsePoint;

/**
 * The reparse point's buffer (MNT-5): the fixed header, then the owner's data. All fields little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       ReparseTag (u32)                        |  offset 0
 *  +-------------------------------+-------------------------------+
 *  |   ReparseDataLength (u16)     |       Reserved (u16, 0)       |  offset 4, 6
 *  +-------------------------------+-------------------------------+
 *  |          data: ReparseDataLength bytes, at most 16,384        ...  offset 8
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * {@link #decode} treats its input as untrusted: it checks the header's length against the limit and the input's
 * size before it copies anything, and fails with a {@link CorruptReparseBufferException} naming what is wrong.
 */
public final class ReparseBuffer {
    public static final int TAG_OFFSET = 0;
    public static final int DATA_LENGTH_OFFSET = TAG_OFFSET + Integer.BYTES;
    public static final int RESERVED_OFFSET = DATA_LENGTH_OFFSET + Short.BYTES;
    public static final int HEADER_BYTES = RESERVED_OFFSET + Short.BYTES;
    /** The largest data, in bytes (MNT-5). */
    public static final int DATA_BYTES_MAX = FsLimits.REPARSE_DATA_BYTES_MAX;
    /** The largest buffer: header and the largest data. */
    public static final int BUFFER_BYTES_MAX = HEADER_BYTES + DATA_BYTES_MAX;

    private ReparseBuffer() {
    }

    /** The buffer of {@code point}; its data must be within {@link #DATA_BYTES_MAX} (a model exception if not). */
    public static Bytes encode(ReparsePoint point) {
        Objects.requireNonNull(point, "point");
        int length = point.data().length();
        require(length <= DATA_BYTES_MAX, "reparse data too large to encode: length=" + length + " max="
                + DATA_BYTES_MAX);
        byte[] out = new byte[HEADER_BYTES + length];
        putLittleEndian(out, TAG_OFFSET, point.tag(), Integer.BYTES);
        putLittleEndian(out, DATA_LENGTH_OFFSET, length, Short.BYTES);
        putLittleEndian(out, RESERVED_OFFSET, 0, Short.BYTES);
        System.arraycopy(point.data().toArray(), 0, out, HEADER_BYTES, length);
        return Bytes.of(out);
    }

    /** The reparse point in {@code buffer}, which must be exactly one well-formed buffer. */
    public static ReparsePoint decode(byte[] buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.length < HEADER_BYTES) {
            throw corrupt(CorruptReparseBufferException.Reason.TRUNCATED, "header cut short: length="
                    + buffer.length + " headerBytes=" + HEADER_BYTES);
        }
        int tag = (int) getLittleEndian(buffer, TAG_OFFSET, Integer.BYTES);
        int dataLength = (int) getLittleEndian(buffer, DATA_LENGTH_OFFSET, Short.BYTES);
        int reserved = (int) getLittleEndian(buffer, RESERVED_OFFSET, Short.BYTES);
        if (dataLength > DATA_BYTES_MAX) {
            throw corrupt(CorruptReparseBufferException.Reason.TOO_LARGE, String.format(
                    "offset=0x%X dataLength=0x%04X max=0x%04X", DATA_LENGTH_OFFSET, dataLength, DATA_BYTES_MAX));
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
        // only now, with dataLength checked against the limit and the input, is anything copied
        return new ReparsePoint(tag, Bytes.of(Arrays.copyOfRange(buffer, HEADER_BYTES, expected)));
    }

    private static CorruptReparseBufferException corrupt(CorruptReparseBufferException.Reason reason, String msg) {
        return new CorruptReparseBufferException(reason, msg);
    }

    private static void putLittleEndian(byte[] out, int offset, long value, int width) {
        for (int i = 0; i < width; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static long getLittleEndian(byte[] in, int offset, int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (in[offset + i] & 0xFFL) << (8 * i);
        }
        return value;
    }
}
