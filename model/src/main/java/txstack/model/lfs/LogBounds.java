package txstack.model.lfs;

import static txstack.model.ModelException.require;

/**
 * The space a log offers (LFS-5), in the model's terms: a record costs its payload plus a fixed overhead.
 * An append must succeed while the live records plus the new one cost at most {@code capacityBytes - slackBytes},
 * must fail when they would cost more than {@code capacityBytes}, and may do either in between.
 *
 * <p>The spec's geometry (one record per page, N pages) is {@code new LogBounds(N, 1, 0, 0, 0)} with empty
 * payloads.
 */
public record LogBounds(long capacityBytes, int recordOverheadBytes, long slackBytes, int maxPayloadBytes,
                          int maxClientDataBytes) {

    public LogBounds {
        require(capacityBytes > 0 && recordOverheadBytes >= 0 && slackBytes >= 0 && slackBytes < capacityBytes
                        && maxPayloadBytes >= 0 && maxClientDataBytes >= 0,
                "invalid geometry: capacityBytes=" + capacityBytes + " recordOverheadBytes=" + recordOverheadBytes
                        + " slackBytes=" + slackBytes + " maxPayloadBytes=" + maxPayloadBytes
                        + " maxClientDataBytes=" + maxClientDataBytes);
    }

    /** The spec's geometry: {@code pages} slots of one record each, payloads empty. */
    public static LogBounds spec(int pages) {
        return new LogBounds(pages, 1, 0, 0, 0);
    }

    public long costOf(int payloadBytes) {
        return (long) payloadBytes + recordOverheadBytes;
    }
}
