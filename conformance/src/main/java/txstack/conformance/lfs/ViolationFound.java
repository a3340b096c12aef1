package txstack.conformance.lfs;

import java.util.Optional;
import txstack.conformance.explorer.CrashStateReplay;
import txstack.conformance.explorer.Violation;

/** Unwinds a run when a property is broken; carries the evidence and, after a crash, how to replay the state. */
final class ViolationFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Violation violation;
    final transient Optional<CrashStateReplay> replay;

    ViolationFound(Violation violation, Optional<CrashStateReplay> replay) {
        super(violation.property() + ": " + violation.summary(), null, false, false);
        this.violation = violation;
        this.replay = replay;
    }

    ViolationFound(String property, String summary, String details) {
        this(new Violation(property, summary, details), Optional.empty());
    }

    /** This violation seen at a crash state: evidence lines first, then the ones it had, and the replay. */
    ViolationFound at(String evidence, CrashStateReplay at) {
        CrashStateReplay outer = replay.isEmpty() ? at : new CrashStateReplay() {
            // An inner crash state (inside recovery) keeps its own replay; its re-checks get this evidence too.
            @Override
            public int[] choice() {
                return replay.get().choice();
            }

            @Override
            public Optional<Violation> recheck(int[] choice) {
                return replay.get().recheck(choice).map(v -> prefixed(v, evidence));
            }
        };
        return new ViolationFound(prefixed(violation, evidence), Optional.of(outer));
    }

    static Violation prefixed(Violation v, String evidence) {
        return new Violation(v.property(), v.summary(),
                v.details().isEmpty() ? evidence : evidence + "\n" + v.details());
    }
}
