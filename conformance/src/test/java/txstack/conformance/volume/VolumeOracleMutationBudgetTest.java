package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;

/**
 * The oracle's side of the volume suite at a budget mutation testing can afford: each deliberately broken variant of
 * {@link BrokenVolumeVariantsTest} run on the one workload (seed 1) the suite first catches it in, without shrinking.
 *
 * <p>{@link VolumeMutationBudgetTest} runs the correct engine, which never takes the paths a permissive oracle would
 * wrongly allow, so a mutant of the model that lets a wrong outcome through survives it. Here such a mutant lets a
 * known bug through, and fails the row. The mutation row that runs this class targets the model only: a mutant of
 * the implementation could switch a variant's bug off, and a kill of that kind would say nothing of the suite. The
 * other way round, a mutant that makes the model stricter than the contract fails a row of {@link LiberalVolumeEngine}:
 * an engine that refuses to start or drops a member where the contract lets it.
 *
 * <p>If the workloads change (a new step kind, a new draw), a row's workload may no longer be the first that catches
 * its variant, or may not catch it at all: {@link BrokenVolumeVariantsTest#isCaught} prints the workload each variant
 * is caught in now.
 */
class VolumeOracleMutationBudgetTest {

    @ParameterizedTest(name = "{0} on {1}, {2} mode, workload {3}")
    @CsvSource({
        "PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE, RAID5,  EXHAUSTIVE, 0",
        "NO_WRITE_HOLE_PROTECTION,             RAID5,  EXHAUSTIVE, 0",
        "REBUILD_TRUSTS_STALE_MEMBER,          RAID5,  EXHAUSTIVE, 0",
        "REBUILD_TRUSTS_STALE_MEMBER,          MIRROR, EXHAUSTIVE, 0",
        "MIRROR_RESYNC_SKIPPED,                MIRROR, EXHAUSTIVE, 0",
        "NO_WRITE_HOLE_PROTECTION,             RAID5,  RANDOM,     0",
        "DROP_MEMBER_ON_SECTOR_ERROR,          RAID5,  EXHAUSTIVE, 9",
        "DROP_MEMBER_ON_SECTOR_ERROR,          MIRROR, RANDOM,     0",
        "ABSENT_MEMBER_NOT_RECORDED,           RAID5,  EXHAUSTIVE, 0",
        "ABSENT_MEMBER_NOT_RECORDED,           MIRROR, RANDOM,     1",
        "RESYNC_LEFT_TO_READS,                 RAID5,  RANDOM,     1",
        "RESYNC_LEFT_TO_READS,                 MIRROR, EXHAUSTIVE, 1",
        "FOREIGN_MEMBER_ACCEPTED,              RAID5,  EXHAUSTIVE, 1",
        "FOREIGN_MEMBER_ACCEPTED,              MIRROR, RANDOM,     1",
        "DUPLICATE_MEMBER_ACCEPTED,            RAID5,  EXHAUSTIVE, 1",
        "DUPLICATE_MEMBER_ACCEPTED,            MIRROR, RANDOM,     1",
        "MEMBERS_TAKEN_IN_ORDER_GIVEN,         RAID5,  EXHAUSTIVE, 1",
        "MEMBERS_TAKEN_IN_ORDER_GIVEN,         RAID5,  RANDOM,     1",
        "PARTIAL_SECTOR_TRUNCATED,             RAID5,  EXHAUSTIVE, 1",
        "PARTIAL_SECTOR_TRUNCATED,             MIRROR, RANDOM,     0",
        "RESYNC_GIVES_UP_AT_LOST_SECTOR,       MIRROR, EXHAUSTIVE, 12",
        "RESYNC_GIVES_UP_AT_LOST_SECTOR,       MIRROR, RANDOM,     27",
        "MEMBER_ERROR_PASSED_ON,               RAID5,  EXHAUSTIVE, 0",
        "MEMBER_ERROR_PASSED_ON,               MIRROR, RANDOM,     0",
        "DEGRADED_ASSEMBLY_REFUSED,            MIRROR, EXHAUSTIVE, 0",
        "DEGRADED_ASSEMBLY_REFUSED,            MIRROR, RANDOM,     0",
        "DEGRADED_ASSEMBLY_REFUSED,            RAID5,  EXHAUSTIVE, 0",
        "CLEAN_BEFORE_DURABLE,                 MIRROR, EXHAUSTIVE, 4",
        "CLEAN_BEFORE_DURABLE,                 MIRROR, RANDOM,     4",
        "CLEAN_BEFORE_DURABLE,                 RAID5,  EXHAUSTIVE, 2",
        "CLEAN_BEFORE_DURABLE,                 RAID5,  RANDOM,     4",
        "TOO_FEW_MEMBERS_ACCEPTED,             RAID5,  EXHAUSTIVE, 0",
        "TOO_FEW_MEMBERS_ACCEPTED,             MIRROR, RANDOM,     0",
        "REPLACEMENT_NOT_CHECKED,              RAID5,  EXHAUSTIVE, 1",
        "REPLACEMENT_NOT_CHECKED,              MIRROR, RANDOM,     0",
        "LOST_VOLUME_SERVES,                   RAID5,  EXHAUSTIVE, 0",
        "LOST_VOLUME_SERVES,                   MIRROR, RANDOM,     3",
        "CREATE_KEEPS_OLD_DATA,                RAID5,  EXHAUSTIVE, 2",
        "CREATE_KEEPS_OLD_DATA,                MIRROR, RANDOM,     2",
        "BUFFER_POSITION_IGNORED,              RAID5,  EXHAUSTIVE, 0",
        "BUFFER_POSITION_IGNORED,              MIRROR, RANDOM,     0",
        "RESYNC_FIRST_UNIT_OF_REGION,          RAID5,  EXHAUSTIVE, 0",
        "RESYNC_FIRST_UNIT_OF_REGION,          MIRROR, RANDOM,     0",
        "WRITE_ARRAY_KEPT,                     RAID5,  EXHAUSTIVE, 0",
        "WRITE_ARRAY_KEPT,                     MIRROR, RANDOM,     0",
        "REBUILD_COUNTS_REPLACEMENT,           RAID5,  EXHAUSTIVE, 14",
        "REBUILD_COUNTS_REPLACEMENT,           MIRROR, RANDOM,     15",
        "REPLACEMENT_LOSS_SWALLOWED,           RAID5,  EXHAUSTIVE, 0",
        "REPLACEMENT_LOSS_SWALLOWED,           MIRROR, RANDOM,     0",
        "REBUILD_STEPS_FROM_START,             RAID5,  EXHAUSTIVE, 0",
        "REBUILD_STEPS_FROM_START,             MIRROR, RANDOM,     0",
        "LABEL_FIRST_COPY_ONLY,                RAID5,  EXHAUSTIVE, 25",
        "LABEL_FIRST_COPY_ONLY,                MIRROR, RANDOM,     25",
        "RESYNC_SOURCE_LOSS_FAILS_VOLUME,      MIRROR, EXHAUSTIVE, 8",
        "RESYNC_SOURCE_LOSS_FAILS_VOLUME,      MIRROR, RANDOM,     8",
        "REPLACEMENT_LATE_LOSS_SWALLOWED,      RAID5,  EXHAUSTIVE, 10",
        "REPLACEMENT_LATE_LOSS_SWALLOWED,      MIRROR, RANDOM,     0",
    })
    void isCaughtAtItsWorkload(String variant, VolumeLayout layout, Mode mode, int workload) {
        assertCaughtAt(variant, VolumeSetup.defaults(layout), mode, workload);
    }

