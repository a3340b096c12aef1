package txstack.implementation.mount;

import java.util.ArrayList;
import java.util.List;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.txr.Registry;
import txstack.implementation.txr.RegistryOptions;

/**
 * A mount manager on memory devices: the registry (hive log, hive) and the transaction manager's log, formatted once;
 * {@link #start} opens them, {@link #restart} closes them cleanly and opens them again from the same devices (no
 * volume present afterwards). Volumes are small file systems on their own devices.
 */
final class MountStack implements AutoCloseable {
    static final FsOptions FS_OPTIONS = FsOptions.defaults().withClusterBytes(512).withBlockBytes(1024)
            .withNameLengthMax(64);
    static final int VOLUME_SECTORS = 4096;

    final BlockDevice hiveLog;
    final BlockDevice hive;
    final BlockDevice tmLog;
    private final List<FileSystem> fileSystems = new ArrayList<>();
    Registry registry;
    TransactionManager tm;
    MountManager mounts;

    MountStack(BlockDevice hiveLog, BlockDevice hive, BlockDevice tmLog) {
        this.hiveLog = hiveLog;
        this.hive = hive;
        this.tmLog = tmLog;
    }

    /** Fresh devices, formatted, started. */
    static MountStack formatted() {
        MountStack s = new MountStack(MemoryBlockDevice.create(512, 256), MemoryBlockDevice.create(512, 2048),
                MemoryBlockDevice.create(512, 256));
        format(s.hiveLog, s.hive, s.tmLog);
        s.start();
        return s;
    }

    static void format(BlockDevice hiveLog, BlockDevice hive, BlockDevice tmLog) {
        Registry.format(hiveLog, hive, RegistryOptions.defaults()).close();
        TransactionManager.format(tmLog, LogOptions.defaults()).close();
    }

    MountStack start() {
        return start(MountFault.CORRECT);
    }

    /** With a deliberately broken manager ({@link MountFault}). */
    MountStack start(MountFault fault) {
        tm = TransactionManager.open(tmLog, LogOptions.defaults());
        registry = Registry.open(hiveLog, hive, RegistryOptions.defaults());
        tm.register(registry);
        mounts = MountManager.open(registry, tm, fault);
        return this;
    }

    /** A clean shutdown, then a start on the same devices: the database is what the registry kept. */
    MountStack restart() {
        close();
        return start();
    }

    /** A new formatted volume's file system (closed with the stack). */
    FileSystem newVolume() {
        FileSystem fs = FileSystem.format(MemoryBlockDevice.create(512, VOLUME_SECTORS), FS_OPTIONS);
        fileSystems.add(fs);
        return fs;
    }

    @Override
    public void close() {
        registry.close();
        tm.close();
    }

    void closeVolumes() {
        fileSystems.forEach(FileSystem::close);
    }
}
