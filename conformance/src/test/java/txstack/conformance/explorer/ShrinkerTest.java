package txstack.conformance.explorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The shrinker and the image minimiser on synthetic failures whose minimum is known. */
class ShrinkerTest {

    /** Fails if some value of at least 90 comes before some value below 5. */
    static boolean bigThenSmall(List<Integer> steps) {
        boolean big = false;
        for (int v : steps) {
            if (v < 5 && big) {
                return true;
            }
            big |= v >= 90;
        }
        return false;
    }

    static List<Integer> simpler(int v) {
        List<Integer> out = new ArrayList<>();
        if (v > 0) {
            out.add(v / 2);
            out.add(v - 1);
        }
        return out;
    }

    @Test
    void shrinksToTheMinimalFailingWorkload() {
        List<Integer> failing = new ArrayList<>();
        java.util.random.RandomGenerator random = Seeds.random(42);
        for (int i = 0; i < 200; i++) {
            failing.add(random.nextInt(5, 90));
        }
        failing.set(37, 97);
        failing.set(150, 3);
        assertTrue(bigThenSmall(failing));
        Shrinker<Integer> shrinker = new Shrinker<>(ShrinkerTest::bigThenSmall, ShrinkerTest::simpler, 10_000,
                Duration.ofMinutes(1));
        List<Integer> smallest = shrinker.shrink(failing);
        assertEquals(List.of(90, 0), smallest);
        assertTrue(!shrinker.limitHit() && shrinker.runs() < 1_000, "runs=" + shrinker.runs());
    }

    @Test
    void stopsAtItsRunLimitWithASmallerFailure() {
        List<Integer> failing = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            failing.add(i % 2 == 0 ? 95 : 1);
        }
        Shrinker<Integer> shrinker = new Shrinker<>(ShrinkerTest::bigThenSmall, ShrinkerTest::simpler, 5,
                Duration.ofMinutes(1));
        List<Integer> smaller = shrinker.shrink(failing);
        assertTrue(shrinker.limitHit());
        assertEquals(5, shrinker.runs());
        assertTrue(bigThenSmall(smaller) && smaller.size() <= failing.size());
    }

    @Test
    void aWorkloadThatCannotShrinkStaysAsItIs() {
        Predicate<List<Integer>> onlyThis = steps -> steps.equals(List.of(1, 2, 3));
        Shrinker<Integer> shrinker = new Shrinker<>(onlyThis, v -> List.of(), 100, Duration.ofMinutes(1));
        assertEquals(List.of(1, 2, 3), shrinker.shrink(List.of(1, 2, 3)));
    }

    @Test
    void theImageMinimiserKeepsOnlyTheSectorsTheFailureNeeds() {
        int[] original = {2, 1, 0, 3, 1};
        CrashStateReplay replay = new CrashStateReplay() {
            @Override
            public int[] choice() {
                return original.clone();
            }

            @Override
            public Optional<Violation> recheck(int[] choice) {
                // Fails while sector choice 3 comes from a pending write, whatever the others.
                return choice[3] != 0 ? Optional.of(Violation.of(Requirement.DISK_1, "choice " + java.util.Arrays.toString(choice)))
                        : Optional.empty();
            }
        };
        ChoiceMinimizer.Minimized m = ChoiceMinimizer.minimize(replay, Violation.of(Requirement.DISK_1, "original"), 100);
        assertArrayEquals(new int[] {0, 0, 0, 3, 0}, m.choice());
        assertEquals(4, m.nonDurableBefore());
        assertEquals(1, m.nonDurableAfter());
        assertEquals("choice [0, 0, 0, 3, 0]", m.violation().summary());
    }
}
