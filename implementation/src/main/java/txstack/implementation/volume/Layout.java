package txstack.implementation.volume;

/** How a volume spreads its sectors over its members; {@link #code()} is what the label stores. */
public enum Layout {
    /** One member, sectors in order. No redundancy. */
    SIMPLE(0, 1),
    /** Stripe units dealt round-robin over two or more members. No redundancy. */
    STRIPED(1, 2),
    /** Every sector on every member (VOL-1, VOL-2); survives all but one member failing. */
    MIRROR(2, 2),
    /** Striped with one rotating parity unit per stripe (VOL-3..8); survives one member failing. */
    RAID5(3, 3);

    private final int code;
    private final int minMembers;

    Layout(int code, int minMembers) {
        this.code = code;
        this.minMembers = minMembers;
    }

    public int code() {
        return code;
    }

    public int minMembers() {
        return minMembers;
    }

    /** How many members may be lost at once with no data lost. */
    public int tolerance(int memberCount) {
        return switch (this) {
            case SIMPLE, STRIPED -> 0;
            case MIRROR -> memberCount - 1;
            case RAID5 -> 1;
        };
    }

    /** The layout stored as {@code code}, or null if no layout has it. */
    static Layout ofCode(int code) {
        for (Layout layout : values()) {
            if (layout.code == code) {
                return layout;
            }
        }
        return null;
    }
}
