package txstack.implementation.ktm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One transaction of a {@link TransactionManager} (KTM-1, KTM-2): pass it to transacted calls of TxF, TxR or any
 * resource manager, then {@link #commit()} or {@link #rollback()}; closing it rolls back what was not committed:
 *
 * <pre>{@code
 * try (Transaction tx = tm.createTransaction()) {
 *     files.write("\\data\\a.txt", bytes, tx);
 *     registry.setValue("\\Software\\App", "Count", value, tx);
 *     tx.commit();
 * }
 * }</pre>
 *
 * Thread-safe; calls on one transaction take turns.
 */
public final class Transaction implements AutoCloseable {

    /** Where a transaction is. */
    public enum Status {
        ACTIVE, COMMITTING, COMMITTED, ROLLED_BACK, ABORTED,
        /** A single-phase commit failed inside its resource manager, which settles it when it restarts. */
        OUTCOME_UNKNOWN
    }

    private final TransactionManager tm;
    private final TransactionId id;
    private final Map<String, ResourceManager> enlisted = new LinkedHashMap<>();
    private Status status = Status.ACTIVE;

    Transaction(TransactionManager tm, TransactionId id) {
        this.tm = tm;
        this.id = id;
    }

    public TransactionId id() {
        return id;
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized boolean isActive() {
        return status == Status.ACTIVE;
    }

    /**
     * Enlists {@code rm} (KTM-2): from now on commit and rollback call it back. A resource manager calls this before
     * the transaction's first change of its data; again is harmless.
     *
     * @throws TransactionNotActiveException if the transaction is not active
     * @throws IllegalArgumentException      if {@code rm} is not registered with this transaction manager
     */
    public synchronized void enlist(ResourceManager rm) {
        Objects.requireNonNull(rm, "rm");
        requireActive("enlist");
        if (!tm.isRegistered(rm)) {
            throw new IllegalArgumentException("resource manager not registered with this transaction manager: rm="
                    + rm.name() + " " + id);
        }
        enlisted.putIfAbsent(rm.name(), rm);
    }

    /** The resource managers enlisted, in order. */
    public synchronized List<String> enlistedNames() {
        return List.copyOf(enlisted.keySet());
    }

    /**
     * Commits (KTM-4): with one enlisted resource manager in a single phase, with more in two phases, the decision
     * forced to the transaction manager's log in between. When this returns every change is durable everywhere.
     *
     * @throws TransactionNotActiveException if the transaction is not active
     * @throws TransactionAbortedException   if a resource manager refused to prepare or failed while preparing: the
     *                                       transaction was rolled back everywhere
     * @throws TransactionOutcomeUnknownException if the one resource manager failed during a single-phase commit
     */
    public synchronized void commit() {
        requireActive("commit");
        status = Status.COMMITTING;
        List<ResourceManager> rms = new ArrayList<>(enlisted.values());
        try {
            if (rms.size() == 1) {
                commitOnePhase(rms.getFirst());
            } else if (rms.size() > 1) {
                commitTwoPhases(rms);
            }
            status = Status.COMMITTED;
        } finally {
            if (status == Status.COMMITTING) {
                status = Status.ABORTED;
            }
            tm.ended(this);
        }
    }

    private void commitOnePhase(ResourceManager rm) {
        boolean committed;
        try {
            committed = rm.commitOnePhase(id);
        } catch (RuntimeException e) {
            status = Status.OUTCOME_UNKNOWN; // it may have passed its commit point: no rollback, no report of one
            throw new TransactionOutcomeUnknownException("single-phase commit failed inside the resource manager; "
                    + "the transaction may have committed: " + id + " rm=" + rm.name(), e);
        }
        if (!committed && tm.fault() != KtmFault.VOTE_IGNORED) {
            throw new TransactionAbortedException("resource manager refused to commit: " + id + " rm=" + rm.name());
        }
    }

    private void commitTwoPhases(List<ResourceManager> rms) {
        List<ResourceManager> asked = tm.fault() == KtmFault.COMMIT_BEFORE_PREPARED ? rms.subList(0, 1) : rms;
        for (ResourceManager rm : asked) {
            boolean prepared;
            try {
                prepared = rm.prepare(id);
            } catch (RuntimeException e) {
                rollBackQuietly(rms, e);
                throw new TransactionAbortedException("prepare failed: " + id + " rm=" + rm.name(), e);
            }
            if (!prepared && tm.fault() != KtmFault.VOTE_IGNORED) {
                RuntimeException refused = new TransactionAbortedException("resource manager refused to prepare: "
                        + id + " rm=" + rm.name());
                rollBackQuietly(rms, refused);
                throw refused;
            }
        }
        tm.logCommit(id, rms.stream().map(ResourceManager::name).toList());
        status = Status.COMMITTED; // decided: whatever happens next, the transaction is committed
        RuntimeException failure = null;
        for (ResourceManager rm : rms) {
            try {
                rm.commit(id);
                tm.acknowledged(id, rm.name());
            } catch (RuntimeException e) {
                // committed all the same: the COMMIT record stays, and the resource manager is told again when it
                // is registered after the next open
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Rolls back at every resource manager; failures are added to {@code cause} (the rollback is presumed). */
    private void rollBackQuietly(List<ResourceManager> rms, RuntimeException cause) {
        for (ResourceManager rm : rms) {
            try {
                rm.rollback(id);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * Rolls back: every enlisted resource manager drops the transaction's changes.
     *
     * @throws TransactionNotActiveException if the transaction is not active
     */
    public synchronized void rollback() {
        requireActive("rollback");
        status = Status.ROLLED_BACK;
        try {
            RuntimeException failure = null;
            for (ResourceManager rm : enlisted.values()) {
                try {
                    rm.rollback(id);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            tm.ended(this);
        }
    }

    synchronized void rollbackIfActive() {
        if (status == Status.ACTIVE) {
            rollback();
        }
    }

    /** Rolls back unless committed, rolled back or aborted already. */
    @Override
    public void close() {
        rollbackIfActive();
    }

    private void requireActive(String what) {
        if (status != Status.ACTIVE) {
            throw new TransactionNotActiveException(what + " on a transaction that is not active: " + id + " status="
                    + status);
        }
    }

    @Override
    public synchronized String toString() {
        return id + "[" + status + " enlisted=" + enlisted.keySet() + "]";
    }
}
