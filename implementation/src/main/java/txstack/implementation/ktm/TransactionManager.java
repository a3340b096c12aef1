package txstack.implementation.ktm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogOptions;

/**
 * The kernel transaction manager (KTM-2): hands out transactions, runs two-phase commit over the resource managers
 * they enlisted at (KTM-4), keeps its own log on an LFS log file, and after a restart resolves every resource
 * manager's in-doubt transactions by that log (KTM-5).
 *
 * <p>The protocol is the spec's ({@code spec/tla/Transaction.tla}): with one enlistment a single-phase commit and
 * nothing logged; with more, every resource manager prepares, then a COMMIT record naming them is forced to the log
 * (the decision), then each is told to commit, then an END record forgets the transaction once all of them
 * acknowledged. Aborts are never logged (presumed abort): a transaction without a COMMIT record aborted. The restart
 * area holds a ceiling below which every id handed out lies, so an id is never handed out twice, also across
 * restarts.
 *
 * <p>Thread-safe. Register every resource manager ({@link #register}) before its first enlistment, after every
 * open: registering resolves its in-doubt transactions.
 */
public final class TransactionManager implements AutoCloseable {
    /** Ids reserved per restart-area write. */
    static final long ID_BLOCK = 1 << 16;

    /** A COMMIT record not yet forgotten: its LSN and the resource managers yet to acknowledge it. */
    private record Outstanding(long lsn, Set<String> pending) {
    }

    private final LogFile log;
    private final KtmFault fault;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<TransactionId, Outstanding> outstanding = new LinkedHashMap<>();
    private final Map<String, ResourceManager> registered = new LinkedHashMap<>();
    private final Set<Transaction> active = new HashSet<>();
    private long nextId;
    private long idCeiling;
    private boolean closed;

    private TransactionManager(LogFile log, long firstId, KtmFault fault) {
        this.log = log;
        this.fault = fault;
        this.nextId = firstId;
        this.idCeiling = firstId;
    }

    /** Formats a new transaction manager's log on {@code device}: no transactions, ids from 1. */
    public static TransactionManager format(BlockDevice device, LogOptions options) {
        return format(device, options, KtmFault.CORRECT);
    }

