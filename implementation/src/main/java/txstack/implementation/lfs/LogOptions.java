package txstack.implementation.lfs;

/**
 * How to format or open a log.
 *
 * <p>{@code maxPayloadBytes}, {@code maxClientDataBytes} and {@code flushBatchMaxBytes} are format parameters: {@link
 * LogFile#format} stores them on disk (the payload bound clamped so that one record fits the log) and {@link
 * LogFile#open} uses the stored values, not these.
 *
 * @param maxPayloadBytes    the largest record payload, 1 to {@link #MAX_PAYLOAD_LIMIT_BYTES}
 * @param maxClientDataBytes the largest restart-area client data, 0 to {@link #MAX_CLIENT_DATA_LIMIT_BYTES}
 * @param flushBatchMaxBytes the most page bytes one flush writes before it calls {@code device.flush()}; it also
 *                           bounds how far recovery looks past the end for proof of a lost durable record
 */
public record LogOptions(int maxPayloadBytes, int maxClientDataBytes, int flushBatchMaxBytes) {
    /** Bounds every allocation made from a length read off the disk. */
    public static final int MAX_PAYLOAD_LIMIT_BYTES = 16 << 20;
    public static final int MAX_CLIENT_DATA_LIMIT_BYTES = RestartPageCodec.MAX_CLIENT_DATA_BYTES;
    public static final int MIN_FLUSH_BATCH_BYTES = 4096;
    public static final int MAX_FLUSH_BATCH_BYTES = 64 << 20;

    public LogOptions {
        if (maxPayloadBytes < 1 || maxPayloadBytes > MAX_PAYLOAD_LIMIT_BYTES) {
            throw new IllegalArgumentException("maxPayloadBytes out of range: maxPayloadBytes=" + maxPayloadBytes
                    + " min=1 max=" + MAX_PAYLOAD_LIMIT_BYTES);
        }
        if (maxClientDataBytes < 0 || maxClientDataBytes > MAX_CLIENT_DATA_LIMIT_BYTES) {
            throw new IllegalArgumentException("maxClientDataBytes out of range: maxClientDataBytes="
                    + maxClientDataBytes + " min=0 max=" + MAX_CLIENT_DATA_LIMIT_BYTES);
        }
        if (flushBatchMaxBytes < MIN_FLUSH_BATCH_BYTES || flushBatchMaxBytes > MAX_FLUSH_BATCH_BYTES) {
            throw new IllegalArgumentException("flushBatchMaxBytes out of range: flushBatchMaxBytes="
                    + flushBatchMaxBytes + " min=" + MIN_FLUSH_BATCH_BYTES + " max=" + MAX_FLUSH_BATCH_BYTES);
        }
    }

    /** 64 KiB payloads, 1 KiB client data, 1 MiB flush batches. */
    public static LogOptions defaults() {
        return new LogOptions(64 << 10, 1 << 10, 1 << 20);
    }

    public LogOptions withMaxPayloadBytes(int newMaxPayloadBytes) {
        return new LogOptions(newMaxPayloadBytes, maxClientDataBytes, flushBatchMaxBytes);
    }

    public LogOptions withMaxClientDataBytes(int newMaxClientDataBytes) {
        return new LogOptions(maxPayloadBytes, newMaxClientDataBytes, flushBatchMaxBytes);
    }

    public LogOptions withFlushBatchMaxBytes(int newFlushBatchMaxBytes) {
        return new LogOptions(maxPayloadBytes, maxClientDataBytes, newFlushBatchMaxBytes);
    }
}
