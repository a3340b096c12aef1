package txstack.conformance.explorer;

/**
 * A property the system under test broke.
 *
 * @param property the requirement broken, e.g. {@link Requirement#LFS_6}
 * @param summary  one line: what went wrong
 * @param details  the evidence, several lines: crash point, what persisted, expected against observed
 */
public record Violation(Requirement property, String summary, String details) {

    public Violation {
        if (property == null || summary == null || details == null) {
            throw new IllegalArgumentException("a violation needs a property, a summary and details");
        }
    }

    public static Violation of(Requirement property, String summary) {
        return new Violation(property, summary, "");
    }

    /** This violation with more lines of evidence after the present ones. */
    public Violation withDetails(String more) {
        return new Violation(property, summary, details.isEmpty() ? more : details + "\n" + more);
    }
}
