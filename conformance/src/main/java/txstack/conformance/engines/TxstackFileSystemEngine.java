package txstack.conformance.engines;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import txstack.implementation.disk.UnreadableSectorException;
import txstack.implementation.fs.BrokenFileSystems;
import txstack.implementation.fs.CorruptVolumeException;
import txstack.implementation.fs.FileInfo;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsException;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.fs.ReparseException;
import txstack.implementation.lfs.CorruptLogException;
import txstack.implementation.recovery.CorruptStoreException;
import txstack.spi.disk.Devices;
import txstack.spi.fs.FileSystemEngine;
import txstack.spi.fs.FileSystemException;
import txstack.spi.fs.FileSystemSession;
import txstack.spi.fs.NodeInfo;
import txstack.spi.fs.ReparsePoint;

/**
 * The txstack file system ({@link FileSystem}) bound to the SPI, on the volume device the suite hands it. Bound with
 * small clusters (one sector) and index blocks ({@link #OPTIONS}), so that a suite-sized workload spans several
 * clusters per file and splits directory indexes. Each deliberately
 * broken variant binds by name: {@code TxstackFileSystemEngine.named("txstack:REUSE_FREED_EARLY")}, built by the
 * implementation's test fixtures.
 */
public final class TxstackFileSystemEngine implements FileSystemEngine {
    /** The options the suite binds the file system with, but for the cluster size: one sector of the volume. */
    public static final FsOptions OPTIONS = FsOptions.defaults().withClusterBytes(512).withBlockBytes(1024)
            .withNameLengthMax(64);

    private final Optional<String> variant;

    /** The correct implementation. */
    public TxstackFileSystemEngine() {
        this(Optional.empty());
    }

    private TxstackFileSystemEngine(Optional<String> variant) {
        this.variant = variant;
    }

    /**
     * The engine named {@code txstack} or {@code txstack:<VARIANT>}; case does not matter.
     *
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of {@link #names()}
     */
    public static TxstackFileSystemEngine named(String name) {
        return new TxstackFileSystemEngine(TxstackNames.variantOf(name, BrokenFileSystems.names()));
    }

    /** Every name {@link #named} accepts, {@code txstack} first, then each broken variant. */
    public static List<String> names() {
        return TxstackNames.names(BrokenFileSystems.names());
    }

    @Override
    public String name() {
        return TxstackNames.canonical(variant);
    }

    @Override
    public FileSystemSession format(Devices devices) {
        SpiBlockDevice volume = new SpiBlockDevice(devices.get(VOLUME));
        FsOptions options = optionsFor(volume);
        return new Session(variant.isEmpty() ? FileSystem.format(volume, options)
                : BrokenFileSystems.format(volume, options, variant.get()));
    }

    @Override
    public FileSystemSession mount(Devices devices) {
        SpiBlockDevice volume = new SpiBlockDevice(devices.get(VOLUME));
        FsOptions options = optionsFor(volume);
        return new Session(Session.call(() -> variant.isEmpty() ? FileSystem.mount(volume, options)
                : BrokenFileSystems.mount(volume, options, variant.get())));
    }

    /** {@link #OPTIONS} with clusters of one sector of {@code volume}. */
    static FsOptions optionsFor(SpiBlockDevice volume) {
        return OPTIONS.withClusterBytes(Math.max(OPTIONS.clusterBytes(), volume.sectorSizeBytes()));
    }

    @Override
    public String toString() {
        return name();
    }

    /** The mounted file system as the SPI's session: its exceptions become the contract's error kinds. */
    private static final class Session implements FileSystemSession {
        private final FileSystem fs;

        Session(FileSystem fs) {
            this.fs = fs;
        }

        /** Runs a call; the file system's exceptions become the contract's kinds, damage CORRUPT or IO_ERROR. */
        static <T> T call(Supplier<T> call) {
            try {
                return call.get();
            } catch (ReparseException e) {
                throw FileSystemException.reparse(e.getMessage(), new ReparsePoint(e.tag(), e.data()),
                        e.remainingPath());
            } catch (FsException e) {
                throw new FileSystemException(FileSystemException.Kind.valueOf(e.kind().name()), e.getMessage());
            } catch (CorruptVolumeException | CorruptStoreException | CorruptLogException e) {
                throw new FileSystemException(FileSystemException.Kind.CORRUPT, e.getMessage());
            } catch (UnreadableSectorException e) {
                throw new FileSystemException(FileSystemException.Kind.IO_ERROR, e.getMessage());
            }
        }

        private static void run(Runnable call) {
            call(() -> {
                call.run();
                return null;
            });
        }

        @Override
        public int nameLengthMax() {
            return fs.nameLengthMax();
        }

        @Override
        public long fileSizeMax() {
            return fs.fileSizeMax();
        }

        @Override
        public int unitBytes() {
            return fs.unitBytes();
        }

        @Override
        public void createFile(String path) {
            run(() -> fs.createFile(path));
        }

        @Override
        public void createDirectory(String path) {
            run(() -> fs.createDirectory(path));
        }

        @Override
        public void delete(String path) {
            run(() -> fs.delete(path));
        }

        @Override
        public void rename(String from, String to) {
            run(() -> fs.rename(from, to));
        }

        @Override
        public void write(String path, long offset, byte[] bytes) {
            run(() -> fs.write(path, offset, bytes));
        }

        @Override
        public byte[] read(String path, long offset, int length) {
            return call(() -> fs.read(path, offset, length));
        }

        @Override
        public void setSize(String path, long size) {
            run(() -> fs.setSize(path, size));
        }

        @Override
        public List<String> list(String directoryPath) {
            return call(() -> fs.list(directoryPath));
        }

        @Override
        public NodeInfo stat(String path) {
            FileInfo i = call(() -> fs.stat(path));
            return new NodeInfo(i.directory(), i.size(), i.creationTime(), i.lastWriteTime(), i.attributes(),
                    i.reparseTag());
        }

        @Override
        public void setTimes(String path, long creationTime, long lastWriteTime) {
            run(() -> fs.setTimes(path, creationTime, lastWriteTime));
        }

        @Override
        public void setAttributes(String path, int attributes) {
            run(() -> fs.setAttributes(path, attributes));
        }

        @Override
        public void setReparsePoint(String path, int tag, byte[] data) {
            run(() -> fs.setReparsePoint(path, tag, data));
        }

        @Override
        public ReparsePoint reparsePoint(String path) {
            txstack.implementation.fs.ReparsePoint p = call(() -> fs.reparsePoint(path));
            return new ReparsePoint(p.tag(), p.data());
        }

        @Override
        public void deleteReparsePoint(String path) {
            run(() -> fs.deleteReparsePoint(path));
        }

        @Override
        public void flush(String path) {
            run(() -> fs.flush(path));
        }

        @Override
        public void flushVolume() {
            run(fs::flushVolume);
        }

        @Override
        public void unmount() {
            fs.close();
        }
    }
}
