package txstack.spi.lfs;

import txstack.spi.disk.Devices;

/**
 * A log implementation under test: formats and opens logs on the device the suite provides in role {@link
 * Devices#LOG}. Opening runs the engine's recovery: it finds the newest good restart area and the true end of the
 * log. A public no-argument constructor lets the suite find the engine by class name or through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/txstack.spi.lfs.LogEngine}).
 */
public interface LogEngine {

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /** What the engine handles; the suite runs nothing else. Every sector size by default. */
    default LogCapabilities capabilities() {
        return LogCapabilities.all();
    }

    /** Initialises a new, empty log on the whole device in role {@link Devices#LOG} and opens it. */
    LogService format(Devices devices);

    /** Opens an existing log, after a clean close or a crash. */
    LogService open(Devices devices);

    /** The space a log formatted on these devices offers. */
    LogSpace space(Devices devices);
}
