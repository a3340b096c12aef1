package txstack.conformance.explorer;

/** How thoroughly the explorer visits crash states. */
public enum Mode {
    /**
     * Short workloads; every crash point (after every device write and flush, during every force-unit-access
     * write); every crash image when there are few, else a seeded sample; crashes during every recovery.
     */
    EXHAUSTIVE,
    /** Long workloads; a seeded sample of crash points and images per run. */
    RANDOM
}
