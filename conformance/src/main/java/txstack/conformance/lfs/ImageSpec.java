package txstack.conformance.lfs;

/** Which crash image an explicit crash step of a workload takes from its crash point. */
public sealed interface ImageSpec {

    /** Every write since the last flush is lost. */
    record AllLost() implements ImageSpec {
        @Override
        public String toString() {
            return "all pending writes lost";
        }
    }

    /** Every write issued landed (as after a clean shutdown of the device). */
    record AllLanded() implements ImageSpec {
        @Override
        public String toString() {
            return "all pending writes landed";
        }
    }

    /** A random choice per open sector, seeded: tears and reorderings. */
    record Random(long seed) implements ImageSpec {
        @Override
        public String toString() {
            return "random image (seed " + seed + ")";
        }
    }
}
