package txstack.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.BrokenLogs;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.volume.BrokenVolumes;
import txstack.implementation.volume.Layout;
import txstack.implementation.volume.Volume;
import txstack.implementation.volume.VolumeOptions;

/** The test fixtures name every broken variant, build each, and refuse any other name with the valid ones. */
class BrokenFixturesTest {

    @Test
    void brokenLogsByName() {
        assertEquals(List.of("SKIP_DEVICE_FLUSH", "SINGLE_RESTART_COPY", "WRAP_IGNORES_START",
                "NO_CHECKSUM_VALIDATION", "NO_EPOCH", "FIXED_LOG_ID", "OPEN_WITHOUT_FLUSH", "IGNORE_FLUSH_ERRORS",
                "NO_SLACK", "EARLY_WAKE", "READ_ERROR_ENDS_LOG", "START_INSIDE_RECORD_ACCEPTED",
                "START_MOVES_BACK", "CLOSE_RELEASES_LOG", "APPEND_AFTER_CLOSE", "CALLER_ARRAYS_KEPT",
                "SCAN_READS_KEPT_TAIL", "LIVE_READS_UNCHECKED", "DAMAGE_TAKEN_FOR_TAIL", "CLOSE_WITHOUT_FLUSH",
                "FAILED_ROUND_ACKS_WAITERS"),
                BrokenLogs.names());
        for (String name : BrokenLogs.names()) {
            MemoryBlockDevice device = MemoryBlockDevice.create(512, 64);
            LogFile log = BrokenLogs.format(device, LogOptions.defaults(), name);
            log.flush(log.append(new byte[] {1}));
            log.close();
            LogFile reopened = BrokenLogs.open(device, LogOptions.defaults(), name);
            // CLOSE_RELEASES_LOG's close releases every record: its defect, shown here as well.
            assertEquals(name.equals("CLOSE_RELEASES_LOG") ? 0 : 1,
                    reopened.readForward(reopened.startLsn(), 10).size(), name);
        }
        for (String wrong : List.of("CORRECT", "no_epoch", "BOGUS")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BrokenLogs.format(MemoryBlockDevice.create(512, 64), LogOptions.defaults(), wrong));
            assertTrue(e.getMessage().contains("name=" + wrong) && e.getMessage().contains("NO_EPOCH"),
                    e.getMessage());
        }
    }

    @Test
    void brokenVolumesByName() {
        assertEquals(List.of("PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE", "NO_WRITE_HOLE_PROTECTION",
                "REBUILD_TRUSTS_STALE_MEMBER", "MIRROR_RESYNC_SKIPPED", "DROP_MEMBER_ON_SECTOR_ERROR",
                "ABSENT_MEMBER_NOT_RECORDED", "RESYNC_LEFT_TO_READS", "FOREIGN_MEMBER_ACCEPTED",
                "DUPLICATE_MEMBER_ACCEPTED", "MEMBERS_TAKEN_IN_ORDER_GIVEN", "PARTIAL_SECTOR_TRUNCATED",
                "RESYNC_GIVES_UP_AT_LOST_SECTOR", "MEMBER_ERROR_PASSED_ON", "DEGRADED_ASSEMBLY_REFUSED",
                "CLEAN_BEFORE_DURABLE", "TOO_FEW_MEMBERS_ACCEPTED",
                "REPLACEMENT_NOT_CHECKED", "LOST_VOLUME_SERVES",
                "CREATE_KEEPS_OLD_DATA", "BUFFER_POSITION_IGNORED", "RESYNC_FIRST_UNIT_OF_REGION",
                "WRITE_ARRAY_KEPT", "REBUILD_SOURCE_LOSS_IGNORED", "REBUILD_COUNTS_REPLACEMENT",
                "REPLACEMENT_LOSS_SWALLOWED", "REPLACEMENT_LATE_LOSS_SWALLOWED", "REBUILD_STEPS_FROM_START",
                "LABEL_FIRST_COPY_ONLY", "RESYNC_SOURCE_LOSS_FAILS_VOLUME"),
                BrokenVolumes.names());
        for (String name : BrokenVolumes.names()) {
            List<BlockDevice> members = List.of(MemoryBlockDevice.create(512, 40), MemoryBlockDevice.create(512, 40),
                    MemoryBlockDevice.create(512, 40));
            Volume volume = BrokenVolumes.create(Layout.RAID5, members, VolumeOptions.defaults(), name);
            volume.flush(); // not closed: close() closes the members
            assertEquals(volume.sectorCount(),
                    BrokenVolumes.assemble(members, VolumeOptions.defaults(), name).sectorCount(), name);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokenVolumes.assemble(List.of(), VolumeOptions.defaults(), "CORRECT"));
        assertTrue(e.getMessage().contains("name=CORRECT") && e.getMessage().contains("NO_WRITE_HOLE_PROTECTION"),
                e.getMessage());
    }
}
