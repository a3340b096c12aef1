package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.spi.volume.VolumeLayout;

/**
 * Proof that the volume checks bite: each deliberately broken variant of the volume manager must be caught, with the
 * failure shrunk to a few steps, within a bounded number of workloads (never a time limit).
 */
class BrokenVolumeVariantsTest {

    @ParameterizedTest(name = "{0} on {1}, {2} mode")
    @CsvSource({
        "PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE, RAID5,  EXHAUSTIVE, 20, ",
        "NO_WRITE_HOLE_PROTECTION,             RAID5,  EXHAUSTIVE, 20, VOL-8",
        "REBUILD_TRUSTS_STALE_MEMBER,          RAID5,  EXHAUSTIVE, 40, ",
        "REBUILD_TRUSTS_STALE_MEMBER,          MIRROR, EXHAUSTIVE, 40, ",
        "MIRROR_RESYNC_SKIPPED,                MIRROR, EXHAUSTIVE, 20, VOL-2",
        "NO_WRITE_HOLE_PROTECTION,             RAID5,  RANDOM,     10, VOL-8",
        "DROP_MEMBER_ON_SECTOR_ERROR,          RAID5,  EXHAUSTIVE, 40, VOL-6",
        "DROP_MEMBER_ON_SECTOR_ERROR,          MIRROR, RANDOM,     20, DISK-4",
        "ABSENT_MEMBER_NOT_RECORDED,           RAID5,  EXHAUSTIVE, 20, VOL-7",
        "ABSENT_MEMBER_NOT_RECORDED,           MIRROR, RANDOM,     10, VOL-7",
        "RESYNC_LEFT_TO_READS,                 RAID5,  RANDOM,     10, VOL-8",
        "RESYNC_LEFT_TO_READS,                 MIRROR, EXHAUSTIVE, 20, VOL-2",
        "FOREIGN_MEMBER_ACCEPTED,              RAID5,  EXHAUSTIVE, 20, VOL-7",
        "FOREIGN_MEMBER_ACCEPTED,              MIRROR, RANDOM,     10, VOL-7",
        "DUPLICATE_MEMBER_ACCEPTED,            RAID5,  EXHAUSTIVE, 20, VOL-7",
        "DUPLICATE_MEMBER_ACCEPTED,            MIRROR, RANDOM,     10, VOL-7",
        "MEMBERS_TAKEN_IN_ORDER_GIVEN,         RAID5,  EXHAUSTIVE, 20, VOL-5",
        "MEMBERS_TAKEN_IN_ORDER_GIVEN,         RAID5,  RANDOM,     10, VOL-5",
        "PARTIAL_SECTOR_TRUNCATED,             RAID5,  EXHAUSTIVE, 10, DISK-1",
        "PARTIAL_SECTOR_TRUNCATED,             MIRROR, RANDOM,     5,  DISK-1",
        "RESYNC_GIVES_UP_AT_LOST_SECTOR,       MIRROR, EXHAUSTIVE, 40, DISK-4",
        "RESYNC_GIVES_UP_AT_LOST_SECTOR,       MIRROR, RANDOM,     40, DISK-4",
        "MEMBER_ERROR_PASSED_ON,               RAID5,  EXHAUSTIVE, 40, VOL-7",
        "MEMBER_ERROR_PASSED_ON,               MIRROR, RANDOM,     20, VOL-7",
        "DEGRADED_ASSEMBLY_REFUSED,            MIRROR, EXHAUSTIVE, 20, VOL-8",
        "DEGRADED_ASSEMBLY_REFUSED,            MIRROR, RANDOM,     10, VOL-8",
        "DEGRADED_ASSEMBLY_REFUSED,            RAID5,  EXHAUSTIVE, 20, ",
        "CLEAN_BEFORE_DURABLE,                 MIRROR, EXHAUSTIVE, 20, VOL-2",
        "CLEAN_BEFORE_DURABLE,                 MIRROR, RANDOM,     20, VOL-2",
        "CLEAN_BEFORE_DURABLE,                 RAID5,  EXHAUSTIVE, 20, ",
        "CLEAN_BEFORE_DURABLE,                 RAID5,  RANDOM,     20, ",
        "TOO_FEW_MEMBERS_ACCEPTED,             RAID5,  EXHAUSTIVE, 5,  DISK-1",
        "TOO_FEW_MEMBERS_ACCEPTED,             MIRROR, RANDOM,     5,  DISK-1",
        "REPLACEMENT_NOT_CHECKED,              RAID5,  EXHAUSTIVE, 20, DISK-1",
        "REPLACEMENT_NOT_CHECKED,              MIRROR, RANDOM,     10, DISK-1",
        "LOST_VOLUME_SERVES,                   RAID5,  EXHAUSTIVE, 20, VOL-6",
        "LOST_VOLUME_SERVES,                   MIRROR, RANDOM,     20, VOL-2",
        "CREATE_KEEPS_OLD_DATA,                RAID5,  EXHAUSTIVE, 10, DISK-3",
        "CREATE_KEEPS_OLD_DATA,                MIRROR, RANDOM,     10, DISK-3",
        "BUFFER_POSITION_IGNORED,              RAID5,  EXHAUSTIVE, 5,  DISK-3",
        "BUFFER_POSITION_IGNORED,              MIRROR, RANDOM,     5,  DISK-3",
        "RESYNC_FIRST_UNIT_OF_REGION,          RAID5,  EXHAUSTIVE, 20, ",
        "RESYNC_FIRST_UNIT_OF_REGION,          MIRROR, RANDOM,     10, ",
        "WRITE_ARRAY_KEPT,                     RAID5,  EXHAUSTIVE, 5,  DISK-3",
        "WRITE_ARRAY_KEPT,                     MIRROR, RANDOM,     5,  DISK-3",
        "REBUILD_COUNTS_REPLACEMENT,           RAID5,  EXHAUSTIVE, 30, VOL-6",
        "REBUILD_COUNTS_REPLACEMENT,           MIRROR, RANDOM,     30, VOL-2",
        "REPLACEMENT_LOSS_SWALLOWED,           RAID5,  EXHAUSTIVE, 20, VOL-7",
        "REPLACEMENT_LOSS_SWALLOWED,           MIRROR, RANDOM,     10, VOL-7",
        "REBUILD_STEPS_FROM_START,             RAID5,  EXHAUSTIVE, 20, DISK-3",
        "REBUILD_STEPS_FROM_START,             MIRROR, RANDOM,     10, VOL-8",
        "LABEL_FIRST_COPY_ONLY,                RAID5,  EXHAUSTIVE, 40, DISK-4",
        "LABEL_FIRST_COPY_ONLY,                MIRROR, RANDOM,     30, DISK-4",
        "RESYNC_SOURCE_LOSS_FAILS_VOLUME,      MIRROR, EXHAUSTIVE, 20, VOL-8",
        "RESYNC_SOURCE_LOSS_FAILS_VOLUME,      MIRROR, RANDOM,     10, VOL-8",
        "REPLACEMENT_LATE_LOSS_SWALLOWED,      RAID5,  EXHAUSTIVE, 40, VOL-7",
        "REPLACEMENT_LATE_LOSS_SWALLOWED,      MIRROR, RANDOM,     10, VOL-7",
    })
    void isCaught(String variant, VolumeLayout layout, Mode mode, int workloadsMax, String property) {
        assertCaught(variant, VolumeSetup.defaults(layout), mode, workloadsMax, property);
    }

