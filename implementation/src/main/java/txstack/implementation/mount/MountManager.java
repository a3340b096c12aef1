package txstack.implementation.mount;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import txstack.implementation.fs.FileSystem;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.txf.TransactionalFileSystem;
import txstack.implementation.txr.Registry;

/**
 * The mount manager (MNT-1..3): the database of drive letters and volume names, kept in the registry, and the
 * volumes present with their file systems; path resolution and the tree operations across volumes are {@link
 * MountPaths}' ({@link #paths()}). It keeps the mount contract ({@code docs/mount.md}).
 *
 * <h2>The database in the registry</h2>
 * Key {@link #KEY}; every value there is one of:
 * <ul>
 *   <li>{@code \??\Volume{GUID}}: a volume's name; data its identity ({@link VolumeId#encode()});</li>
 *   <li>{@code \DosDevices\X:}: drive letter X; data the identity of the volume that has it;</li>
 *   <li>{@link #COUNTER_VALUE}: how many volume names were given out, a u32 little-endian (4 bytes).</li>
 * </ul>
 * A letter's identity has a volume name; a volume has at most one letter; the counter is at least the number of
 * names. {@link #open} checks all of it and fails with {@link CorruptMountDataException}. Every update (a new
 * entry with its name, its letter and the counter; a letter given, moved or taken away) is one KTM transaction on
 * the registry alone, so it commits in one phase as one registry store transaction: a crash leaves the database as
 * before or as after, never a letter on two volumes or a letter moved halfway (MNT-1).
 *
 * <p>Volume names are numbered: the n-th is {@code \??\Volume{00000000-0000-0000-0000-<n in 12 hex digits>}}.
 *
 * <p>The namespace ({@link #namespace}) is not persistent: it is made from the database for the volumes present.
 * After a restart, {@link #open} a new manager on the reopened registry; no volume is present until announced.
 *
 * <p>Thread-safe: every call holds this object's monitor ({@link MountPaths} and {@link Hsm} too).
 */
public final class MountManager {
    /** The database's registry key. */
    public static final String KEY = "\\SYSTEM\\MountedDevices";
    /** The registry value name of a drive letter: {@code \DosDevices\D:}. */
    public static final String DOS_DEVICES_PREFIX = "\\DosDevices\\";
    /** The prefix of a volume name: {@code \??\Volume} and an opening brace. */
    public static final String VOLUME_NAME_PREFIX = "\\??\\Volume{";
    /** The namespace's links live under {@code \??\}. */
    public static final String LINK_PREFIX = "\\??\\";
    /** The value counting the volume names given out. */
    public static final String COUNTER_VALUE = "VolumesNamed";
    /** The first letter given when none is suggested or the suggested one is taken (A and B are the floppies'). */
    public static final char FIRST_AUTOMATIC_LETTER = 'C';
    /** No drive letter. */
    public static final char NO_LETTER = 0;
    /** The most volumes the database names; one more arrival of a new volume fails with DATABASE_FULL. */
    public static final int VOLUMES_MAX = 4096;
    /** The most reparses one resolution may take (MNT-6, NT's bound); the 64th fails with TOO_MANY_REPARSES. */
    public static final int REPARSES_MAX = 63;
    /** The longest path, in chars (NT's). */
    public static final int PATH_CHARS_MAX = 32_767;
    /** The longest component, in chars. */
    public static final int NAME_CHARS_MAX = 255;
    /** The largest file this layer reads or writes whole (open, writeFile, migrateOffline). */
    public static final int FILE_BYTES_MAX = 16 << 20;
    /**
     * The mount layer's own directory at every volume's root (TxF's intents, for crash-atomic file writes): not part
     * of the mount contract's trees, so a listing of a tree leaves it out, and its name is reserved.
     */
    public static final String SYSTEM_DIRECTORY = TransactionalFileSystem.DIRECTORY;

