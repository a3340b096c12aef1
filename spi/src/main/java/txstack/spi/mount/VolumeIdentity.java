package txstack.spi.mount;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A volume's identity as the mount manager's database keeps it (MNT-1): for a basic volume its disk's signature and
 * the partition's starting offset, for a dynamic volume the GUID its volume manager gave it. The suite names the
 * volumes it announces with these; an engine stores them however it likes but must give the same ones back.
 *
 * @param kind basic or dynamic
 * @param id   {@code <signature as 8 hex digits>@<offset in bytes>} for a basic volume, the GUID (36 chars, lower
 *             case) for a dynamic one
 */
public record VolumeIdentity(Kind kind, String id) {
    /** How a volume is identified. */
    public enum Kind { BASIC, DYNAMIC }

    private static final Pattern BASIC_ID = Pattern.compile("[0-9a-f]{8}@[0-9]{1,19}");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public VolumeIdentity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Pattern p = kind == Kind.BASIC ? BASIC_ID : GUID;
        if (!p.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid " + kind + " volume identity: id=" + id + " pattern=" + p);
        }
    }

    /** A basic volume: the disk signature and the partition's starting offset in bytes (not negative). */
    public static VolumeIdentity basic(int diskSignature, long partitionOffsetBytes) {
        if (partitionOffsetBytes < 0) {
            throw new IllegalArgumentException("a partition offset is not negative: offsetBytes="
                    + partitionOffsetBytes);
        }
        return new VolumeIdentity(Kind.BASIC, String.format(Locale.ROOT, "%08x@%d", diskSignature,
                partitionOffsetBytes));
    }

    /** A dynamic volume: its GUID, e.g. {@code 6f1c9e2a-0b4d-4e8f-9a3c-1d2e3f405162} (either case). */
    public static VolumeIdentity dynamic(String guid) {
        return new VolumeIdentity(Kind.DYNAMIC, Objects.requireNonNull(guid, "guid").toLowerCase(Locale.ROOT));
    }

    /** A basic volume's disk signature. */
    public int diskSignature() {
        requireKind(Kind.BASIC);
        return Integer.parseUnsignedInt(id.substring(0, 8), 16);
    }

    /** A basic volume's partition offset in bytes. */
    public long partitionOffsetBytes() {
        requireKind(Kind.BASIC);
        return Long.parseLong(id.substring(9));
    }

    private void requireKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException("not a " + expected + " volume: " + this);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.BASIC ? "basic(" + id + ")" : "dynamic(" + id + ")";
    }
}
