package txstack.conformance.explorer;

import java.util.Optional;

/**
 * Shrinks a failing crash image to one with the fewest sectors taken from non-durable writes: each open sector in
 * turn is set back to its durable content, kept so if the failure remains, until no single change helps.
 */
public final class ChoiceMinimizer {
    /** The outcome: the smallest choice found and the violation it shows. */
    public record Minimized(int[] choice, Violation violation, int nonDurableBefore, int nonDurableAfter, int runs) {
    }

    private ChoiceMinimizer() {
    }

    /**
     * @param replay   the failing crash state
     * @param original the violation seen with {@code replay.choice()}
     * @param runsMax  limit on re-checks
     */
    public static Minimized minimize(CrashStateReplay replay, Violation original, int runsMax) {
        int[] current = replay.choice().clone();
        Violation violation = original;
        int before = nonDurable(current);
        int runs = 0;
        boolean progress = true;
        while (progress && runs < runsMax) {
            progress = false;
            for (int i = 0; i < current.length && runs < runsMax; i++) {
                if (current[i] == 0) {
                    continue;
                }
                int[] candidate = current.clone();
                candidate[i] = 0;
                runs++;
                Optional<Violation> again = replay.recheck(candidate);
                if (again.isPresent() && again.get().property().equals(original.property())) {
                    current = candidate;
                    violation = again.get();
                    progress = true;
                }
            }
        }
        return new Minimized(current, violation, before, nonDurable(current), runs);
    }

    private static int nonDurable(int[] choice) {
        int n = 0;
        for (int c : choice) {
            n += c != 0 ? 1 : 0;
        }
        return n;
    }
}
