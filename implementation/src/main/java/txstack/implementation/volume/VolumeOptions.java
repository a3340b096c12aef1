package txstack.implementation.volume;

/**
 * How to create or assemble a volume.
 *
 * @param stripeUnitSectors sectors per stripe unit (striped and RAID-5), 1 to {@link #MAX_STRIPE_UNIT_SECTORS}; a
 *                          creation parameter, stored in the label (assembly uses the stored value)
 * @param allowDegraded     assembly may start a redundant volume with members missing, as long as it tolerates
 *                          their loss; without it a missing member is a {@link MemberMissingException}
 * @param regionsMax        at most this many dirty regions, 1 to {@link #MAX_REGIONS}: a member's data is split into
 *                          as few regions of whole stripe units as this allows, each one bit of the dirty-region
 *                          bitmap; fewer regions are larger, and a crash resyncs more. A creation parameter, stored
 *                          in the label
 */
public record VolumeOptions(int stripeUnitSectors, boolean allowDegraded, int regionsMax) {
    public static final int MAX_STRIPE_UNIT_SECTORS = 1 << 12;
    /** The most dirty regions a label's bitmap holds. */
    public static final int MAX_REGIONS = LabelCodec.MAX_REGIONS;

    public VolumeOptions {
        if (stripeUnitSectors < 1 || stripeUnitSectors > MAX_STRIPE_UNIT_SECTORS) {
            throw new IllegalArgumentException("stripeUnitSectors out of range: stripeUnitSectors="
                    + stripeUnitSectors + " min=1 max=" + MAX_STRIPE_UNIT_SECTORS);
        }
        if (regionsMax < 1 || regionsMax > MAX_REGIONS) {
            throw new IllegalArgumentException("regionsMax out of range: regionsMax=" + regionsMax + " min=1 max="
                    + MAX_REGIONS);
        }
    }

    /** Options with as many dirty regions as a label holds. */
    public VolumeOptions(int stripeUnitSectors, boolean allowDegraded) {
        this(stripeUnitSectors, allowDegraded, MAX_REGIONS);
    }

    /** 8-sector stripe units, no degraded assembly, as many dirty regions as a label holds. */
    public static VolumeOptions defaults() {
        return new VolumeOptions(8, false);
    }

    public VolumeOptions withStripeUnitSectors(int newStripeUnitSectors) {
        return new VolumeOptions(newStripeUnitSectors, allowDegraded, regionsMax);
    }

    public VolumeOptions withAllowDegraded(boolean newAllowDegraded) {
        return new VolumeOptions(stripeUnitSectors, newAllowDegraded, regionsMax);
    }

    public VolumeOptions withRegionsMax(int newRegionsMax) {
        return new VolumeOptions(stripeUnitSectors, allowDegraded, newRegionsMax);
    }
}
