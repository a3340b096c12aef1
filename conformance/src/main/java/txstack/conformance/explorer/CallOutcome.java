package txstack.conformance.explorer;

/**
 * One rule every layer suite checks on every call: the engine succeeds where the model succeeds, and fails with the
 * model's error kind where the model fails. Kinds are compared by name (the model's and the SPI's enums are separate
 * types with the same constants).
 */
public final class CallOutcome {
    private CallOutcome() {
    }

    /**
     * Throws {@link Violated} for {@code property} unless the outcomes agree; counts a check of it if they do.
     *
     * @param expectedKind the model's error kind, or null if the model's call succeeds
     * @param expected     the model's error as the report shows it (unused on success)
     * @param observedKind the engine's error kind, or null if its call succeeded
     * @param observed     the engine's error message (unused on success)
     */
    public static void compare(Stats stats, Requirement property, Object step, Enum<?> expectedKind, Object expected,
                               Enum<?> observedKind, String observed) {
        if (expectedKind == null && observedKind != null) {
            throw new Violated(property, step + " failed, the contract says it succeeds", "observed: " + observed);
        }
        if (expectedKind != null && observedKind == null) {
            throw new Violated(property, step + " succeeded, the contract says it fails with " + expectedKind,
                    "expected: " + expected);
        }
        if (expectedKind != null && !expectedKind.name().equals(observedKind.name())) {
            throw new Violated(property, step + " failed with " + observedKind + ", the contract says "
                    + expectedKind, "expected: " + expected + "\nobserved: " + observed);
        }
        stats.checked(property);
    }
}