    /** The variants of {@link BrokenVolumeVariantsTest#isCaughtOnAThreeWayMirror}. */
    @ParameterizedTest(name = "{0} on a 3-way mirror, {1} mode, workload {2}")
    @CsvSource({
        "REBUILD_SOURCE_LOSS_IGNORED, EXHAUSTIVE, 0",
        "REBUILD_SOURCE_LOSS_IGNORED, RANDOM,     0",
    })
    void isCaughtOnAThreeWayMirrorAtItsWorkload(String variant, Mode mode, int workload) {
        assertCaughtAt(variant, BrokenVolumeVariantsTest.THREE_WAY_MIRROR, mode, workload);
    }

    /**
     * The other side: an engine that takes a liberty the contract grants ({@link LiberalVolumeEngine}) passes the one
     * workload (seed 1) where the suite first lets it take it, and takes it there. A mutant of the model that denies
     * the liberty (an oracle stricter than the contract: a false alarm on an outside engine) fails the row; the
     * correct engine, which takes none of these liberties, never shows it.
     */
    @ParameterizedTest(name = "{0} on {1}, {2} mode, workload {3}: {4}")
    @CsvSource({
        "REFUSE_DIRTY_DEGRADED, RAID5,  EXHAUSTIVE, 0,  REFUSED_DIRTY_DEGRADED",
        "REFUSE_DIRTY_DEGRADED, RAID5,  RANDOM,     0,  REFUSED_DIRTY_DEGRADED",
        "REFUSE_SECTOR_ERRORS,  RAID5,  EXHAUSTIVE, 4,  REFUSED_SECTOR_ERRORS",
        "REFUSE_SECTOR_ERRORS,  RAID5,  RANDOM,     0,  REFUSED_SECTOR_ERRORS",
        "DROP_MEMBERS,          RAID5,  EXHAUSTIVE, 10, REFUSED_DROPPABLE_MEMBERS",
        "DROP_MEMBERS,          RAID5,  RANDOM,     4,  REFUSED_DROPPABLE_MEMBERS",
        "DROP_MEMBERS,          MIRROR, EXHAUSTIVE, 12, DROPPED_A_MEMBER",
        "DROP_MEMBERS,          MIRROR, EXHAUSTIVE, 10, REFUSED_DROPPABLE_MEMBERS",
        "DROP_MEMBERS,          MIRROR, RANDOM,     4,  DROPPED_A_MEMBER",
        "DROP_MEMBERS,          MIRROR, RANDOM,     4,  REFUSED_DROPPABLE_MEMBERS",
    })
    void aLibertyPassesAtItsWorkload(LiberalVolumeEngine.Liberty liberty, VolumeLayout layout, Mode mode,
                                     int workload, LiberalVolumeEngine.Taken taken) {
        LiberalVolumeEngine engine = new LiberalVolumeEngine(EnumSet.of(liberty));
        ExplorationResult<VolumeStep> result = VolumeTesting.run(engine, VolumeSetup.defaults(layout),
                onlyWorkload(mode, workload));
        assertTrue(result.passed(), () -> engine.name() + " on " + layout + ": " + result.counterexample()
                .orElseThrow().violation());
        assertTrue(engine.taken(taken) > 0, "workload " + workload + " of seed 1 (" + mode + " mode) no longer lets "
                + engine.name() + " on " + layout + " take its liberty (" + taken + "): find the first that does");
    }

