package txstack.conformance.cli;

import txstack.conformance.spi.BlockDevice;
import txstack.conformance.spi.LogEngine;
import txstack.conformance.spi.LogGeometry;
import txstack.conformance.spi.LogService;

/** An engine that cannot format anything: the CLI must say so and exit 2. */
public final class FailingEngine implements LogEngine {

    @Override
    public String name() {
        return "failing";
    }

    @Override
    public LogService format(BlockDevice device) {
        throw new IllegalStateException("this engine cannot format");
    }

    @Override
    public LogService open(BlockDevice device) {
        throw new IllegalStateException("this engine cannot open");
    }

    @Override
    public LogGeometry geometry(BlockDevice device) {
        return new LogGeometry(1000, 16, 10, 100, 10);
    }
}