    /**
     * The variants only a mirror of three members or more reaches: there a survivor may die during a rebuild, and the
     * rebuild must go on from the member left.
     */
    @ParameterizedTest(name = "{0} on a 3-way mirror, {1} mode")
    @CsvSource({
        "REBUILD_SOURCE_LOSS_IGNORED, EXHAUSTIVE, 20, VOL-2",
        "REBUILD_SOURCE_LOSS_IGNORED, RANDOM,     10, VOL-2",
    })
    void isCaughtOnAThreeWayMirror(String variant, Mode mode, int workloadsMax, String property) {
        assertCaught(variant, THREE_WAY_MIRROR, mode, workloadsMax, property);
    }

    /** The default mirror with a third member. */
    static final VolumeSetup THREE_WAY_MIRROR = VolumeSetup.drawn(VolumeLayout.MIRROR).stream()
            .filter(s -> s.memberCount() == 3).findFirst().orElseThrow();

    private static void assertCaught(String variant, VolumeSetup setup, Mode mode, int workloadsMax,
                                     String property) {
        TxstackVolumeEngine engine = TxstackVolumeEngine.named("txstack:" + variant);
        ExplorationResult<VolumeStep> result = VolumeTesting.run(engine, setup,
                VolumeTesting.options(mode, 1, workloadsMax));
        assertFalse(result.passed(), variant + " was not caught in " + workloadsMax + " workloads");
        Counterexample<VolumeStep> c = result.counterexample().orElseThrow();
        System.out.printf("%s on %s caught (%s) in workload %d after %.1fs; shrunk from %d to %d steps%n", variant,
                setup.label(), c.violation().property(), c.workload(), c.foundAfter().toMillis() / 1000.0,
                c.originalStepCount(), c.shrunk().steps().size());
        if (property != null) {
            assertEquals(property, c.violation().property().id(), c.violation().summary());
        }
        assertTrue(c.shrunk().steps().size() <= Math.min(8, c.originalStepCount()),
                "not shrunk: " + c.shrunk().steps().size() + " steps");
        assertTrue(c.shrunk().trace().contains("!! " + c.violation().property()), c.shrunk().trace());
    }

