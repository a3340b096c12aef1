package txstack.conformance.explorer;

import java.util.Optional;

/**
 * The crash state a failure was found in, so the explorer can minimise its image: the same crash point re-checked
 * with another choice per open sector (see {@link txstack.conformance.disk.CrashPoint}).
 */
public interface CrashStateReplay {

    /** The choice vector of the failing image. */
    int[] choice();

    /** Re-checks the crash point with {@code choice}; the violation if the system under test still fails. */
    Optional<Violation> recheck(int[] choice);
}
