package txstack.implementation.txf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import txstack.implementation.ktm.TransactionId;

/**
 * A transaction's intent: the final state of every file it changed (its content and attributes, or gone), kept in
 * one file of TxF's directory from prepare until the changes are applied (a redo record; TxF never needs undo, since
 * nothing is applied before the decision). Applying it gives each file its final state, so applying it again after
 * a crash changes nothing more. Every length is checked against the bytes that remain before anything is allocated
 * from it.
 *
 * <pre>
 * offset size
 *      0    4 magic "TXFI"
 *      4    1 state: 1 PREPARED (in doubt until the transaction manager decides), 2 COMMITTED (decided: apply it)
 *      5    8 transaction id (positive; 0 for a plain change, which is always COMMITTED)
 *     13    4 files n (0..FILES_MAX)
 *     17      n times: 2 path length p (1..PATH_CHARS_MAX), 2p bytes of path (UTF-16BE),
 *                      1 kind: 1 PRESENT, then 4 attributes (0..0xFFFF, or -1: as they are), 4 content length c
 *                      (0..), c bytes of content; or 2 ABSENT (the file is deleted), nothing more
 *      .    4 CRC32C of every byte before it
 * </pre>
 *
 * @param tx    the transaction, or null for a plain change
 * @param files the final state of each file, by path as the transaction first spelled it, in the order changed
 */
record TxfIntent(TransactionId tx, boolean committed, Map<String, FileState> files) {

    /**
     * A file's final state: {@code content} null if the file is gone; {@code attributes} -1 to leave them as they
     * are (a new file gets the file system's default).
     */
    record FileState(byte[] content, int attributes) {
        static final FileState ABSENT = new FileState(null, -1);

        FileState {
            if (attributes < -1 || attributes > 0xFFFF || content == null && attributes != -1) {
                throw new IllegalArgumentException("bad file state: attributes=" + attributes + " present="
                        + (content != null));
            }
        }

        static FileState of(byte[] content) {
            return new FileState(content, -1);
        }

        boolean present() {
            return content != null;
        }
    }

    static final int MAGIC = 0x54584649; // "TXFI"
    static final int FILES_MAX = 1 << 16;
    static final int PATH_CHARS_MAX = 32 << 10;
    private static final int HEADER_BYTES = 17;
    private static final int CRC_BYTES = 4;

    TxfIntent {
        if (tx == null && !committed) {
            throw new IllegalArgumentException("a plain change's intent is committed");
        }
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    TxfIntent asCommitted() {
        return new TxfIntent(tx, true, files);
    }

    /** The encoded length, checked against {@code limit} before encoding. */
    static long encodedBytes(Map<String, FileState> files) {
        long n = HEADER_BYTES + CRC_BYTES;
        for (Map.Entry<String, FileState> e : files.entrySet()) {
            FileState f = e.getValue();
            n += 2 + 2L * e.getKey().length() + 1 + (f.present() ? 8 + f.content().length : 0);
        }
        return n;
    }

    byte[] encode() {
        if (files.size() > FILES_MAX) {
            throw new IllegalArgumentException("too many files in one transaction: files=" + files.size() + " max="
                    + FILES_MAX);
        }
        long length = encodedBytes(files);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("intent too large: bytes=" + length);
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        b.putInt(MAGIC).put((byte) (committed ? 2 : 1)).putLong(tx == null ? 0 : tx.value()).putInt(files.size());
        for (Map.Entry<String, FileState> e : files.entrySet()) {
            String path = e.getKey();
            if (path.isEmpty() || path.length() > PATH_CHARS_MAX) {
                throw new IllegalArgumentException("bad path length: chars=" + path.length());
            }
            b.putShort((short) path.length());
            for (int i = 0; i < path.length(); i++) {
                b.putChar(path.charAt(i));
            }
            FileState f = e.getValue();
            if (f.present()) {
                b.put((byte) 1).putInt(f.attributes()).putInt(f.content().length).put(f.content());
            } else {
                b.put((byte) 2);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** @throws CorruptIntentException on any bad byte; {@code name} only names the intent in the message */
    static TxfIntent decode(String name, byte[] bytes) {
        if (bytes.length < HEADER_BYTES + CRC_BYTES) {
            throw corrupt(name, "too short: lengthBytes=" + bytes.length);
        }
        int crcOffset = bytes.length - CRC_BYTES;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcOffset);
        if ((int) crc.getValue() != b.getInt(crcOffset)) {
            throw corrupt(name, String.format("crc32c mismatch: calculated=0x%08X read=0x%08X", (int) crc.getValue(),
                    b.getInt(crcOffset)));
        }
        if (b.getInt() != MAGIC) {
            throw corrupt(name, String.format("bad magic: read=0x%08X", b.getInt(0)));
        }
        int state = b.get();
        long id = b.getLong();
        int count = b.getInt();
        if ((state != 1 && state != 2) || id < 0 || (id == 0 && state != 2) || count < 0 || count > FILES_MAX) {
            throw corrupt(name, "bad header: state=" + state + " tx=" + id + " files=" + count);
        }
        Map<String, FileState> files = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            if (crcOffset - b.position() < 2) {
                throw corrupt(name, "file " + i + " runs past the end");
            }
            int chars = Short.toUnsignedInt(b.getShort());
            if (chars < 1 || chars > PATH_CHARS_MAX || crcOffset - b.position() < 2L * chars + 1) {
                throw corrupt(name, "bad path length: file=" + i + " chars=" + chars);
            }
            char[] path = new char[chars];
            for (int c = 0; c < chars; c++) {
                path[c] = b.getChar();
            }
            int kind = b.get();
            FileState file;
            if (kind == 2) {
                file = FileState.ABSENT;
            } else if (kind == 1 && crcOffset - b.position() >= 8) {
                int attributes = b.getInt();
                int length = b.getInt();
                if (attributes < -1 || attributes > 0xFFFF) {
                    throw corrupt(name, "bad attributes: file=" + i + " attributes=" + attributes);
                }
                if (length < 0 || length > crcOffset - b.position()) {
                    throw corrupt(name, "bad content length: file=" + i + " length=" + length);
                }
                byte[] content = new byte[length];
                b.get(content);
                file = new FileState(content, attributes);
            } else {
                throw corrupt(name, "bad kind or short entry: file=" + i + " kind=" + kind);
            }
            if (files.put(new String(path), file) != null) {
                throw corrupt(name, "a file twice: file=" + i);
            }
        }
        if (b.position() != crcOffset) {
            throw corrupt(name, "trailing bytes: offset=" + b.position() + " crcOffset=" + crcOffset);
        }
        return new TxfIntent(id == 0 ? null : new TransactionId(id), state == 2, files);
    }

    List<String> paths() {
        return new ArrayList<>(files.keySet());
    }

    private static CorruptIntentException corrupt(String name, String what) {
        return new CorruptIntentException("corrupt TxF intent: intent=" + name + " " + what);
    }
}
