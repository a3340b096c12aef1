package txstack.conformance.engines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.mount.BrokenMounts;
import txstack.implementation.mount.Hsm;
import txstack.implementation.mount.MountManager;
import txstack.implementation.mount.MountPaths;
import txstack.implementation.mount.OfflineStore;
import txstack.implementation.mount.ReparseTags;
import txstack.implementation.mount.VolumeId;
import txstack.implementation.txr.Registry;
import txstack.implementation.txr.RegistryOptions;
import txstack.spi.disk.Devices;
import txstack.spi.fs.ReparsePoint;
import txstack.spi.mount.MountEngine;
import txstack.spi.mount.MountException;
import txstack.spi.mount.MountNode;
import txstack.spi.mount.MountSession;
import txstack.spi.mount.Opened;
import txstack.spi.mount.Reached;
import txstack.spi.mount.VolumeIdentity;

/**
 * txstack's mount layer as the SPI's {@link MountEngine}: a {@link MountManager} keeping its database in a {@link
 * Registry} under a {@link TransactionManager}, volumes that are txstack file systems on their own devices, and an
 * {@link Hsm} whose {@link OfflineStore} is a file system on the offline store's device. The binding is one of many:
 * an engine from elsewhere implements the same two interfaces.
 */
public final class TxstackMountEngine implements MountEngine {
    private final Optional<String> variant;

    /** The correct implementation. */
    public TxstackMountEngine() {
        this(Optional.empty());
    }

    private TxstackMountEngine(Optional<String> variant) {
        this.variant = variant;
    }

    /**
     * The engine named {@code txstack} or {@code txstack:<VARIANT>} (a deliberately broken mount manager, {@code
     * BrokenMounts}); case does not matter.
     *
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of {@link #names()}
     */
    public static TxstackMountEngine named(String name) {
        return new TxstackMountEngine(TxstackNames.variantOf(name, variants()));
    }

    /** Every name {@link #named} accepts, {@code txstack} first, then each broken variant. */
    public static List<String> names() {
        return TxstackNames.names(variants());
    }

    private static List<String> variants() {
        return BrokenMounts.names();
    }

    @Override
    public String name() {
        return TxstackNames.canonical(variant);
    }

    @Override
    public MountSession format(Devices devices) {
        Registry.format(device(devices, HIVE_LOG), device(devices, HIVE), RegistryOptions.defaults()).close();
        TransactionManager.format(device(devices, TM_LOG), LogOptions.defaults()).close();
        for (String role : devices.roles()) {
            if (role.startsWith("volume-")) {
                SpiBlockDevice volume = device(devices, role);
                FileSystem.format(volume, TxstackFileSystemEngine.optionsFor(volume)).close();
            }
        }
        SpiBlockDevice store = device(devices, OFFLINE_STORE);
        FileSystem storeFs = FileSystem.format(store, TxstackFileSystemEngine.optionsFor(store));
        OfflineStore.open(storeFs);
        storeFs.close();
        return open(devices);
    }

    @Override
    public MountSession open(Devices devices) {
        TransactionManager tm = TransactionManager.open(device(devices, TM_LOG), LogOptions.defaults());
        Registry registry = Registry.open(device(devices, HIVE_LOG), device(devices, HIVE), RegistryOptions.defaults());
        tm.register(registry);
        MountManager manager = variant.isEmpty() ? MountManager.open(registry, tm)
                : BrokenMounts.open(registry, tm, variant.get());
        SpiBlockDevice store = device(devices, OFFLINE_STORE);
        FileSystem storeFs = FileSystem.mount(store, TxstackFileSystemEngine.optionsFor(store));
        Hsm hsm = new Hsm(manager, OfflineStore.open(storeFs));
        return new Session(devices, tm, registry, manager, storeFs, hsm);
    }

    private static SpiBlockDevice device(Devices devices, String role) {
        return new SpiBlockDevice(devices.get(role));
    }

    @Override
    public String toString() {
        return name();
    }

    /** The identity as txstack's database encodes it. */
    static VolumeId toImplementation(VolumeIdentity v) {
        return v.kind() == VolumeIdentity.Kind.BASIC ? VolumeId.basic(v.diskSignature(), v.partitionOffsetBytes())
                : VolumeId.dynamic(UUID.fromString(v.id()));
    }

    static VolumeIdentity toSpi(VolumeId v) {
        return v.kind() == VolumeId.Kind.BASIC ? VolumeIdentity.basic(v.diskSignature(), v.partitionOffsetBytes())
                : VolumeIdentity.dynamic(v.guid().toString());
    }

    /** The running machine: the volumes' file systems are mounted on first use and kept until {@link #close}. */
    private static final class Session implements MountSession {
        private final Devices devices;
        private final TransactionManager tm;
        private final Registry registry;
        private final MountManager manager;
        private final MountPaths paths;
        private final FileSystem storeFs;
        private final Hsm hsm;
        private final Map<String, FileSystem> volumes = new LinkedHashMap<>();

        Session(Devices devices, TransactionManager tm, Registry registry, MountManager manager, FileSystem storeFs,
                Hsm hsm) {
            this.devices = devices;
            this.tm = tm;
            this.registry = registry;
            this.manager = manager;
            this.paths = manager.paths();
            this.storeFs = storeFs;
            this.hsm = hsm;
        }

