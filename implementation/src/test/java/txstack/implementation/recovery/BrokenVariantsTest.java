package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import txstack.implementation.StorageException;

/**
 * One small crash scenario per broken variant, each the case the variant gets wrong: the correct store passes it,
 * the variant fails it (wrong page content, or recovery refusing the log). The crash is {@link Devices#crash()}:
 * every write issued landed, the log records not flushed are lost. The fixture {@link BrokenStores} names them all.
 */
class BrokenVariantsTest {
    private static final StoreOptions OPTIONS = Devices.smallOptions();
    private static final byte[] LOSER = {1, 2, 3, 4};
    private static final byte[] WINNER = {5, 6, 7, 8};

    /** What page 1 holds after the scenario, a crash and recovery; the error's text if recovery or the read fails. */
    private static String afterCrash(RecoveryFault fault, Consumer<RecoverableStore> scenario) {
        Devices devices = Devices.create(40, 512, 4);
        RecoverableStore store = RecoverableStore.format(devices.log(), devices.data(), OPTIONS, fault);
        scenario.accept(store);
        Devices crashed = devices.crash();
        try {
            RecoverableStore recovered = RecoverableStore.open(crashed.log(), crashed.data(), OPTIONS, fault);
            return Arrays.toString(Arrays.copyOf(recovered.read(1), 4));
        } catch (StorageException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static final String ZEROS = Arrays.toString(new byte[4]);
    private static final String WON = Arrays.toString(WINNER);

    /** A loser's stolen page: write-back must flush the loser's record first, or nothing can undo it (REC-3). */
    private static void stolenLoserPage(RecoverableStore store) {
        Transaction loser = store.begin();
        loser.update(1, 0, LOSER);
        store.writeBack(1);
    }

    /** A rollback of a stolen page, then the log flushed by a commit elsewhere (REC-6). */
    private static void rolledBackStolenPage(RecoverableStore store) {
        Transaction loser = store.begin();
        loser.update(1, 0, LOSER);
        store.writeBack(1);
        loser.rollback();
        Transaction other = store.begin();
        other.update(2, 0, WINNER);
        other.commit();
    }

    /** A committed change never written back, logged before a checkpoint (REC-5, REC-7). */
    private static void committedBeforeCheckpoint(RecoverableStore store) {
        Transaction winner = store.begin();
        winner.update(1, 0, WINNER);
        winner.commit();
        store.checkpoint();
    }

    /** A transaction updating and committing while a checkpoint is between its begin and end records. */
    private static void committedDuringCheckpoint(RecoverableStore store) {
        store.checkpoint(() -> {
            Transaction winner = store.begin();
            winner.update(1, 0, WINNER);
            winner.commit();
        });
    }

    /** A loser whose every record precedes the checkpoint, its page stolen (REC-6). */
    private static void loserBeforeCheckpoint(RecoverableStore store) {
        stolenLoserPage(store);
        store.checkpoint();
    }

    @Test
    void walOffLeavesAStolenLoserPageNobodyCanUndo() {
        assertEquals(ZEROS, afterCrash(RecoveryFault.CORRECT, BrokenVariantsTest::stolenLoserPage));
        // The loser's bytes stay, or (if the page is read before the log grows past its LSN) the page is refused.
        String broken = afterCrash(RecoveryFault.WAL_OFF, BrokenVariantsTest::stolenLoserPage);
        assertTrue(broken.equals(Arrays.toString(LOSER)) || broken.contains("page newer than the log"), broken);
    }

    @Test
    void noClrLosesTheUndoOfAStolenPage() {
        assertEquals(ZEROS, afterCrash(RecoveryFault.CORRECT, BrokenVariantsTest::rolledBackStolenPage));
        assertEquals(Arrays.toString(LOSER), afterCrash(RecoveryFault.NO_CLR,
                BrokenVariantsTest::rolledBackStolenPage));
    }

    @Test
    void redoFromTheCheckpointLosesACommittedChange() {
        assertEquals(WON, afterCrash(RecoveryFault.CORRECT, BrokenVariantsTest::committedBeforeCheckpoint));
        assertEquals(ZEROS, afterCrash(RecoveryFault.REDO_FROM_WRONG_POINT,
                BrokenVariantsTest::committedBeforeCheckpoint));
    }

    @Test
    void aStartPastWhatIsNeededLeavesRecoveryWithoutItsRecords() {
        String broken = afterCrash(RecoveryFault.START_PAST_NEEDED, BrokenVariantsTest::committedBeforeCheckpoint);
        assertTrue(broken.startsWith("CorruptStoreException: redo point below the log start"), broken);
    }

    @Test
    void analysisFromTheEndRecordMissesWhatHappenedDuringTheCheckpoint() {
        assertEquals(WON, afterCrash(RecoveryFault.CORRECT, BrokenVariantsTest::committedDuringCheckpoint));
        assertEquals(ZEROS, afterCrash(RecoveryFault.ANALYSIS_FROM_END_CHECKPOINT,
                BrokenVariantsTest::committedDuringCheckpoint));
    }

    @Test
    void ignoringTheCheckpointsTransactionsLeavesALoserInPlace() {
        assertEquals(ZEROS, afterCrash(RecoveryFault.CORRECT, BrokenVariantsTest::loserBeforeCheckpoint));
        assertEquals(Arrays.toString(LOSER), afterCrash(RecoveryFault.IGNORE_CHECKPOINT_TX_TABLE,
                BrokenVariantsTest::loserBeforeCheckpoint));
    }

    /** Without a crash every variant stores and reads back, so only the checks above tell them apart. */
    @ParameterizedTest
    @EnumSource(RecoveryFault.class)
    void everyVariantWorksUntilACrash(RecoveryFault fault) {
        Devices devices = Devices.create(40, 512, 4);
        RecoverableStore store = RecoverableStore.format(devices.log(), devices.data(), OPTIONS, fault);
        Transaction tx = store.begin();
        tx.update(1, 0, WINNER);
        tx.commit();
        store.close();
        RecoverableStore reopened = RecoverableStore.open(devices.log(), devices.data(), OPTIONS, fault);
        assertEquals(WON, Arrays.toString(Arrays.copyOf(reopened.read(1), 4)));
    }

    @Test
    void theFixtureNamesEveryVariantAndRefusesOthers() {
        assertEquals(List.of("WAL_OFF", "NO_CLR", "REDO_FROM_WRONG_POINT", "START_PAST_NEEDED",
                "ANALYSIS_FROM_END_CHECKPOINT", "IGNORE_CHECKPOINT_TX_TABLE"), BrokenStores.names());
        for (String name : BrokenStores.names()) {
            Devices devices = Devices.create(40, 512, 4);
            BrokenStores.format(devices.log(), devices.data(), OPTIONS, name).close();
            assertEquals(4, BrokenStores.open(devices.log(), devices.data(), OPTIONS, name).pageCount(), name);
        }
        for (String wrong : List.of("CORRECT", "wal_off", "BOGUS")) {
            Devices devices = Devices.create(40, 512, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BrokenStores.format(devices.log(), devices.data(), OPTIONS, wrong));
            assertTrue(e.getMessage().contains("name=" + wrong) && e.getMessage().contains("NO_CLR"),
                    e.getMessage());
        }
    }
}
