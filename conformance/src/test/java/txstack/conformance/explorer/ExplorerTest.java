package txstack.conformance.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The explorer's driver on a synthetic system: determinism, shrinking, limits, errors, the report. */
class ExplorerTest {

    /** Workloads of numbers; "fails" when a big number precedes a small one. Counts a crash state per step. */
    static final class Synthetic implements CaseRunner<Integer> {
        private final int throwOnValue;

        Synthetic(int throwOnValue) {
            this.throwOnValue = throwOnValue;
        }

        @Override
        public List<Integer> generate(RandomGenerator random, int stepsMax) {
            List<Integer> steps = new ArrayList<>();
            for (int i = 0; i < stepsMax; i++) {
                steps.add(random.nextInt(100));
            }
            return steps;
        }

        @Override
        public Optional<Failure<Integer>> run(List<Integer> steps, long caseSeed, CaseContext context) {
            for (int v : steps) {
                context.stats().increment(Stats.Counter.CRASH_STATES);
                if (v == throwOnValue) {
                    throw new IllegalStateException("harness bug at " + v);
                }
            }
            if (ShrinkerTest.bigThenSmall(steps)) {
                return Optional.of(new Failure<>(new Violation(Requirement.DISK_1, "big before small", "steps " + steps),
                        steps, "trace of " + steps, Optional.empty()));
            }
            context.stats().checked(Requirement.DISK_1);
            return Optional.empty();
        }

        @Override
        public List<Integer> simplerSteps(Integer step) {
            return ShrinkerTest.simpler(step);
        }
    }

    private static ExplorerOptions options(int jobs) {
        return ExplorerOptions.builder(Mode.RANDOM).seed(11).workloads(500).stepsMax(6).jobs(jobs)
                .progressInterval(Duration.ofMillis(1)).build();
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void findsTheSameShrunkFailureWhateverTheNumberOfWorkers() {
        ExplorationResult<Integer> one = new Explorer<>(new Synthetic(-1), options(1), sink()).run();
        ExplorationResult<Integer> two = new Explorer<>(new Synthetic(-1), options(3), sink()).run();
        assertFalse(one.passed());
        Counterexample<Integer> c = one.counterexample().orElseThrow();
        assertEquals(c.workload(), two.counterexample().orElseThrow().workload());
        assertEquals(List.of(90, 0), c.shrunk().steps());
        assertEquals(6, c.originalStepCount());
        assertEquals(Requirement.DISK_1, c.violation().property());
        assertEquals(Seeds.caseSeed(11, c.workload()), c.caseSeed());
    }

    @Test
    void replayingOneWorkloadReproducesIt() {
        ExplorationResult<Integer> all = new Explorer<>(new Synthetic(-1), options(1), sink()).run();
        int k = all.counterexample().orElseThrow().workload();
        ExplorationResult<Integer> replay = new Explorer<>(new Synthetic(-1), options(1).toBuilder().onlyWorkload(k).build(), sink())
                .run();
        assertEquals(all.counterexample().orElseThrow().shrunk().steps(),
                replay.counterexample().orElseThrow().shrunk().steps());
        assertEquals(k, replay.counterexample().orElseThrow().workload());
    }

    @Test
    void stopsAtTheCrashStateLimitAndSaysSo() {
        ExplorerOptions o = ExplorerOptions.builder(Mode.RANDOM).seed(3).workloads(1_000).stepsMax(1)
                .crashStatesMax(10).build();
        ExplorationResult<Integer> result = new Explorer<>(new Synthetic(-1), o, sink()).run();
        assertTrue(result.passed());
        assertTrue(result.stoppedEarly().orElseThrow().contains("crashStatesMax=10"), result.stoppedEarly().get());
        assertTrue(result.workloadsCompleted() <= 10);
        assertTrue(ExplorationReport.verdictLine(result).contains("stopped early"));
    }

    @Test
    void aHarnessErrorNamesTheWorkloadAndSeed() {
        ExplorationException e = assertThrows(ExplorationException.class,
                () -> new Explorer<>(new Synthetic(42), options(1).toBuilder().stepsMax(1).build(), sink()).run());
        assertTrue(e.getMessage().contains("error in workload") && e.getMessage().contains("run seed 11"),
                e.getMessage());
    }

    @Test
    void theReportShowsCountsVerdictsTheCounterexampleAndTheReplay() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ExplorationResult<Integer> result = new Explorer<>(new Synthetic(-1), options(1),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        String report = ExplorationReport.render("synthetic", java.util.Map.of("engine", "none"),
                List.of(new ExplorationReport.Property(Requirement.DISK_1, "no big number before a small one"),
                        new ExplorationReport.Property(Requirement.DISK_2, "never checked")),
                result, k -> "replay --workload " + k);
        assertTrue(report.contains("DISK-1  VIOLATED"), report);
        assertTrue(report.contains("DISK-2  not exercised"), report);
        assertTrue(report.contains("replay --workload " + result.counterexample().orElseThrow().workload()), report);
        assertTrue(report.contains("trace of [90, 0]"), report);
        assertTrue(report.strip().endsWith("(seed 11)"), report);
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("shrunk workload"));
    }

