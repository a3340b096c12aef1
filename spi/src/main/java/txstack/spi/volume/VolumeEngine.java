package txstack.spi.volume;

import txstack.spi.disk.Devices;

/**
 * A volume manager under test (VOL-1..8): creates a volume over member devices the suite provides (role {@code
 * member[i]} for member {@code i}, see {@link Devices#member(int)}) and assembles it again from whichever members
 * survive a crash. Every I/O goes through the members, so the suite can record it and build every state a power loss
 * leaves (one power loss hits every member at once). The engine chooses its own stripe size and layout details.
 */
public interface VolumeEngine {

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /** What the engine handles; the suite runs nothing else. Every layout and sector size by default. */
    default VolumeCapabilities capabilities() {
        return VolumeCapabilities.all();
    }

    /**
     * Creates a volume over members (every role {@code member[i]} of {@code members}) that may be blank or hold
     * anything, such as an earlier volume of this engine, closed cleanly: the new volume reads as zeros, and nothing of
     * the earlier one may ever come back, not after a crash either (the suite creates half its volumes over one).
     *
     * @throws IllegalArgumentException if the layout needs more members than given (a mirror two, a RAID-5 three); the
     *                                  suite tries it before each workload
     */
    VolumeService create(VolumeLayout layout, Devices members);

    /**
     * Assembles a volume again, after a crash, from the members present (some may be missing; a device in role
     * {@code member[i]} is the disk that was in slot {@code i}, but it may be blank or stale: trust its label, not the
     * role). It makes the members consistent before it returns. Throws {@link VolumeFailedException} if it refuses
     * to start.
     *
     * <p>It must refuse where more members are lost than the layout tolerates, and may refuse only where the suite's
     * model lets it: a RAID-5 after a crash (anything but a {@link VolumeService#close} that returned; a crash inside
     * an assembly, or right after one, counts as a crash) with a member missing or failed, since a stripe written at
     * the crash may be torn (md's "dirty degraded array"); a RAID-5 with an unreadable sector on a member, crash or
     * not; and a volume whose members with two or more unreadable sectors each, with the members already out, are
     * more than the layout tolerates. It may drop (count failed) a member with two or more unreadable sectors while
     * the layout tolerates that with the members already out; never a member for one. Everywhere else it must start:
     * a mirror with the members it tolerates losing out, and a RAID-5 closed cleanly without one of its members.
     *
     * <p>A sector of a member may have stopped reading while the volume was down (a latent sector error found at
     * start-up), anywhere on the member: in its data or in the engine's own record of the member. The suite assembles
     * crash states so, half the time with one of the member's first or last two sectors unreadable. As at run time
     * ({@link VolumeService#read}), the member is not dropped for that one sector, and no block is lost while
     * redundancy is left.
     *
     * <p>A member's disk may also die during the assembly, at any of its reads (the label's, a resync's): from then
     * on it answers nothing, as a disk that dies unannounced while the volume runs ({@link VolumeService}). The
     * assembly must go on without it as if it had been missing from the start, or refuse to start where a crash
     * with that member missing would let it; it must never fail because the member it was copying from is gone while
     * another holds the data.
     *
     * <p>The suite also hands it wrong disks, at rest, and judges what it makes of them by the same model: the members
     * under each other's roles (it must assemble them as it would in their own roles); a member of another volume
     * with the same geometry in a member's role, an older copy of one member in another member's role, or a member's
     * own disk cut short, too small for its share of the volume (it may refuse, or leave the wrong disk out and run
     * without that member where the layout tolerates it, but it must never read data from the wrong disk, and must
     * not count a disk that cannot hold its share as a member).
     */
    VolumeService assemble(Devices present);
}
