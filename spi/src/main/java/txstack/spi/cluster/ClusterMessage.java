package txstack.spi.cluster;

import java.util.Objects;

/**
 * A message between two nodes, as the engine hands it to the {@link ClusterNetwork}: a metadata request to the
 * node the sender believes coordinates, or that node's acknowledgement. {@code request} is the id the engine gave
 * the request ({@link ClusterSession#requestResize}), in both; {@code payload} is the engine's own encoding of the
 * rest, delivered back unchanged.
 */
public record ClusterMessage(Kind kind, int from, int to, long request, byte[] payload) {
    /** What a message is, as far as the suite needs to know. */
    public enum Kind {
        /** A metadata request (CSV-3). */
        REQUEST,
        /** The coordinator applied the request durably, now or before (CSV-3). */
        ACK
    }

    /** Bound on a payload. */
    public static final int PAYLOAD_MAX = 4096;

    public ClusterMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        if (payload.length > PAYLOAD_MAX || from < 0 || to < 0) {
            throw new IllegalArgumentException("invalid message: kind=" + kind + " from=" + from + " to=" + to
                    + " payloadBytes=" + payload.length + " max=" + PAYLOAD_MAX);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + request + " " + from + "->" + to;
    }
}
