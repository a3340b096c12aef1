package txstack.conformance.spi;

import java.util.List;

/**
 * A volume manager under test (VOL-1..8): creates a volume over member devices the suite provides and assembles it
 * again from whichever members survive a crash. Every I/O goes through the members, so the suite can record it and
 * build every state a power loss leaves (one power loss hits every member at once).
 */
public interface VolumeEngine {

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /**
     * Creates a volume over blank {@code members} (member {@code i} is {@code members.get(i)}); it reads as zeros.
     *
     * @param stripeUnitSectors sectors per stripe unit (RAID-5); an engine without stripes ignores it
     */
    VolumeService create(VolumeLayout layout, int stripeUnitSectors, List<BlockDevice> members);

    /**
     * Assembles a volume again, after a crash, from the members present (in any order; some may be missing). It
     * makes the members consistent before it returns. Throws {@link VolumeFailedException} if it refuses to start.
     */
    VolumeService assemble(List<BlockDevice> present);
}
