package txstack.implementation.cluster;

import java.util.HexFormat;
import java.util.zip.CRC32C;

/** What the on-disk formats of this package ({@link FencedDisk}, {@link Namespace}) share: the checksum and checks. */
final class OnDisk {
    private OnDisk() {
    }

    /** CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static String hex(int value) {
        return HexFormat.of().withUpperCase().toHexDigits(value);
    }

    /** A format check: {@link CorruptNamespaceException} with {@code message} unless {@code ok}. */
    static void check(boolean ok, String message) {
        if (!ok) {
            throw new CorruptNamespaceException(message);
        }
    }
}
