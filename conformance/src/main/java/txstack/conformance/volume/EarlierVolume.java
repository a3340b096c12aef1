package txstack.conformance.volume;

import java.util.ArrayList;
import java.util.List;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.rig.Rig;
import txstack.spi.disk.Devices;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeService;

/**
 * A volume an earlier user left on disks of a setup: made by the engine under test, every block written, flushed, and
 * (for the disks a workload's volume is created over) closed cleanly, so its labels are as current as the engine ever
 * makes them. Built once and reused: its images never change.
 *
 * <p>Half the workloads create their volume over such disks rather than blank ones ({@link VolumeLayer#start}). The
 * create must leave nothing of it: every block reads as zeros (the model's created volume), and no later assembly,
 * of a crash state or at rest, may take a disk for the earlier volume's member or show a block of it (DISK-3).
 *
 * @param members the disks as the earlier user left them, by member number
 * @param tag     the tag its blocks were written with ({@link VolumeLayer#content})
 */
record EarlierVolume(List<CrashImage> members, int tag) {
    /** The tag of the earlier volume's blocks under a workload's volume: no workload writes it. */
    static final int UNDER_TAG = 0xEA71E5;

    EarlierVolume {
        members = List.copyOf(members);
    }

    /**
     * A volume of {@code setup} made by {@code engine} on blank disks, its {@code blockCount} blocks written with
     * {@code tag} and flushed, then closed if {@code close}. {@code what} names it in the error if the engine cannot.
     */
    static EarlierVolume written(VolumeEngine engine, VolumeSetup setup, long blockCount, int tag, boolean close,
                                 String what) {
        Rig rig = new Rig();
        for (int m = 0; m < setup.memberCount(); m++) {
            rig.addBlank(Devices.member(m), VolumeLayer.DOMAIN, setup.sectorSizeBytes(), setup.memberSectorCount());
        }
        int blockBytes = setup.sectorSizeBytes();
        try {
            VolumeService volume = engine.create(setup.layout(), rig.devices());
            byte[] all = new byte[(int) blockCount * blockBytes];
            for (int b = 0; b < blockCount; b++) {
                System.arraycopy(VolumeLayer.content(tag, b, blockBytes).toArray(), 0, all, b * blockBytes,
                        blockBytes);
            }
            volume.write(0, all, 0, all.length, false);
            volume.flush();
            if (close) {
                volume.close();
            }
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot create and write a " + setup.layout()
                    + " volume (" + what + "): " + e, e);
        }
        List<CrashImage> images = new ArrayList<>();
        for (int m = 0; m < setup.memberCount(); m++) {
            images.add(rig.disk(Devices.member(m)).simulated().currentImage());
        }
        return new EarlierVolume(images, tag);
    }

    @Override
    public String toString() {
        return "an earlier " + members.size() + "-member volume, every block written and the volume closed";
    }
}
