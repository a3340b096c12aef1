package txstack.spi.lfs;

import java.util.Set;
import java.util.TreeSet;
import txstack.spi.disk.SectorSizes;

/**
 * What a log engine claims to handle; the suite runs only that and skips the rest (or says why it cannot run).
 *
 * @param sectorSizesBytes  the sector sizes of log devices the engine formats (a subset of 512 and 4096)
 * @param concurrentClients true if several threads may call {@link LogService#append} and {@link LogService#flush}
 *                          of one service at once (group commit): the suite then runs concurrent commits, where every
 *                          client's flush that returned must survive a power loss from that moment on. False (the
 *                          default) keeps the suite single-threaded, as {@link LogService} otherwise promises.
 * @param provesDurability  true if every device write of {@link LogService#append} and {@link LogService#flush} can
 *                          tell recovery which records were durable when it was issued (txstack's pages carry a
 *                          durable LSN), so recovery tells damage to durable records from a torn tail: the suite then
 *                          holds the engine to it (see the package documentation, bit rot). False (the default) for an
 *                          engine whose flushes also write what its recovery cannot read so (metadata of a volume
 *                          below the log, a redundant copy it never reads back).
 */
public record LogCapabilities(Set<Integer> sectorSizesBytes, boolean concurrentClients, boolean provesDurability) {

    public LogCapabilities {
        if (sectorSizesBytes.isEmpty()) {
            throw new IllegalArgumentException("an engine must claim at least one sector size");
        }
        sectorSizesBytes.forEach(SectorSizes::require);
        sectorSizesBytes = Set.copyOf(new TreeSet<>(sectorSizesBytes));
    }

    /** The sector sizes {@code sectorSizesBytes}, single-threaded clients only, no durability proof. */
    public LogCapabilities(Set<Integer> sectorSizesBytes) {
        this(sectorSizesBytes, false, false);
    }

    /** Both sector sizes, single-threaded clients only, no durability proof. */
    public static LogCapabilities all() {
        return new LogCapabilities(SectorSizes.ALLOWED);
    }

    /** These capabilities, and concurrent appends and flushes on one service as well. */
    public LogCapabilities withConcurrentClients() {
        return new LogCapabilities(sectorSizesBytes, true, provesDurability);
    }

    /** These capabilities, and writes that prove which records were durable when issued ({@link #provesDurability}). */
    public LogCapabilities withDurabilityProof() {
        return new LogCapabilities(sectorSizesBytes, concurrentClients, true);
    }

    public boolean claims(int sectorSizeBytes) {
        return sectorSizesBytes.contains(sectorSizeBytes);
    }
}
