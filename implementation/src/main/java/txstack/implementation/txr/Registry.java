package txstack.implementation.txr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.ktm.ResourceManager;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionId;
import txstack.implementation.ktm.TransactionNotActiveException;
import txstack.implementation.recovery.RecoverableStore;
import txstack.implementation.recovery.StoreFullException;

/**
 * The transactional registry (TxR): named values under key paths, kept in a hive on a {@link RecoverableStore} (a
 * hive log device and a hive device), and a resource manager of the kernel transaction manager (KTM-2..5, KTM-7) that
 * keeps the transactions contract ({@code docs/transactions.md}) for its items {@code reg:\Key\Subkey:value}.
 *
 * <p><b>Names.</b> A key path is {@code \Component\Component...}, each component 1 to 255 chars, no backslash or
 * control char in one, the whole at most {@link RegistryOptions#keyCharsMax()} chars; a value name is 0 to 255 chars
 * without control chars (empty: the key's default value). Both compare case-insensitively, char by char through
 * {@link Character#toUpperCase(char)}; a key and a value keep the spelling they were first set with. A key exists
 * while it holds values. A value holds 0 to {@link RegistryOptions#valueBytesMax()} bytes.
 *
 * <p><b>Plain calls</b> (without a transaction) change a value at once: each is one store transaction, forced to the
 * hive log before it returns. <b>Transacted calls</b> (a trailing {@link Transaction}) enlist the registry at their
 * first change, keep their changes in memory for the transaction only, and hold every value they changed until the
 * transaction ends: any other transaction's change of it, or a plain one, fails with {@link
 * SharingViolationException} (KTM-7). Reads never wait: outside the transaction they show the last committed value.
 *
 * <p><b>Two-phase commit.</b> {@link #prepare} writes the transaction's intent (every change) as one record, forced
 * in one store transaction, and reserves the pages and values its commit needs, so that commit cannot run out of
 * room; {@link #commit} applies the intent and frees it in one forced store transaction; {@link #rollback} frees it.
 * An intent found at {@link #open} is in doubt ({@link #inDoubt()}): its values stay held until the transaction
 * manager resolves it at {@code register}.
 *
 * <p><b>The index</b> of values (key, then name, to the pages of the value's record) is in memory, built by one scan
 * of the hive at open; a lookup reads only the value's own pages, and checks them. The on-disk layout is documented on
 * {@link HiveCodec}.
 *
 * <p>Thread-safe: one lock guards the index and the store, not held while a transacted call enlists. Calls on one
 * transaction must take turns with its commit (as {@link Transaction} says): a change racing its own transaction's
 * commit on another thread may be lost.
 *
 * <p><b>Limits.</b> Prepare reserves the hive pages and the value count its commit needs, not hive log space: a
 * commit that finds the hive log full fails with {@link RegistryFullException}; the intent stays, its values stay
 * held, and the transaction manager tells the registry again after the next open. A key keeps the spelling of its
 * whole path as first set while it holds values (components are not spelled one by one); there are no empty keys.
 */
public final class Registry implements ResourceManager, AutoCloseable {

    /** A committed value in the index: its name as first spelled, its record's pages. */
    private record Slot(String name, int[] pages) {
    }

    /** A key holding values: its path as first spelled, its values by upcased name. */
    private static final class KeyEntry {
        final String spelling;
        final TreeMap<String, Slot> values = new TreeMap<>();

        KeyEntry(String spelling) {
            this.spelling = spelling;
        }
    }

    /** A transaction's changes here; once prepared, its intent's pages and what it reserved. */
    private static final class TxState {
        final TransactionId id;
        final Map<ValueId, Change> changes = new LinkedHashMap<>();
        boolean recovered;
        int[] intentPages;
        long reservedPages;
        long reservedValues;

        TxState(TransactionId id) {
            this.id = id;
        }

        boolean prepared() {
            return intentPages != null;
        }
    }

