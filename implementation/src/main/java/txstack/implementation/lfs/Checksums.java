package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;

/** CRC32C (the JDK's, hardware-accelerated) and the hex formatting every checksum message uses. */
final class Checksums {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Checksums() {
    }

    static int crc32c(byte[] bytes, int offset, int lengthBytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, lengthBytes);
        return (int) crc.getValue();
    }

    /** The CRC32C of {@code buffer}'s bytes {@code [from, to)}, absolute positions; the buffer is not moved. */
    static int crc32c(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }

    /** {@code 0x} and eight upper-case hex digits. */
    static String hex(int value) {
        return "0x" + HEX.toHexDigits(value);
    }

    /** {@code 0x} and the upper-case hex digits, without leading zeros. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value).toUpperCase(Locale.ROOT);
    }
}
