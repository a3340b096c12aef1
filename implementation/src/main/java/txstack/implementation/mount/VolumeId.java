package txstack.implementation.mount;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * A volume's identity, the key of the mount database (MNT-1): for a basic volume its disk's 32-bit signature and the
 * partition's starting offset, for a dynamic volume the GUID its volume manager gave it.
 *
 * <p>In the registry every value of {@code MountedDevices} holds the identity as bytes, all little-endian, the kind
 * byte first:
 *
 * <pre>
 *  basic   (13 bytes): +0 kind u8 = 0x01 | +1 diskSignature u32 | +5 partitionOffsetBytes u64
 *  dynamic (17 bytes): +0 kind u8 = 0x02 | +1 guid: most significant 64 bits u64 | +9 least significant 64 bits u64
 * </pre>
 *
 * {@link #decode} checks the kind byte, then the length for that kind.
 *
 * @param kind                 basic or dynamic
 * @param diskSignature        a basic volume's disk signature (0 for a dynamic one)
 * @param partitionOffsetBytes a basic volume's partition offset (0 for a dynamic one)
 * @param guid                 a dynamic volume's GUID (null for a basic one)
 */
public record VolumeId(Kind kind, int diskSignature, long partitionOffsetBytes, UUID guid) {
    public static final int KIND_OFFSET = 0;
    public static final int BODY_OFFSET = KIND_OFFSET + Byte.BYTES;
    public static final int BASIC_BYTES = BODY_OFFSET + Integer.BYTES + Long.BYTES;
    public static final int DYNAMIC_BYTES = BODY_OFFSET + 2 * Long.BYTES;

    /** Which key the database uses for the volume, with its kind byte. */
    public enum Kind {
        BASIC(1), DYNAMIC(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    public VolumeId {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.BASIC && (guid != null || partitionOffsetBytes < 0)) {
            throw new IllegalArgumentException("basic volume: no guid, offset >= 0: offset=" + partitionOffsetBytes);
        }
        if (kind == Kind.DYNAMIC && (guid == null || diskSignature != 0 || partitionOffsetBytes != 0)) {
            throw new IllegalArgumentException("dynamic volume: a guid only: guid=" + guid);
        }
    }

    /** A basic volume: the disk's signature and the partition's offset in bytes. */
    public static VolumeId basic(int diskSignature, long partitionOffsetBytes) {
        return new VolumeId(Kind.BASIC, diskSignature, partitionOffsetBytes, null);
    }

    /** A dynamic volume: the GUID of its volume manager. */
    public static VolumeId dynamic(UUID guid) {
        return new VolumeId(Kind.DYNAMIC, 0, 0, Objects.requireNonNull(guid, "guid"));
    }

    /** The identity's bytes, as the registry values hold them (layout above). */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(kind == Kind.BASIC ? BASIC_BYTES : DYNAMIC_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) kind.code);
        if (kind == Kind.BASIC) {
            out.putInt(diskSignature).putLong(partitionOffsetBytes);
        } else {
            out.putLong(guid.getMostSignificantBits()).putLong(guid.getLeastSignificantBits());
        }
        return out.array();
    }

    /**
     * The identity in {@code bytes}, untrusted.
     *
     * @throws CorruptMountDataException if the kind byte is unknown or the length is not the kind's
     */
    public static VolumeId decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new CorruptMountDataException("volume identity empty: length=0");
        }
        int code = bytes[KIND_OFFSET] & 0xFF;
        int expected = code == Kind.BASIC.code ? BASIC_BYTES : code == Kind.DYNAMIC.code ? DYNAMIC_BYTES : -1;
        if (expected < 0 || bytes.length != expected) {
            throw new CorruptMountDataException(String.format("volume identity: offset=0x0 kind=0x%02X length=%d "
                    + "expectedLength=%d bytes=%s", code, bytes.length, expected, HexFormat.of().formatHex(bytes)));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, BODY_OFFSET, bytes.length - BODY_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        if (code == Kind.BASIC.code) {
            int signature = in.getInt();
            long offset = in.getLong();
            if (offset < 0) {
                throw new CorruptMountDataException(String.format("volume identity: offset=0x5 partitionOffset=0x%016X"
                        + " negative", offset));
            }
            return basic(signature, offset);
        }
        return dynamic(new UUID(in.getLong(), in.getLong()));
    }

    @Override
    public String toString() {
        return kind == Kind.BASIC ? String.format("basic(%08X:%016X)", diskSignature, partitionOffsetBytes)
                : "dynamic(" + guid + ")";
    }
}