    /** What applying changes takes: pages for the new records, values added. */
    private record Cost(long pages, long values) {
    }

    private final RecoverableStore store;
    private final HivePages hive;
    private final RegistryOptions options;
    private final TxrFault fault;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final Map<String, KeyEntry> keys = new HashMap<>();
    private final BitSet usedPages = new BitSet();
    private final Map<TransactionId, TxState> transactions = new HashMap<>();
    private final Map<ValueId, TransactionId> holders = new HashMap<>();
    private long valueCount;
    private long reservedPages;
    private long reservedValues;
    private boolean closed;

    private Registry(RecoverableStore store, RegistryOptions options, TxrFault fault) {
        this.store = store;
        this.options = options;
        this.fault = fault;
        this.hive = new HivePages(store, options.storeOptions().updateBytesMax());
        usedPages.set(0);
    }

    /**
     * Formats an empty hive: a store on the two devices, then the hive header. Not crash-atomic: a hive whose format
     * a crash cut short does not open.
     *
     * @throws IllegalArgumentException if the options do not fit the devices
     */
    public static Registry format(BlockDevice hiveLog, BlockDevice hive, RegistryOptions options) {
        return format(hiveLog, hive, options, TxrFault.CORRECT);
    }

    static Registry format(BlockDevice hiveLog, BlockDevice hive, RegistryOptions options, TxrFault fault) {
        Objects.requireNonNull(options, "options");
        RecoverableStore store = RecoverableStore.format(hiveLog, hive, options.storeOptions());
        try {
            Registry registry = new Registry(store, options, fault);
            registry.hive.writeHeader();
            return registry;
        } catch (RuntimeException e) {
            closeQuietly(store, e);
            throw e;
        }
    }

    /**
     * Opens a hive after a clean close or a crash: the store recovers (every change a returned call made is there,
     * none that did not return partly), then one scan builds the index and finds the intents of prepared
     * transactions. Those are {@linkplain #inDoubt() in doubt}, their values held, until the transaction manager
     * resolves them: {@code register} this registry with it.
     *
     * @throws CorruptHiveException if the header, a page or a record fails its checks
     * @throws txstack.implementation.recovery.RecoveryException if the store cannot recover (not a store, a store
     *                              page or log record corrupt)
     */
    public static Registry open(BlockDevice hiveLog, BlockDevice hive, RegistryOptions options) {
        return open(hiveLog, hive, options, TxrFault.CORRECT);
    }

    static Registry open(BlockDevice hiveLog, BlockDevice hive, RegistryOptions options, TxrFault fault) {
        Objects.requireNonNull(options, "options");
        RecoverableStore store = RecoverableStore.open(hiveLog, hive, options.storeOptions());
        try {
            Registry registry = new Registry(store, options, fault);
            registry.hive.checkHeader();
            registry.load(registry.hive.scan());
            return registry;
        } catch (RuntimeException e) {
            closeQuietly(store, e);
            throw e;
        }
    }

    private void load(List<HivePages.Found> found) {
        List<TxState> intents = new ArrayList<>();
        for (HivePages.Found f : found) {
            for (int page : f.pages()) {
                usedPages.set(page);
            }
            switch (f.record()) {
                case HiveRecord.Value v -> loadValue(v, f.pages());
                case HiveRecord.Intent i -> intents.add(loadIntent(i, f.pages()));
            }
        }
        for (TxState s : intents) {
            reserve(s, cost(s.changes.values(), s));
        }
    }

    private void loadValue(HiveRecord.Value v, int[] pages) {
        ValueId id = ValueId.of(v.key(), v.name());
        KeyEntry key = keys.computeIfAbsent(id.key(), k -> new KeyEntry(v.key()));
        if (key.values.put(id.name(), new Slot(v.name(), pages)) != null) {
            throw new CorruptHiveException("value stored twice: value=" + id + " page=" + pages[0]);
        }
        valueCount++;
    }