    /**
     * The variants behind the new checks slip past the suite without them, at the budget that catches them with them
     * (above): a member missing at one assembly and back at a later one is reached only by life after assembly; a
     * mirror's halves as an assembly leaves them at rest, before anything reads through it, only by the scrub (every
     * other check reads every block through the assembled volume first, and those reads repair it; a half lost before
     * that shows one of the values the crash allows, just not the one the volume went on to return). On a RAID-5 the
     * suite of one session misses it too, but life after assembly catches it as well: a crash inside that assembly,
     * then a member lost, reconstructs garbage from the parity it marked clean without resyncing; so does a sector lost
     * while the volume is down, which the assembly reconstructs from that parity, and a member's disk that dies during
     * an assembly, after which the same parity is all that is left of its data. (The wrong-disk assemblies at rest
     * reread every block through a new assembly too, so they are off in those rows.) A foreign member, or an old copy
     * of a member, is handed over by the wrong-disk assemblies only, and so are members in each other's roles (every
     * other assembly gets each member's disk in its own role). A mirror resync that gives up at a sector lost on every
     * half is reached only by the workloads that lose a sector beyond the redundancy under a write in flight: the other
     * losses come late and one at a time, and past the redundancy the workload writes no more, so no crash tears a
     * write while a row is lost on every member. A member's device error passed on to the caller is reached only by a
     * disk that dies unannounced, between two calls, during an assembly or during a rebuild (on these geometries, a
     * survivor's death that loses the volume, or the replacement's own; the replacement's, met first in workload 0,
     * makes the first catch VOL-7 now): every other failure goes through {@code failMember}, after which the engine
     * never touches the disk. A member missing at an assembly is also reached by a clean close that assembles without
     * it, so both are off in its rows. Labels marked clean before the data is durable are reached only by a crash
     * inside a clean close, and so is a RAID-5 that refuses to start degraded: after a crash the model lets it refuse;
     * after a clean close it must start. A volume that goes on serving after it lost more members than it tolerates is
     * reached only by the workloads that lose a volume, by one member failing too many or by a survivor lost during a
     * rebuild: every other failure is kept within what the layout tolerates. A create that leaves the members' old data
     * in place is reached only by a volume created over an earlier one: blank disks read as zeros anyway. A volume that
     * takes a buffer's bytes from the start of its array is reached only by transfers at an offset inside a larger one:
     * every other transfer starts at index 0, where the two are the same. A volume that keeps a write's array, not its
     * bytes, and issues the write later is reached only by a caller that reuses its arrays: for one that never does,
     * the write merely sits in memory a little longer, as an unflushed write may. A mirror copy that gives up when its
     * source fails under it is reached only by a survivor lost during a rebuild or a member's disk that dies during an
     * assembly's resync: every other member failure comes between two calls, where no copy is running. A volume that
     * leaves the member it rebuilds out of its count of losses is reached only by a survivor lost during a rebuild with
     * no redundancy to spare: where the layout tolerates that loss, the count makes no difference. A rebuild that
     * returns as if complete when its replacement failed under it is reached only by a replacement that dies during its
     * rebuild: no other rebuild fails. An assembly that reads only the first copy of a member's label is reached only
     * by a sector lost while the volume is down: a sector made unreadable while it runs is written again (and so
     * readable) by the next label write before any assembly reads it, except where the member is the last one left. A
     * mirror resync that fails the assembly when its source dies under it is reached only by a member's disk dying
     * during an assembly: a member lost before the assembly is never a resync's source. A rebuild that returns as if
     * complete when its replacement failed late (at the flush after its data, or at the write of its label after
     * that) is reached only by a replacement that dies at its first flush or at its first write after a flush: one
     * that dies at its first write fails the rebuild's first step, which this variant reports as it should.
     */
    @ParameterizedTest(name = "{0} on {1}, {2} mode, without {4}")
    @CsvSource({
        "ABSENT_MEMBER_NOT_RECORDED, RAID5, EXHAUSTIVE, 20, lifeAfterAssembly scrubAtRest wrongDisks cleanCloses",
        "ABSENT_MEMBER_NOT_RECORDED, MIRROR, RANDOM, 10, lifeAfterAssembly scrubAtRest wrongDisks cleanCloses",
        "RESYNC_LEFT_TO_READS, RAID5, EXHAUSTIVE, 20, lifeAfterAssembly scrubAtRest wrongDisks sectorsLostWhileDown "
            + "membersDieInAssembly",
        "RESYNC_LEFT_TO_READS, MIRROR, EXHAUSTIVE, 20, scrubAtRest wrongDisks",
        "RESYNC_LEFT_TO_READS, MIRROR, RANDOM, 10, scrubAtRest wrongDisks",
        "FOREIGN_MEMBER_ACCEPTED, RAID5, EXHAUSTIVE, 20, wrongDisks",
        "FOREIGN_MEMBER_ACCEPTED, MIRROR, RANDOM, 10, wrongDisks",
        "DUPLICATE_MEMBER_ACCEPTED, RAID5, EXHAUSTIVE, 20, wrongDisks",
        "DUPLICATE_MEMBER_ACCEPTED, MIRROR, RANDOM, 10, wrongDisks",
        "MEMBERS_TAKEN_IN_ORDER_GIVEN, RAID5, EXHAUSTIVE, 20, wrongDisks",
        "MEMBERS_TAKEN_IN_ORDER_GIVEN, RAID5, RANDOM, 10, wrongDisks",
        "RESYNC_GIVES_UP_AT_LOST_SECTOR, MIRROR, EXHAUSTIVE, 40, lossPastRedundancy",
        "RESYNC_GIVES_UP_AT_LOST_SECTOR, MIRROR, RANDOM, 40, lossPastRedundancy",
        "MEMBER_ERROR_PASSED_ON, RAID5, EXHAUSTIVE, 40, membersDie lostInRebuild replacementsDie membersDieInAssembly",
        "MEMBER_ERROR_PASSED_ON, MIRROR, RANDOM, 20, membersDie lostInRebuild replacementsDie membersDieInAssembly",
        "CLEAN_BEFORE_DURABLE, MIRROR, EXHAUSTIVE, 20, cleanCloses",
        "CLEAN_BEFORE_DURABLE, RAID5, RANDOM, 20, cleanCloses",
        "DEGRADED_ASSEMBLY_REFUSED, RAID5, EXHAUSTIVE, 20, cleanCloses",
        "LOST_VOLUME_SERVES, RAID5, EXHAUSTIVE, 20, lostVolumes lostInRebuild",
        "LOST_VOLUME_SERVES, MIRROR, RANDOM, 20, lostVolumes lostInRebuild",
        "CREATE_KEEPS_OLD_DATA, RAID5, EXHAUSTIVE, 10, earlierVolumes",
        "CREATE_KEEPS_OLD_DATA, MIRROR, RANDOM, 10, earlierVolumes",
        "BUFFER_POSITION_IGNORED, RAID5, EXHAUSTIVE, 5, bufferOffsets",
        "BUFFER_POSITION_IGNORED, MIRROR, RANDOM, 5, bufferOffsets",
        "WRITE_ARRAY_KEPT, RAID5, EXHAUSTIVE, 5, arraysReused",
        "WRITE_ARRAY_KEPT, MIRROR, RANDOM, 5, arraysReused",
        "REBUILD_COUNTS_REPLACEMENT, RAID5, EXHAUSTIVE, 30, lostInRebuild",
        "REBUILD_COUNTS_REPLACEMENT, MIRROR, RANDOM, 30, lostInRebuild",
        "REPLACEMENT_LOSS_SWALLOWED, RAID5, EXHAUSTIVE, 20, replacementsDie",
        "REPLACEMENT_LOSS_SWALLOWED, MIRROR, RANDOM, 10, replacementsDie",
        "LABEL_FIRST_COPY_ONLY, RAID5, EXHAUSTIVE, 40, sectorsLostWhileDown",
        "LABEL_FIRST_COPY_ONLY, MIRROR, RANDOM, 30, sectorsLostWhileDown",
        "RESYNC_SOURCE_LOSS_FAILS_VOLUME, MIRROR, EXHAUSTIVE, 20, membersDieInAssembly",
        "RESYNC_SOURCE_LOSS_FAILS_VOLUME, MIRROR, RANDOM, 10, membersDieInAssembly",
        "REPLACEMENT_LATE_LOSS_SWALLOWED, RAID5, EXHAUSTIVE, 40, replacementsDieLater",
        "REPLACEMENT_LATE_LOSS_SWALLOWED, MIRROR, RANDOM, 10, replacementsDieLater",
    })
    void slipsPastWithoutItsCheck(String variant, VolumeLayout layout, Mode mode, int workloads, String checksOff) {
        assertSlipsPast(variant, VolumeSetup.defaults(layout), mode, workloads, checksOff);
    }

