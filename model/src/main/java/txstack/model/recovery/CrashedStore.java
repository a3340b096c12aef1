package txstack.model.recovery;

import static txstack.model.ModelException.require;

import java.util.List;

/**
 * A recoverable page store after a power loss: the states its restart recovery may return (REC-4..6), each with no
 * active transaction and exactly the effects of a set of committed transactions. Usually one; two when a commit
 * was in flight.
 *
 * @param atCrash  the store as its client saw it when the power failed (active transactions' changes included)
 * @param outcomes every state recovery may return, never empty
 */
public record CrashedStore(StoreState atCrash, List<StoreState> outcomes) {

    public CrashedStore {
        require(!outcomes.isEmpty(), "a crash allows at least one outcome");
        outcomes = List.copyOf(outcomes);
    }

    /** Only {@code state}: what a crash right after recovery returned it must leave again. */
    public static CrashedStore exactly(StoreState state) {
        return new CrashedStore(state, List.of(state));
    }
}
