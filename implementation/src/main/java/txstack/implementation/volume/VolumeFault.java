package txstack.implementation.volume;

/**
 * A deliberately broken behaviour of the volume manager, for the conformance suite to prove its checks bite (STYLE
 * 10). Package private on purpose: the public {@link Volumes#create} and {@link Volumes#assemble} always pass {@link
 * #CORRECT}; only the package-private overloads take another value, and only the test fixtures (the {@code
 * txstack-implementation} artifact with classifier {@code tests}) reach them. Never use one for data you want back.
 */
enum VolumeFault {
    /** The real thing. */
    CORRECT,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A RAID-5 write that does not cover a
     * whole stripe writes the data and leaves the parity as it was (VOL-5), so a later reconstruction returns garbage.
     */
    PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. No dirty-region bitmap is kept and no
     * stripe is resynchronised after a crash, so a stripe whose data landed and whose parity did not reconstructs
     * garbage after a later member failure (VOL-8, the write hole).
     */
    NO_WRITE_HOLE_PROTECTION,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A replacement that already carries
     * this volume's label for the slot is trusted as up to date and not rebuilt (VOL-7), so a stale member rejoins
     * with its old data.
     */
    REBUILD_TRUSTS_STALE_MEMBER,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A mirror is not resynchronised after
     * an unclean shutdown, so its halves may disagree and a block reads differently from each (VOL-1).
     */
    MIRROR_RESYNC_SKIPPED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A member with one unreadable sector
     * (DISK-4) is dropped from the volume like a failed disk instead of having the sector computed from the others and
     * rewritten (VOL-6), so one latent sector error costs all the volume's redundancy.
     */
    DROP_MEMBER_ON_SECTOR_ERROR,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A member missing at assembly is left
     * out of the running volume but not recorded as failed in the survivors' labels, as if it might come back
     * current; when it does, after a session that wrote without it, assembly takes it back and serves its stale data
     * (VOL-7). Only an assembly after a session without the member reaches this.
     */
    ABSENT_MEMBER_NOT_RECORDED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Assembly after an unclean shutdown
     * does not resynchronise the dirty regions (it still marks them clean); instead every read of a healthy volume
     * rewrites the redundancy of what it read from the data it read (a RAID-5 recomputes the parity of the stripes
     * read, a mirror copies the sectors read to its other members with force-unit-access). Whatever is read is
     * consistent from then on, but a stripe torn by the crash stays torn at rest until read, so a member lost right after the assembly, before
     * anything is read, reconstructs data other than what the volume returns (VOL-8, VOL-2).
     */
    RESYNC_LEFT_TO_READS,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Assembly compares a member's label
     * with the others' geometry but not its volume id, so a member of another volume with the same geometry is taken
     * for this volume's member of the same number and its data served as this volume's (VOL-7).
     */
    FOREIGN_MEMBER_ACCEPTED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Of two devices whose labels claim
     * one member, assembly takes the later one given instead of refusing, so an old copy of a member (a disk cloned
     * before the volume went on writing) serves its old data (VOL-7).
     */
    DUPLICATE_MEMBER_ACCEPTED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. When a device is given for every
     * member, assembly checks that their labels name one volume and each member once, then takes the devices in the
     * order given instead of by the member number each label carries. Members given in another order serve each
     * other's data: a RAID-5's blocks come back from the wrong data units (VOL-5). A mirror's members hold the same
     * data at rest, so there the wrong order does no harm. Only the wrong-disk assemblies give members out of order.
     */
    MEMBERS_TAKEN_IN_ORDER_GIVEN,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A transfer whose length is not a whole
     * number of sectors is cut down to the whole sectors in it instead of refused: a read of half a sector returns at
     * once with nothing read, a write of a sector and a half writes one sector and drops the rest (DISK-1).
     */
    PARTIAL_SECTOR_TRUNCATED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A mirror's resync that meets a sector
     * no member can read (DISK-4 beyond the redundancy) gives up on the rest of that region instead of copying around
     * the lost sector, so the halves may still disagree there on blocks the crash tore (VOL-2).
     */
    RESYNC_GIVES_UP_AT_LOST_SECTOR,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A member whose device fails a read,
     * a write or a flush (not an unreadable sector: the device itself) is not dropped; the error goes to the caller,
     * so a volume with redundancy left fails the call as if it had none (VOL-2, VOL-6). A member failed through
     * {@link Volume#failMember} is dropped as before, so only a disk that dies unannounced reaches this.
     */
    MEMBER_ERROR_PASSED_ON,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Assembly counts any member lost
     * (missing, unreadable, or failed in the newest label) as more than the layout tolerates and refuses the volume,
     * so a mirror that lost a half stops serving the data its other half still holds (VOL-8, as the suite reports a
     * member lost after a crash). A RAID-5 may refuse a degraded assembly after a crash (the write hole may have left
     * a stripe that cannot be reconstructed), but not after a clean close, where no stripe can be torn: there it must
     * start degraded (VOL-8), so only the suite's clean closes catch this variant on a RAID-5.
     */
    DEGRADED_ASSEMBLY_REFUSED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volume#close} writes the labels
     * clean (the dirty-region bitmap cleared) before it flushes the members, instead of after. A power loss between
     * the two leaves writes that reached one member's cache only, under labels that say nothing needs resyncing: a
     * mirror's halves disagree, a RAID-5 stripe's parity is torn, and assembly trusts them (VOL-2, VOL-8). Only a
     * crash inside a clean close reaches this.
     */
    CLEAN_BEFORE_DURABLE,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volumes#create} does not check
     * that the layout has the members it needs, so a mirror over one member or a RAID-5 over two is made (or fails
     * on the way with whatever the geometry throws) instead of being refused with {@link IllegalArgumentException}
     * (DISK-1): a volume that was never redundant.
     */
    TOO_FEW_MEMBERS_ACCEPTED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volume#replaceMember} does not
     * check that the member is failed and the replacement large enough: a healthy member is swapped for the disk given
     * and rebuilt onto it, and a disk too small fails half-way, instead of being refused with {@link
     * IllegalArgumentException} with nothing changed (DISK-1).
     */
    REPLACEMENT_NOT_CHECKED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A member failure that leaves fewer
     * members than the layout needs does not fail the volume: it goes on serving from what is left, acknowledging
     * writes no member keeps and reading what it can, instead of refusing every call with {@link
     * txstack.spi.volume.VolumeFailedException} (VOL-2, VOL-6). Only a volume lost while running reaches this.
     */
    LOST_VOLUME_SERVES,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volumes#create} writes its
     * labels but does not zero the members' data: over disks that held an earlier volume, the new one reads the old
     * data, and a RAID-5's parity does not match its stripes (DISK-3: a created volume reads as zeros). Only a volume
     * created over used disks reaches this: blank ones read as zeros anyway.
     */
    CREATE_KEEPS_OLD_DATA,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volume#read} and {@link
     * Volume#write} take a heap buffer's bytes from the start of its array, not from its position: a caller whose
     * transfer sits at an offset inside a larger array gets its read written over the bytes before it, and its write
     * taken from them (DISK-1: a transfer covers exactly the sectors and the bytes it names). Only transfers at an
     * offset reach this: at offset 0 the two are the same.
     */
    BUFFER_POSITION_IGNORED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Assembly resyncs only the first stripe
     * unit of each dirty region, as if a region were one unit: a write torn further into a region of several units
     * stays torn (a mirror's halves disagree, a RAID-5 stripe's parity does not match, VOL-2, VOL-8). Only a volume
     * whose regions span several units reaches this: with a region per unit the two are the same.
     */
    RESYNC_FIRST_UNIT_OF_REGION,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volume#write} keeps the last
     * write that needs no force-unit-access by reference to the caller's array, not a copy, and issues it to the
     * members at the volume's next call (a read, write, flush, member change or close): a caller that reuses its
     * array once the write returned, as every caller may, gets the new bytes written in place of the old (DISK-1: a
     * write takes its bytes before it returns). Only a caller that reuses its arrays reaches this: for one that
     * never does, the write merely sits in memory a little longer, as an unflushed write may.
     */
    WRITE_ARRAY_KEPT,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A mirror's copy whose source member
     * fails under it skips the rest of the range instead of going on from another member: a rebuild that loses its
     * source half-way marks the replacement in sync over sectors it never wrote (VOL-7, VOL-2: a block read from it
     * is stale or zero). Only a member lost during a rebuild reaches this, on a mirror of three members or more.
     */
    REBUILD_SOURCE_LOSS_IGNORED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A member that fails while another
     * rebuilds is weighed against the tolerance without the member being rebuilt, as if its replacement already held
     * its share: a survivor lost during a rebuild with no redundancy to spare does not fail the volume, which goes on
     * with a rebuild it cannot finish and reads it cannot serve instead of refusing every call with {@link
     * txstack.spi.volume.VolumeFailedException} (VOL-2, VOL-6). Only a member lost during a rebuild reaches this; where
     * the layout tolerates that loss (a mirror of three members or more), the count makes no difference.
     */
    REBUILD_COUNTS_REPLACEMENT,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volume#replaceMember} whose
     * replacement fails under it returns as if the rebuild had completed: the member stays failed and counted so, but
     * the caller is told its redundancy is back (VOL-7: a rebuild returns when it is complete, and only then). Only a
     * replacement that fails during its rebuild reaches this.
     */
    REPLACEMENT_LOSS_SWALLOWED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. As {@link
     * #REPLACEMENT_LOSS_SWALLOWED}, but only where the replacement fails late in its rebuild: at the flush after its
     * last step, or at the write of its label after that flush. A replacement that fails at an earlier write is
     * reported as it should be. Only a replacement that dies at its flush or at a write after it reaches this.
     */
    REPLACEMENT_LATE_LOSS_SWALLOWED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@link Volume#replaceMember} copies
     * every rebuild step from member data sector 0, not from the step's cursor: a rebuild of more than one step leaves
     * the replacement past its first step as it found it, and then counts the member in sync (VOL-7: a block read
     * from it once the others are gone is not the block written). Only a rebuild of more than one step reaches this:
     * where one step covers a whole member, the two are the same.
     */
    REBUILD_STEPS_FROM_START,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Assembly reads only the first of a
     * member's two label copies: a member whose first label sector stopped reading is left out (or, without degraded
     * assembly, the volume refused), though its second copy holds the label (DISK-4: one unreadable sector never
     * costs a member). Only a sector error on a member's first label sector, met by an assembly, reaches this.
     */
    LABEL_FIRST_COPY_ONLY,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A mirror's resync after a crash whose
     * source member dies under it gives up and fails the assembly, though another member holds the range (or the
     * target itself is the last copy left): one member lost while the volume starts takes the whole mirror down
     * (VOL-2, DISK-4: a mirror survives a member's loss). Only a member whose disk dies during an assembly, at a read
     * of the resync, reaches this: a member lost before the assembly is never a resync's source.
     */
    RESYNC_SOURCE_LOSS_FAILS_VOLUME
}
