package txstack.conformance.explorer;

import java.util.function.Function;

/**
 * The journal entries {@code [from, to)} one step (or the set-up, or a recovery) issued, and what the model allows
 * after a power loss at each moment among them.
 *
 * @param stepIndex      the step's index in the workload; -1 for set-up
 * @param label          e.g. {@code step 4 (flush at 50%)}, {@code format}, {@code recovery}
 * @param from           first journal entry of the span
 * @param to             one past its last entry
 * @param allowed        what a crash there allows; null where the moment is not checked
 * @param onlyLast       check only the moment right after the span's last operation (e.g. inside a format nothing is
 *                       promised)
 * @param coversStart    a power loss before the incarnation's first operation falls in this span, as its last moment
 *                       (a recovery that wrote nothing must still leave what it returned)
 * @param tag            the layer's own note about the span (e.g. "this step writes the restart area"), or null
 * @param <E>            the layer's expectation type
 */
public record Span<E>(int stepIndex, String label, int from, int to, Function<CrashAt, E> allowed, boolean onlyLast,
                      boolean coversStart, Object tag) {

    /** The tag of a recovery's span, which the run adds after a power-loss step. */
    public static final String RECOVERY = "recovery";

    public Span {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad span: from=" + from + " to=" + to);
        }
    }
}
