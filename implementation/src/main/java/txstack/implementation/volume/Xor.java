package txstack.implementation.volume;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** XOR of byte ranges eight bytes at a time (VOL-3, VOL-6): sector-sized ranges are always multiples of eight. */
final class Xor {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Xor() {
    }

    /**
     * {@code dst[0, lengthBytes)} = the XOR of {@code count} ranges of {@code src} of {@code lengthBytes} each, the
     * first at {@code srcOffset}, each next one {@code stride} bytes further, whatever {@code dst} held: the first
     * three in one pass, then two more per pass (a loop over the ranges inside the loop over the words runs about four
     * times slower).
     */
    static void of(byte[] dst, byte[] src, int srcOffset, int stride, int count, int lengthBytes) {
        if (lengthBytes % Long.BYTES != 0 || count < 2) {
            throw new IllegalArgumentException("xor of " + count + " ranges of lengthBytes=" + lengthBytes
                    + ": needs at least two ranges (a RAID-5's data units) and a multiple of 8");
        }
        int a = srcOffset;
        int b = a + stride;
        int c = b + stride;
        if (count == 2) {
            for (int i = 0; i < lengthBytes; i += Long.BYTES) {
                LONGS.set(dst, i, (long) LONGS.get(src, a + i) ^ (long) LONGS.get(src, b + i));
            }
        } else {
            for (int i = 0; i < lengthBytes; i += Long.BYTES) {
                LONGS.set(dst, i, (long) LONGS.get(src, a + i) ^ (long) LONGS.get(src, b + i)
                        ^ (long) LONGS.get(src, c + i));
            }
        }
        for (int k = 3; k < count; k += 2) {
            int p = srcOffset + k * stride;
            if (k + 1 == count) {
                into(dst, 0, src, p, lengthBytes);
            } else {
                int q = p + stride;
                for (int i = 0; i < lengthBytes; i += Long.BYTES) {
                    LONGS.set(dst, i, (long) LONGS.get(dst, i) ^ (long) LONGS.get(src, p + i)
                            ^ (long) LONGS.get(src, q + i));
                }
            }
        }
    }

    /** {@code dst[dstOffset ..] ^= src[srcOffset ..]} over {@code lengthBytes}, a multiple of eight. */
    static void into(byte[] dst, int dstOffset, byte[] src, int srcOffset, int lengthBytes) {
        if (lengthBytes % Long.BYTES != 0) {
            throw new IllegalArgumentException("xor length is not a multiple of 8: lengthBytes=" + lengthBytes);
        }
        for (int i = 0; i < lengthBytes; i += Long.BYTES) {
            long a = (long) LONGS.get(dst, dstOffset + i);
            long b = (long) LONGS.get(src, srcOffset + i);
            LONGS.set(dst, dstOffset + i, a ^ b);
        }
    }
}
