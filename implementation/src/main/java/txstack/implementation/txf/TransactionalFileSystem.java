package txstack.implementation.txf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import txstack.implementation.fs.AlreadyExistsException;
import txstack.implementation.fs.DiskFullException;
import txstack.implementation.fs.FileInfo;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FileTooLargeException;
import txstack.implementation.fs.IsADirectoryException;
import txstack.implementation.fs.NotFoundException;
import txstack.implementation.txf.TxfIntent.FileState;
import txstack.implementation.ktm.ResourceManager;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionId;
import txstack.implementation.ktm.TransactionNotActiveException;

/**
 * TxF: a file system's files with transacted and plain calls (KTM-3), a resource manager of the kernel transaction
 * manager: whole-file reads, writes and appends, and create, delete, rename and set attributes. It keeps the
 * transactions contract ({@code docs/transactions.md}) for the items {@code fs:<path>}, a file's whole content, and
 * the same rules for the others (a transaction sees its own creates, deletes and renames; everyone else the files as
 * last committed; a rename holds both names):
 *
 * <ul>
 * <li>A transaction's changes live in memory until it prepares; reads with it see them, everyone else sees the files
 *     as they are (the last committed content: no file changes before its transaction is decided). A transaction holds every file it changed (case-insensitively, as
 *     the file system names them) until it ends: another transaction or a plain call changing one gets {@link
 *     SharingViolationException}.</li>
 * <li><b>Prepare</b> writes the transaction's <b>intent</b>, the final state of every file it changed ({@link
 *     TxfIntent}), to {@code \$Txf\<id>} and flushes it. <b>Commit</b> creates {@code \$Txf\<id>.commit} and
 *     flushes it (the decision, one atomic metadata operation), writes each file, flushes the volume, then deletes
 *     both; <b>rollback</b> deletes the intent. Nothing is applied before the decision, so nothing is ever
 *     undone, and applying an intent again after a crash gives the same files. A <b>single-phase commit</b> and a
 *     <b>plain change</b> write their intent marked committed (the commit point), then apply it.</li>
 * <li>At {@link #on} the intents left by a crash are read: one marked committed, or with its {@code .commit} file,
 *     is applied and deleted; one that is prepared is in doubt ({@link #inDoubt()}) and holds its files until the transaction manager resolves it;
 *     one that fails its checks (a prepare cut short) is deleted.</li>
 * </ul>
 *
 * <p>A path's parent directories must exist (the file system's errors pass through); a file is created by its first
 * change. A missing file reads as empty. Thread-safe: calls take turns (a transacted call racing its own
 * transaction's commit on another thread is a misuse: its change may be lost).
 */
public final class TransactionalFileSystem implements ResourceManager {
    /** The directory of intents. */
    public static final String DIRECTORY = "\\$Txf";
    private static final String PLAIN_INTENT = DIRECTORY + "\\plain";
    /** A prepared intent {@code <id>} with a file {@code <id>.commit} beside it was decided: apply it. */
    private static final String COMMIT_MARK = ".commit";

    /** One changed file: its path as first spelled, its state for the transaction (gone, or content and attributes). */
    private record Change(String path, FileState state) {
    }

    private final FileSystem fs;
    private final String name;
    private final TxfFault fault;
    /** Active transactions' changes, by upcased path. */
    private final Map<TransactionId, Map<String, Change>> active = new HashMap<>();
    /** Prepared transactions' intents, not yet resolved (also those found at open). */
    private final Map<TransactionId, TxfIntent> prepared = new LinkedHashMap<>();
    /** Which transaction holds each file, by upcased path. */
    private final Map<String, TransactionId> holders = new HashMap<>();

    private TransactionalFileSystem(FileSystem fs, String name, TxfFault fault) {
        this.fs = fs;
        this.name = name;
        this.fault = fault;
    }

    /** TxF on {@code fs} as resource manager {@code fs}: see {@link #on(FileSystem, String)}. */
    public static TransactionalFileSystem on(FileSystem fs) {
        return on(fs, "fs");
    }

