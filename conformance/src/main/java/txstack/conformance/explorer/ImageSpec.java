package txstack.conformance.explorer;

import txstack.conformance.rig.CrashCut;

/** Which crash image a power-loss step of a workload takes from its crash cut, in any layer's workloads. */
public sealed interface ImageSpec {

    /** The choice this spec picks from {@code cut}: every disk the same way. */
    default int[][] choose(CrashCut cut) {
        return switch (this) {
            case AllLost a -> cut.allLost();
            case AllLanded a -> cut.allLanded();
            case Random r -> {
                java.util.random.RandomGenerator random = Seeds.random(r.seed());
                int[][] choice = new int[cut.points().size()][];
                for (int i = 0; i < choice.length; i++) {
                    choice[i] = cut.losesPower(i) ? cut.points().get(i).randomChoice(random)
                            : cut.points().get(i).allLanded();
                }
                yield choice;
            }
        };
    }

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
