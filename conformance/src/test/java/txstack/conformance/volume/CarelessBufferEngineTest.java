package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Violation;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.Devices;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;

/**
 * The guards around a transfer's bytes bite in the suite, not only in {@link PlacedBufferTest}: an outside engine that
 * is right in every block it stores but careless with the caller's array is caught as DISK-1, one way each. (The
 * broken variant {@code BUFFER_POSITION_IGNORED} is caught too, but as the wrong data it stores.)
 */
class CarelessBufferEngineTest {

    /** What the careless engine does to the caller's array. */
    enum Carelessness {
        /** After a write, changes the first byte of its source (as if it had used the buffer as scratch space). */
        WRITE_CHANGES_SOURCE,
        /** After a read, clears the byte right after the transfer (as if it had rounded the length up). */
        READ_WRITES_PAST_END
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "WRITE_CHANGES_SOURCE, MIRROR, changed the array it was given",
        "WRITE_CHANGES_SOURCE, RAID5,  changed the array it was given",
        "READ_WRITES_PAST_END, MIRROR, wrote outside the bytes it was given",
        "READ_WRITES_PAST_END, RAID5,  wrote outside the bytes it was given",
    })
    void isCaughtAsDisk1(Carelessness carelessness, VolumeLayout layout, String summary) {
        ExplorationResult<VolumeStep> result = VolumeTesting.run(new Careless(new TxstackVolumeEngine(), carelessness),
                VolumeSetup.defaults(layout), VolumeTesting.options(Mode.RANDOM, 1, 5));
        assertFalse(result.passed(), carelessness + " went unnoticed");
        Violation violation = result.counterexample().orElseThrow().violation();
        assertEquals(Requirement.DISK_1, violation.property(), violation.summary());
        assertTrue(violation.summary().contains(summary), violation.summary());
    }

    /** {@code delegate}, careless with the caller's arrays in every volume it creates or assembles. */
    private record Careless(VolumeEngine delegate, Carelessness carelessness) implements VolumeEngine {
        @Override
        public String name() {
            return "careless";
        }

        @Override
        public VolumeService create(VolumeLayout layout, Devices members) {
            return new Service(delegate.create(layout, members), carelessness);
        }

        @Override
        public VolumeService assemble(Devices present) {
            return new Service(delegate.assemble(present), carelessness);
        }
    }

    private record Service(VolumeService delegate, Carelessness carelessness) implements VolumeService {
        @Override
        public void read(long firstSector, byte[] buffer, int offset, int lengthBytes) {
            delegate.read(firstSector, buffer, offset, lengthBytes);
            if (carelessness == Carelessness.READ_WRITES_PAST_END && offset + lengthBytes < buffer.length) {
                buffer[offset + lengthBytes] = 0;
            }
        }

        @Override
        public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
            delegate.write(firstSector, buffer, offset, lengthBytes, forceUnitAccess);
            if (carelessness == Carelessness.WRITE_CHANGES_SOURCE) {
                buffer[offset] ^= 1;
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
            delegate.close();
        }
    }
}
