package txstack.spi.volume;

import java.util.Set;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;

/**
 * A running volume as the suite drives it: a block device (reads, writes, flushes of whole sectors, DISK-1..3) that
 * survives as many member failures as its layout tolerates (VOL-2, VOL-6), and rebuilds a replacement (VOL-7).
 * Single-threaded use. The suite mostly drops it, as a power loss would; at a clean shutdown it calls {@link #close}
 * and then assembles the members again.
 *
 * <p>Calls the contract forbids are refused with {@link IllegalArgumentException} or {@link IndexOutOfBoundsException}
 * (or a subclass) and change nothing: a read or write that starts before sector 0 or ends past {@link
 * #sectorCount()}, or whose length is not a whole number of sectors; {@link #failMember} of a member number the
 * volume does not have, or of a member it already counts as failed; {@link #replaceMember} of a member number the
 * volume does not have, of a member it does not count as failed, or with a replacement too small to hold the member's
 * share of the volume or whose sectors are not the size of the members'. The suite makes such calls after its reads
 * and checks both (DISK-1).
 *
 * <p>A member's disk may also die without the volume being told: from then on every operation on that device throws
 * {@link DeviceException} (not {@link txstack.spi.disk.UnreadableSectorException}: the device itself, not a sector).
 * The volume must treat the member as failed, as {@link #failMember} would, from the operation that met it: while the
 * layout tolerates the loss, the read, write or flush that met it succeeds, and {@link #failedMembers()} counts the
 * member. The suite kills member disks both ways; an unannounced death is met at once by a read of every block, a
 * write of a whole stripe and a flush, which every member takes part in, or, half the time, by a write of one block
 * first (whose parity may need the dead member), then the read and the flush. A disk may also die inside {@link
 * #replaceMember}, at the first read the rebuild makes of it: where the layout tolerates that loss too (a mirror of
 * three members or more), the rebuild must go on from the other members and complete. Where it does not (the volume
 * had already lost as many members as it tolerates), the volume is lost, as after {@link #failMember} of one member
 * too many: {@code replaceMember} may throw {@link VolumeFailedException}, every read, write and flush after it must,
 * and {@link #failedMembers()} counts the dead member and the one being rebuilt. A crash inside that rebuild leaves the
 * partly rebuilt replacement among the disks, and an assembly of them must refuse.
 */
public interface VolumeService extends BlockDevice {

    /**
     * {@inheritDoc}
     *
     * <p>A member sector that does not read (DISK-4) is computed from the other members while redundancy is left
     * (VOL-6); with none left, the read throws {@link DeviceException}, for the sectors that needed it only, and never
     * returns wrong data. A member is not dropped for one bad sector. One with two or more may be, when the volume
     * is assembled (they may have taken every copy of the engine's own record of the member), while the layout
     * tolerates one member fewer; where it does not, assembly may refuse to start instead.
     */
    @Override
    void read(long firstSector, byte[] buffer, int offset, int lengthBytes);

    /**
     * Member {@code member} has failed (DISK-4): the volume stops using it; its device will not answer again. If that
     * leaves more members failed than the layout tolerates, the volume is lost: this call may throw {@link
     * VolumeFailedException} at once, and from then on every read, write and flush must throw it (the suite tries
     * each); {@link #failedMembers()} still answers, and counts every member lost.
     */
    void failMember(int member);

    /**
     * Puts {@code replacement} in failed member {@code member}'s place and rebuilds it from the survivors; returns
     * when the rebuild is complete (VOL-7), and only then. The replacement may be blank, or the failed member's own
     * old device. If the replacement's disk dies during the rebuild (the suite kills it at the first write or flush
     * the rebuild makes to it, at its first flush, or at its first write after a flush, such as the write of the
     * member's own record after its data was flushed), the rebuild cannot complete: this call throws {@link
     * DeviceException}, the member stays failed ({@link #failedMembers()} counts it), and the volume goes on as before
     * the call, every block reading as written; a later call with another replacement rebuilds it.
     */
    void replaceMember(int member, BlockDevice replacement);

    /** The members the volume counts as failed (or still rebuilding), by member number. */
    Set<Integer> failedMembers();

    /**
     * Shuts the volume down cleanly; it takes no calls after this. When this returns, every write it acknowledged is
     * durable and the members agree, so that the next {@link VolumeEngine#assemble} has nothing to resync: a degraded
     * RAID-5 must then start (VOL-8). A power loss inside the close may leave what a power loss inside a flush leaves,
     * and assembly must repair it as after any crash: an engine that records a clean shutdown in its members must
     * make the data durable before that record.
     *
     * <p>The default only flushes: enough for an engine that keeps no record of a clean shutdown and does not refuse
     * a degraded assembly after a crash either (once flushed, a mirror's halves agree and a stripe's parity matches
     * its data).
     */
    default void close() {
        flush();
    }
}
