package txstack.conformance.spi;

/**
 * A log implementation under test: formats and opens logs on a device the suite provides. Opening runs the
 * engine's recovery: it finds the newest good restart area and the true end of the log.
 */
public interface LogEngine {

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /** Initialises a new, empty log on the whole device and opens it. */
    LogService format(BlockDevice device);

    /** Opens an existing log, after a clean close or a crash. */
    LogService open(BlockDevice device);

    /** The space a log formatted on this device offers. */
    LogGeometry geometry(BlockDevice device);
}
