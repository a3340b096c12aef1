package txstack.conformance.junit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.Mode;
import txstack.spi.lfs.LogCapabilities;
import txstack.spi.lfs.LogEngine;

/** The base class bites: a broken engine fails with the report and its replay line; what is not claimed is skipped. */
class BaseClassTest {

    @Test
    void aViolationFailsTheTestWithTheReportAndItsReplayLine() {
        LfsConformance test = new LfsConformance() {
            @Override
            protected LogEngine engine() {
                return TxstackLogEngine.named("txstack:SKIP_DEVICE_FLUSH");
            }

            @Override
            protected long seed() {
                return 1;
            }

            @Override
            protected Set<Mode> modes() {
                return Set.of(Mode.EXHAUSTIVE);
            }

            @Override
            protected int workloads(Mode mode) {
                return 5;
            }
        };
        AssertionFailedError e = assertThrows(AssertionFailedError.class, test::sectors512);
        for (String expected : new String[] {"LFS-6   VIOLATED", "Counterexample: workload",
            "replay: ./txstack conform lfs --engine txstack:SKIP_DEVICE_FLUSH --mode exhaustive --seed 1 --workload",
            "VERDICT: FAIL - LFS-6"}) {
            assertTrue(e.getMessage().contains(expected), "missing '" + expected + "' in\n" + e.getMessage());
        }
    }

    @Test
    void withNoModeToRunATestIsSkipped() {
        LfsConformance test = new LfsConformance() {
            @Override
            protected LogEngine engine() {
                return new TxstackLogEngine();
            }

            @Override
            protected Set<Mode> modes() {
                return Set.of();
            }
        };
        assertThrows(TestAbortedException.class, test::sectors512);
    }

    @Test
    void aSectorSizeTheEngineDoesNotClaimIsSkipped() {
        LfsConformance test = new LfsConformance() {
            @Override
            protected LogEngine engine() {
                return new Only512();
            }
        };
        TestAbortedException e = assertThrows(TestAbortedException.class, test::sectors4096);
        assertTrue(e.getMessage().contains("does not claim 4096-byte sectors"), e.getMessage());
    }

    /** txstack's engine, claiming 512-byte sectors only; not built in, so named by class for the replay line. */
    public static final class Only512 extends ForwardingLogEngine {
        public Only512() {
            super(new TxstackLogEngine());
        }

        @Override
        public LogCapabilities capabilities() {
            return new LogCapabilities(Set.of(512));
        }
    }

    @Test
    void anEngineFromElsewhereIsReplayedByClassNameAndClassPath() {
        LogEngine engine = new Only512();
        assertTrue(SuiteRun.cliName(engine, engine.name()).equals(Only512.class.getName()));
        String classPath = SuiteRun.cliClassPath(engine, engine.name()).orElseThrow();
        assertTrue(classPath.endsWith("test-classes"), classPath);
        LogEngine builtIn = TxstackLogEngine.named("txstack:NO_EPOCH");
        assertTrue(SuiteRun.cliName(builtIn, builtIn.name()).equals("txstack:NO_EPOCH"));
        assertTrue(SuiteRun.cliClassPath(builtIn, builtIn.name()).isEmpty());
    }
}
