package txstack.implementation.cluster;

/**
 * A metadata request's id, unique in the cluster (CSV-3): the sender, the sender's incarnation (its boot count,
 * which survives a crash so that ids are never reused) and a sequence number within the incarnation. Packed in a
 * {@code long} as {@code node:16 | incarnation:16 | seq:32}, high bits first.
 */
public record RequestId(int node, int incarnation, long seq) {
    public static final int NODE_MAX = 0xFFFF;
    public static final int INCARNATION_MAX = 0xFFFF;
    public static final long SEQ_MAX = 0xFFFF_FFFFL;

    public RequestId {
        if (node < 0 || node > NODE_MAX || incarnation < 0 || incarnation > INCARNATION_MAX || seq < 0
                || seq > SEQ_MAX) {
            throw new IllegalArgumentException("invalid request id: node=" + node + " incarnation=" + incarnation
                    + " seq=" + seq);
        }
    }

    public long packed() {
        return (long) node << 48 | (long) incarnation << 32 | seq;
    }

    public static RequestId unpack(long packed) {
        return new RequestId((int) (packed >>> 48), (int) (packed >>> 32) & INCARNATION_MAX, packed & SEQ_MAX);
    }
}