    static TransactionManager format(BlockDevice device, LogOptions options, KtmFault fault) {
        LogFile log = LogFile.format(device, options);
        try {
            TransactionManager tm = new TransactionManager(log, 1, fault);
            log.writeRestartArea(TmLogCodec.restart(1));
            return tm;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /**
     * Opens the transaction manager on its log after a clean close or a crash: reads the COMMIT records not yet
     * forgotten. Then {@link #register} every resource manager, which resolves its in-doubt transactions.
     *
     * @throws CorruptTmLogException if a record or the restart area fails its checks
     */
    public static TransactionManager open(BlockDevice device, LogOptions options) {
        return open(device, options, KtmFault.CORRECT);
    }

    static TransactionManager open(BlockDevice device, LogOptions options, KtmFault fault) {
        LogFile log = LogFile.open(device, options);
        try {
            long ceiling = TmLogCodec.decodeRestart(log.readRestartArea().clientData());
            TransactionManager tm = new TransactionManager(log, ceiling, fault);
            tm.readOutstanding();
            return tm;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    private void readOutstanding() {
        log.scanForward(log.startLsn(), log.endLsn(), (lsn, payload) -> {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            TmLogCodec.Entry e = TmLogCodec.decode(lsn, bytes);
            if (e.tx().value() >= nextId) {
                throw new CorruptTmLogException("a logged transaction id at or above the ceiling: lsn=" + lsn
                        + " tx=" + e.tx() + " ceiling=" + nextId);
            }
            if (e.commit()) {
                outstanding.put(e.tx(), new Outstanding(lsn, new LinkedHashSet<>(e.rms())));
            } else {
                outstanding.remove(e.tx());
            }
        });
    }

    /**
     * Registers a resource manager and resolves its in-doubt transactions: commits those the log holds a COMMIT
     * record naming it for, rolls back every other (presumed abort), and counts a COMMIT record's resource manager
     * that holds nothing in doubt for it as having acknowledged it.
     *
     * @throws IllegalArgumentException if another resource manager of that name is registered, or the name is bad
     */
    public void register(ResourceManager rm) {
        Objects.requireNonNull(rm, "rm");
        String name = rm.name();
        TmLogCodec.checkName(name);
        Set<TransactionId> inDoubt = Set.copyOf(rm.inDoubt());
        List<TransactionId> toCommit = new ArrayList<>();
        List<TransactionId> toRollBack = new ArrayList<>();
        List<TransactionId> alreadyDone = new ArrayList<>();
        lock.lock();
        try {
            checkOpen();
            if (registered.containsKey(name)) {
                throw new IllegalArgumentException("a resource manager of that name is registered: name=" + name);
            }
            registered.put(name, rm);
            for (TransactionId tx : inDoubt) {
                Outstanding o = outstanding.get(tx);
                (o != null && o.pending().contains(name) ? toCommit : toRollBack).add(tx);
            }
            for (Map.Entry<TransactionId, Outstanding> e : outstanding.entrySet()) {
                if (e.getValue().pending().contains(name) && !inDoubt.contains(e.getKey())) {
                    alreadyDone.add(e.getKey());
                }
            }
        } finally {
            lock.unlock();
        }
        for (TransactionId tx : toRollBack) {
            rm.rollback(tx);
        }
        for (TransactionId tx : toCommit) {
            rm.commit(tx);
            acknowledged(tx, name);
        }
        for (TransactionId tx : alreadyDone) {
            acknowledged(tx, name);
        }
    }

    /** Starts a transaction; commit it or roll it back (closing it rolls back what was not committed). */
    public Transaction createTransaction() {
        lock.lock();
        try {
            checkOpen();
            if (nextId >= idCeiling) {
                long ceiling = Math.addExact(nextId, ID_BLOCK);
                log.writeRestartArea(TmLogCodec.restart(ceiling));
                idCeiling = ceiling;
            }
            Transaction t = new Transaction(this, new TransactionId(nextId++));
            active.add(t);
            return t;
        } finally {
            lock.unlock();
        }
    }

    /** True if {@code rm} is the registered resource manager of its name. */
    boolean isRegistered(ResourceManager rm) {
        lock.lock();
        try {
            return registered.get(rm.name()) == rm;
        } finally {
            lock.unlock();
        }
    }

    /** The decision: a COMMIT record naming {@code rms}, durable when this returns. */
    void logCommit(TransactionId tx, List<String> rms) {
        long lsn;
        lock.lock();
        try {
            checkOpen();
            lsn = log.append(TmLogCodec.commit(tx, rms));
            outstanding.put(tx, new Outstanding(lsn, new LinkedHashSet<>(rms)));
            if (fault == KtmFault.FORGET_EARLY) {
                outstanding.remove(tx);
                lsn = log.append(TmLogCodec.end(tx));
            }
        } finally {
            lock.unlock();
        }
        if (fault != KtmFault.DECISION_NOT_FORCED) {
            log.flush(lsn);
        }
    }

    KtmFault fault() {
        return fault;
    }

    /**
     * {@code rm} committed {@code tx} durably. Once every resource manager of its COMMIT record has, an END record
     * forgets it (not forced: a crash before it is durable only means asking again) and the log's start moves past
     * records no longer needed.
     */
    void acknowledged(TransactionId tx, String rm) {
        lock.lock();
        try {
            Outstanding o = outstanding.get(tx);
            if (o == null || !o.pending().remove(rm) || !o.pending().isEmpty() || closed) {
                return;
            }
            log.append(TmLogCodec.end(tx));
            outstanding.remove(tx);
            releaseLogSpace();
        } finally {
            lock.unlock();
        }
    }

    /** Moves the log's start to the oldest COMMIT record still needed once a quarter of the log is in use. */
    private void releaseLogSpace() {
        long start = outstanding.values().stream().mapToLong(Outstanding::lsn).min().orElse(log.endLsn());
        long used = log.endLsn() - log.readRestartArea().startLsn();
        if (start > log.startLsn() && used > log.geometry().capacityBytes() / 4) {
            log.advanceStart(start);
            log.writeRestartArea(TmLogCodec.restart(idCeiling));
        }
    }

    void ended(Transaction t) {
        lock.lock();
        try {
            active.remove(t);
        } finally {
            lock.unlock();
        }
    }

    /** COMMIT records not yet forgotten (for tests and tools). */
    public int outstandingCommits() {
        lock.lock();
        try {
            return outstanding.size();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("transaction manager closed");
        }
    }

    /**
     * Rolls back every transaction still active and closes the log. COMMIT records some resource manager has not
     * acknowledged stay, to be resolved after the next open.
     */
    @Override
    public void close() {
        List<Transaction> still;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            still = new ArrayList<>(active);
        } finally {
            lock.unlock();
        }
        for (Transaction t : still) {
            t.rollbackIfActive();
        }
        lock.lock();
        try {
            closed = true;
            log.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "TransactionManager[registered=" + registered.keySet() + " outstanding=" + outstanding.size() + "]";
    }
}
