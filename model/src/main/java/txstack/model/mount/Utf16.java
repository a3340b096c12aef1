package txstack.model.mount;

import txstack.model.Bytes;

/** Names in reparse data are UTF-16LE, as NT keeps them (coded by hand: the model uses no {@code java.nio}). */
final class Utf16 {
    private Utf16() {
    }

    static Bytes encode(String s) {
        byte[] out = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            out[2 * i] = (byte) s.charAt(i);
            out[2 * i + 1] = (byte) (s.charAt(i) >>> 8);
        }
        return Bytes.of(out);
    }

    /** The string, or null if {@code data} has an odd length. */
    static String decode(Bytes data) {
        byte[] in = data.toArray();
        if (in.length % 2 != 0) {
            return null;
        }
        char[] chars = new char[in.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((in[2 * i] & 0xFF) | (in[2 * i + 1] & 0xFF) << 8);
        }
        return new String(chars);
    }
}
