package txstack.conformance.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The txstack engines by name: {@code txstack} and every broken variant, and nothing else. */
class TxstackEngineNamesTest {

    @Test
    void everyLogNameResolvesToItself() {
        List<String> names = TxstackLogEngine.names();
        assertEquals(List.of("txstack", "txstack:SKIP_DEVICE_FLUSH", "txstack:SINGLE_RESTART_COPY",
                "txstack:WRAP_IGNORES_START", "txstack:NO_CHECKSUM_VALIDATION", "txstack:NO_EPOCH",
                "txstack:FIXED_LOG_ID", "txstack:OPEN_WITHOUT_FLUSH", "txstack:IGNORE_FLUSH_ERRORS",
                "txstack:NO_SLACK", "txstack:EARLY_WAKE", "txstack:READ_ERROR_ENDS_LOG",
                "txstack:START_INSIDE_RECORD_ACCEPTED", "txstack:START_MOVES_BACK", "txstack:CLOSE_RELEASES_LOG",
                "txstack:APPEND_AFTER_CLOSE", "txstack:CALLER_ARRAYS_KEPT", "txstack:SCAN_READS_KEPT_TAIL",
                "txstack:LIVE_READS_UNCHECKED", "txstack:DAMAGE_TAKEN_FOR_TAIL", "txstack:CLOSE_WITHOUT_FLUSH",
                "txstack:FAILED_ROUND_ACKS_WAITERS"),
                names);
        for (String name : names) {
            assertEquals(name, TxstackLogEngine.named(name).name());
        }
        assertEquals("txstack", TxstackLogEngine.named("TxStack").name());
        assertEquals("txstack:NO_CHECKSUM_VALIDATION", TxstackLogEngine.named("txstack:no-checksum-validation")
                .name());
    }

    @Test
    void everyFileSystemNameResolvesToItself() {
        List<String> names = TxstackFileSystemEngine.names();
        assertEquals(List.of("txstack", "txstack:REUSE_FREED_EARLY", "txstack:RENAME_NOT_ATOMIC",
                "txstack:INDEX_SPLIT_PARTIAL", "txstack:EXPOSE_UNWRITTEN", "txstack:UNREADABLE_AS_ZEROS"), names);
        for (String name : names) {
            assertEquals(name, TxstackFileSystemEngine.named(name).name());
        }
    }

    @Test
    void everyVolumeNameResolvesToItself() {
        List<String> names = TxstackVolumeEngine.names();
        assertEquals(List.of("txstack", "txstack:PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE",
                "txstack:NO_WRITE_HOLE_PROTECTION", "txstack:REBUILD_TRUSTS_STALE_MEMBER",
                "txstack:MIRROR_RESYNC_SKIPPED", "txstack:DROP_MEMBER_ON_SECTOR_ERROR",
                "txstack:ABSENT_MEMBER_NOT_RECORDED", "txstack:RESYNC_LEFT_TO_READS",
                "txstack:FOREIGN_MEMBER_ACCEPTED", "txstack:DUPLICATE_MEMBER_ACCEPTED",
                "txstack:MEMBERS_TAKEN_IN_ORDER_GIVEN", "txstack:PARTIAL_SECTOR_TRUNCATED",
                "txstack:RESYNC_GIVES_UP_AT_LOST_SECTOR", "txstack:MEMBER_ERROR_PASSED_ON",
                "txstack:DEGRADED_ASSEMBLY_REFUSED", "txstack:CLEAN_BEFORE_DURABLE",
                "txstack:TOO_FEW_MEMBERS_ACCEPTED", "txstack:REPLACEMENT_NOT_CHECKED",
                "txstack:LOST_VOLUME_SERVES", "txstack:CREATE_KEEPS_OLD_DATA",
                "txstack:BUFFER_POSITION_IGNORED", "txstack:RESYNC_FIRST_UNIT_OF_REGION",
                "txstack:WRITE_ARRAY_KEPT", "txstack:REBUILD_SOURCE_LOSS_IGNORED",
                "txstack:REBUILD_COUNTS_REPLACEMENT", "txstack:REPLACEMENT_LOSS_SWALLOWED",
                "txstack:REPLACEMENT_LATE_LOSS_SWALLOWED", "txstack:REBUILD_STEPS_FROM_START",
                "txstack:LABEL_FIRST_COPY_ONLY", "txstack:RESYNC_SOURCE_LOSS_FAILS_VOLUME"), names);
        for (String name : names) {
            assertEquals(name, TxstackVolumeEngine.named(name).name());
        }
        assertEquals("txstack:NO_WRITE_HOLE_PROTECTION", TxstackVolumeEngine.named("TXSTACK:no-write-hole-protection")
                .name());
    }

    @Test
    void anyOtherNameIsRefusedWithTheValidOnes() {
        for (String wrong : List.of("txstack:BOGUS", "txstack:CORRECT", "txstack:", "txstack:NO_EPOCH ", "other",
                "txstack:NO_WRITE_HOLE_PROTECTION")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TxstackLogEngine.named(wrong));
            assertTrue(e.getMessage().contains(String.join(", ", TxstackLogEngine.names())), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TxstackVolumeEngine.named("txstack:NO_EPOCH"));
        assertTrue(e.getMessage().startsWith("unknown txstack variant 'NO_EPOCH'"), e.getMessage());
        assertTrue(e.getMessage().contains(String.join(", ", TxstackVolumeEngine.names())), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TxstackVolumeEngine.named(null));
    }
}