    @Test
    void optionsRejectNonsenseWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExplorerOptions.builder(Mode.EXHAUSTIVE).stepsMax(0).build());
        assertTrue(e.getMessage().contains("steps=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExplorerOptions.builder(Mode.RANDOM).workloads(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ExplorerOptions.builder(Mode.RANDOM).jobs(0).build());
    }

    /** Workload {@code i} is the one step {@code i}; {@code run} says what running it does. */
    private record Scripted(java.util.function.Function<List<Integer>, Optional<Failure<Integer>>> script)
            implements CaseRunner<Integer> {
        @Override
        public List<Integer> workload(int index, long caseSeed, int stepsMax) {
            return List.of(index);
        }

        @Override
        public List<Integer> generate(RandomGenerator random, int stepsMax) {
            throw new UnsupportedOperationException("workloads are their index");
        }

        @Override
        public Optional<Failure<Integer>> run(List<Integer> steps, long caseSeed, CaseContext context) {
            return script.apply(steps);
        }

        @Override
        public List<Integer> simplerSteps(Integer step) {
            return List.of();
        }
    }

    /** A run's result and what it printed. */
    private record Printed(ExplorationResult<Integer> result, String text) {
        static Printed run(CaseRunner<Integer> runner, ExplorerOptions options) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExplorationResult<Integer> result = new Explorer<>(runner, options, new PrintStream(out, true,
                    StandardCharsets.UTF_8)).run();
            return new Printed(result, out.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A call that does not return for a long while: the explorer says so, with the workload and where the worker is
     * (the call on top of its stack), and a run that never stalls says nothing of the kind.
     */
    @Test
    void saysWhereAWorkerIsWhenNothingProgresses() {
        Scripted slow = new Scripted(steps -> {
            hang(Duration.ofMillis(900));
            return Optional.empty();
        });
        Printed run = Printed.run(slow, ExplorerOptions.builder(Mode.RANDOM).seed(3).workloads(1).stepsMax(2).jobs(1)
                .progressInterval(Duration.ofMillis(20)).build());
        assertTrue(run.result().passed());
        assertTrue(run.text().contains("[explorer] no progress for"), run.text());
        assertTrue(run.text().contains(", workload 0:"), run.text());
        assertTrue(run.text().contains("ExplorerTest.hang("), run.text());

        Printed quiet = Printed.run(new Synthetic(-1), options(2).toBuilder().progressInterval(Duration.ofSeconds(1))
                .build());
        assertFalse(quiet.text().contains("no progress"), quiet.text());
    }

    /**
     * A workload after the first failing one that does not return: the explorer reports the failure without waiting
     * for it (its outcome cannot come first), and says so.
     */
    @Test
    void doesNotWaitForALaterWorkloadOnceAFailureComesFirst() {
        java.util.concurrent.atomic.AtomicReference<Thread> hanging = new java.util.concurrent.atomic.AtomicReference<>();
        Scripted runner = new Scripted(steps -> {
            if (steps.contains(1)) {
                hanging.set(Thread.currentThread());
                hang(Duration.ofSeconds(60)); // workload 1: does not return until the test interrupts it
            }
            if (steps.contains(0)) {
                hang(Duration.ofMillis(300)); // workload 1 is under way when workload 0 fails
                return Optional.of(new Failure<>(new Violation(Requirement.DISK_1, "zero", "steps " + steps), steps,
                        "trace", Optional.empty()));
            }
            return Optional.empty();
        });
        Printed run = Printed.run(runner, ExplorerOptions.builder(Mode.RANDOM).seed(3).workloads(2).stepsMax(1).jobs(2)
                .progressInterval(Duration.ofSeconds(1)).build());
        assertEquals(0, run.result().counterexample().orElseThrow().workload());
        assertTrue(hanging.get() != null && hanging.get().isAlive(), "the run waited for workload 1 to return");
        hanging.get().interrupt();
        assertTrue(run.text().contains("not waiting for workload 1, still running: the failure of workload 0 comes "
                + "first"), run.text());
    }

    private static void hang(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
