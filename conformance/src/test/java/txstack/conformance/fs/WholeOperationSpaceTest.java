package txstack.conformance.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import txstack.conformance.engines.TxstackFileSystemEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The whole bounded-exhaustive space of the file-system suite on the txstack file system: every sequence of one and
 * of two core operations with every persistence choice ({@link FsSuite#exhaustiveSpace()} workloads), a crash at every
 * device operation of each. Too long for every build; runs with {@code -Pfs-space} (see {@code conformance/pom.xml}).
 */
@EnabledIfSystemProperty(named = "txstack.fs.space", matches = "all")
class WholeOperationSpaceTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS) // the build's default of 10 minutes is for ordinary tests
    void everyOneAndTwoOperationWorkloadPasses() {
        ExplorerOptions options = FsTesting.options(Mode.EXHAUSTIVE, 20261121, FsSuite.exhaustiveSpace()).toBuilder()
                .timeLimit(Duration.ofHours(3)).progressInterval(Duration.ofSeconds(60)).build();
        ExplorationResult<FsStep> result = FsTesting.run(new TxstackFileSystemEngine(), FsSetup.defaults(512),
                options);
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().violation().toString());
        assertEquals(FsSuite.exhaustiveSpace(), result.stats().get(Stats.Counter.WORKLOADS),
                "not every workload of the space ran: " + result.stoppedEarly());
    }
}
