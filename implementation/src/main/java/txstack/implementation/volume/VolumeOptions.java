package txstack.implementation.volume;

/**
 * How to create or assemble a volume.
 *
 * @param stripeUnitSectors sectors per stripe unit (striped and RAID-5), 1 to {@link #MAX_STRIPE_UNIT_SECTORS}; a
 *                          creation parameter, stored in the label (assembly uses the stored value)
 * @param allowDegraded     assembly may start a redundant volume with members missing, as long as it tolerates
 *                          their loss; without it a missing member is a {@link MemberMissingException}
 */
public record VolumeOptions(int stripeUnitSectors, boolean allowDegraded) {
    public static final int MAX_STRIPE_UNIT_SECTORS = 1 << 12;

    public VolumeOptions {
        if (stripeUnitSectors < 1 || stripeUnitSectors > MAX_STRIPE_UNIT_SECTORS) {
            throw new IllegalArgumentException("stripeUnitSectors out of range: stripeUnitSectors="
                    + stripeUnitSectors + " min=1 max=" + MAX_STRIPE_UNIT_SECTORS);
        }
    }

    /** 8-sector stripe units, no degraded assembly. */
    public static VolumeOptions defaults() {
        return new VolumeOptions(8, false);
    }

    public VolumeOptions withStripeUnitSectors(int newStripeUnitSectors) {
        return new VolumeOptions(newStripeUnitSectors, allowDegraded);
    }

    public VolumeOptions withAllowDegraded(boolean newAllowDegraded) {
        return new VolumeOptions(stripeUnitSectors, newAllowDegraded);
    }
}
