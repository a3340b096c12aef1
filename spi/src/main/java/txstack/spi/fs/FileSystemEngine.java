package txstack.spi.fs;

import txstack.spi.disk.Devices;

/**
 * A file system under test: formats and mounts a volume on the device in role {@link #VOLUME}. Mounting runs the
 * engine's recovery after a crash (REC-4) before it returns. A public no-argument constructor lets the suite find
 * the engine by class name or through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/txstack.spi.fs.FileSystemEngine}).
 */
public interface FileSystemEngine {
    /** The role of the device a file system lives on. */
    String VOLUME = "volume";

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /**
     * Formats an empty volume (the root directory only, its times and attributes 0) and mounts it. The device may
     * hold anything an earlier user left. Once this returns the empty volume is durable.
     */
    FileSystemSession format(Devices devices);

    /**
     * Mounts an existing volume, after a clean unmount or a crash, recovering it first. On a damaged volume it may
     * fail with {@link FileSystemException.Kind#CORRUPT} or {@link FileSystemException.Kind#IO_ERROR}, never show
     * wrong metadata instead.
     */
    FileSystemSession mount(Devices devices);
}
