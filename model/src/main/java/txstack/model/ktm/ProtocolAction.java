package txstack.model.ktm;

import java.util.List;
import java.util.Map;

/**
 * One step of {@link ProtocolState}: the name of a {@code Transaction.tla} action and its arguments in the order of
 * the action's parameters (strings naming RMs, transactions and items; a {@link ProtocolState.Msg} for {@code Lose}).
 */
public record ProtocolAction(String name, List<Object> args) {

    /** Every action and how many arguments it takes ({@code Done}, the stutter, is not an action here). */
    public static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("Work", 3), Map.entry("RequestCommit", 1), Map.entry("Rollback", 1),
            Map.entry("SendPrepare", 2), Map.entry("SendOnePhase", 2), Map.entry("RcvYes", 2),
            Map.entry("RcvNo", 2), Map.entry("RcvCommitted", 2), Map.entry("DecideCommit", 1),
            Map.entry("ForceDecision", 1), Map.entry("SendOutcome", 2), Map.entry("RcvAck", 2),
            Map.entry("Forget", 1), Map.entry("Answer", 2), Map.entry("RcvPrepare", 2),
            Map.entry("RefusePrepare", 2), Map.entry("ForcePrepare", 2), Map.entry("RcvOnePhase", 2),
            Map.entry("RcvOutcome", 2), Map.entry("Ask", 2), Map.entry("Lose", 1), Map.entry("TmCrash", 0),
            Map.entry("TmRecover", 0), Map.entry("RmCrash", 1), Map.entry("RmRecover", 1), Map.entry("Read", 3),
            Map.entry("ClientQuery", 1));

    public ProtocolAction {
        args = List.copyOf(args);
        Integer arity = ARITY.get(name);
        if (arity == null || arity != args.size()) {
            throw new IllegalArgumentException("not a Transaction action: name=" + name + " args=" + args);
        }
        for (Object a : args) {
            if (!(a instanceof String) && !(a instanceof ProtocolState.Msg)) {
                throw new IllegalArgumentException("an argument is a name or a message: arg=" + a);
            }
        }
    }

    public static ProtocolAction of(String name, Object... args) {
        return new ProtocolAction(name, List.of(args));
    }

    String s(int index) {
        return (String) args.get(index);
    }

    @Override
    public String toString() {
        return name + args;
    }
}
