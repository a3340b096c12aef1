package txstack.spi.recovery;

import txstack.spi.disk.Devices;

/**
 * A recoverable page store under test (REC-1..7): formats and opens a store over a log disk ({@link Devices#LOG}) and
 * a data disk ({@link Devices#DATA}). Opening runs the engine's restart recovery: afterwards the pages hold exactly
 * the effects of the transactions whose commit returned (a commit in flight at the crash may count either way), and
 * no transaction is active. A public no-argument constructor lets the suite find the engine by class name or through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/txstack.spi.recovery.PageStoreEngine}).
 */
public interface PageStoreEngine {

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /**
     * Initialises a new store whose pages all read as zeros, and opens it. The disks may hold anything an earlier user
     * left (the suite hands over disks full of other bytes). Once this returns the empty store is durable: a power
     * loss right after it leaves a store that opens with every page zero.
     */
    PageStore format(Devices devices);

    /** Opens an existing store, after a clean close or a crash, running restart recovery. */
    PageStore open(Devices devices);
}
