package txstack.conformance.engines;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.recovery.BrokenStores;
import txstack.implementation.recovery.RecoverableStore;
import txstack.implementation.recovery.StoreFullException;
import txstack.implementation.recovery.StoreOptions;
import txstack.implementation.recovery.Transaction;
import txstack.spi.disk.Devices;
import txstack.spi.recovery.PageStore;
import txstack.spi.recovery.PageStoreEngine;
import txstack.spi.recovery.PageStoreFullException;

/**
 * The txstack recovery layer ({@link RecoverableStore}) bound to the SPI, over the log and data disks the suite hands
 * it. The cache holds {@value #CACHE_PAGES} pages, so a workload's pages are stolen (written back with uncommitted
 * changes) as often as the write-ahead rule allows; flush batches are small as in {@link TxstackLogEngine}. Each
 * deliberately broken variant binds by name: {@code TxstackPageStoreEngine.named("txstack:WAL_OFF")}, built by the
 * implementation's test fixtures.
 */
public final class TxstackPageStoreEngine implements PageStoreEngine {
    /** Cache frames the suite binds the store with: fewer than the pages a workload uses. */
    public static final int CACHE_PAGES = 4;

    private final StoreOptions options;
    private final Optional<String> variant;

    /** The correct implementation. */
    public TxstackPageStoreEngine() {
        this(Optional.empty());
    }

    private TxstackPageStoreEngine(Optional<String> variant) {
        StoreOptions d = StoreOptions.defaults();
        this.options = new StoreOptions(CACHE_PAGES, d.transactionsMax(), d.updateBytesMax(),
                LogOptions.defaults().withFlushBatchMaxBytes(TxstackLogEngine.FLUSH_BATCH_BYTES));
        this.variant = variant;
    }

    /**
     * The engine named {@code txstack} or {@code txstack:<VARIANT>}; case does not matter.
     *
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of {@link #names()}
     */
    public static TxstackPageStoreEngine named(String name) {
        return new TxstackPageStoreEngine(TxstackNames.variantOf(name, BrokenStores.names()));
    }

    /** Every name {@link #named} accepts, {@code txstack} first, then each broken variant. */
    public static List<String> names() {
        return TxstackNames.names(BrokenStores.names());
    }

    @Override
    public String name() {
        return TxstackNames.canonical(variant);
    }

    @Override
    public PageStore format(Devices devices) {
        SpiBlockDevice log = new SpiBlockDevice(devices.get(Devices.LOG));
        SpiBlockDevice data = new SpiBlockDevice(devices.get(Devices.DATA));
        return new Store(variant.isEmpty() ? RecoverableStore.format(log, data, options)
                : BrokenStores.format(log, data, options, variant.get()), options.updateBytesMax());
    }

    @Override
    public PageStore open(Devices devices) {
        SpiBlockDevice log = new SpiBlockDevice(devices.get(Devices.LOG));
        SpiBlockDevice data = new SpiBlockDevice(devices.get(Devices.DATA));
        return new Store(variant.isEmpty() ? RecoverableStore.open(log, data, options)
                : BrokenStores.open(log, data, options, variant.get()), options.updateBytesMax());
    }

    @Override
    public String toString() {
        return name();
    }

    /** The store as the SPI's {@link PageStore}: transactions by handle. */
    private static final class Store implements PageStore {
        private final RecoverableStore store;
        private final int updateBytesMax;
        private final Map<Long, Transaction> transactions = new HashMap<>();
        private long nextHandle = 1;

        Store(RecoverableStore store, int updateBytesMax) {
            this.store = store;
            this.updateBytesMax = updateBytesMax;
        }

        @Override
        public int pageSizeBytes() {
            return store.pageSizeBytes();
        }

        @Override
        public long pageCount() {
            return store.pageCount();
        }

        @Override
        public int maxUpdateBytes() {
            return updateBytesMax;
        }

        @Override
        public long begin() {
            long handle = nextHandle++;
            transactions.put(handle, store.begin());
            return handle;
        }

        @Override
        public void update(long tx, long page, int offset, byte[] bytes) {
            try {
                transaction(tx).update(page, offset, bytes);
            } catch (StoreFullException e) {
                throw new PageStoreFullException(e.getMessage());
            }
        }

        @Override
        public void commit(long tx) {
            transaction(tx).commit();
            transactions.remove(tx);
        }

        @Override
        public void rollback(long tx) {
            transaction(tx).rollback();
            transactions.remove(tx);
        }

        @Override
        public byte[] read(long page) {
            return store.read(page);
        }

        @Override
        public void writeBack(long page) {
            store.writeBack(page);
        }

        @Override
        public void checkpoint() {
            store.checkpoint();
        }

        @Override
        public void checkpoint(Runnable whileCheckpointing) {
            store.checkpoint(whileCheckpointing);
        }

        @Override
        public void close() {
            store.close();
            transactions.clear();
        }

        private Transaction transaction(long handle) {
            Transaction t = transactions.get(handle);
            if (t == null) {
                throw new IllegalArgumentException("no active transaction: handle=" + handle);
            }
            return t;
        }
    }
}
