package txstack.implementation.mount;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Hierarchical storage management (MNT-7): migrates a file's data to the {@link OfflineStore} and recalls it when
 * the file is opened ({@link MountPaths#open}, {@link MountPaths#writeFile}). Attaching an {@code Hsm} to a manager
 * makes its paths recall through it.
 *
 * <p><b>Crash safety: never neither.</b> Each step is durable before the next begins:
 * <ol>
 *   <li>migrate: the copy goes to the store ({@link OfflineStore#put}, durable); then the file gets the HSM
 *   reparse point (data: the key in UTF-16LE) and is truncated to empty, both flushed together. A crash between the
 *   two file-system calls can leave the point on a file still holding its bytes: it is offline all the same (an
 *   offline file's own bytes are never shown, a recall replaces them), so it reads as after the step;</li>
 *   <li>recall: the copy is written back into the file and flushed while the point is still there, then the point
 *   is removed and flushed (the file is online with its data); then the copy is deleted from the store.</li>
 * </ol>
 * So at any crash the data is in the file, in the store, or in both, and an offline file's key names a copy.
 */
public final class Hsm {
    private final MountManager manager;
    private final OfflineStore store;
    private final MountFault fault;

    /**
     * HSM for {@code manager}'s paths with {@code store}; recalls on open go through it from now on. It behaves as
     * the manager does: a manager opened with a deliberately broken behaviour gives it to its HSM.
     */
    public Hsm(MountManager manager, OfflineStore store) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.store = Objects.requireNonNull(store, "store");
        this.fault = manager.fault();
        manager.paths().attach(this);
    }

    /** The broken behaviour it has, its manager's; {@link MountFault#CORRECT} for the real one. */
    MountFault fault() {
        return fault;
    }

    public OfflineStore store() {
        return store;
    }

    /**
     * Moves the data of the file at {@code path} (the last component not followed) to the offline store: a copy
     * under a new key, then the file emptied with the HSM reparse point naming the key. Durable when this returns.
     *
     * @return the key
     * @throws MountNotFoundException     if it does not exist (or the walk's errors before)
     * @throws MountIsADirectoryException if it is a directory
     * @throws HasReparsePointException   if it has a reparse point of any tag
     * @throws DataTooLargeException      if it is over {@link MountManager#FILE_BYTES_MAX} bytes
     */
    public String migrateOffline(String path) {
        synchronized (manager) {
            MountPaths.Walk w = manager.paths().walk(path, false);
            MountPaths.requireFile(w, path);
            if (w.info().reparseTag() != 0) {
                throw new HasReparsePointException("path=" + path + " tag=" + ReparseTags.hex(w.info().reparseTag()));
            }
            byte[] data = MountPaths.readAll(w, path);
            if (fault == MountFault.EMPTY_BEFORE_COPY) {
                MountPaths.fsRun(path, () -> {
                    w.fs().setSize(w.fsPath(), 0);
                    w.fs().flushVolume();
                });
            }
            String key = store.put(data);
            byte[] point = key.getBytes(StandardCharsets.UTF_16LE);
            MountPaths.fsRun(path, () -> {
                w.fs().setReparsePoint(w.fsPath(), ReparseTags.HSM, point);
                w.fs().setSize(w.fsPath(), 0);
                w.fs().flushVolume();
            });
            return key;
        }
    }

    /** Brings an offline file's data back (the class's step 2); the caller holds the manager's monitor. */
    void recall(MountPaths.Walk w, String path) {
        byte[] point = MountPaths.fsGet(path, () -> w.fs().reparsePoint(w.fsPath()).data());
        String key = MountPaths.decodeUtf16(point);
        byte[] data = key == null ? null : store.get(key).orElse(null);
        if (data == null) {
            throw new OfflineDataMissingException("no copy in the offline store: path=" + path + " key=" + key);
        }
        if (fault == MountFault.DELETE_COPY_FIRST) {
            store.delete(key);
        }
        if (fault == MountFault.POINT_REMOVED_BEFORE_DATA_DURABLE) {
            MountPaths.fsRun(path, () -> {
                w.fs().deleteReparsePoint(w.fsPath());
                w.fs().flushVolume();
            });
        }
        MountPaths.fsRun(path, () -> {
            w.fs().setSize(w.fsPath(), 0);
            w.fs().write(w.fsPath(), 0, data);
            w.fs().flush(w.fsPath());
            if (fault != MountFault.POINT_REMOVED_BEFORE_DATA_DURABLE) {
                w.fs().deleteReparsePoint(w.fsPath());
            }
            w.fs().flushVolume();
        });
        store.delete(key);
    }

    @Override
    public String toString() {
        return "Hsm(" + store + ")";
    }
}
