package txstack.implementation.volume;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** XOR of byte ranges eight bytes at a time (VOL-3, VOL-6): sector-sized ranges are always multiples of eight. */
final class Xor {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Xor() {
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
