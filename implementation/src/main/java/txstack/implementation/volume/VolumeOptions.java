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
 * @param rebuildStepUnits  stripe units a rebuild copies per hold of the volume's lock, 1 to {@link
 *                          #MAX_REBUILD_STEP_UNITS}: writes wait for at most one step; fewer units let them in more
 *                          often, more units rebuild faster. A run-time setting, not stored
 * @param copyBufferSectors sectors a mirror copies per member read and write when it rebuilds or resynchronises, 1
 *                          to {@link #MAX_COPY_BUFFER_SECTORS}: the buffer it allocates per copy. A run-time setting,
 *                          not stored
 */
public record VolumeOptions(int stripeUnitSectors, boolean allowDegraded, int regionsMax, int rebuildStepUnits,
                            int copyBufferSectors) {
    public static final int MAX_STRIPE_UNIT_SECTORS = 1 << 12;
    /** The most dirty regions a label's bitmap holds. */
    public static final int MAX_REGIONS = LabelCodec.MAX_REGIONS;
    public static final int DEFAULT_REBUILD_STEP_UNITS = 16;
    public static final int MAX_REBUILD_STEP_UNITS = 1 << 12;
    public static final int DEFAULT_COPY_BUFFER_SECTORS = 64;
    /** A copy buffer of at most 8 MiB at 4 KiB sectors. */
    public static final int MAX_COPY_BUFFER_SECTORS = 1 << 11;

    public VolumeOptions {
        if (stripeUnitSectors < 1 || stripeUnitSectors > MAX_STRIPE_UNIT_SECTORS) {
            throw new IllegalArgumentException("stripeUnitSectors out of range: stripeUnitSectors="
                    + stripeUnitSectors + " min=1 max=" + MAX_STRIPE_UNIT_SECTORS);
        }
        if (regionsMax < 1 || regionsMax > MAX_REGIONS) {
            throw new IllegalArgumentException("regionsMax out of range: regionsMax=" + regionsMax + " min=1 max="
                    + MAX_REGIONS);
        }
        if (rebuildStepUnits < 1 || rebuildStepUnits > MAX_REBUILD_STEP_UNITS) {
            throw new IllegalArgumentException("rebuildStepUnits out of range: rebuildStepUnits=" + rebuildStepUnits
                    + " min=1 max=" + MAX_REBUILD_STEP_UNITS);
        }
        if (copyBufferSectors < 1 || copyBufferSectors > MAX_COPY_BUFFER_SECTORS) {
            throw new IllegalArgumentException("copyBufferSectors out of range: copyBufferSectors="
                    + copyBufferSectors + " min=1 max=" + MAX_COPY_BUFFER_SECTORS);
        }
    }

    /** Options with the default rebuild step and copy buffer. */
    public VolumeOptions(int stripeUnitSectors, boolean allowDegraded, int regionsMax) {
        this(stripeUnitSectors, allowDegraded, regionsMax, DEFAULT_REBUILD_STEP_UNITS, DEFAULT_COPY_BUFFER_SECTORS);
    }

    /** Options with as many dirty regions as a label holds. */
    public VolumeOptions(int stripeUnitSectors, boolean allowDegraded) {
        this(stripeUnitSectors, allowDegraded, MAX_REGIONS);
    }

    /**
     * 8-sector stripe units, no degraded assembly, as many dirty regions as a label holds, rebuild steps of {@value
     * #DEFAULT_REBUILD_STEP_UNITS} units, a copy buffer of {@value #DEFAULT_COPY_BUFFER_SECTORS} sectors.
     */
    public static VolumeOptions defaults() {
        return new VolumeOptions(8, false);
    }

    public VolumeOptions withStripeUnitSectors(int newStripeUnitSectors) {
        return new VolumeOptions(newStripeUnitSectors, allowDegraded, regionsMax, rebuildStepUnits,
                copyBufferSectors);
    }

    public VolumeOptions withAllowDegraded(boolean newAllowDegraded) {
        return new VolumeOptions(stripeUnitSectors, newAllowDegraded, regionsMax, rebuildStepUnits,
                copyBufferSectors);
    }

    public VolumeOptions withRegionsMax(int newRegionsMax) {
        return new VolumeOptions(stripeUnitSectors, allowDegraded, newRegionsMax, rebuildStepUnits,
                copyBufferSectors);
    }

    public VolumeOptions withRebuildStepUnits(int newRebuildStepUnits) {
        return new VolumeOptions(stripeUnitSectors, allowDegraded, regionsMax, newRebuildStepUnits,
                copyBufferSectors);
    }

    public VolumeOptions withCopyBufferSectors(int newCopyBufferSectors) {
        return new VolumeOptions(stripeUnitSectors, allowDegraded, regionsMax, rebuildStepUnits,
                newCopyBufferSectors);
    }
}
