package txstack.implementation.fs;

/** A reparse point (MNT-5): a non-zero tag and 0 to 16,384 bytes of data. */
public record ReparsePoint(int tag, byte[] data) {
    public ReparsePoint {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
