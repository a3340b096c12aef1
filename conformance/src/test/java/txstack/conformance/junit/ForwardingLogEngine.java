package txstack.conformance.junit;

import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogCapabilities;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.LogSpace;

/** An engine that does what another does; a test overrides the one method it changes. */
public abstract class ForwardingLogEngine implements LogEngine {
    private final LogEngine engine;

    protected ForwardingLogEngine(LogEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return engine.name() + "-forwarded";
    }

    @Override
    public LogCapabilities capabilities() {
        return engine.capabilities();
    }

    @Override
    public LogService format(Devices devices) {
        return engine.format(devices);
    }

    @Override
    public LogService open(Devices devices) {
        return engine.open(devices);
    }

    @Override
    public LogSpace space(Devices devices) {
        return engine.space(devices);
    }
}