    /**
     * One volume's names.
     *
     * @param volumeName its {@code \??\Volume{GUID}} name, never changed once given
     * @param letter     its drive letter {@code 'A'..'Z'}, or {@link #NO_LETTER}
     */
    public record Entry(String volumeName, char letter) {
        public Entry {
            Objects.requireNonNull(volumeName, "volumeName");
            if (!isVolumeName(volumeName) || (letter != NO_LETTER && (letter < 'A' || letter > 'Z'))) {
                throw new IllegalArgumentException("entry: volumeName=" + volumeName + " letter=" + (int) letter);
            }
        }

        public boolean hasLetter() {
            return letter != NO_LETTER;
        }
    }

    private final Registry registry;
    private final TransactionManager tm;
    private final Map<VolumeId, Entry> entries = new LinkedHashMap<>();
    private final Map<VolumeId, FileSystem> present = new LinkedHashMap<>();
    /** TxF on each present volume: a file's data replaced whole or not at all ({@link MountPaths#writeFile}). */
    private final Map<VolumeId, TransactionalFileSystem> writers = new LinkedHashMap<>();
    private final MountPaths paths = new MountPaths(this);
    private final MountFault fault;
    private int volumesNamed;

    private MountManager(Registry registry, TransactionManager tm, MountFault fault) {
        this.registry = registry;
        this.tm = tm;
        this.fault = fault;
    }

    /**
     * The mount manager with the database the registry holds; no volume present. The registry must be registered
     * with {@code tm} (the caller's, as for every resource manager).
     *
     * @throws CorruptMountDataException if a value of {@link #KEY} fails the checks above
     */
    public static MountManager open(Registry registry, TransactionManager tm) {
        return open(registry, tm, MountFault.CORRECT);
    }

    /**
     * With a deliberately broken behaviour ({@link MountFault}), for the tests and the {@code BrokenMounts} fixture;
     * {@link MountPaths} and an {@link Hsm} attached to the manager take it from {@link #fault()}.
     */
    static MountManager open(Registry registry, TransactionManager tm, MountFault fault) {
        MountManager m = new MountManager(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(tm,
                "tm"), Objects.requireNonNull(fault, "fault"));
        m.load();
        return m;
    }

    /** The broken behaviour this manager and what it drives have; {@link MountFault#CORRECT} for the real one. */
    MountFault fault() {
        return fault;
    }

    private void load() {
        Map<String, VolumeId> named = new TreeMap<>();
        Map<Character, VolumeId> lettered = new TreeMap<>();
        Integer counter = null;
        for (String name : registry.valueNames(KEY)) {
            byte[] data = registry.getValue(KEY, name).orElseThrow();
            if (name.equalsIgnoreCase(COUNTER_VALUE)) {
                counter = decodeCounter(data);
            } else if (isVolumeName(name)) {
                named.put(name, VolumeId.decode(data));
            } else if (letterValue(name) != NO_LETTER) {
                lettered.put(letterValue(name), VolumeId.decode(data));
            } else {
                throw new CorruptMountDataException("foreign value in the database: key=" + KEY + " name=" + name);
            }
        }
        for (Map.Entry<String, VolumeId> e : named.entrySet()) {
            if (entries.put(e.getValue(), new Entry(e.getKey(), NO_LETTER)) != null) {
                throw new CorruptMountDataException("two names for one volume: volume=" + e.getValue());
            }
        }
        for (Map.Entry<Character, VolumeId> e : lettered.entrySet()) {
            Entry had = entries.get(e.getValue());
            if (had == null || had.hasLetter()) {
                throw new CorruptMountDataException("letter=" + e.getKey() + " volume=" + e.getValue() + (had == null
                        ? " has no volume name" : " has a letter already: letter=" + had.letter()));
            }
            entries.put(e.getValue(), new Entry(had.volumeName(), e.getKey()));
        }
        if ((counter == null && !named.isEmpty()) || (counter != null && counter < named.size())) {
            throw new CorruptMountDataException("volume name counter: counter=" + counter + " names="
                    + named.size());
        }
        volumesNamed = counter == null ? 0 : counter;
    }

    private static int decodeCounter(byte[] data) {
        if (data.length != Integer.BYTES) {
            throw new CorruptMountDataException("counter value: length=" + data.length + " expected=4");
        }
        int n = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (n < 0) {
            throw new CorruptMountDataException(String.format("counter value negative: counter=0x%08X", n));
        }
        return n;
    }

