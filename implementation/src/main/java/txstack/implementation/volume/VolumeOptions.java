package txstack.implementation.volume;

import java.util.Objects;

/**
 * How to create or assemble a volume.
 *
 * @param stripeUnitSectors sectors per stripe unit (striped and RAID-5), 1 to {@link #MAX_STRIPE_UNIT_SECTORS}; a
 *                          creation parameter, stored in the label (assembly uses the stored value)
 * @param allowDegraded     assembly may start a redundant volume with members missing, as long as it tolerates
 *                          their loss; without it a missing member is a {@link MemberMissingException}
 * @param variant           {@link Variant#CORRECT}, or a deliberately broken behaviour for the conformance suite
 */
public record VolumeOptions(int stripeUnitSectors, boolean allowDegraded, Variant variant) {
    public static final int MAX_STRIPE_UNIT_SECTORS = 1 << 12;

    /**
     * How the volume behaves. Every value but {@link #CORRECT} is broken on purpose, for the conformance suite to
     * prove its checks bite; never use one for data you want back.
     */
    public enum Variant {
        /** The real thing. */
        CORRECT,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. A RAID-5 write that does not
         * cover a whole stripe writes the data and leaves the parity as it was (VOL-5), so a later reconstruction
         * returns garbage.
         */
        PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. No dirty-region bitmap is kept
         * and no stripe is resynchronised after a crash, so a stripe whose data landed and whose parity did not
         * reconstructs garbage after a later member failure (VOL-8, the write hole).
         */
        NO_WRITE_HOLE_PROTECTION,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. A replacement that already
         * carries this volume's label for the slot is trusted as up to date and not rebuilt (VOL-7), so a stale
         * member rejoins with its old data.
         */
        REBUILD_TRUSTS_STALE_MEMBER,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. A mirror is not resynchronised
         * after an unclean shutdown, so its halves may disagree and a block reads differently from each (VOL-1).
         */
        MIRROR_RESYNC_SKIPPED,
        /**
         * Broken on purpose, for the conformance suite to prove it bites; never use. A member with one unreadable
         * sector (DISK-4) is dropped from the volume like a failed disk instead of having the sector computed from
         * the others and rewritten (VOL-6), so one latent sector error costs all the volume's redundancy.
         */
        DROP_MEMBER_ON_SECTOR_ERROR
    }

    public VolumeOptions {
        Objects.requireNonNull(variant, "variant");
        if (stripeUnitSectors < 1 || stripeUnitSectors > MAX_STRIPE_UNIT_SECTORS) {
            throw new IllegalArgumentException("stripeUnitSectors out of range: stripeUnitSectors="
                    + stripeUnitSectors + " min=1 max=" + MAX_STRIPE_UNIT_SECTORS);
        }
    }

    /** 8-sector stripe units, no degraded assembly, {@link Variant#CORRECT}. */
    public static VolumeOptions defaults() {
        return new VolumeOptions(8, false, Variant.CORRECT);
    }

    public VolumeOptions withStripeUnitSectors(int newStripeUnitSectors) {
        return new VolumeOptions(newStripeUnitSectors, allowDegraded, variant);
    }

    public VolumeOptions withAllowDegraded(boolean newAllowDegraded) {
        return new VolumeOptions(stripeUnitSectors, newAllowDegraded, variant);
    }

    public VolumeOptions withVariant(Variant newVariant) {
        return new VolumeOptions(stripeUnitSectors, allowDegraded, newVariant);
    }
}
