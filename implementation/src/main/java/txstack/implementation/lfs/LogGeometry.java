package txstack.implementation.lfs;

/**
 * The space a log offers (LFS-5), so clients and the conformance suite can size workloads and judge "log full".
 *
 * <p>A record costs {@code payloadBytes + recordOverheadBytes}. An append succeeds while the live records (from the
 * durable start, the start in the newest restart area on disk, to the end) plus the new one cost at most
 * {@code capacityBytes - slackBytes}; it throws {@link LogFullException} when they would cost more than
 * {@code capacityBytes}; in between, either.
 *
 * @param capacityBytes       bytes of record data the circular area holds
 * @param recordOverheadBytes bytes a record costs beyond its payload
 * @param slackBytes          how much of the capacity may be lost to where the durable start sits in its page
 * @param maxPayloadBytes     the largest payload an append accepts
 * @param maxClientDataBytes  the largest client data the restart area accepts
 */
public record LogGeometry(long capacityBytes, int recordOverheadBytes, long slackBytes, int maxPayloadBytes,
                          int maxClientDataBytes) {

    public LogGeometry {
        if (capacityBytes <= 0 || recordOverheadBytes < 0 || slackBytes < 0 || slackBytes >= capacityBytes
                || maxPayloadBytes <= 0 || maxClientDataBytes < 0) {
            throw new IllegalArgumentException("invalid geometry: capacityBytes=" + capacityBytes
                    + " recordOverheadBytes=" + recordOverheadBytes + " slackBytes=" + slackBytes
                    + " maxPayloadBytes=" + maxPayloadBytes + " maxClientDataBytes=" + maxClientDataBytes);
        }
    }
}
