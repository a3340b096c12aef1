package txstack.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parser on short outputs in the shape TLC 2.18 prints. */
class TlcResultTest {

    private static TlcResult parse(String output, int exitCode) {
        return TlcResult.parse(output, exitCode, Duration.ofMillis(5));
    }

    @Test
    void passTakesTheFinalCountsNotTheProgressLines() {
        TlcResult result = parse("""
                Finished computing initial states: 1 distinct state generated at 2026-11-21 04:29:20.
                Progress(14) at 2026-11-21 04:29:23: 75,706 states generated (75,706 s/min), 30,880 distinct states found (30,880 ds/min), 9,008 states left on queue.
                Model checking completed. No error has been found.
                194428 states generated, 58396 distinct states found, 0 states left on queue.
                The depth of the complete state graph search is 21.
                """, 0);
        assertEquals(TlcResult.Outcome.PASS, result.outcome());
        assertEquals("pass", result.verdict());
        assertEquals(58396, result.distinctStates());
        assertEquals(21, result.depth());
    }

    @Test
    void progressCountsWithThousandsSeparatorsAreRead() {
        TlcResult result = parse("Progress(3) at x: 1,234,567 states generated, 98,765 distinct states found, 0 "
                + "states left on queue.\n", 1);
        assertEquals(98765, result.distinctStates());
        assertEquals(3, result.depth(), "no depth line: the progress line's depth");
        assertEquals(TlcResult.Outcome.ERROR, result.outcome());
    }

    @Test
    void noProgressAndNoDepthLineMeansNoDepth() {
        assertEquals(-1, parse("Error: Temporal properties were violated.\n", 13).depth());
    }

    @Test
    void invariantViolationNamesTheInvariant() {
        TlcResult result = parse("""
                Error: Invariant NoOverwrite is violated.
                Error: The behavior up to this point is:
                State 1: <Initial predicate>
                59 states generated, 44 distinct states found, 28 states left on queue.
                The depth of the complete state graph search is 5.
                """, 12);
        assertEquals(TlcResult.Outcome.INVARIANT_VIOLATED, result.outcome());
        assertEquals("violation:NoOverwrite", result.verdict());
        assertEquals(44, result.distinctStates());
        assertEquals(5, result.depth());
    }

    @Test
    void invariantViolatedByTheInitialState() {
        TlcResult result = parse("Error: Invariant TypeOK is violated by the initial state:\n/\\ x = 1\n", 12);
        assertEquals("violation:TypeOK", result.verdict());
    }

    @Test
    void deadlock() {
        TlcResult result = parse("Error: Deadlock reached.\nError: The behavior up to this point is:\n", 11);
        assertEquals(TlcResult.Outcome.DEADLOCK, result.outcome());
        assertEquals("deadlock", result.verdict());
    }

    @Test
    void actionAndTemporalProperties() {
        assertEquals("property:Monotone", parse("Error: Action property Monotone is violated.\n", 12).verdict());
        TlcResult liveness = parse("Progress(11) at 2026-11-21 05:52:07: 166 states generated, 110 distinct states found,"
                + " 0 states left on queue.\nError: Temporal properties were violated.\n", 13);
        assertEquals("property:temporal", liveness.verdict());
        assertEquals(11, liveness.depth(), "depth from the progress line when TLC prints no depth line");
    }

    @Test
    void parseErrorsAndAssumptionsAreErrors() {
        assertEquals(TlcResult.Outcome.ERROR, parse("""
                *** Errors: 1
                Unknown operator: `Foo'.
                Error: Parsing or semantic analysis failed.
                """, 150).outcome());
        assertEquals(TlcResult.Outcome.ERROR,
                parse("Error: Assumption line 31, col 8 to line 31, col 40 of module Lfs is false.\n", 10).outcome());
    }

    @Test
    void aPassWithANonZeroExitCodeIsAnError() {
        assertEquals(TlcResult.Outcome.ERROR, parse("Model checking completed. No error has been found.\n", 1).outcome());
    }

    @Test
    void aViolationWithExitCodeZeroIsAnError() {
        assertEquals(TlcResult.Outcome.ERROR, parse("Error: Invariant X is violated.\n", 0).outcome());
    }
}
