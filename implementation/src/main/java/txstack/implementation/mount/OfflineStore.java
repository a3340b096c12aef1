package txstack.implementation.mount;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

import txstack.implementation.fs.FileSystem;

/**
 * The offline store of HSM (MNT-7), a simulated tape library: copies of files' data by key ({@code tape-1}, {@code
 * tape-2}, ...; a key is never given out twice), kept in directory {@link #DIRECTORY} of a file system of its own.
 *
 * <p><b>Layout.</b> One file per copy, named by its key, holding one record (all little-endian):
 *
 * <pre>
 *  +0  magic u32 = 0x45504154 ("TAPE")   +4  version u16 = 1   +6  reserved u16 = 0
 *  +8  dataLength u64                    +16 dataCrc32c u32    +20 headerCrc32c u32 (of bytes 0..19)
 *  +24 data: dataLength bytes
 * </pre>
 *
 * The key counter is the name of one empty file, {@code KEYS-GIVEN-<n>}, moved on by a rename (atomic in the file
 * system).
 *
 * <p><b>Ordering: no key skipped, none given twice.</b> {@link #put} writes the copy as {@code <key>.part} (the key
 * one past the counter), flushes it, renames it to {@code <key>} (flushed: it is there whole or not at all), and only
 * then moves the counter on (flushed) before it returns. So a crash skips no key: the key of a put that did not
 * return is given again, unless its copy survived whole, and then {@link #open} counts it: the counter it takes is the
 * larger of the counter file and the highest key present (repairing the counter file if it is behind), and a {@code
 * .part} a crash left is deleted. No key is given twice: a copy is deleted (a recall) only after its put returned, so
 * after the counter passed it. Every call is durable when it returns. A copy is checked (magic, version, both CRCs,
 * length) on every read; a failure is a {@link CorruptMountDataException}.
 */
public final class OfflineStore {
    /** The store's directory on its file system. */
    public static final String DIRECTORY = "\\OfflineStore";
    /** The prefix of every key. */
    public static final String KEY_PREFIX = "tape-";
    public static final int MAGIC = 0x45504154;
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    public static final int RESERVED_OFFSET = VERSION_OFFSET + Short.BYTES;
    public static final int LENGTH_OFFSET = RESERVED_OFFSET + Short.BYTES;
    public static final int DATA_CRC_OFFSET = LENGTH_OFFSET + Long.BYTES;
    public static final int HEADER_CRC_OFFSET = DATA_CRC_OFFSET + Integer.BYTES;
    public static final int HEADER_BYTES = HEADER_CRC_OFFSET + Integer.BYTES;
    /** The most copies the store holds at once. */
    public static final int COPIES_MAX = 1 << 16;
    private static final String COUNTER_PREFIX = "KEYS-GIVEN-";
    private static final String PART_SUFFIX = ".part";

    private final FileSystem fs;
    private long keysGiven;

    private OfflineStore(FileSystem fs, long keysGiven) {
        this.fs = fs;
        this.keysGiven = keysGiven;
    }

    /**
     * The store on {@code fs}: made (the directory and the counter, durably) if the directory is not there, else
     * opened: the counter read (and moved up to the highest key present, durably, if a crash left it behind) and the
     * copies a crash left half written deleted.
     *
     * @throws CorruptMountDataException if the directory holds no counter, or more than one
     */
    public static OfflineStore open(FileSystem fs) {
        Objects.requireNonNull(fs, "fs");
        if (!fs.list("\\").stream().anyMatch(n -> n.equalsIgnoreCase(DIRECTORY.substring(1)))) {
            fs.createDirectory(DIRECTORY);
            fs.createFile(DIRECTORY + "\\" + COUNTER_PREFIX + 0);
            fs.flushVolume();
        }
        Long counter = null;
        long highestKey = 0;
        for (String name : fs.list(DIRECTORY)) {
            if (name.regionMatches(true, 0, COUNTER_PREFIX, 0, COUNTER_PREFIX.length())) {
                if (counter != null) {
                    throw new CorruptMountDataException("two key counters: dir=" + DIRECTORY + " name=" + name);
                }
                counter = parseNumber(name.substring(COUNTER_PREFIX.length()), name);
            } else if (name.toLowerCase(java.util.Locale.ROOT).endsWith(PART_SUFFIX)) {
                fs.delete(DIRECTORY + "\\" + name);
            } else if (isKey(name)) {
                highestKey = Math.max(highestKey, parseNumber(name.substring(KEY_PREFIX.length()), name));
            }
        }
        if (counter == null) {
            throw new CorruptMountDataException("no key counter: dir=" + DIRECTORY);
        }
        if (highestKey > counter) {
            // a put whose copy is whole but which crashed before moving the counter on: its key counts as given
            moveCounter(fs, counter, highestKey);
        }
        fs.flushVolume();
        return new OfflineStore(fs, Math.max(counter, highestKey));
    }

    /** Renames the counter file from {@code from} to {@code to}; the caller flushes. */
    private static void moveCounter(FileSystem fs, long from, long to) {
        fs.rename(DIRECTORY + "\\" + COUNTER_PREFIX + from, DIRECTORY + "\\" + COUNTER_PREFIX + to);
    }

    private static long parseNumber(String digits, String name) {
        try {
            long n = Long.parseLong(digits);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CorruptMountDataException("bad number in a store name: dir=" + DIRECTORY + " name=" + name);
        }
    }

