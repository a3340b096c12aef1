package txstack.conformance.explorer;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Derives independent, reproducible seeds: one per workload from the run's seed, one per crash point from the
 * workload's, so that a choice does not depend on the order in which other choices were made.
 */
public final class Seeds {
    /** The generator every random choice of the suite uses (a JDK algorithm: stable across JDK versions). */
    public static final String ALGORITHM = "L64X128MixRandom";

    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of(ALGORITHM);

    private Seeds() {
    }

    /** A seed mixed from {@code seed} and the keys (SplitMix64 finaliser per key). */
    public static long derive(long seed, long... keys) {
        long h = mix(seed ^ 0x6a09e667f3bcc909L);
        for (long key : keys) {
            h = mix(h ^ mix(key + 0x9e3779b97f4a7c15L));
        }
        return h;
    }

    /** The seed of workload {@code index} of a run seeded with {@code runSeed}. */
    public static long caseSeed(long runSeed, int index) {
        return derive(runSeed, index);
    }

    /** A new generator seeded with {@code seed}. */
    public static RandomGenerator random(long seed) {
        return FACTORY.create(seed);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
