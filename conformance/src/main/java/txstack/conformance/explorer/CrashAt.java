package txstack.conformance.explorer;

import txstack.conformance.rig.Moment;

/**
 * Where a power loss falls, as a layer needs it to say what the model allows there.
 *
 * @param moment the moment in the rig's journal
 * @param last   true if it is right after the last operation of its step (the step's effects are all issued)
 * @param where  a readable description for evidence, e.g. {@code during step 4 (flush), after op #12 (...)}
 */
public record CrashAt(Moment moment, boolean last, String where) {
}
