package txstack.implementation.lfs;

import java.util.Objects;

/**
 * How to format or open a log.
 *
 * <p>{@code maxPayloadBytes}, {@code maxClientDataBytes} and {@code flushBatchMaxBytes} are format parameters: {@link
 * LogFile#format} stores them on disk (the payload bound clamped so that one record fits the log) and {@link
 * LogFile#open} uses the stored values, not these. {@code variant} applies to the {@link LogFile} instance at hand.
 *
 * @param maxPayloadBytes    the largest record payload, 1 to {@link #MAX_PAYLOAD_LIMIT_BYTES}
 * @param maxClientDataBytes the largest restart-area client data, 0 to {@link #MAX_CLIENT_DATA_LIMIT_BYTES}
 * @param flushBatchMaxBytes the most page bytes one flush writes before it calls {@code device.flush()}; it also
 *                           bounds how far recovery looks past the end for proof of a lost durable record
 * @param variant            {@link Variant#CORRECT}, or a deliberately broken behaviour for the conformance suite
 */
public record LogOptions(int maxPayloadBytes, int maxClientDataBytes, int flushBatchMaxBytes, Variant variant) {
    /** Bounds every allocation made from a length read off the disk. */
    public static final int MAX_PAYLOAD_LIMIT_BYTES = 16 << 20;
    public static final int MAX_CLIENT_DATA_LIMIT_BYTES = RestartPageCodec.MAX_CLIENT_DATA_BYTES;
    public static final int MIN_FLUSH_BATCH_BYTES = 4096;
    public static final int MAX_FLUSH_BATCH_BYTES = 64 << 20;

    /**
     * How the log behaves. Every value but {@link #CORRECT} is broken on purpose, for the conformance suite to prove
     * its checks bite; never use one for data you want back.
     */
    public enum Variant {
        /** The real thing. */
        CORRECT,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. {@code flush} writes the pages
         * but returns without {@code device.flush()}, so "flushed" records can vanish in a crash (LFS-6).
         */
        SKIP_DEVICE_FLUSH,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. The restart area is always
         * rewritten in place in copy 0, so a torn restart write falls back to a stale copy (LFS-2).
         */
        SINGLE_RESTART_COPY,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. Appends never report log full
         * and wrap over live records (LFS-5).
         */
        WRAP_IGNORES_START,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. Pages, records and restart
         * copies are read without checking CRC, log id, page index, epoch or record chain: torn and stale data is
         * accepted (LFS-6).
         */
        NO_CHECKSUM_VALIDATION,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. Recovery does not check the
         * incarnation epoch of pages, so a page a dead incarnation wrote past the recovered end can rejoin the log.
         */
        NO_EPOCH
    }

    public LogOptions {
        Objects.requireNonNull(variant, "variant");
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

    /** 64 KiB payloads, 1 KiB client data, 1 MiB flush batches, {@link Variant#CORRECT}. */
    public static LogOptions defaults() {
        return new LogOptions(64 << 10, 1 << 10, 1 << 20, Variant.CORRECT);
    }

    public LogOptions withVariant(Variant newVariant) {
        return new LogOptions(maxPayloadBytes, maxClientDataBytes, flushBatchMaxBytes, newVariant);
    }

    public LogOptions withMaxPayloadBytes(int newMaxPayloadBytes) {
        return new LogOptions(newMaxPayloadBytes, maxClientDataBytes, flushBatchMaxBytes, variant);
    }

    public LogOptions withMaxClientDataBytes(int newMaxClientDataBytes) {
        return new LogOptions(maxPayloadBytes, newMaxClientDataBytes, flushBatchMaxBytes, variant);
    }

    public LogOptions withFlushBatchMaxBytes(int newFlushBatchMaxBytes) {
        return new LogOptions(maxPayloadBytes, maxClientDataBytes, newFlushBatchMaxBytes, variant);
    }
}
