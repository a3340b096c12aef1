package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import txstack.spi.disk.Devices;
import txstack.conformance.explorer.Requirement;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.Budget;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;

/**
 * DISK-4 during a degraded read, step by step: a member fails, a sector of a survivor stops reading, the written
 * blocks are read. The correct engine loses at most the blocks of that sector's row and keeps serving the rest; an engine that
 * hides the loss (zeros instead of an error) and one that returns an error for every block are both caught.
 */
class SectorErrorConformanceTest {

    /**
     * Writes the first blocks, flushes, fails member 0, makes member 1's sector 2 unreadable (the first data sector of
     * the txstack layout, after its two label copies), reads the written blocks.
     */
    private static final List<VolumeStep> DEGRADED_READ_OVER_BAD_SECTORS = List.of(
            new VolumeStep.Write(0, 8, false, 0x51), new VolumeStep.Flush(), new VolumeStep.FailMember(0),
            new VolumeStep.LoseSector(1, 2), new VolumeStep.Read(0, 8));

    /**
     * Regression, shrunk from {@code conform volume --layout mirror --mode random --seed 5 --workload 655}: a block
     * written, the sector holding it made unreadable on both halves (member sector 16: block 14 after the txstack
     * layout's two label copies), a flush, and every crash point of it. The resync at assembly met the sector with no
     * redundancy left and the whole mirror failed to start; only that block may be lost (DISK-4).
     */
    private static final List<VolumeStep> LOST_ON_BOTH_HALVES_THEN_CRASH = List.of(
            new VolumeStep.Write(14, 1, false, 0x142fd469), new VolumeStep.LoseSector(0, 16),
            new VolumeStep.LoseSector(1, 16), new VolumeStep.Flush());

    /**
     * A write still in the caches, then the sector after it (member sector 9: block 7) made unreadable on both halves,
     * then a flush: a crash inside the flush may leave the write on one half only, and the assembly's resync must copy
     * it around the row no half can read.
     */
    private static final List<VolumeStep> TORN_WRITE_BESIDE_A_ROW_LOST_ON_BOTH_HALVES = List.of(
            new VolumeStep.Write(0, 8, false, 0x11), new VolumeStep.Flush(), new VolumeStep.Write(6, 1, false, 0x22),
            new VolumeStep.LoseSector(0, 9), new VolumeStep.LoseSector(1, 9), new VolumeStep.Flush());

    private static Optional<Failure<VolumeStep>> run(VolumeEngine engine, VolumeSetup setup, Stats stats) {
        return run(engine, setup, DEGRADED_READ_OVER_BAD_SECTORS, stats);
    }

    private static Optional<Failure<VolumeStep>> run(VolumeEngine engine, VolumeSetup setup, List<VolumeStep> steps,
                                                     Stats stats) {
        CaseContext context = new CaseContext(VolumeTesting.options(Mode.EXHAUSTIVE, 1, 1), 1, stats,
                Budget.unlimited(stats));
        return new VolumeSuite(engine, setup).run(steps, 1, context);
    }

    @Test
    void aMirrorCrashedWithABlockLostOnBothHalvesStartsAndLosesThatBlockAlone() {
        Stats stats = new Stats();
        Optional<Failure<VolumeStep>> failure = run(new TxstackVolumeEngine(),
                VolumeSetup.defaults(VolumeLayout.MIRROR), LOST_ON_BOTH_HALVES_THEN_CRASH, stats);
        assertTrue(failure.isEmpty(), () -> failure.orElseThrow().trace());
        assertTrue(stats.get(Stats.Counter.CRASH_STATES) > 0, "the flush's crash states were checked");
        assertTrue(stats.propertyChecks().getOrDefault(Requirement.DISK_4, 0L) > 0, stats.propertyChecks().toString());
    }

    /**
     * The scrub after an assembly past the redundancy finds a resync that gave up at the lost row, at the first crash
     * state that shows it: it runs before the check fails a member and rereads through the other half.
     */
    @Test
    void aResyncThatGivesUpAtTheLostRowIsFoundByTheScrubPastTheRedundancy() {
        Stats stats = new Stats();
        VolumeSetup mirror = VolumeSetup.defaults(VolumeLayout.MIRROR);
        Optional<Failure<VolumeStep>> correct = run(new TxstackVolumeEngine(), mirror,
                TORN_WRITE_BESIDE_A_ROW_LOST_ON_BOTH_HALVES, stats);
        assertTrue(correct.isEmpty(), () -> correct.orElseThrow().trace());
        assertTrue(stats.get(Stats.Counter.SCRUBS_PAST_REDUNDANCY) > 0, "no scrub past the redundancy");

        Optional<Failure<VolumeStep>> broken = run(TxstackVolumeEngine.named("txstack:RESYNC_GIVES_UP_AT_LOST_SECTOR"),
                mirror, TORN_WRITE_BESIDE_A_ROW_LOST_ON_BOTH_HALVES, new Stats());
        assertTrue(broken.isPresent(), "a resync that gave up at the lost row went unnoticed");
        assertEquals(Requirement.DISK_4, broken.get().violation().property());
        assertTrue(broken.get().violation().summary().contains("a sector lost beyond the redundancy"),
                broken.get().violation().summary());
    }