    /**
     * TxF on {@code fs}, named {@code name} to the transaction manager: creates its intent directory if needed,
     * applies the committed intents a crash left, and keeps the prepared ones in doubt. Register it with the
     * transaction manager next.
     */
    public static TransactionalFileSystem on(FileSystem fs, String name) {
        return on(fs, name, TxfFault.CORRECT);
    }

    static TransactionalFileSystem on(FileSystem fs, String name, TxfFault fault) {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(name, "name");
        TransactionalFileSystem txf = new TransactionalFileSystem(fs, name, fault);
        txf.recover();
        return txf;
    }

    private void recover() {
        try {
            fs.createDirectory(DIRECTORY);
            fs.flushVolume();
        } catch (AlreadyExistsException e) {
            // an earlier run made it
        }
        List<String> entries = fs.list(DIRECTORY);
        Set<String> markers = new java.util.HashSet<>();
        for (String entry : entries) {
            if (entry.endsWith(COMMIT_MARK)) {
                markers.add(key(entry.substring(0, entry.length() - COMMIT_MARK.length())));
            }
        }
        List<String> applied = new ArrayList<>();
        for (String entry : entries) {
            String path = DIRECTORY + "\\" + entry;
            if (entry.endsWith(COMMIT_MARK)) {
                continue;
            }
            TxfIntent intent;
            try {
                intent = TxfIntent.decode(path, readAll(path));
            } catch (CorruptIntentException e) {
                fs.delete(path); // a prepare or plain change cut short before its flush: it never took effect
                continue;
            }
            if (intent.committed() || markers.contains(key(entry))) {
                write(intent);
                applied.add(path);
            } else if (fault == TxfFault.FORGET_PREPARED_AT_RECOVERY) {
                fs.delete(path);
            } else {
                prepared.put(intent.tx(), intent);
                for (String file : intent.paths()) {
                    if (fault != TxfFault.LOCKS_DROPPED_AT_RECOVERY) {
                        holders.put(key(file), intent.tx());
                    }
                }
            }
        }
        if (!applied.isEmpty()) {
            fs.flushVolume(); // the files first: an intent goes only once what it says is durable
            applied.forEach(fs::delete);
        }
        for (String entry : entries) {
            if (entry.endsWith(COMMIT_MARK)) {
                fs.delete(DIRECTORY + "\\" + entry); // after the intent it decided was applied and flushed
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The file system underneath. */
    public FileSystem fileSystem() {
        return fs;
    }

    // ---- plain calls ----

    /** The file's last committed content; empty if it does not exist. */
    public synchronized byte[] read(String path) {
        return readAll(path);
    }

    /** Whether the file exists, as last committed. */
    public synchronized boolean exists(String path) {
        return committedState(path).present();
    }

    /**
     * The file's attributes, as last committed.
     *
     * @throws NotFoundException if it does not exist
     */
    public synchronized int attributes(String path) {
        return attributesOf(path, committedState(path));
    }

    /**
     * Replaces the file's content, creating it if needed; durable when this returns, and atomic: a crash leaves the
     * old content or the new one.
     *
     * @throws SharingViolationException if a transaction holds the file
     */
    public synchronized void write(String path, byte[] content) {
        Objects.requireNonNull(content, "content");
        byte[] copy = content.clone();
        changePlain(List.of(path), s -> List.of(written(s.getFirst(), copy)));
    }

    /** Appends to the file's content, as {@link #write(String, byte[])} would with the old content and these bytes. */
    public synchronized void append(String path, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        byte[] copy = bytes.clone();
        changePlain(List.of(path), s -> List.of(appended(s.getFirst(), copy)));
    }

    /**
     * Creates an empty file; durable when this returns.
     *
     * @throws AlreadyExistsException    if it exists
     * @throws SharingViolationException if a transaction holds it
     */
    public synchronized void create(String path) {
        changePlain(List.of(path), s -> List.of(created(path, s.getFirst())));
    }

    /**
     * Deletes the file; durable when this returns.
     *
     * @throws NotFoundException         if it does not exist
     * @throws SharingViolationException if a transaction holds it
     */
    public synchronized void delete(String path) {
        changePlain(List.of(path), s -> List.of(deleted(path, s.getFirst())));
    }

    /**
     * Renames the file {@code from} to {@code to}, content and attributes; durable and atomic when this returns (a
     * crash leaves the old name or the new one, never both or neither).
     *
     * @throws NotFoundException         if {@code from} does not exist
     * @throws AlreadyExistsException    if {@code to} exists
     * @throws IllegalArgumentException  if the two names differ only in case
     * @throws SharingViolationException if a transaction holds either
     */
    public synchronized void rename(String from, String to) {
        requireDistinct(from, to);
        changePlain(List.of(from, to), s -> renamed(from, to, s));
    }

    /**
     * Sets the file's attributes (0 to 0xFFFF); durable when this returns.
     *
     * @throws NotFoundException         if it does not exist
     * @throws SharingViolationException if a transaction holds it
     */
    public synchronized void setAttributes(String path, int attributes) {
        requireAttributes(attributes);
        changePlain(List.of(path), s -> List.of(withAttributes(path, s.getFirst(), attributes)));
    }

    /** A plain change: the paths' committed states to their new ones, applied through a committed intent. */
    private void changePlain(List<String> paths, UnaryOperator<List<FileState>> newStates) {
        List<FileState> before = new ArrayList<>();
        for (String path : paths) {
            requireFree(path, null);
            before.add(committedState(path));
        }
        List<FileState> after = newStates.apply(before);
        Map<String, FileState> files = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            files.put(paths.get(i), after.get(i));
        }
        applyPlain(files);
    }

    private void applyPlain(Map<String, FileState> files) {
        TxfIntent intent = new TxfIntent(null, true, files);
        if (fault == TxfFault.APPLY_WITHOUT_INTENT) {
            write(intent);
            fs.flushVolume();
            return;
        }
        writeIntent(PLAIN_INTENT, intent);
        write(intent);
        fs.flushVolume();
        fs.delete(PLAIN_INTENT);
    }

    // ---- transacted calls ----

    /** The file's content as {@code tx} sees it: its own change if it made one, else the last committed content. */
    public byte[] read(String path, Transaction tx) {
        requireActive(tx);
        synchronized (this) {
            Change own = active.getOrDefault(tx.id(), Map.of()).get(key(path));
            if (own == null) {
                return readAll(path);
            }
            return own.state().present() ? own.state().content().clone() : new byte[0];
        }
    }

    /** Whether the file exists as {@code tx} sees it. */
    public boolean exists(String path, Transaction tx) {
        requireActive(tx);
        synchronized (this) {
            return viewOf(active.getOrDefault(tx.id(), Map.of()), path).present();
        }
    }

    /**
     * The file's attributes as {@code tx} sees them.
     *
     * @throws NotFoundException if it does not exist for {@code tx}
     */
    public int attributes(String path, Transaction tx) {
        requireActive(tx);
        synchronized (this) {
            return attributesOf(path, viewOf(active.getOrDefault(tx.id(), Map.of()), path));
        }
    }

    /**
     * Replaces the file's content for {@code tx}; the others see it once {@code tx} commits.
     *
     * @throws TransactionNotActiveException if {@code tx} is not active
     * @throws SharingViolationException     if another transaction holds the file
     */
    public void write(String path, byte[] content, Transaction tx) {
        Objects.requireNonNull(content, "content");
        byte[] copy = content.clone();
        change(tx, List.of(path), s -> List.of(written(s.getFirst(), copy)));
    }

    /** Appends to the file's content for {@code tx}, as {@link #write(String, byte[], Transaction)} would. */
    public void append(String path, byte[] bytes, Transaction tx) {
        Objects.requireNonNull(bytes, "bytes");
        byte[] copy = bytes.clone();
        change(tx, List.of(path), s -> List.of(appended(s.getFirst(), copy)));
    }

    /**
     * Creates an empty file for {@code tx}.
     *
     * @throws AlreadyExistsException        if it exists for {@code tx}
     * @throws TransactionNotActiveException if {@code tx} is not active
     * @throws SharingViolationException     if another transaction holds it
     */
    public void create(String path, Transaction tx) {
        change(tx, List.of(path), s -> List.of(created(path, s.getFirst())));
    }

    /**
     * Deletes the file for {@code tx}; the others see it until {@code tx} commits.
     *
     * @throws NotFoundException             if it does not exist for {@code tx}
     * @throws TransactionNotActiveException if {@code tx} is not active
     * @throws SharingViolationException     if another transaction holds it
     */
    public void delete(String path, Transaction tx) {
        change(tx, List.of(path), s -> List.of(deleted(path, s.getFirst())));
    }

    /**
     * Renames the file for {@code tx}, content and attributes; {@code tx} holds both names until it ends.
     *
     * @throws NotFoundException             if {@code from} does not exist for {@code tx}
     * @throws AlreadyExistsException        if {@code to} exists for {@code tx}
     * @throws IllegalArgumentException      if the two names differ only in case
     * @throws TransactionNotActiveException if {@code tx} is not active
     * @throws SharingViolationException     if another transaction holds either
     */
    public void rename(String from, String to, Transaction tx) {
        requireDistinct(from, to);
        change(tx, List.of(from, to), s -> renamed(from, to, s));
    }

    /**
     * Sets the file's attributes (0 to 0xFFFF) for {@code tx}.
     *
     * @throws NotFoundException             if it does not exist for {@code tx}
     * @throws TransactionNotActiveException if {@code tx} is not active
     * @throws SharingViolationException     if another transaction holds it
     */
    public void setAttributes(String path, int attributes, Transaction tx) {
        requireAttributes(attributes);
        change(tx, List.of(path), s -> List.of(withAttributes(path, s.getFirst(), attributes)));
    }

    /**
     * Enlists first, outside this resource manager's lock: enlisting takes the transaction's lock, which its commit
     * holds while it calls back here, so the locks are always taken transaction first. An enlistment whose change
     * then fails (a sharing violation) prepares as a yes with nothing to do.
     */
    private void change(Transaction tx, List<String> paths, UnaryOperator<List<FileState>> newStates) {
        Objects.requireNonNull(tx, "tx");
        tx.enlist(this);
        synchronized (this) {
            Map<String, Change> changes = active.computeIfAbsent(tx.id(), t -> new LinkedHashMap<>());
            List<FileState> before = new ArrayList<>();
            for (String path : paths) {
                requireFree(path, tx.id());
                fs.stat(parentOf(path)); // the parent must exist: fail now, not at commit
                before.add(viewOf(changes, path));
            }
            List<FileState> after = newStates.apply(before); // may refuse (not found, exists): nothing changed yet
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                String key = key(path);
                Change earlier = changes.get(key);
                changes.put(key, new Change(earlier != null ? earlier.path() : path, after.get(i)));
                holders.put(key, tx.id());
            }
        }
    }

    /** The file as a transaction with {@code changes} sees it. */
    private FileState viewOf(Map<String, Change> changes, String path) {
        Change own = changes.get(key(path));
        return own != null ? own.state() : committedState(path);
    }

    // ---- what each call makes of a file's state ----

    /** A new file has the file system's default attributes, also where a deleted one stood. */
    private static final int NEW_FILE_ATTRIBUTES = 0;

    private static FileState written(FileState old, byte[] content) {
        return new FileState(content, old.present() ? old.attributes() : NEW_FILE_ATTRIBUTES);
    }

    private static FileState appended(FileState old, byte[] bytes) {
        return old.present() ? new FileState(concat(old.content(), bytes), old.attributes())
                : new FileState(bytes, NEW_FILE_ATTRIBUTES);
    }

    private static FileState created(String path, FileState old) {
        if (old.present()) {
            throw new AlreadyExistsException("file exists: path=" + path);
        }
        return new FileState(new byte[0], NEW_FILE_ATTRIBUTES);
    }

    private static FileState deleted(String path, FileState old) {
        if (!old.present()) {
            throw new NotFoundException("not found: path=" + path);
        }
        return FileState.ABSENT;
    }

    private static FileState withAttributes(String path, FileState old, int attributes) {
        if (!old.present()) {
            throw new NotFoundException("not found: path=" + path);
        }
        return new FileState(old.content(), attributes);
    }

    /** {@code from} gone, {@code to} with its content and attributes (those committed if never set here). */
    private List<FileState> renamed(String from, String to, List<FileState> states) {
        FileState source = states.get(0);
        if (!source.present()) {
            throw new NotFoundException("not found: path=" + from);
        }
        if (states.get(1).present()) {
            throw new AlreadyExistsException("file exists: path=" + to);
        }
        int attributes = attributesOf(from, source);
        return List.of(FileState.ABSENT, new FileState(source.content(), attributes));
    }

    /** A present file's attributes: its own if set, else those it has on the volume. */
    private int attributesOf(String path, FileState state) {
        if (!state.present()) {
            throw new NotFoundException("not found: path=" + path);
        }
        if (state.attributes() >= 0) {
            return state.attributes();
        }
        try {
            return fs.stat(path).attributes();
        } catch (NotFoundException e) {
            return NEW_FILE_ATTRIBUTES; // unreachable: a file new here has its attributes set
        }
    }

    private static void requireDistinct(String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (key(from).equals(key(to))) {
            throw new IllegalArgumentException("a rename needs two names that differ beyond case: from=" + from
                    + " to=" + to);
        }
    }

    private static void requireAttributes(int attributes) {
        if (attributes < 0 || attributes > 0xFFFF) {
            throw new IllegalArgumentException(String.format("attributes out of range: attributes=0x%X (0..0xFFFF)",
                    attributes));
        }
    }

    // ---- the resource manager ----

    @Override
    public synchronized boolean prepare(TransactionId tx) {
        Map<String, Change> changes = active.remove(tx);
        if (changes == null || changes.isEmpty()) {
            return true; // asked again (prepared already), or enlisted without a change here: nothing to do
        }
        TxfIntent intent = intentOf(tx, false, changes);
        try {
            writeIntent(intentPath(tx), intent);
        } catch (DiskFullException | FileTooLargeException e) {
            deleteQuietly(intentPath(tx));
            release(tx, changes.keySet());
            return false;
        }
        prepared.put(tx, intent);
        return true;
    }

    @Override
    public synchronized void commit(TransactionId tx) {
        TxfIntent intent = prepared.remove(tx);
        Map<String, Change> changes = active.remove(tx);
        if (intent == null && changes != null) {
            intent = intentOf(tx, true, changes); // committed without a prepare: apply as a single phase would
            writeIntent(intentPath(tx), intent);
        }
        if (intent == null) {
            return; // committed before (asked again after a crash) or never changed anything here
        }
        if (!intent.committed()) {
            // the decision, before any file changes: a crash from here on applies the intent at the next open,
            // so no file ever shows part of an undecided transaction
            String marker = intentPath(tx) + COMMIT_MARK;
            fs.createFile(marker);
            fs.flush(marker);
        }
        write(intent);
        fs.flushVolume();
        deleteQuietly(intentPath(tx));
        deleteQuietly(intentPath(tx) + COMMIT_MARK);
        release(tx, keysOf(intent));
    }

    @Override
    public synchronized boolean commitOnePhase(TransactionId tx) {
        Map<String, Change> changes = active.remove(tx);
        if (changes == null) {
            return true;
        }
        TxfIntent intent = intentOf(tx, true, changes);
        try {
            if (fault != TxfFault.APPLY_WITHOUT_INTENT) {
                writeIntent(intentPath(tx), intent);
            }
        } catch (DiskFullException | FileTooLargeException e) {
            deleteQuietly(intentPath(tx));
            release(tx, changes.keySet());
            return false;
        }
        write(intent);
        fs.flushVolume();
        deleteQuietly(intentPath(tx));
        release(tx, changes.keySet());
        return true;
    }

    @Override
    public synchronized void rollback(TransactionId tx) {
        Map<String, Change> changes = active.remove(tx);
        TxfIntent intent = prepared.remove(tx);
        if (intent != null) {
            deleteQuietly(intentPath(tx));
            release(tx, keysOf(intent));
        }
        if (changes != null) {
            release(tx, changes.keySet());
        }
    }

    @Override
    public synchronized Set<TransactionId> inDoubt() {
        return Set.copyOf(prepared.keySet());
    }

    // ---- helpers ----

    private static TxfIntent intentOf(TransactionId tx, boolean committed, Map<String, Change> changes) {
        Map<String, FileState> files = new LinkedHashMap<>();
        for (Change c : changes.values()) {
            files.put(c.path(), c.state());
        }
        return new TxfIntent(tx, committed, files);
    }

    private static List<String> keysOf(TxfIntent intent) {
        List<String> keys = new ArrayList<>();
        for (String path : intent.paths()) {
            keys.add(key(path));
        }
        return keys;
    }

    private void release(TransactionId tx, Iterable<String> keys) {
        for (String k : keys) {
            holders.remove(k, tx);
        }
    }

    /** Writes an intent's file and flushes it: durable when this returns. */
    private void writeIntent(String path, TxfIntent intent) {
        byte[] bytes = intent.encode();
        try {
            fs.createFile(path);
        } catch (AlreadyExistsException e) {
            fs.setSize(path, 0);
        }
        fs.write(path, 0, bytes);
        fs.flush(path);
    }

    /**
     * Gives every file of the intent its final state (not flushed: the caller flushes the volume). Each file's state
     * is set whole, so doing it again after a crash part way changes nothing more.
     */
    private void write(TxfIntent intent) {
        for (Map.Entry<String, FileState> e : intent.files().entrySet()) {
            String path = e.getKey();
            FileState state = e.getValue();
            if (!state.present()) {
                deleteQuietly(path);
                continue;
            }
            try {
                fs.createFile(path);
            } catch (AlreadyExistsException ex) {
                // it exists: overwritten below
            }
            fs.write(path, 0, state.content());
            fs.setSize(path, state.content().length);
            if (state.attributes() >= 0) {
                fs.setAttributes(path, state.attributes());
            }
        }
    }

    /** The file as last committed: gone, or its content with its attributes as they are. */
    private FileState committedState(String path) {
        FileInfo info;
        try {
            info = fs.stat(path);
        } catch (NotFoundException e) {
            return FileState.ABSENT;
        }
        if (info.directory()) {
            throw new IsADirectoryException("TxF changes files, not directories: path=" + path);
        }
        return FileState.of(readAll(path));
    }

    private byte[] readAll(String path) {
        long size;
        try {
            size = fs.stat(path).size();
        } catch (NotFoundException e) {
            return new byte[0];
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("file too large for a whole-file read: path=" + path + " size="
                    + size);
        }
        return fs.read(path, 0, (int) size);
    }

    private void deleteQuietly(String path) {
        try {
            fs.delete(path);
        } catch (NotFoundException e) {
            // gone already
        }
    }

    private void requireFree(String path, TransactionId tx) {
        if (key(path).startsWith(key(DIRECTORY) + "\\") || key(path).equals(key(DIRECTORY))) {
            throw new IllegalArgumentException("TxF's own directory: path=" + path);
        }
        TransactionId holder = holders.get(key(path));
        if (holder != null && !holder.equals(tx)) {
            throw new SharingViolationException("file held by a transaction: path=" + path + " holder=" + holder
                    + (tx == null ? " (a plain call)" : " tx=" + tx));
        }
    }

    private static void requireActive(Transaction tx) {
        Objects.requireNonNull(tx, "tx");
        if (!tx.isActive()) {
            throw new TransactionNotActiveException("transaction not active: " + tx);
        }
    }

    private static String intentPath(TransactionId tx) {
        return DIRECTORY + "\\" + tx.value();
    }

    private static String parentOf(String path) {
        int last = path.lastIndexOf('\\');
        return last <= 0 ? "\\" : path.substring(0, last);
    }

    /** The file system's case rule: equal after upcasing each char. */
    static String key(String path) {
        StringBuilder b = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            b.append(Character.toUpperCase(path.charAt(i)));
        }
        return b.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public synchronized String toString() {
        return "TransactionalFileSystem[" + name + " active=" + active.size() + " prepared=" + prepared.size()
                + " held=" + holders.size() + "]";
    }
}
