package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.Objects;

/**
 * A volume's identity, the key of the mount manager's database (MNT-1): for a basic volume its disk's signature and
 * the partition's starting offset, for a dynamic volume the GUID its volume manager gave it. The model treats it as
 * an opaque string of a kind; two volumes are the same if kind and id are equal.
 *
 * @param kind basic or dynamic
 * @param id   {@code SSSSSSSS:OOOOOOOOOOOOOOOO} (signature and offset in hex) for a basic volume, the GUID for a
 *             dynamic one
 */
public record VolumeId(Kind kind, String id) {

    /** Which key the database uses for the volume. */
    public enum Kind { BASIC, DYNAMIC }

    public VolumeId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        require(!id.isEmpty(), "a volume id is not empty: kind=" + kind);
    }

    /** A basic volume: the disk's 32-bit signature and the partition's offset in bytes. */
    public static VolumeId basic(int diskSignature, long partitionOffsetBytes) {
        require(partitionOffsetBytes >= 0, "partitionOffsetBytes=" + partitionOffsetBytes + " must not be negative");
        return new VolumeId(Kind.BASIC, String.format("%08X:%016X", diskSignature, partitionOffsetBytes));
    }

    /** A dynamic volume: the GUID of its volume manager (DMIO). */
    public static VolumeId dynamic(String guid) {
        return new VolumeId(Kind.DYNAMIC, guid);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + id + ")";
    }
}
