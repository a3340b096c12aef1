package txstack.conformance.cli;

import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogSpace;
import txstack.spi.lfs.LogService;

/** An engine that cannot format anything: the CLI must say so and exit 2. */
public final class FailingEngine implements LogEngine {

    @Override
    public String name() {
        return "failing";
    }

    @Override
    public LogService format(Devices devices) {
        throw new IllegalStateException("this engine cannot format");
    }

    @Override
    public LogService open(Devices devices) {
        throw new IllegalStateException("this engine cannot open");
    }

    @Override
    public LogSpace space(Devices devices) {
        return new LogSpace(1000, 16, 10, 100, 10);
    }
}
