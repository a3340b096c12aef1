package txstack.conformance.engines;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogSpace;
import txstack.spi.lfs.LogService;
import txstack.implementation.disk.DeviceSlice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.volume.Layout;
import txstack.implementation.volume.Volume;
import txstack.implementation.volume.VolumeOptions;
import txstack.implementation.volume.Volumes;

/**
 * The txstack log file service on a txstack volume, for the LFS suite: the suite's one simulated disk is cut into
 * equal partitions, one member each, and the log lives on the mirror or RAID-5 volume over them. A power loss then
 * hits every member at once, and recovery is assembly (with its resync) followed by the log's own. Members share one
 * disk, so a flush of one makes every member's writes durable: fewer crash states than separate disks would leave.
 */
public final class TxstackVolumeLogEngine implements LogEngine {
    private final Layout layout;
    private final int memberCount;
    private final VolumeOptions volumeOptions;
    private final LogOptions logOptions;

    public TxstackVolumeLogEngine(Layout layout, int memberCount) {
        this.layout = layout;
        this.memberCount = memberCount;
        this.volumeOptions = VolumeOptions.defaults();
        this.logOptions = LogOptions.defaults().withFlushBatchMaxBytes(TxstackLogEngine.FLUSH_BATCH_BYTES);
    }

    /** The sectors a device needs so that the volume over its partitions offers {@code volumeSectors}. */
    public static long deviceSectorsFor(Layout layout, int memberCount, long volumeSectors) {
        int dataMembers = layout == Layout.RAID5 ? memberCount - 1 : 1;
        return (volumeSectors / dataMembers + 1) * memberCount;
    }

    @Override
    public String name() {
        return "txstack-on-" + layout.name().toLowerCase(Locale.ROOT) + "x" + memberCount;
    }

    @Override
    public LogService format(Devices devices) {
        BlockDevice device = devices.get(Devices.LOG);
        return new TxstackLogService(LogFile.format(Volumes.create(layout, partitions(new SpiBlockDevice(device)),
                volumeOptions), logOptions));
    }

    /**
     * Assembles the volume and opens the log on it. A member the volume failed after a device error (the suite injects
     * them on a live engine) is left out at assembly and rebuilt onto its own partition before the log opens: the
     * members share one disk, so there is no other to replace it with, and without the rebuild a second device error
     * would leave too few members.
     */
    @Override
    public LogService open(Devices devices) {
        BlockDevice device = devices.get(Devices.LOG);
        List<txstack.implementation.disk.BlockDevice> members = partitions(new SpiBlockDevice(device));
        Volume volume = Volumes.assemble(members, volumeOptions.withAllowDegraded(true));
        for (int i = 0; i < memberCount; i++) {
            if ((volume.failedMask() & (1 << i)) != 0) {
                volume.replaceMember(i, members.get(i));
            }
        }
        return new TxstackLogService(LogFile.open(volume, logOptions));
    }

    @Override
    public LogSpace space(Devices devices) {
        BlockDevice device = devices.get(Devices.LOG);
        MemoryBlockDevice scratch = MemoryBlockDevice.create(device.sectorSizeBytes(), device.sectorCount());
        Volume volume = Volumes.create(layout, partitions(scratch), volumeOptions);
        txstack.implementation.lfs.LogGeometry g = LogFile.geometryOf(volume, logOptions);
        return new LogSpace(g.capacityBytes(), g.recordOverheadBytes(), g.slackBytes(), g.maxPayloadBytes(),
                g.maxClientDataBytes());
    }

    private List<txstack.implementation.disk.BlockDevice> partitions(txstack.implementation.disk.BlockDevice disk) {
        long each = disk.sectorCount() / memberCount;
        List<txstack.implementation.disk.BlockDevice> out = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            out.add(new DeviceSlice(disk, i * each, each));
        }
        return out;
    }

    @Override
    public String toString() {
        return name();
    }
}
