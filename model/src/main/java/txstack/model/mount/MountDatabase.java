package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The mount manager's persistent database (MNT-1), kept in the registry as {@code HKLM\SYSTEM\MountedDevices}:
 * for every volume ever seen, its {@code \??\Volume{GUID}} name and its drive letter, if any. Entries stay when a
 * volume goes away, so its letter stays reserved for it (MNT-2). A letter belongs to at most one volume.
 *
 * <p>GUIDs are numbered, not drawn: the n-th volume named gets {@code Volume{00000000-0000-0000-0000-<n in 12 hex
 * digits>}} ({@link #volumeNameNumber}), and the count is part of the database, so it is updated with the entry.
 *
 * @param entries      every known volume's names, in the order first seen
 * @param volumesNamed how many volume names were given out
 */
public record MountDatabase(Map<VolumeId, Entry> entries, int volumesNamed) {
    /** The registry value name of a drive letter: {@code \DosDevices\D:}. */
    public static final String DOS_DEVICES_PREFIX = "\\DosDevices\\";
    /** The prefix of a volume name: {@code \??\Volume} and an opening brace. */
    public static final String VOLUME_NAME_PREFIX = "\\??\\Volume{";
    /** The first letter given out when a volume manager suggests none (A and B are the floppies'). */
    public static final char FIRST_AUTOMATIC_LETTER = 'C';
    /** No drive letter. */
    public static final char NO_LETTER = 0;

    /**
     * One volume's names.
     *
     * @param volumeName its {@code \??\Volume{GUID}} name, never changed once given
     * @param letter     its drive letter ({@code 'A'..'Z'}), or {@link #NO_LETTER}
     */
    public record Entry(String volumeName, char letter) {
        public Entry {
            Objects.requireNonNull(volumeName, "volumeName");
            require(isVolumeName(volumeName), "not a volume name: volumeName=" + volumeName);
            require(letter == NO_LETTER || (letter >= 'A' && letter <= 'Z'), "letter=" + (int) letter
                    + " must be A..Z or none");
        }

        public boolean hasLetter() {
            return letter != NO_LETTER;
        }

        Entry withLetter(char next) {
            return new Entry(volumeName, next);
        }
    }

    public MountDatabase {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        require(volumesNamed >= 0, "volumesNamed=" + volumesNamed + " must not be negative");
        Map<Character, VolumeId> letters = new TreeMap<>();
        Map<String, VolumeId> names = new TreeMap<>();
        for (Map.Entry<VolumeId, Entry> e : entries.entrySet()) {
            VolumeId twice = names.put(e.getValue().volumeName(), e.getKey());
            require(twice == null, "a volume name on two volumes: name=" + e.getValue().volumeName() + " volumes="
                    + twice + "," + e.getKey());
            if (e.getValue().hasLetter()) {
                VolumeId other = letters.put(e.getValue().letter(), e.getKey());
                require(other == null, "a letter on two volumes: letter=" + e.getValue().letter() + " volumes="
                        + other + "," + e.getKey());
            }
        }
    }

    /** No volume ever seen. */
    public static MountDatabase empty() {
        return new MountDatabase(Map.of(), 0);
    }

    /** {@code c} upcased if it is a letter {@code A..Z} (either case), else {@link #NO_LETTER}. */
    public static char letterOf(char c) {
        char up = Character.toUpperCase(c);
        return up >= 'A' && up <= 'Z' ? up : NO_LETTER;
    }

    /** The {@code n}-th volume name given out ({@code n >= 1}). */
    public static String volumeNameNumber(int n) {
        require(n >= 1, "volume names are numbered from 1: n=" + n);
        return String.format("%s00000000-0000-0000-0000-%012X}", VOLUME_NAME_PREFIX, n);
    }

    /** Whether {@code name} has the form {@code \??\Volume{...}} with something between the braces. */
    public static boolean isVolumeName(String name) {
        return hasVolumeNamePrefix(name) && name.endsWith("}")
                && name.length() > VOLUME_NAME_PREFIX.length() + 1
                && name.indexOf('}') == name.length() - 1 && name.indexOf('\\', VOLUME_NAME_PREFIX.length()) < 0;
    }

    /** Whether {@code path} starts with {@link #VOLUME_NAME_PREFIX}, in either case. */
    static boolean hasVolumeNamePrefix(String path) {
        return path.regionMatches(true, 0, VOLUME_NAME_PREFIX, 0, VOLUME_NAME_PREFIX.length());
    }

    public Optional<Entry> entry(VolumeId volume) {
        return Optional.ofNullable(entries.get(volume));
    }

    /** The volume the database gives {@code letter} to, present or not. */
    public Optional<VolumeId> volumeWithLetter(char letter) {
        for (Map.Entry<VolumeId, Entry> e : entries.entrySet()) {
            if (e.getValue().hasLetter() && e.getValue().letter() == letter) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The volume named {@code volumeName}, present or not. */
    public Optional<VolumeId> volumeNamed(String volumeName) {
        for (Map.Entry<VolumeId, Entry> e : entries.entrySet()) {
            if (e.getValue().volumeName().equalsIgnoreCase(volumeName)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The first letter from C to Z the database gives to no volume, or {@link #NO_LETTER}. */
    public char firstFreeLetter() {
        for (char c = FIRST_AUTOMATIC_LETTER; c <= 'Z'; c++) {
            if (volumeWithLetter(c).isEmpty()) {
                return c;
            }
        }
        return NO_LETTER;
    }

    /** The database with a new entry for {@code volume}: the next numbered name and {@code letter}. */
    MountDatabase withNewVolume(VolumeId volume, char letter) {
        require(!entries.containsKey(volume), "volume already known: volume=" + volume);
        Map<VolumeId, Entry> next = new LinkedHashMap<>(entries);
        next.put(volume, new Entry(volumeNameNumber(volumesNamed + 1), letter));
        return new MountDatabase(next, volumesNamed + 1);
    }

    /** The database with {@code volume}'s letter replaced (or removed, with {@link #NO_LETTER}). */
    MountDatabase withLetter(VolumeId volume, char letter) {
        Entry e = entries.get(volume);
        require(e != null, "volume not known: volume=" + volume);
        Map<VolumeId, Entry> next = new LinkedHashMap<>(entries);
        next.put(volume, e.withLetter(letter));
        return new MountDatabase(next, volumesNamed);
    }

    /**
     * The registry values of {@code MountedDevices}, as the registry shows them: {@code \DosDevices\X:} for every
     * letter and {@code \??\Volume{GUID}} for every volume, each naming the volume's identity.
     */
    public SortedMap<String, VolumeId> registryValues() {
        SortedMap<String, VolumeId> out = new TreeMap<>();
        entries.forEach((volume, e) -> {
            out.put(e.volumeName(), volume);
            if (e.hasLetter()) {
                out.put(DOS_DEVICES_PREFIX + e.letter() + ":", volume);
            }
        });
        return Collections.unmodifiableSortedMap(out);
    }
}
