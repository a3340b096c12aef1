package txstack.implementation.recovery;

import java.util.Objects;

import txstack.implementation.lfs.LogOptions;

/**
 * How to format or open a {@link RecoverableStore}. Runtime limits, not format parameters: a store may be opened with
 * other values than it was formatted with (the log's own format parameters come from its disk, see {@link
 * LogOptions}). {@link RecoverableStore#format} and {@link RecoverableStore#open} check that the limits fit the
 * devices: an update record and a checkpoint's end record (one entry per cache frame and per transaction) must fit
 * the log's largest payload, and an update the page.
 *
 * @param cachePagesMax   frames of the page cache, 1 to {@link #CACHE_PAGES_LIMIT}
 * @param transactionsMax transactions active at once, 1 to {@link #TRANSACTIONS_LIMIT}
 * @param updateBytesMax  the most bytes one update changes, 1 to {@link #UPDATE_BYTES_LIMIT} (and at most a page)
 * @param logOptions      how to format the log ({@link RecoverableStore#format} only)
 * @param recoveryLogBytesMax the most log bytes {@link RecoverableStore#open} keeps in memory while it recovers, 0 to
 *                        {@link #RECOVERY_LOG_BYTES_LIMIT}: if the log's pages from its start fit (and fit a quarter of
 *                        the JVM's maximum heap), the log is read from the device once, else once more for analysis
 *                        and redo (same result, slower); 0 never keeps them
 */
public record StoreOptions(int cachePagesMax, int transactionsMax, int updateBytesMax, LogOptions logOptions,
                           long recoveryLogBytesMax) {
    public static final int CACHE_PAGES_LIMIT = StoreRecordCodec.DIRTY_PAGES_MAX;
    public static final int TRANSACTIONS_LIMIT = StoreRecordCodec.TRANSACTIONS_MAX;
    public static final int UPDATE_BYTES_LIMIT = StoreRecordCodec.UPDATE_BYTES_MAX;
    public static final long RECOVERY_LOG_BYTES_LIMIT = 64L << 30;
    /** 1 GiB: a log up to that size is read once by restart recovery, if the heap allows. */
    public static final long DEFAULT_RECOVERY_LOG_BYTES_MAX = 1L << 30;

    public StoreOptions {
        checkRange("cachePagesMax", cachePagesMax, CACHE_PAGES_LIMIT);
        checkRange("transactionsMax", transactionsMax, TRANSACTIONS_LIMIT);
        checkRange("updateBytesMax", updateBytesMax, UPDATE_BYTES_LIMIT);
        Objects.requireNonNull(logOptions, "logOptions");
        if (recoveryLogBytesMax < 0 || recoveryLogBytesMax > RECOVERY_LOG_BYTES_LIMIT) {
            throw new IllegalArgumentException("recoveryLogBytesMax out of range: recoveryLogBytesMax="
                    + recoveryLogBytesMax + " min=0 max=" + RECOVERY_LOG_BYTES_LIMIT);
        }
    }

    /** The options with the default {@link #recoveryLogBytesMax()}. */
    public StoreOptions(int cachePagesMax, int transactionsMax, int updateBytesMax, LogOptions logOptions) {
        this(cachePagesMax, transactionsMax, updateBytesMax, logOptions, DEFAULT_RECOVERY_LOG_BYTES_MAX);
    }

    private static void checkRange(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " out of range: " + name + "=" + value + " min=1 max=" + max);
        }
    }

    /** 64 cache frames, 64 transactions, 256-byte updates, the log's defaults, logs up to 1 GiB recovered in memory. */
    public static StoreOptions defaults() {
        return new StoreOptions(64, 64, 256, LogOptions.defaults());
    }

    public StoreOptions withCachePagesMax(int newCachePagesMax) {
        return new StoreOptions(newCachePagesMax, transactionsMax, updateBytesMax, logOptions, recoveryLogBytesMax);
    }

    public StoreOptions withTransactionsMax(int newTransactionsMax) {
        return new StoreOptions(cachePagesMax, newTransactionsMax, updateBytesMax, logOptions, recoveryLogBytesMax);
    }

    public StoreOptions withUpdateBytesMax(int newUpdateBytesMax) {
        return new StoreOptions(cachePagesMax, transactionsMax, newUpdateBytesMax, logOptions, recoveryLogBytesMax);
    }

    public StoreOptions withLogOptions(LogOptions newLogOptions) {
        return new StoreOptions(cachePagesMax, transactionsMax, updateBytesMax, newLogOptions, recoveryLogBytesMax);
    }

    public StoreOptions withRecoveryLogBytesMax(long newRecoveryLogBytesMax) {
        return new StoreOptions(cachePagesMax, transactionsMax, updateBytesMax, logOptions, newRecoveryLogBytesMax);
    }

    /** What recovery may keep: {@link #recoveryLogBytesMax()}, at most a quarter of the JVM's maximum heap. */
    long recoveryLogBytesAllowed() {
        return Math.min(recoveryLogBytesMax, Runtime.getRuntime().maxMemory() / 4);
    }
}