        private FileSystem volume(String role) {
            return volumes.computeIfAbsent(role, r -> {
                SpiBlockDevice d = device(devices, r);
                return FileSystem.mount(d, TxstackFileSystemEngine.optionsFor(d));
            });
        }

        @Override
        public void volumeArrives(String device, VolumeIdentity volume, char suggestedLetter) {
            call(() -> manager.volumeArrives(toImplementation(volume), suggestedLetter, volume(device)));
        }

        @Override
        public void volumeRemoved(VolumeIdentity volume) {
            call(() -> {
                manager.volumeRemoved(toImplementation(volume));
                return null;
            });
        }

        @Override
        public void assignLetter(VolumeIdentity volume, char letter) {
            call(() -> {
                manager.assignLetter(toImplementation(volume), letter);
                return null;
            });
        }

        @Override
        public void removeLetter(char letter) {
            call(() -> {
                manager.removeLetter(letter);
                return null;
            });
        }

        /** Read from the registry itself, not from the manager's memory of it. */
        @Override
        public SortedMap<String, VolumeIdentity> mountedDevices() {
            SortedMap<String, VolumeIdentity> out = new TreeMap<>();
            for (String name : registry.valueNames(MountManager.KEY)) {
                if (name.startsWith(MountManager.DOS_DEVICES_PREFIX) || MountManager.isVolumeName(name)) {
                    out.put(name, toSpi(VolumeId.decode(registry.getValue(MountManager.KEY, name).orElseThrow())));
                }
            }
            return Collections.unmodifiableSortedMap(out);
        }

        @Override
        public SortedMap<String, VolumeIdentity> links() {
            SortedMap<String, VolumeIdentity> out = new TreeMap<>();
            manager.namespace().forEach((link, v) -> out.put(link, toSpi(v)));
            return Collections.unmodifiableSortedMap(out);
        }

        /**
         * Every node of the volume's file system ({@link FileSystem#nodes}, which passes through directories with
         * reparse points); an offline file shows no data, and the mount layer's own directory ({@link
         * MountManager#SYSTEM_DIRECTORY}) and what is in it are not listed.
         */
        @Override
        public List<MountNode> tree(String device) {
            List<MountNode> out = new ArrayList<>();
            String system = MountManager.SYSTEM_DIRECTORY;
            for (FileSystem.Node n : volume(device).nodes()) {
                if (n.path().equalsIgnoreCase(system) || n.path().regionMatches(true, 0, system + "\\", 0,
                        system.length() + 1)) {
                    continue;
                }
                boolean offline = !n.info().directory() && n.info().reparseTag() == ReparseTags.HSM;
                ReparsePoint reparse = n.reparse() == null ? null : new ReparsePoint(n.reparse().tag(),
                        n.reparse().data());
                out.add(new MountNode(n.path(), n.info().directory(), offline ? new byte[0] : n.data(), reparse));
            }
            return out;
        }

        @Override
        public SortedMap<String, byte[]> offlineCopies() {
            SortedMap<String, byte[]> out = new TreeMap<>();
            for (String key : hsm.store().keys()) {
                out.put(key, hsm.store().get(key).orElseThrow());
            }
            return out;
        }

        @Override
        public Reached resolve(String path) {
            return call(() -> reached(paths.resolve(path)));
        }

        private static Reached reached(MountPaths.Reached r) {
            return new Reached(toSpi(r.volume()), r.path(), r.reparseCount());
        }

        @Override
        public void createDirectory(String path) {
            call(() -> {
                paths.createDirectory(path);
                return null;
            });
        }

        @Override
        public void createFile(String path) {
            call(() -> {
                paths.createFile(path);
                return null;
            });
        }

        @Override
        public void writeFile(String path, byte[] data) {
            call(() -> {
                paths.writeFile(path, data);
                return null;
            });
        }

        @Override
        public void setReparsePoint(String path, int tag, byte[] data) {
            call(() -> {
                paths.setReparsePoint(path, tag, data);
                return null;
            });
        }

        @Override
        public void deleteReparsePoint(String path) {
            call(() -> {
                paths.deleteReparsePoint(path);
                return null;
            });
        }

        @Override
        public void createMountPoint(String path, String volumeName) {
            call(() -> {
                paths.createMountPoint(path, volumeName);
                return null;
            });
        }

        @Override
        public String migrateOffline(String path) {
            return call(() -> hsm.migrateOffline(path));
        }

        @Override
        public Opened open(String path) {
            return call(() -> {
                MountPaths.Opened o = paths.open(path);
                return new Opened(reached(o.reached()), o.directory(), o.data(), o.recalled());
            });
        }

        @Override
        public void close() {
            volumes.values().forEach(FileSystem::close);
            storeFs.close();
            registry.close();
            tm.close();
        }

        /** Runs {@code body}; the implementation's contract errors become the SPI's, by kind. */
        private static <T> T call(Supplier<T> body) {
            try {
                return body.get();
            } catch (txstack.implementation.mount.MountException e) {
                Optional<MountException.Kind> kind = kindOf(e.kind());
                if (kind.isEmpty()) {
                    throw e;
                }
                throw new MountException(kind.get(), e.getMessage(), e);
            }
        }

        private static Optional<MountException.Kind> kindOf(txstack.implementation.mount.MountException.Kind kind) {
            for (MountException.Kind k : MountException.Kind.values()) {
                if (k.name().equals(kind.name())) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }
}
