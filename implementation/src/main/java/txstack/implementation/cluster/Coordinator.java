package txstack.implementation.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator of a cluster shared volume (CSV-1, CSV-3..7): it owns the namespace ({@link Namespace}: the file
 * table and the applied request log) and is the only one to write it, with its term, on the {@link FencedDisk}. It
 * applies metadata requests once each and acknowledges them only after the namespace record holding them is durable
 * (CSV-3); it moves a file's ownership by fencing it with a new epoch before granting the token (CSV-4, CSV-5,
 * CSV-6), and takes back the files of a node it believes failed (CSV-7). The namespace never changes hands in a
 * migration (CSV-4): nothing here raises the term.
 *
 * <p>Its own data path is an ordinary {@link Node} ({@link #node()}): files it creates or takes back are owned by
 * that node. It reaches the old and new owner of a migration through {@link NodeControl} (in process, or over the
 * network). Coordinator failover (CSV-7): {@link #takeOver} makes another node the coordinator of a new term, with
 * the namespace recovered from the disk; from then on the disk refuses the deposed coordinator's namespace writes
 * and fences, and the deposed one learns it at its next write ({@link #isDeposed()}). Not thread-safe.
 */
public final class Coordinator {
    private final Node self;
    private final SharedDisk disk;
    private final Transport transport;
    private final ClusterFault fault;
    private final long term;
    private Namespace namespace;
    private boolean deposed;

    /** The first coordinator of a freshly created disk: writes an empty namespace in the disk's current term. */
    public Coordinator(Node self, SharedDisk disk, Transport transport) {
        this(self, disk, transport, ClusterFault.CORRECT);
    }

    Coordinator(Node self, SharedDisk disk, Transport transport, ClusterFault fault) {
        this(self, disk, transport, fault, disk.term(), new Namespace(disk.fileCount(), disk.term()));
    }

    private Coordinator(Node self, SharedDisk disk, Transport transport, ClusterFault fault, long term,
                        Namespace start) {
        this.self = self;
        this.disk = disk;
        this.transport = transport;
        this.fault = fault;
        this.term = term;
        commit(start);
    }

    /**
     * CSV-7: node {@code self} becomes the coordinator of a new term, whether the old one failed or is only
     * suspected: it raises the disk's term (from now on the old coordinator's writes are refused), recovers the
     * namespace from the disk (the file table and the applied requests, so none is applied twice) and writes it
     * back in its term. Throws {@link CorruptNamespaceException} if the disk holds no readable namespace.
     */
    public static Coordinator takeOver(Node self, SharedDisk disk, Transport transport) {
        return takeOver(self, disk, transport, ClusterFault.CORRECT);
    }

    static Coordinator takeOver(Node self, SharedDisk disk, Transport transport, ClusterFault fault) {
        Namespace recovered = Namespace.decode(disk.readNamespace());
        long newTerm = disk.term() + 1;
        disk.fenceNamespace(newTerm);
        Namespace start = fault == ClusterFault.FAILOVER_WITHOUT_RECOVERY
                ? new Namespace(disk.fileCount(), newTerm) : recovered.withTerm(newTerm);
        return new Coordinator(self, disk, transport, fault, newTerm, start);
    }

    /** The coordinator's own data path. */
    public Node node() {
        return self;
    }

    public int id() {
        return self.id();
    }

    /** The term this coordinator was elected in. */
    public long term() {
        return term;
    }

    /** True once the disk refused a write of this coordinator: another one was elected since; it does nothing more. */
    public boolean isDeposed() {
        return deposed;
    }

    /** A copy of the namespace as this coordinator last made it durable. */
    public Namespace namespace() {
        return namespace.copy();
    }

    /** CSV-3: handles every request that arrived; returns how many messages were received. */
    public int poll() {
        int count = 0;
        for (var m = transport.receive(id()); m.isPresent(); m = transport.receive(id())) {
            count++;
            if (m.get() instanceof Message.MetaRequest request) {
                handle(request);
            }
        }
        return count;
    }

    /**
     * CSV-3: handles one request: applies it once (the namespace's sessions are the dedup), durably, then acks it;
     * acks again one applied before. A stale request (its node has restarted since: nobody waits for it) is neither
     * applied nor acked. A deposed coordinator's write is refused: it acks nothing. Returns true if it acked.
     */
    public boolean handle(Message.MetaRequest request) {
        if (deposed) {
            return false;
        }
        Namespace.Status status = namespace.status(request.id());
        if (status == Namespace.Status.STALE) {
            return false;
        }
        try {
            if (status == Namespace.Status.NEW || fault == ClusterFault.NO_DEDUP) {
                apply(request);
            }
        } catch (FencedWriteException refused) {
            return false;
        }
        transport.send(new Message.MetaAck(request.id(), id(), request.from()));
        return true;
    }

    /**
     * CSV-1: the coordinator's own metadata change, applied and made durable at once; its id. A deposed coordinator
     * gets {@link FencedWriteException}.
     */
    public RequestId change(MetaOp op, int file, long sizeBytes) {
        checkNotDeposed();
        RequestId rid = self.nextRequestId();
        apply(new Message.MetaRequest(rid, id(), id(), op, file, sizeBytes));
        return rid;
    }

    /**
     * CSV-4, CSV-5: moves {@code file} from its owner {@code source} to {@code target}: the source stops taking
     * writes, flushes its dirty data and gives up its token (skipped if it is down: its unflushed data died with
     * it), then the coordinator fences the file with a new epoch, makes the new owner durable and grants the token.
     * If the source's flush is refused (it was already fenced), the migration goes on: only the fence matters.
     */
    public void migrate(int file, NodeControl source, NodeControl target) {
        checkNotDeposed();
        FileEntry entry = namespace.file(file);
        if (!entry.exists() || entry.owner() != source.id() || source.id() == target.id() || !target.isUp()) {
            throw new IllegalArgumentException("cannot migrate: file=" + file + " exists=" + entry.exists()
                    + " owner=" + entry.owner() + " source=" + source.id() + " target=" + target.id()
                    + " targetUp=" + target.isUp());
        }
        if (source.isUp()) {
            source.stopWrites(file);
            releaseFrom(source, file);
        }
        long epoch = fenceFor(file, target.id());
        target.grant(file, epoch);
    }

    /** CSV-4: moves every file {@code source} owns to {@code target}, lowest file first (a VM's files). */
    public List<Integer> migrateAll(NodeControl source, NodeControl target) {
        List<Integer> files = new ArrayList<>();
        for (int f = 0; f < namespace.fileCount(); f++) {
            if (namespace.file(f).exists() && namespace.file(f).owner() == source.id()) {
                migrate(f, source, target);
                files.add(f);
            }
        }
        return files;
    }

    /**
     * CSV-4, CSV-5: a live migration of a VM's files: {@code source} stops taking writes of every file it owns, then
     * the VM's final memory copy ({@code memoryCopy}, on a thread of its own) overlaps with the source flushing its
     * dirty data and giving up its tokens; once both are done, each file is fenced for {@code target} and granted,
     * lowest first. Returns the files moved. If the memory copy fails, the files are handed over all the same (their
     * data is on the disk) and its exception is thrown afterwards; the caller decides what becomes of the VM.
     */
    public List<Integer> migrateLive(NodeControl source, NodeControl target, Runnable memoryCopy) {
        checkNotDeposed();
        List<Integer> files = new ArrayList<>();
        for (int f = 0; f < namespace.fileCount(); f++) {
            if (namespace.file(f).exists() && namespace.file(f).owner() == source.id()) {
                files.add(f);
            }
        }
        if (source.id() == target.id() || !target.isUp()) {
            throw new IllegalArgumentException("cannot migrate: source=" + source.id() + " target=" + target.id()
                    + " targetUp=" + target.isUp());
        }
        RuntimeException[] copyFailed = new RuntimeException[1];
        Thread copy = Thread.ofPlatform().name("vm-memory-copy-" + source.id() + "-" + target.id()).start(() -> {
            try {
                memoryCopy.run();
            } catch (RuntimeException e) {
                copyFailed[0] = e;
            }
        });
        try {
            if (source.isUp()) {
                files.forEach(source::stopWrites);
                files.forEach(f -> releaseFrom(source, f));
            }
        } finally {
            try {
                copy.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted waiting for the memory copy: source=" + source.id(), e);
            }
        }
        for (int f : files) {
            target.grant(f, fenceFor(f, target.id()));
        }
        if (copyFailed[0] != null) {
            throw copyFailed[0];
        }
        return files;
    }

    /**
     * CSV-7: takes {@code file} back from its owner, believed failed (or only slow: a live owner learns it when the
     * disk refuses its next flush). Its unflushed data is lost.
     */
    public void takeback(int file) {
        checkNotDeposed();
        FileEntry entry = namespace.file(file);
        if (!entry.exists()) {
            throw new IllegalArgumentException("cannot take back: file=" + file + " exists=false");
        }
        long epoch = fenceFor(file, id());
        self.grant(file, epoch);
    }

    /** CSV-7: a node failed: takes back every file it owns. Returns those files. */
    public List<Integer> nodeFailed(int node) {
        if (node == id()) {
            throw new IllegalArgumentException("a coordinator does not take back from itself; another node takes "
                    + "over: node=" + node);
        }
        List<Integer> files = new ArrayList<>();
        for (int f = 0; f < namespace.fileCount(); f++) {
            if (namespace.file(f).exists() && namespace.file(f).owner() == node) {
                takeback(f);
                files.add(f);
            }
        }
        return files;
    }

    private void releaseFrom(NodeControl source, int file) {
        try {
            source.release(file);
        } catch (FencedWriteException fenced) {
            // The source was fenced already: the disk refused its stale data, which is right (CSV-6).
        }
    }

    /** CSV-6: the fence, then the durable owner: returns the new epoch. */
    private long fenceFor(int file, int owner) {
        FileEntry entry = namespace.file(file);
        long epoch = Math.max(entry.epoch(), disk.epoch(file)) + 1;
        try {
            disk.fence(term, file, epoch);
        } catch (FencedWriteException refused) {
            deposed = true;
            throw refused;
        }
        Namespace next = namespace.copy();
        next.setFile(file, new FileEntry(entry.exists(), entry.sizeBytes(), owner, epoch));
        commit(next);
        return epoch;
    }

    private void apply(Message.MetaRequest request) {
        int file = request.file();
        FileEntry entry = namespace.file(file);
        Namespace next = namespace.copy();
        long fileBytesMax = disk.sectorsPerFile() * disk.blockSizeBytes();
        FileEntry changed = switch (request.op()) {
            case CREATE -> entry.exists() ? entry : new FileEntry(true, 0, FileEntry.NO_OWNER, entry.epoch());
            case DELETE -> entry.exists() ? new FileEntry(false, 0, FileEntry.NO_OWNER, entry.epoch()) : entry;
            case RESIZE -> entry.exists() && request.sizeBytes() >= 0 && request.sizeBytes() <= fileBytesMax
                    ? new FileEntry(true, request.sizeBytes(), entry.owner(), entry.epoch()) : entry;
        };
        next.setFile(file, changed);
        next.markApplied(request.id());
        commit(next);
        if (entry.exists() != changed.exists()) {
            // Created: the coordinator owns it. Deleted: its last owner is fenced off (CSV-6).
            long epoch = fenceFor(file, changed.exists() ? id() : FileEntry.NO_OWNER);
            if (changed.exists()) {
                self.grant(file, epoch);
            }
        }
    }

    /** Makes {@code next} durable in this coordinator's term, then the current namespace. */
    private void commit(Namespace next) {
        try {
            disk.writeNamespace(term, next.encode());
        } catch (FencedWriteException refused) {
            deposed = true;
            throw refused;
        }
        namespace = next;
    }

    private void checkNotDeposed() {
        if (deposed) {
            throw new FencedWriteException("deposed coordinator: node=" + id() + " term=" + term);
        }
    }
}
