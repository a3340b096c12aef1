package txstack.spi.volume;

/** How a volume under test spreads over its members (VOL-1, VOL-3). */
public enum VolumeLayout {
    /** Every block on every member (VOL-1, VOL-2): survives all but one member failing. */
    MIRROR,
    /** Striped with one rotating parity unit per stripe (VOL-3..8): survives one member failing. */
    RAID5
}