    /**
     * Puts a copy of {@code data} under a new key, the one after the last given; durable when this returns (the copy
     * first, then the counter: the class's ordering).
     *
     * @return the key
     * @throws DataTooLargeException if {@code data} is over {@link MountManager#FILE_BYTES_MAX}
     * @throws DatabaseFullException if the store holds {@link #COPIES_MAX} copies
     */
    public synchronized String put(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length > MountManager.FILE_BYTES_MAX) {
            throw new DataTooLargeException("length=" + data.length + " max=" + MountManager.FILE_BYTES_MAX);
        }
        if (keys().size() >= COPIES_MAX) {
            throw new DatabaseFullException("offline copies=" + COPIES_MAX + " max=" + COPIES_MAX);
        }
        long n = keysGiven + 1;
        String key = KEY_PREFIX + n;
        String part = DIRECTORY + "\\" + key + PART_SUFFIX;
        if (fs.list(DIRECTORY).stream().anyMatch(name -> name.equalsIgnoreCase(key + PART_SUFFIX))) {
            fs.delete(part); // left by a put of this key that failed without a crash
        }
        fs.createFile(part);
        fs.write(part, 0, encode(data));
        fs.flush(part);
        fs.rename(part, DIRECTORY + "\\" + key);
        fs.flushVolume();
        moveCounter(fs, keysGiven, n);
        fs.flushVolume();
        keysGiven = n;
        return key;
    }

    /** The copy under {@code key}, checked; empty if there is none. */
    public synchronized Optional<byte[]> get(String key) {
        if (!isKey(key) || !keys().contains(key)) {
            return Optional.empty();
        }
        String path = DIRECTORY + "\\" + key;
        long size = fs.stat(path).size();
        if (size < HEADER_BYTES || size > HEADER_BYTES + (long) MountManager.FILE_BYTES_MAX) {
            throw new CorruptMountDataException("offline copy size: key=" + key + " size=" + size);
        }
        return Optional.of(decode(key, fs.read(path, 0, (int) size)));
    }

    /** Deletes the copy under {@code key} (nothing if there is none); durable when this returns. */
    public synchronized void delete(String key) {
        if (isKey(key) && keys().contains(key)) {
            fs.delete(DIRECTORY + "\\" + key);
            fs.flushVolume();
        }
    }

    /** The keys with a copy, in the order given. */
    public synchronized List<String> keys() {
        List<String> out = new ArrayList<>();
        for (String name : fs.list(DIRECTORY)) {
            if (isKey(name)) {
                out.add(KEY_PREFIX + parseNumber(name.substring(KEY_PREFIX.length()), name));
            }
        }
        out.sort((a, b) -> Long.compare(number(a), number(b)));
        return out;
    }

    /** How many keys were given out. */
    public synchronized long keysGiven() {
        return keysGiven;
    }

    static boolean isKey(String name) {
        return name != null && name.regionMatches(true, 0, KEY_PREFIX, 0, KEY_PREFIX.length())
                && name.length() > KEY_PREFIX.length() && name.length() <= KEY_PREFIX.length() + 18
                && name.substring(KEY_PREFIX.length()).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long number(String key) {
        return Long.parseLong(key.substring(KEY_PREFIX.length()));
    }

    static byte[] encode(byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(data.length).putInt(crc(data, 0,
                data.length));
        out.putInt(crc(out.array(), 0, HEADER_CRC_OFFSET));
        out.put(data);
        return out.array();
    }

    static byte[] decode(String key, byte[] record) {
        if (record.length < HEADER_BYTES) {
            throw new CorruptMountDataException(String.format("offline copy cut short: key=%s length=%d "
                    + "headerBytes=%d", key, record.length, HEADER_BYTES));
        }
        ByteBuffer in = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int headerCrc = in.getInt(HEADER_CRC_OFFSET);
        int calculated = crc(record, 0, HEADER_CRC_OFFSET);
        if (calculated != headerCrc) {
            throw new CorruptMountDataException(String.format("offline copy header crc32c mismatch: key=%s "
                    + "offset=0x%X calculated=%08X read=%08X", key, HEADER_CRC_OFFSET, calculated, headerCrc));
        }
        int magic = in.getInt(MAGIC_OFFSET);
        int version = in.getShort(VERSION_OFFSET) & 0xFFFF;
        long length = in.getLong(LENGTH_OFFSET);
        if (magic != MAGIC || version != VERSION || length != record.length - HEADER_BYTES) {
            throw new CorruptMountDataException(String.format("offline copy header: key=%s magic=%08X version=%d "
                    + "dataLength=%d actualBytes=%d", key, magic, version, length, record.length - HEADER_BYTES));
        }
        int dataCrc = crc(record, HEADER_BYTES, (int) length);
        if (dataCrc != in.getInt(DATA_CRC_OFFSET)) {
            throw new CorruptMountDataException(String.format("offline copy data crc32c mismatch: key=%s "
                    + "offset=0x%X calculated=%08X read=%08X", key, HEADER_BYTES, dataCrc, in.getInt(DATA_CRC_OFFSET)));
        }
        return java.util.Arrays.copyOfRange(record, HEADER_BYTES, record.length);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return (int) c.getValue();
    }

    @Override
    public synchronized String toString() {
        return "OfflineStore(keysGiven=" + keysGiven + ")";
    }
}
