package txstack.conformance.explorer;

import java.util.Optional;

/**
 * Unwinds a run at the first broken property: the one violation type every layer suite throws. Carries the evidence
 * and, when the violation was seen in a crash state, how to re-check that state with other images (so the explorer
 * can minimise it).
 */
public final class Violated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Violation violation;
    private final transient Optional<CrashStateReplay> replay;

    public Violated(Violation violation, Optional<CrashStateReplay> replay) {
        super(violation.property() + ": " + violation.summary(), null, false, false);
        this.violation = violation;
        this.replay = replay;
    }

    public Violated(Violation violation) {
        this(violation, Optional.empty());
    }

    public Violated(Requirement property, String summary, String details) {
        this(new Violation(property, summary, details));
    }

    public Violated(Requirement property, String summary) {
        this(Violation.of(property, summary));
    }

    public Violation violation() {
        return violation;
    }

    public Optional<CrashStateReplay> replay() {
        return replay;
    }

    /**
     * This violation seen in a crash state: {@code evidence} lines first, then the ones it had; {@code at} replays
     * that state unless the violation already carries a replay of an inner state (a crash inside recovery), which is
     * kept and gets the evidence too.
     */
    public Violated at(String evidence, CrashStateReplay at) {
        CrashStateReplay outer = replay.isEmpty() ? at : new CrashStateReplay() {
            @Override
            public int[] choice() {
                return replay.get().choice();
            }

            @Override
            public Optional<Violation> recheck(int[] choice) {
                return replay.get().recheck(choice).map(v -> prefixed(v, evidence));
            }
        };
        return new Violated(prefixed(violation, evidence), Optional.of(outer));
    }

    /** {@code v} with {@code evidence} lines before its own details. */
    public static Violation prefixed(Violation v, String evidence) {
        return new Violation(v.property(), v.summary(), v.details().isEmpty() ? evidence
                : evidence + "\n" + v.details());
    }
}