    private TxState loadIntent(HiveRecord.Intent intent, int[] pages) {
        TransactionId tx = new TransactionId(intent.transactionId());
        TxState s = new TxState(tx);
        if (transactions.put(tx, s) != null) {
            throw new CorruptHiveException("two intents of one transaction: " + tx + " page=" + pages[0]);
        }
        for (Change c : intent.changes()) {
            if (holders.putIfAbsent(c.id(), tx) != null) {
                throw new CorruptHiveException("two intents change one value: value=" + c.id() + " " + tx + " other="
                        + holders.get(c.id()) + " page=" + pages[0]);
            }
            s.changes.put(c.id(), c);
        }
        s.recovered = true;
        s.intentPages = pages;
        return s;
    }

    // Plain calls.

    /** The value's committed bytes, or empty if it does not exist. */
    public Optional<byte[]> getValue(String key, String name) {
        ValueId id = checkNames(key, name);
        lock.lock();
        try {
            checkOpen();
            return Optional.ofNullable(committed(id));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the value, durably when this returns.
     *
     * @throws SharingViolationException if a transaction holds the value
     * @throws ValueTooLargeException    if {@code data} is longer than {@link RegistryOptions#valueBytesMax()}
     * @throws RegistryFullException     if the hive has no room for it
     */
    public void setValue(String key, String name, byte[] data) {
        Objects.requireNonNull(data, "data");
        changePlain(key, name, old -> checkData(key, name, data.clone()));
    }

    /** Appends {@code data} to the value (to nothing if it does not exist); errors as {@link #setValue}. */
    public void appendValue(String key, String name, byte[] data) {
        Objects.requireNonNull(data, "data");
        byte[] appended = data.clone();
        changePlain(key, name, old -> concat(key, name, old, appended));
    }

    /** Deletes the value (nothing if it does not exist); durably when this returns. */
    public void deleteValue(String key, String name) {
        changePlain(key, name, old -> null);
    }

    /** The names of the key's committed values, sorted by their upcased form; empty if the key holds none. */
    public List<String> valueNames(String key) {
        Names.checkKey(key, options.keyCharsMax());
        lock.lock();
        try {
            checkOpen();
            return List.copyOf(committedNames(Names.upcase(key)).values());
        } finally {
            lock.unlock();
        }
    }

    private void changePlain(String key, String name, UnaryOperator<byte[]> change) {
        ValueId id = checkNames(key, name);
        lock.lock();
        try {
            checkOpen();
            TransactionId holder = holders.get(id);
            if (holder != null) {
                throw new SharingViolationException("value held by a transaction: value=" + id + " holder=" + holder);
            }
            byte[] data = change.apply(committed(id));
            apply(Map.of(id, new Change(key, name, data)), null);
        } finally {
            lock.unlock();
        }
    }

    // Transacted calls.

    /**
     * The value as {@code tx} sees it: its own change if it made one, else the committed value.
     *
     * @throws TransactionNotActiveException if {@code tx} is not active
     */
    public Optional<byte[]> getValue(String key, String name, Transaction tx) {
        ValueId id = checkNames(key, name);
        requireActive(tx, "getValue");
        lock.lock();
        try {
            checkOpen();
            TxState s = transactions.get(tx.id());
            Change own = s == null ? null : s.changes.get(id);
            byte[] data = own != null ? own.data() : committed(id);
            return Optional.ofNullable(data == null ? null : data.clone());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the value for {@code tx} only, until it commits; {@code tx} holds it until it ends.
     *
     * @throws TransactionNotActiveException if {@code tx} is not active
     * @throws SharingViolationException     if another transaction holds the value
     * @throws ValueTooLargeException        if {@code data} is longer than {@link RegistryOptions#valueBytesMax()}
     */
    public void setValue(String key, String name, byte[] data, Transaction tx) {
        Objects.requireNonNull(data, "data");
        byte[] copy = checkData(key, name, data.clone());
        changeTransacted(key, name, tx, old -> copy);
    }

    /** Appends {@code data} to the value as {@code tx} sees it; errors as {@link #setValue(String, String, byte[],
     * Transaction)}. */
    public void appendValue(String key, String name, byte[] data, Transaction tx) {
        Objects.requireNonNull(data, "data");
        byte[] appended = data.clone();
        changeTransacted(key, name, tx, old -> concat(key, name, old, appended));
    }

    /** Deletes the value for {@code tx}; errors as {@link #setValue(String, String, byte[], Transaction)}. */
    public void deleteValue(String key, String name, Transaction tx) {
        changeTransacted(key, name, tx, old -> null);
    }

    /**
     * The names of the key's values as {@code tx} sees them, sorted by their upcased form.
     *
     * @throws TransactionNotActiveException if {@code tx} is not active
     */
    public List<String> valueNames(String key, Transaction tx) {
        Names.checkKey(key, options.keyCharsMax());
        requireActive(tx, "valueNames");
        String upKey = Names.upcase(key);
        lock.lock();
        try {
            checkOpen();
            TreeMap<String, String> names = committedNames(upKey);
            TxState s = transactions.get(tx.id());
            if (s != null) {
                for (Map.Entry<ValueId, Change> e : s.changes.entrySet()) {
                    if (e.getKey().key().equals(upKey) && e.getValue().isDelete()) {
                        names.remove(e.getKey().name());
                    } else if (e.getKey().key().equals(upKey)) {
                        names.putIfAbsent(e.getKey().name(), e.getValue().name());
                    }
                }
            }
            return List.copyOf(names.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks, enlists (outside the lock: enlisting takes the transaction's monitor, which its commit holds while it
     * calls back here), then checks again and records the change.
     */
    private void changeTransacted(String key, String name, Transaction tx, UnaryOperator<byte[]> change) {
        ValueId id = checkNames(key, name);
        requireActive(tx, "change");
        lock.lock();
        try {
            checkOpen();
            checkHolder(id, tx.id());
        } finally {
            lock.unlock();
        }
        tx.enlist(this);
        lock.lock();
        try {
            checkOpen();
            checkHolder(id, tx.id());
            TxState s = transactions.get(tx.id());
            if (s != null && s.prepared()) {
                throw new TransactionNotActiveException("change of a prepared transaction: " + tx.id() + " value="
                        + id);
            }
            Change own = s == null ? null : s.changes.get(id);
            byte[] data = change.apply(own != null ? own.data() : committed(id));
            if (s == null) {
                s = new TxState(tx.id());
                transactions.put(tx.id(), s);
            }
            Change old = s.changes.remove(id);
            s.changes.put(id, new Change(old != null ? old.key() : key, old != null ? old.name() : name, data));
            holders.put(id, tx.id());
        } finally {
            lock.unlock();
        }
    }

    private void checkHolder(ValueId id, TransactionId tx) {
        TransactionId holder = holders.get(id);
        if (holder != null && !holder.equals(tx)) {
            throw new SharingViolationException("value held by another transaction: value=" + id + " " + tx
                    + " holder=" + holder);
        }
    }

    private static void requireActive(Transaction tx, String what) {
        Objects.requireNonNull(tx, "tx");
        if (!tx.isActive()) {
            throw new TransactionNotActiveException(what + " on a transaction that is not active: " + tx.id()
                    + " status=" + tx.status());
        }
    }

    // The resource manager's callbacks.

    @Override
    public String name() {
        return options.name();
    }

    /**
     * Writes the transaction's intent durably and reserves what its commit needs; returns false, changing nothing,
     * if the intent is larger than {@link RegistryOptions#transactionBytesMax()} or the hive has no room.
     */
    @Override
    public boolean prepare(TransactionId tx) {
        lock.lock();
        try {
            checkOpen();
            TxState s = transactions.get(tx);
            if (s == null || s.prepared()) {
                return true;
            }
            if (fault == TxrFault.APPLY_AT_PREPARE) {
                apply(s.changes, s);
                return true;
            }
            long intentBytes = HiveCodec.intentRecordBytes(s.changes.values());
            Cost cost = cost(s.changes.values(), null);
            if (intentBytes > options.transactionBytesMax()
                    || !fits(new Cost(cost.pages() + hive.pagesFor(intentBytes), cost.values()), null)) {
                return false;
            }
            byte[] intent = HiveCodec.encodeIntent(tx.value(), s.changes.values());
            int[] pages = allocate((int) hive.pagesFor(intent.length), (BitSet) usedPages.clone());
            try {
                inStoreTransaction(st -> hive.writeRecord(st, pages, intent));
            } catch (RegistryFullException e) {
                return false;
            }
            markUsed(pages);
            s.intentPages = pages;
            reserve(s, cost);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Applies the transaction's changes and frees its intent in one forced store transaction; releases its values. */
    @Override
    public void commit(TransactionId tx) {
        lock.lock();
        try {
            TxState s = transactions.get(tx);
            if (s == null) {
                return;
            }
            checkOpen();
            apply(s.changes, s);
            release(s);
        } finally {
            lock.unlock();
        }
    }

    /** Frees the transaction's intent, if prepared, in one forced store transaction; drops its changes. */
    @Override
    public void rollback(TransactionId tx) {
        lock.lock();
        try {
            TxState s = transactions.get(tx);
            if (s == null) {
                return;
            }
            if (s.prepared()) {
                checkOpen();
                inStoreTransaction(st -> hive.freeRecord(st, s.intentPages));
                usedPages.andNot(pagesOf(s.intentPages));
            }
            release(s);
        } finally {
            lock.unlock();
        }
    }

    /** Applies the changes in one forced store transaction; false (rolled back) if the hive has no room. */
    @Override
    public boolean commitOnePhase(TransactionId tx) {
        lock.lock();
        try {
            TxState s = transactions.get(tx);
            if (s == null) {
                return true;
            }
            checkOpen();
            try {
                apply(s.changes, s);
            } catch (RegistryFullException e) {
                rollback(tx);
                return false;
            }
            release(s);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The transactions whose intents {@link #open} found and that are not yet resolved. */
    @Override
    public Set<TransactionId> inDoubt() {
        lock.lock();
        try {
            return transactions.values().stream().filter(s -> s.recovered).map(s -> s.id)
                    .collect(Collectors.toUnmodifiableSet());
        } finally {
            lock.unlock();
        }
    }

    private void release(TxState s) {
        transactions.remove(s.id);
        for (ValueId id : s.changes.keySet()) {
            holders.remove(id, s.id);
        }
        reservedPages -= s.reservedPages;
        reservedValues -= s.reservedValues;
        s.reservedPages = 0;
        s.reservedValues = 0;
    }

    private void reserve(TxState s, Cost cost) {
        s.reservedPages = cost.pages();
        s.reservedValues = cost.values();
        reservedPages += cost.pages();
        reservedValues += cost.values();
    }

    // Applying changes.

    /**
     * Under lock: one forced store transaction writes a record for every set, frees the records of the values
     * replaced or deleted and, if {@code s} is prepared, its intent; then the index follows. Nothing changes if it
     * fails.
     *
     * @throws RegistryFullException if the hive has no room, beyond what {@code s} reserved
     */
    private void apply(Map<ValueId, Change> changes, TxState s) {
        Cost cost = cost(changes.values(), s);
        if (!fits(cost, s)) {
            throw new RegistryFullException("hive full: pagesNeeded=" + cost.pages() + " pagesFree=" + freePages(s)
                    + " valuesAdded=" + cost.values() + " values=" + valueCount + " valuesReserved="
                    + (reservedValues - (s == null ? 0 : s.reservedValues)) + " valuesMax=" + options.valuesMax());
        }
        BitSet taken = (BitSet) usedPages.clone();
        Map<String, String> newKeys = new HashMap<>();
        List<Runnable> indexUpdates = new ArrayList<>();
        List<int[]> writes = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        List<int[]> frees = new ArrayList<>();
        for (Map.Entry<ValueId, Change> e : changes.entrySet()) {
            ValueId id = e.getKey();
            Change c = e.getValue();
            KeyEntry key = keys.get(id.key());
            Slot old = key == null ? null : key.values.get(id.name());
            if (old != null) {
                frees.add(old.pages());
            }
            if (c.isDelete()) {
                if (old != null) {
                    indexUpdates.add(() -> removeFromIndex(id));
                }
                continue;
            }
            String keySpelling = key != null ? key.spelling : newKeys.computeIfAbsent(id.key(), k -> c.key());
            String nameSpelling = old != null ? old.name() : c.name();
            byte[] record = HiveCodec.encodeValue(keySpelling, nameSpelling, c.data());
            int[] pages = allocate((int) hive.pagesFor(record.length), taken);
            writes.add(pages);
            records.add(record);
            indexUpdates.add(() -> putInIndex(id, keySpelling, new Slot(nameSpelling, pages)));
        }
        if (s != null && s.prepared()) {
            frees.add(s.intentPages);
        }
        inStoreTransaction(st -> {
            for (int i = 0; i < writes.size(); i++) {
                hive.writeRecord(st, writes.get(i), records.get(i));
            }
            for (int[] pages : frees) {
                hive.freeRecord(st, pages);
            }
        });
        for (int[] pages : frees) {
            usedPages.andNot(pagesOf(pages));
        }
        writes.forEach(this::markUsed);
        indexUpdates.forEach(Runnable::run);
    }

    private void putInIndex(ValueId id, String keySpelling, Slot slot) {
        if (keys.computeIfAbsent(id.key(), k -> new KeyEntry(keySpelling)).values.put(id.name(), slot) == null) {
            valueCount++;
        }
    }

    private void removeFromIndex(ValueId id) {
        KeyEntry key = keys.get(id.key());
        if (key != null && key.values.remove(id.name()) != null) {
            valueCount--;
            if (key.values.isEmpty()) {
                keys.remove(id.key());
            }
        }
    }

    /** Under lock: the pages the changes' new records take and the values they add (deletes free only after). */
    private Cost cost(Collection<Change> changes, TxState s) {
        long pages = 0;
        long values = 0;
        for (Change c : changes) {
            if (c.isDelete()) {
                continue;
            }
            // Spellings may change at apply, their lengths never: upcasing is char by char.
            pages += hive.pagesFor(HiveCodec.valueRecordBytes(c.key(), c.name(), c.data().length));
            if (committedSlot(c.id()) == null) {
                values++;
            }
        }
        return new Cost(pages, values);
    }

    /** Under lock: whether the cost fits beside what every prepared transaction but {@code own} reserved. */
    private boolean fits(Cost cost, TxState own) {
        long otherValues = reservedValues - (own == null ? 0 : own.reservedValues);
        return cost.pages() <= freePages(own) && valueCount + otherValues + cost.values() <= options.valuesMax();
    }

    private long freePages(TxState own) {
        long otherPages = reservedPages - (own == null ? 0 : own.reservedPages);
        return hive.pageCount() - usedPages.cardinality() - otherPages;
    }

    /** Under lock: {@code count} pages not in {@code taken}, now marked in it. */
    private int[] allocate(int count, BitSet taken) {
        int[] pages = new int[count];
        int page = 0;
        for (int i = 0; i < count; i++) {
            page = taken.nextClearBit(page + 1);
            if (page >= hive.pageCount()) {
                throw new IllegalStateException("allocation beyond a checked reservation: pages=" + count
                        + " pageCount=" + hive.pageCount());
            }
            taken.set(page);
            pages[i] = page;
        }
        return pages;
    }

    private void markUsed(int[] pages) {
        for (int page : pages) {
            usedPages.set(page);
        }
    }

    private static BitSet pagesOf(int[] pages) {
        BitSet set = new BitSet();
        for (int page : pages) {
            set.set(page);
        }
        return set;
    }

    /** A body of store updates. */
    private interface StoreWork {
        void run(txstack.implementation.recovery.Transaction st);
    }

    /**
     * Under lock: runs {@code work} in one store transaction and commits it, forced; rolls it back if anything fails.
     *
     * @throws RegistryFullException if the hive log has no room
     */
    private void inStoreTransaction(StoreWork work) {
        txstack.implementation.recovery.Transaction st = store.begin();
        try {
            work.run(st);
            st.commit();
        } catch (StoreFullException e) {
            HivePages.rollBackQuietly(st, e);
            throw new RegistryFullException("hive log full: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HivePages.rollBackQuietly(st, e);
            throw e;
        }
    }

    // Reading.

    private Slot committedSlot(ValueId id) {
        KeyEntry key = keys.get(id.key());
        return key == null ? null : key.values.get(id.name());
    }

    /** Under lock: the committed bytes, read back from the hive and checked; null if the value does not exist. */
    private byte[] committed(ValueId id) {
        Slot slot = committedSlot(id);
        if (slot == null) {
            return null;
        }
        if (!(hive.readRecord(slot.pages()) instanceof HiveRecord.Value v) || !ValueId.of(v.key(), v.name())
                .equals(id)) {
            throw new CorruptHiveException("page holds another record than the index says: page=" + slot.pages()[0]
                    + " value=" + id);
        }
        return v.data();
    }

    private TreeMap<String, String> committedNames(String upKey) {
        TreeMap<String, String> names = new TreeMap<>();
        KeyEntry key = keys.get(upKey);
        if (key != null) {
            key.values.forEach((upName, slot) -> names.put(upName, slot.name()));
        }
        return names;
    }

    // Checks.

    private ValueId checkNames(String key, String name) {
        Names.checkKey(key, options.keyCharsMax());
        Names.checkValueName(name);
        return ValueId.of(key, name);
    }

    private byte[] checkData(String key, String name, byte[] data) {
        if (data.length > options.valueBytesMax()) {
            throw new ValueTooLargeException("value too large: key=" + Names.printable(key) + " name="
                    + Names.printable(name) + " valueBytes=" + data.length + " valueBytesMax="
                    + options.valueBytesMax());
        }
        return data;
    }

    private byte[] concat(String key, String name, byte[] old, byte[] appended) {
        byte[] base = old == null ? new byte[0] : old;
        if ((long) base.length + appended.length > options.valueBytesMax()) {
            throw new ValueTooLargeException("value too large after append: key=" + Names.printable(key) + " name="
                    + Names.printable(name) + " valueBytes=" + base.length + " appendedBytes=" + appended.length
                    + " valueBytesMax=" + options.valueBytesMax());
        }
        byte[] result = Arrays.copyOf(base, base.length + appended.length);
        System.arraycopy(appended, 0, result, base.length, appended.length);
        return result;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("registry closed: name=" + options.name());
        }
    }

    /** Values committed (for tests and tools). */
    public long valueCount() {
        lock.lock();
        try {
            return valueCount;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the hive's store (the devices stay open: their owner closes them). Changes of active transactions are
     * dropped; intents stay, in doubt at the next open. Closing twice does nothing.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            transactions.clear();
            holders.clear();
            store.close();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(RecoverableStore store, RuntimeException cause) {
        try {
            store.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "Registry[name=" + options.name() + " values=" + valueCount + " pageCount=" + hive.pageCount() + "]";
    }
}