    // ---- names ----

    /** {@code c} upcased if it is a letter {@code A..Z} (either case), else {@link #NO_LETTER}. */
    public static char letterOf(char c) {
        char up = Character.toUpperCase(c);
        return up >= 'A' && up <= 'Z' ? up : NO_LETTER;
    }

    /** The {@code n}-th volume name given out ({@code n >= 1}). */
    public static String volumeNameNumber(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("volume names are numbered from 1: n=" + n);
        }
        return String.format("%s00000000-0000-0000-0000-%012X}", VOLUME_NAME_PREFIX, n);
    }

    /** Whether {@code name} has the form {@code \??\Volume{...}} (either case) with something between the braces. */
    public static boolean isVolumeName(String name) {
        return name != null && hasVolumeNamePrefix(name) && name.endsWith("}")
                && name.length() > VOLUME_NAME_PREFIX.length() + 1 && name.indexOf('}') == name.length() - 1
                && name.indexOf('\\', VOLUME_NAME_PREFIX.length()) < 0;
    }

    static boolean hasVolumeNamePrefix(String path) {
        return path.regionMatches(true, 0, VOLUME_NAME_PREFIX, 0, VOLUME_NAME_PREFIX.length());
    }

    /** The letter of a {@code \DosDevices\X:} value name, or {@link #NO_LETTER}. */
    private static char letterValue(String name) {
        int n = DOS_DEVICES_PREFIX.length();
        boolean form = name.length() == n + 2 && name.regionMatches(true, 0, DOS_DEVICES_PREFIX, 0, n)
                && name.charAt(n + 1) == ':';
        return form ? letterOf(name.charAt(n)) : NO_LETTER;
    }

    private static String letterValueName(char letter) {
        return DOS_DEVICES_PREFIX + letter + ":";
    }

    // ---- queries ----

    /** Every known volume's names, in the order they were named. */
    public synchronized Map<VolumeId, Entry> entries() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public synchronized Optional<Entry> entry(VolumeId volume) {
        return Optional.ofNullable(entries.get(volume));
    }

    /** How many volume names were given out (the database's counter). */
    public synchronized int volumesNamed() {
        return volumesNamed;
    }

    /** The volume the database gives {@code letter} to, present or not. */
    public synchronized Optional<VolumeId> volumeWithLetter(char letter) {
        char up = letterOf(letter);
        for (Map.Entry<VolumeId, Entry> e : entries.entrySet()) {
            if (up != NO_LETTER && e.getValue().letter() == up) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The volume named {@code volumeName} (case-insensitive), present or not. */
    public synchronized Optional<VolumeId> volumeNamed(String volumeName) {
        for (Map.Entry<VolumeId, Entry> e : entries.entrySet()) {
            if (e.getValue().volumeName().equalsIgnoreCase(volumeName)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The volumes present, in the order they arrived. */
    public synchronized List<VolumeId> present() {
        return List.copyOf(present.keySet());
    }

    /** A present volume's file system. */
    public synchronized Optional<FileSystem> fileSystem(VolumeId volume) {
        return Optional.ofNullable(present.get(volume));
    }

    /**
     * The namespace of symbolic links (MNT-3): for every present volume {@code \??\Volume{GUID}}, and {@code \??\X:}
     * if it has letter X; nothing for absent volumes.
     */
    public synchronized SortedMap<String, VolumeId> namespace() {
        SortedMap<String, VolumeId> out = new TreeMap<>();
        for (VolumeId v : present.keySet()) {
            Entry e = entries.get(v);
            out.put(e.volumeName(), v);
            if (e.hasLetter()) {
                out.put(LINK_PREFIX + e.letter() + ":", v);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** Path resolution and the tree operations across the volumes present (MNT-4..6). */
    public MountPaths paths() {
        return paths;
    }

    // ---- arrival and removal ----

    /**
     * Volume {@code volume} arrives with its mounted file system (MNT-2, MNT-3). A known volume gets its names
     * back, with no database update. A new one gets an entry in one transaction: the next volume name, and {@code
     * suggested} if it is a letter no volume in the database has (present or absent), else the first such letter
     * from C to Z, else none. Durable when this returns.
     *
     * @param suggested the letter its volume manager suggests, or {@link #NO_LETTER}
     * @return the volume's names
     * @throws IllegalStateException if the volume is present already (the caller's mistake)
     * @throws DatabaseFullException if it is new and the database names {@link #VOLUMES_MAX} volumes
     */
    public synchronized Entry volumeArrives(VolumeId volume, char suggested,
            FileSystem fileSystem) {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(fileSystem, "fileSystem");
        if (present.containsKey(volume)) {
            throw new IllegalStateException("volume already present: volume=" + volume);
        }
        // TxF's recovery first: a file write a crash cut short is finished (its intent committed) or never was
        TransactionalFileSystem writer = TransactionalFileSystem.on(fileSystem, "mount");
        Entry e = entries.get(volume);
        if (e == null) {
            if (entries.size() >= VOLUMES_MAX || volumesNamed == Integer.MAX_VALUE) {
                throw new DatabaseFullException("volumes=" + entries.size() + " max=" + VOLUMES_MAX);
            }
            char wanted = letterOf(suggested);
            char letter = wanted != NO_LETTER && letterFreeForArrival(wanted) ? wanted : firstFreeLetterForArrival();
            e = new Entry(volumeNameNumber(volumesNamed + 1), letter);
            byte[] id = volume.encode();
            List<Change> changes = new ArrayList<>();
            changes.add(new Change(COUNTER_VALUE, counterBytes(volumesNamed + 1)));
            changes.add(new Change(e.volumeName(), id));
            if (letter != NO_LETTER) {
                changes.add(new Change(letterValueName(letter), id));
            }
            update(changes);
            entries.put(volume, e);
            volumesNamed++;
        }
        present.put(volume, fileSystem);
        writers.put(volume, writer);
        return e;
    }

    /**
     * Volume {@code volume} goes away: it is absent, its entry stays (its letter stays reserved for it, MNT-2). The
     * caller still owns the file system (and closes it).
     *
     * @throws IllegalStateException if it is not present (the caller's mistake)
     */
    public synchronized void volumeRemoved(VolumeId volume) {
        if (present.remove(Objects.requireNonNull(volume, "volume")) == null) {
            throw new IllegalStateException("volume not present: volume=" + volume);
        }
        writers.remove(volume);
    }

    /** The TxF a present volume's file writes go through. */
    synchronized TransactionalFileSystem writer(VolumeId volume) {
        TransactionalFileSystem w = writers.get(volume);
        if (w == null) {
            throw new IllegalStateException("volume not present: volume=" + volume);
        }
        return w;
    }

    /** The first letter from C to Z no volume in the database has, or {@link #NO_LETTER}. */
    public synchronized char firstFreeLetter() {
        for (char c = FIRST_AUTOMATIC_LETTER; c <= 'Z'; c++) {
            if (volumeWithLetter(c).isEmpty()) {
                return c;
            }
        }
        return NO_LETTER;
    }

    /** {@link #firstFreeLetter()}, as the arrival of a new volume sees it. */
    private char firstFreeLetterForArrival() {
        for (char c = FIRST_AUTOMATIC_LETTER; c <= 'Z'; c++) {
            if (letterFreeForArrival(c)) {
                return c;
            }
        }
        return NO_LETTER;
    }

    /** Whether a new volume may get {@code letter}: no volume in the database has it, present or absent (MNT-2). */
    private boolean letterFreeForArrival(char letter) {
        Optional<VolumeId> holder = volumeWithLetter(letter);
        if (fault == MountFault.ABSENT_VOLUMES_LETTER_REUSED) {
            return holder.isEmpty() || !present.containsKey(holder.get());
        }
        return holder.isEmpty();
    }

    // ---- explicit letters ----

    /**
     * Gives {@code volume} letter {@code letter} (upcased) in place of the one it had, in one transaction: a crash
     * leaves the old letter or the new one, never both or neither. Durable when this returns.
     *
     * @throws InvalidLetterException if {@code letter} is not {@code A..Z} (either case)
     * @throws NoSuchVolumeException  if {@code volume} is not in the database
     * @throws LetterInUseException   if another volume in the database (present or not) has the letter
     */
    public synchronized void assignLetter(VolumeId volume, char letter) {
        char up = checkLetter(letter);
        Entry e = entries.get(Objects.requireNonNull(volume, "volume"));
        if (e == null) {
            throw new NoSuchVolumeException("volume not in the database: volume=" + volume);
        }
        VolumeId holder = volumeWithLetter(up).orElse(null);
        if (holder != null && !holder.equals(volume)) {
            throw new LetterInUseException("letter=" + up + " heldBy=" + holder + " volume=" + volume);
        }
        if (e.letter() == up) {
            return;
        }
        List<Change> changes = new ArrayList<>();
        if (e.hasLetter()) {
            changes.add(new Change(letterValueName(e.letter()), null));
        }
        changes.add(new Change(letterValueName(up), volume.encode()));
        update(changes);
        entries.put(volume, new Entry(e.volumeName(), up));
    }

    /**
     * Takes letter {@code letter} from the volume that has it, in one transaction; durable when this returns.
     *
     * @throws InvalidLetterException if {@code letter} is not {@code A..Z} (either case)
     * @throws NoSuchLetterException  if no volume in the database has it
     */
    public synchronized void removeLetter(char letter) {
        char up = checkLetter(letter);
        VolumeId holder = volumeWithLetter(up).orElseThrow(() -> new NoSuchLetterException(
                "no volume has the letter: letter=" + up));
        update(List.of(new Change(letterValueName(up), null)));
        entries.put(holder, new Entry(entries.get(holder).volumeName(), NO_LETTER));
    }

    /** One registry value of {@link #KEY} set to {@code data}, or deleted if {@code data} is null. */
    private record Change(String name, byte[] data) {
    }

    /**
     * One database update: its changes in one KTM transaction on the registry alone, so a crash leaves all or none
     * (MNT-1). Durable when this returns (a one-phase commit is).
     */
    private void update(List<Change> changes) {
        if (fault == MountFault.DATABASE_OUTSIDE_TRANSACTION) {
            for (Change c : changes) {
                if (c.data() == null) {
                    registry.deleteValue(KEY, c.name());
                } else {
                    registry.setValue(KEY, c.name(), c.data());
                }
            }
            return;
        }
        try (Transaction tx = tm.createTransaction()) {
            for (Change c : changes) {
                if (c.data() == null) {
                    registry.deleteValue(KEY, c.name(), tx);
                } else {
                    registry.setValue(KEY, c.name(), c.data(), tx);
                }
            }
            tx.commit();
        }
    }

    private static char checkLetter(char letter) {
        char up = letterOf(letter);
        if (up == NO_LETTER) {
            throw new InvalidLetterException("not A..Z: letter=0x" + Integer.toHexString(letter));
        }
        return up;
    }

    private static byte[] counterBytes(int n) {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array();
    }

    /** The present volume the path's start names, for {@link MountPaths}; its errors in the contract's order. */
    VolumeId volumeForLetter(char letter, String path) {
        VolumeId v = volumeWithLetter(letter).orElseThrow(() -> new NoSuchLetterException(
                "no volume has the letter: letter=" + letter + " path=" + path));
        return requirePresent(v, path);
    }

    VolumeId volumeForName(String name, String path) {
        VolumeId v = volumeNamed(name).orElseThrow(() -> new NoSuchVolumeException(
                "volume name not in the database: volumeName=" + name + " path=" + path));
        return requirePresent(v, path);
    }

    private VolumeId requirePresent(VolumeId v, String path) {
        if (!present.containsKey(v)) {
            throw new VolumeNotPresentException("volume=" + v + " path=" + path);
        }
        return v;
    }

    @Override
    public synchronized String toString() {
        return "MountManager(volumesKnown=" + entries.size() + " volumesNamed=" + volumesNamed + " present="
                + new ArrayList<>(present.keySet()) + ")";
    }
}