    @ParameterizedTest
    @EnumSource(VolumeLayout.class)
    void theCorrectEngineLosesOnlyTheBadSectorsRows(VolumeLayout layout) {
        Stats stats = new Stats();
        Optional<Failure<VolumeStep>> failure = run(new TxstackVolumeEngine(), VolumeSetup.defaults(layout), stats);
        assertTrue(failure.isEmpty(), () -> failure.orElseThrow().trace());
        assertTrue(stats.get(Stats.Counter.STEPS) == DEGRADED_READ_OVER_BAD_SECTORS.size(), "a step was skipped");
        assertTrue(stats.propertyChecks().getOrDefault(Requirement.DISK_4, 0L) > 0, stats.propertyChecks().toString());
        assertTrue(stats.get(Stats.Counter.CRASH_STATES) > 0, "the steps' crash states were checked too");
    }

    @ParameterizedTest
    @EnumSource(VolumeLayout.class)
    void anEngineThatHidesTheLossIsCaught(VolumeLayout layout) {
        Optional<Failure<VolumeStep>> failure = run(new Lossy(new TxstackVolumeEngine(), false),
                VolumeSetup.defaults(layout), new Stats());
        assertTrue(failure.isPresent(), "zeros returned for a lost block went unnoticed");
        assertEquals(layout == VolumeLayout.MIRROR ? Requirement.DISK_4 : Requirement.VOL_6,
                failure.get().violation().property());
        assertTrue(failure.get().violation().summary().contains("reads wrong data"),
                failure.get().violation().summary());
    }

    @ParameterizedTest
    @EnumSource(VolumeLayout.class)
    void anEngineThatLosesMoreThanTheRowsIsCaught(VolumeLayout layout) {
        Optional<Failure<VolumeStep>> failure = run(new Lossy(new TxstackVolumeEngine(), true),
                VolumeSetup.defaults(layout), new Stats());
        assertTrue(failure.isPresent(), "a volume failing every read after one bad sector went unnoticed");
        assertEquals(Requirement.DISK_4, failure.get().violation().property());
        assertTrue(failure.get().violation().summary().contains("explain at most"),
                failure.get().violation().summary());
    }

    /**
     * An engine wrapped to misbehave once a read fails: it returns zeros instead of the error ({@code loseAll}
     * false), or fails every later read ({@code loseAll} true).
     */
    private record Lossy(VolumeEngine delegate, boolean loseAll) implements VolumeEngine {
        @Override
        public String name() {
            return "lossy";
        }

        @Override
        public VolumeService create(VolumeLayout layout, Devices members) {
            return new Service(delegate.create(layout, members), loseAll);
        }

        @Override
        public VolumeService assemble(Devices present) {
            return delegate.assemble(present);
        }
    }

    private static final class Service implements VolumeService {
        private final VolumeService delegate;
        private final boolean loseAll;
        private boolean failedOnce;

        Service(VolumeService delegate, boolean loseAll) {
            this.delegate = delegate;
            this.loseAll = loseAll;
        }

        @Override
        public void read(long firstSector, byte[] buffer, int offset, int lengthBytes) {
            if (failedOnce && loseAll) {
                throw new DeviceException("lossy: every read fails now");
            }
            try {
                delegate.read(firstSector, buffer, offset, lengthBytes);
            } catch (DeviceException e) {
                failedOnce = true;
                if (loseAll) {
                    throw e;
                }
                java.util.Arrays.fill(buffer, offset, offset + lengthBytes, (byte) 0);
            }
        }

        @Override
        public int sectorSizeBytes() {
            return delegate.sectorSizeBytes();
        }

        @Override
        public long sectorCount() {
            return delegate.sectorCount();
        }

        @Override
        public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
            delegate.write(firstSector, buffer, offset, lengthBytes, forceUnitAccess);
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        @Override
        public void failMember(int member) {
            delegate.failMember(member);
        }

        @Override
        public void replaceMember(int member, BlockDevice replacement) {
            delegate.replaceMember(member, replacement);
        }

        @Override
        public Set<Integer> failedMembers() {
            return delegate.failedMembers();
        }

        @Override
        public void close() {
            delegate.close(); // the engine's own clean shutdown, not the default's flush alone
        }
    }
}
