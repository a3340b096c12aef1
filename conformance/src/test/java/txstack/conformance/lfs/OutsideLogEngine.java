package txstack.conformance.lfs;

import txstack.conformance.junit.ForwardingLogEngine;

/**
 * The outside correct engine of the tests, for the command line: written from the SPI alone, it zeroes the tail of its
 * ring at every {@code format} and {@code open} ({@link TailZeroingEngineTest.TailZeroing}) and declares a conservative
 * capacity ({@link ConservativeCapacityEngineTest.Conservative}), the two habits the suite used to raise false alarms
 * on. Public, with a public constructor, so that {@code ./txstack conform lfs --engine
 * txstack.conformance.lfs.OutsideLogEngine --class-path conformance/target/test-classes} runs it like any engine from
 * elsewhere.
 */
public final class OutsideLogEngine extends ForwardingLogEngine {

    /** The engine the command line builds. */
    public OutsideLogEngine() {
        super(new ConservativeCapacityEngineTest.Conservative(new TailZeroingEngineTest.TailZeroing()));
    }

    @Override
    public String name() {
        return "outside-tail-zeroing-conservative";
    }
}
