package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;
import txstack.spi.volume.VolumeLayout;

/**
 * The volume suite at a budget mutation testing can afford for every mutant ({@code ./mvnw -Pmutation verify} runs
 * this class, not the longer explorations): exhaustive and random workloads on a mirror and a RAID-5. It passes on the
 * correct engine like the long runs; under PIT it shows how much a small run already catches.
 */
class VolumeMutationBudgetTest {

    @ParameterizedTest(name = "{0} x{4}, {5} sectors of {6} bytes, {7}-sector units, {1} mode, seed {2}, {3} workloads")
    @CsvSource({
        "RAID5,  EXHAUSTIVE, 21, 40, 3, 13, 512,  2",
        "MIRROR, EXHAUSTIVE, 22, 30, 2, 25, 512,  2",
        "RAID5,  RANDOM,     23, 3,  3, 13, 512,  2",
        "MIRROR, RANDOM,     24, 3,  2, 25, 512,  2",
        // Wider RAID-5s: a stripe's parity over four and five data units.
        "RAID5,  EXHAUSTIVE, 25, 10, 5, 13, 512,  2",
        "RAID5,  EXHAUSTIVE, 26, 10, 6, 13, 512,  2",
        // A 3-way mirror: the only layout where a survivor may die during a rebuild.
        "MIRROR, EXHAUSTIVE, 27, 10, 3, 25, 512,  2",
        // The other geometries the default runs draw (VolumeSetup.drawn): writes sized for 1-sector units over four
        // members, and 4 KiB sectors; on both, members of an even number of sectors, all of which the engine uses
        // (a replacement, or a member at assembly, of exactly the size the engine needs must do).
        "RAID5,  EXHAUSTIVE, 28, 10, 4, 12, 512,  1",
        "MIRROR, EXHAUSTIVE, 29, 10, 2, 24, 4096, 2",
        // The default runs' RAID-5 of 4 KiB sectors, at the seed the README's examples use: its first two workloads
        // write a degraded stripe in part, where the parity must be computed with a data unit missing, and hand the
        // engine a member's disk cut short.
        "RAID5,  EXHAUSTIVE, 1,  2,  3, 12, 4096, 2",
    })
    void passesEveryProperty(VolumeLayout layout, Mode mode, long seed, int workloads, int members,
                             long memberSectors, int sectorSize, int unitSectors) {
        VolumeSetup setup = new VolumeSetup(layout, members, sectorSize, memberSectors, unitSectors);
        ExplorationResult<VolumeStep> result = VolumeTesting.run(new TxstackVolumeEngine(), setup,
                VolumeTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        assertTrue(result.stats().get(Stats.Counter.CRASH_STATES) > 0, "no crash state checked");
        if (layout == VolumeLayout.MIRROR && members >= 3) {
            assertTrue(result.stats().get(Stats.Counter.SURVIVORS_DIED_IN_REBUILD) > 0, "no survivor died in a rebuild");
        }
    }

    /**
     * Single workloads of the default runs, on the geometry each drew ({@code ./txstack conform volume --layout L
     * --mode M --seed S --workload W} with the geometry options of the row replays one), that reach a path the runs
     * above miss, each said in its row. Each checks that its workload still has what it is there for (a counter of
     * the report), so a change of the workloads cannot make it miss in silence.
     */
    @ParameterizedTest(name = "{0} x{4}, {5} sectors of {6} bytes, {7}-sector units, {1} mode, seed {2}, workload {3}")
    @CsvSource({
        // A member's disk dies and a one-block write meets it first, reading the dead member for the stripe's parity:
        // the write must drop the member and be tried again without it (Raid5Volume.StripeWrite.tryWrite's retry).
        "RAID5,  RANDOM,     32,              1,   3, 13, 512,  2, MEMBER_DEATHS_MET_BY_A_WRITE",
        // A clean close assembled without member 0, member 0 rebuilt, then a power cycle with member 0 missing at the
        // assembly: the survivor's label must have recorded the rebuilt member in a newer generation (Volume's
        // installRebuilt), or the assembly after a crash inside that one finds two labels of one generation that
        // disagree about member 0, and may serve the member it had to leave out.
        "MIRROR, EXHAUSTIVE, 204594116325767, 443, 2, 24, 4096, 2, VOLUME_CLEAN_CLOSES",
        // A write across two data units of one stripe, not from the first unit's start, takes read-modify-write
        // (cheaper there than reading the rest of the stripe); a clean close then leaves parity unchecked by any
        // resync, and the assembly without member 0 reads the stripe from it: each unit's old and new rows must go
        // into the parity where they lie.
        "RAID5,  EXHAUSTIVE, 1,               8,   4, 12, 512,  1, VOLUME_CLEAN_CLOSES",
        // A member's disk dies, then a write of two blocks meets the stripe with a data unit missing: its parity
        // must come from the old parity and the other units, never by reading the missing one.
        "RAID5,  EXHAUSTIVE, 2,               3,   4, 12, 512,  1, DEGRADED_PARTIAL_STRIPE_WRITES",
        // A member's disk dies and a one-block write meets it first: the engine must count the member failed when
        // that write returns (Volume.writeMember drops it), not only once a later read or flush meets it too.
        "MIRROR, EXHAUSTIVE, 1,               10,  3, 25, 512,  2, MEMBER_DEATHS_MET_IN_A_CALL",
    })
    void passesAWorkloadThatReachesAPath(VolumeLayout layout, Mode mode, long seed, int workload, int members,
                                         long memberSectors, int sectorSize, int unitSectors, Stats.Counter reached) {
        VolumeSetup setup = new VolumeSetup(layout, members, sectorSize, memberSectors, unitSectors);
        ExplorationResult<VolumeStep> result = VolumeTesting.run(new TxstackVolumeEngine(), setup,
                ExplorerOptions.builder(mode).seed(seed).workloads(workload + 1).onlyWorkload(workload)
                        .jobs(VolumeTesting.JOBS).timeLimit(VolumeTesting.TIME_LIMIT).build());
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(1, result.workloadsCompleted(), "the workload ran to the end");
        assertTrue(result.stats().get(reached) > 0, "the workload no longer reaches what it is here for: " + reached);
    }
}
