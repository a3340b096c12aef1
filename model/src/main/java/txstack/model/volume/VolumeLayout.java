package txstack.model.volume;

import static txstack.model.ModelException.require;

/**
 * How a volume spreads over its members, as far as a client can tell: how many members it has and how many of them
 * may fail before it loses data.
 *
 * @param kind        simple (one member), striped, mirrored (VOL-1, VOL-2) or RAID-5 (VOL-3)
 * @param memberCount members of the volume: 1 for simple, at least 2 for striped and mirrored, at least 3 for RAID-5
 */
public record VolumeLayout(Kind kind, int memberCount) {

    public enum Kind { SIMPLE, STRIPED, MIRROR, RAID5 }

    public VolumeLayout {
        int min = switch (kind) {
            case SIMPLE -> 1;
            case STRIPED, MIRROR -> 2;
            case RAID5 -> 3;
        };
        require(memberCount >= min && (kind != Kind.SIMPLE || memberCount == 1), () ->
                "invalid layout: kind=" + kind + " memberCount=" + memberCount + " min=" + min);
    }

    /**
     * The most blocks one unreadable member sector (DISK-4) may take with it once no redundancy is left for it: the
     * block it holds, and for RAID-5 the block of the failed member its row is needed to reconstruct (VOL-6).
     */
    public int blocksPerSectorError() {
        return kind == Kind.RAID5 ? 2 : 1;
    }

    /** How many members may be failed (or rebuilding) at once without losing data. */
    public int tolerance() {
        return switch (kind) {
            case SIMPLE, STRIPED -> 0;
            case MIRROR -> memberCount - 1;
            case RAID5 -> 1;
        };
    }
}
