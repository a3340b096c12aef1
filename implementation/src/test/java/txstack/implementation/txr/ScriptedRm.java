package txstack.implementation.txr;

import java.util.Set;

import txstack.implementation.ktm.ResourceManager;
import txstack.implementation.ktm.TransactionId;

/** A resource manager that holds nothing and runs a script at prepare and commit: to refuse, fail or cut power. */
final class ScriptedRm implements ResourceManager {
    private final String name;
    boolean refusePrepare;
    Runnable onPrepare = () -> { };
    Runnable onCommit = () -> { };

    ScriptedRm(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean prepare(TransactionId tx) {
        onPrepare.run();
        return !refusePrepare;
    }

    @Override
    public void commit(TransactionId tx) {
        onCommit.run();
    }

    @Override
    public void rollback(TransactionId tx) {
    }

    @Override
    public Set<TransactionId> inDoubt() {
        return Set.of();
    }
}