    /**
     * {@link LiberalVolumeEngine#refusingDirtyDegradedMirrors}: the RAID-5's liberty taken on a mirror, where the
     * contract does not grant it.
     */
    @ParameterizedTest(name = "{0} mode, workload {1}")
    @CsvSource({
        "EXHAUSTIVE, 0",
        "RANDOM,     0",
    })
    void aDirtyDegradedMirrorRefusedIsCaughtAtItsWorkload(Mode mode, int workload) {
        assertCaughtAt(LiberalVolumeEngine.refusingDirtyDegradedMirrors(), VolumeSetup.defaults(VolumeLayout.MIRROR),
                mode, workload);
    }

    private static void assertCaughtAt(String variant, VolumeSetup setup, Mode mode, int workload) {
        assertCaughtAt(TxstackVolumeEngine.named("txstack:" + variant), setup, mode, workload);
    }

    private static void assertCaughtAt(VolumeEngine engine, VolumeSetup setup, Mode mode, int workload) {
        String variant = engine.name();
        ExplorationResult<VolumeStep> result = VolumeTesting.run(engine, setup, onlyWorkload(mode, workload));
        assertFalse(result.passed(), variant + " on " + setup.label() + " slipped past workload " + workload
                + " of seed 1 (" + mode + " mode); a run of it over more workloads (BrokenVolumeVariantsTest.isCaught, "
                + "LiberalVolumeEngineTest) reports the workload that catches it now");
    }

    /** Workload {@code workload} of seed 1 alone, without shrinking. */
    private static ExplorerOptions onlyWorkload(Mode mode, int workload) {
        return VolumeTesting.options(mode, 1, workload + 1).toBuilder().onlyWorkload(workload)
                .shrinking(0, Duration.ZERO).build();
    }
}
