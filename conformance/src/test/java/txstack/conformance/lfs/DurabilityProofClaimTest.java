package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.engines.TxstackVolumeLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Violation;
import txstack.conformance.junit.ForwardingLogEngine;
import txstack.implementation.volume.Layout;
import txstack.spi.lfs.LogCapabilities;
import txstack.spi.lfs.LogEngine;

/**
 * Bit rot in the middle of the log is judged only for an engine that claims {@link LogCapabilities#provesDurability}:
 * the same broken log (DAMAGE_TAKEN_FOR_TAIL, which takes a bad record for the end although a later page says it was
 * durable) is caught while it claims it and passes when it does not, as an engine whose flushes also write what its
 * recovery cannot read as proof (a log on a volume) must.
 */
class DurabilityProofClaimTest {
    private static final String BROKEN = "txstack:DAMAGE_TAKEN_FOR_TAIL";

    @Test
    void txstackClaimsItAndItsLogOnAVolumeDoesNot() {
        LogCapabilities log = new TxstackLogEngine().capabilities();
        assertTrue(log.provesDurability(), "txstack's pages carry a durable LSN");
        assertTrue(log.concurrentClients(), "claiming the proof must keep the concurrent clients");
        assertFalse(new TxstackVolumeLogEngine(Layout.MIRROR, 2).capabilities().provesDurability(),
                "the volume's metadata and second copies prove nothing to the log on it");
    }

    @Test
    void rotInTheMiddleIsJudgedOnlyWhereTheEngineClaimsTheProof() {
        Violation violation = LfsTesting.caught(TxstackLogEngine.named(BROKEN), 20, BROKEN);
        assertEquals(Requirement.DISK_4, violation.property(), violation.summary());
        assertTrue(violation.summary().contains("passed for the end of the log"), violation.summary());

        ExplorationResult<LfsStep> unclaimed = LfsTesting.run(withoutTheClaim(TxstackLogEngine.named(BROKEN)),
                LfsDevice.defaults(512), LfsTesting.options(Mode.EXHAUSTIVE, 1, 20));
        assertTrue(unclaimed.passed(), () -> "judged without the claim: "
                + unclaimed.counterexample().orElseThrow().violation());
    }

    /** {@code engine}, claiming every sector size and nothing else. */
    private static LogEngine withoutTheClaim(LogEngine engine) {
        return new ForwardingLogEngine(engine) {
            @Override
            public String name() {
                return engine.name() + " (no durability proof claimed)";
            }

            @Override
            public LogCapabilities capabilities() {
                return LogCapabilities.all();
            }
        };
    }
}
