package txstack.conformance.rig;

/**
 * A moment of power loss in a rig's journal: after entry {@code entry} returned, or while it was in flight
 * ({@code during}, a force-unit-access write). Entry {@code -1} is before the first one.
 */
public record Moment(int entry, boolean during) {

    public Moment {
        if (entry < -1 || (during && entry < 0)) {
            throw new IllegalArgumentException("no such moment: entry=" + entry + " during=" + during);
        }
    }

    /** Before the first operation of the journal. */
    public static Moment start() {
        return new Moment(-1, false);
    }

    /** E.g. {@code after op #12}, {@code during op #7} or {@code before op #0}. */
    public String label() {
        return entry < 0 ? "before op #0" : (during ? "during op #" : "after op #") + entry;
    }

    @Override
    public String toString() {
        return label();
    }
}
