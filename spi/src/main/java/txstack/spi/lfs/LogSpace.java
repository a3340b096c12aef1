package txstack.spi.lfs;

/**
 * The space an engine's log offers, so the suite can size workloads and judge "log full" (LFS-5).
 *
 * <p>A record costs {@code payloadBytes + recordOverheadBytes}. An append must succeed while the live records
 * (from the durable start to the end) plus the new one cost at most {@code capacityBytes - slackBytes}; it must
 * fail with {@link LogFullException} when they would cost more than {@code capacityBytes}; in between, either.
 *
 * <p>An append contract only, never a bound on what a recovery may show: an engine may declare a conservative
 * capacity (worst-case padding) while its ring holds more, and after falling back to an older restart area show more
 * records than the capacity would hold.
 *
 * @param capacityBytes       bytes of record data the circular area holds
 * @param recordOverheadBytes bytes a record costs beyond its payload
 * @param slackBytes          how much of the capacity the engine may lose to rounding (page ends, headers)
 * @param maxPayloadBytes     the largest payload an append accepts
 * @param maxClientDataBytes  the largest client context the restart area accepts
 */
public record LogSpace(long capacityBytes, int recordOverheadBytes, long slackBytes, int maxPayloadBytes,
                          int maxClientDataBytes) {

    public LogSpace {
        if (capacityBytes <= 0 || recordOverheadBytes < 0 || slackBytes < 0 || slackBytes >= capacityBytes
                || maxPayloadBytes <= 0 || maxClientDataBytes < 0) {
            throw new IllegalArgumentException("invalid geometry: capacityBytes=" + capacityBytes
                    + " recordOverheadBytes=" + recordOverheadBytes + " slackBytes=" + slackBytes
                    + " maxPayloadBytes=" + maxPayloadBytes + " maxClientDataBytes=" + maxClientDataBytes);
        }
    }
}
