package txstack.spi.fs;

import java.util.List;

/**
 * A mounted volume as the suite drives it, one operation at a time. Paths are absolute with {@code \} between names
 * ({@code \dir\file}); each operation behaves, fails and survives crashes as the file-system contract says, failing
 * with a {@link FileSystemException} of the contract's kind. The suite mostly drops a session, as a power loss
 * would; a clean restart {@linkplain #unmount() unmounts} it first.
 */
public interface FileSystemSession {

    /** The longest name, in UTF-16 chars (at most 255). */
    int nameLengthMax();

    /** The largest file size. */
    long fileSizeMax();

    /**
     * The unit in which unflushed file data may land torn (the contract's crash semantics, rule 3): the volume's
     * sector size unless the engine promises a larger atomic unit.
     */
    int unitBytes();

    void createFile(String path);

    void createDirectory(String path);

    /** Deletes a file or an empty directory. */
    void delete(String path);

    void rename(String from, String to);

    void write(String path, long offset, byte[] bytes);

    /** Bytes {@code [offset, min(size, offset + length))}; empty at or past the end. */
    byte[] read(String path, long offset, int length);

    void setSize(String path, long size);

    /** The entries' names, in any order (the suite sorts them). */
    List<String> list(String directoryPath);

    NodeInfo stat(String path);

    void setTimes(String path, long creationTime, long lastWriteTime);

    void setAttributes(String path, int attributes);

    void setReparsePoint(String path, int tag, byte[] data);

    ReparsePoint reparsePoint(String path);

    void deleteReparsePoint(String path);

    /** Makes the file's data and every metadata operation that touched it durable (contract, crash rules 2-3). */
    void flush(String path);

    /** Makes everything done so far durable. */
    void flushVolume();

    /**
     * Unmounts cleanly, as before a planned restart; the suite then mounts the volume again and uses only the new
     * session. Everything done before is kept, as after {@link #flushVolume()}. A power loss may strike while this
     * runs. The default flushes the volume and writes nothing else.
     */
    default void unmount() {
        flushVolume();
    }
}
