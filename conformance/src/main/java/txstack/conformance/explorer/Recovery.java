package txstack.conformance.explorer;

/**
 * What a layer's recovery of a crash state did, once judged: how many journal entries of the restored rig it issued
 * before it returned, and what a second power loss inside it, or right after it returned, allows.
 *
 * @param entries     journal entries issued by the recovery (its crash points)
 * @param during      what a crash inside the recovery allows (usually what the first crash allowed)
 * @param afterReturn what a crash right after it returned allows (usually exactly what it returned)
 * @param outcome     a line for the trace, e.g. {@code recovered: records through model LSN 6}
 * @param <E>         the layer's expectation type
 */
public record Recovery<E>(int entries, E during, E afterReturn, String outcome) {
}