    @ParameterizedTest(name = "{0} on a 3-way mirror, {1} mode, without {3}")
    @CsvSource({
        "REBUILD_SOURCE_LOSS_IGNORED, EXHAUSTIVE, 20, survivorsDie membersDieInAssembly",
        "REBUILD_SOURCE_LOSS_IGNORED, RANDOM, 10, survivorsDie membersDieInAssembly",
    })
    void slipsPastAThreeWayMirrorWithoutItsCheck(String variant, Mode mode, int workloads, String checksOff) {
        assertSlipsPast(variant, THREE_WAY_MIRROR, mode, workloads, checksOff);
    }

    private static void assertSlipsPast(String variant, VolumeSetup setup, Mode mode, int workloads,
                                        String checksOff) {
        TxstackVolumeEngine engine = TxstackVolumeEngine.named("txstack:" + variant);
        ExplorationResult<VolumeStep> result = VolumeTesting.run(engine, setup,
                VolumeTesting.options(mode, 1, workloads), without(checksOff));
        assertTrue(result.passed(), () -> variant + " caught without " + checksOff + ": "
                + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
    }

    /** Every check but those named (components of {@link VolumeSuite.Checks}, separated by spaces). */
    private static VolumeSuite.Checks without(String checksOff) {
        List<String> off = List.of(checksOff.trim().split("\\s+"));
        RecordComponent[] components = VolumeSuite.Checks.class.getRecordComponents();
        List<String> known = Arrays.stream(components).map(RecordComponent::getName).toList();
        assertTrue(known.containsAll(off), () -> "no such check in " + off + "; the checks are " + known);
        Object[] values = known.stream().map(name -> !off.contains(name)).toArray();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return VolumeSuite.Checks.class.getConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The binding's settings that give the suite's small members the shape of a volume of production size are what
     * reach two variants, which slip past the budgets that catch them above with the implementation's default
     * instead. Its few dirty regions (each several stripe units) reach a resync that covers a region's first unit
     * only: with a region per unit, the default on the suite's small members, the two are the same. Its short rebuild
     * steps (several to a member) reach a rebuild that copies every step from the member's start: with steps of the
     * default size, one step covers a whole member.
     */
    @ParameterizedTest(name = "{0} on {1}, {2} mode, with the default {4}")
    @CsvSource({
        "RESYNC_FIRST_UNIT_OF_REGION, RAID5,  EXHAUSTIVE, 20, regionsMax",
        "RESYNC_FIRST_UNIT_OF_REGION, MIRROR, RANDOM,     10, regionsMax",
        "REBUILD_STEPS_FROM_START,    RAID5,  EXHAUSTIVE, 20, rebuildStepUnits",
        "REBUILD_STEPS_FROM_START,    MIRROR, RANDOM,     10, rebuildStepUnits",
    })
    void slipsPastTheImplementationsDefault(String variant, VolumeLayout layout, Mode mode, int workloads,
                                            String setting) {
        TxstackVolumeEngine named = TxstackVolumeEngine.named("txstack:" + variant);
        TxstackVolumeEngine engine = switch (setting) {
            case "regionsMax" -> named.withRegionsMax(TxstackVolumeEngine.LABEL_REGIONS_MAX);
            case "rebuildStepUnits" -> named.withRebuildStepUnits(TxstackVolumeEngine.DEFAULT_REBUILD_STEP_UNITS);
            default -> throw new IllegalArgumentException("no such binding setting: " + setting);
        };
        ExplorationResult<VolumeStep> result = VolumeTesting.run(engine, VolumeSetup.defaults(layout),
                VolumeTesting.options(mode, 1, workloads));
        assertTrue(result.passed(), () -> variant + " caught with the default " + setting + ": "
                + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
    }
}
