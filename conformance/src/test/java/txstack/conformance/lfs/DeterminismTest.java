package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.Mode;

/** The same seed gives the same counterexample, word for word, whatever the number of workers. */
class DeterminismTest {

    @Test
    void theSameSeedGivesTheSameCounterexample() {
        TxstackLogEngine engine = TxstackLogEngine.named("txstack:WRAP_IGNORES_START");
        LfsDevice device = LfsDevice.defaults(512);
        Counterexample<LfsStep> one = LfsTesting.run(engine, device,
                LfsTesting.options(Mode.EXHAUSTIVE, 1, 50).toBuilder().jobs(1).build()).counterexample().orElseThrow();
        Counterexample<LfsStep> two = LfsTesting.run(engine, device,
                LfsTesting.options(Mode.EXHAUSTIVE, 1, 50).toBuilder().jobs(2).build()).counterexample().orElseThrow();
        assertEquals(one.workload(), two.workload());
        assertEquals(one.shrunk().steps(), two.shrunk().steps());
        assertEquals(one.shrunk().trace(), two.shrunk().trace());
        assertEquals(one.violation(), two.violation());
    }
}
