package txstack.conformance.engines;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
import txstack.spi.volume.VolumeFailedException;
import txstack.spi.volume.VolumeService;
import txstack.implementation.volume.DuplicateMemberException;
import txstack.implementation.volume.ForeignMemberException;
import txstack.implementation.volume.MemberMissingException;
import txstack.implementation.volume.RebuildFailedException;
import txstack.implementation.volume.UnreadableDataException;
import txstack.implementation.volume.Volume;

/**
 * A txstack {@link Volume} as the SPI's {@link VolumeService}; the implementation's refusals to start are mapped, and
 * so are its report of data lost to an unreadable sector and that of a rebuild that could not complete (a {@link
 * DeviceException}, as any block device's).
 */
final class TxstackVolumeService implements VolumeService {
    private final Volume volume;

    TxstackVolumeService(Volume volume) {
        this.volume = volume;
    }

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (txstack.implementation.volume.VolumeFailedException | ForeignMemberException
                 | DuplicateMemberException | MemberMissingException e) {
            // Too few members, none of whose labels read, or disks that are not this volume's members (the wrong
            // disks were given): a refusal.
            throw new VolumeFailedException(e.getMessage());
        } catch (UnreadableDataException | RebuildFailedException e) {
            // Data lost to an unreadable sector, or a rebuild its replacement's failure cut short: a device's error.
            throw new DeviceException(e.getMessage());
        }
    }

    private static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public int sectorSizeBytes() {
        return volume.sectorSizeBytes();
    }

    @Override
    public long sectorCount() {
        return volume.sectorCount();
    }

    @Override
    public void read(long firstSector, byte[] buffer, int offset, int lengthBytes) {
        run(() -> volume.read(firstSector, ByteBuffer.wrap(buffer, offset, lengthBytes)));
    }

    @Override
    public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
        run(() -> volume.write(firstSector, ByteBuffer.wrap(buffer, offset, lengthBytes), forceUnitAccess));
    }

    @Override
    public void flush() {
        run(volume::flush);
    }

    @Override
    public void close() {
        run(volume::close);
    }

    @Override
    public void failMember(int member) {
        run(() -> volume.removeMember(member));
    }

    @Override
    public void replaceMember(int member, BlockDevice replacement) {
        run(() -> volume.replaceMember(member, new SpiBlockDevice(replacement)));
    }

    @Override
    public Set<Integer> failedMembers() {
        int mask = volume.failedMask();
        Set<Integer> out = new TreeSet<>();
        for (int i = 0; i < volume.memberCount(); i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return volume.toString();
    }
}
