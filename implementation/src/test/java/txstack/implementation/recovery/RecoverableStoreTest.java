package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogOptions;

/** Update, commit, rollback, write-back, close and reopen, and every limit, on small in-memory devices. */
class RecoverableStoreTest {
    private static final StoreOptions OPTIONS = Devices.smallOptions();

    private static byte[] bytes(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] page(RecoverableStore store, int offset, byte[] bytes) {
        byte[] page = new byte[store.pageSizeBytes()];
        System.arraycopy(bytes, 0, page, offset, bytes.length);
        return page;
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void aNewStoreReadsZeros(int sectorSizeBytes) {
        Devices devices = Devices.create(40, sectorSizeBytes, 8);
        devices.data().fill((byte) 0x5A);
        RecoverableStore store = devices.format(OPTIONS);
        assertEquals(sectorSizeBytes - PageCodec.HEADER_BYTES, store.pageSizeBytes());
        assertEquals(8, store.pageCount());
        for (long page = 0; page < 8; page++) {
            assertArrayEquals(new byte[store.pageSizeBytes()], store.read(page));
        }
        assertEquals(RecoveryStats.NONE, store.lastRecovery());
        store.close();
        RecoverableStore reopened = devices.open(OPTIONS);
        assertEquals(new RecoveryStats(2, 0, 0, 0, 0), reopened.lastRecovery());
        assertArrayEquals(new byte[reopened.pageSizeBytes()], reopened.read(7));
    }

    @Test
    void theDefaultOptionsWorkOnAModestLog() {
        Devices devices = Devices.create(256, 4096, 16);
        RecoverableStore store = devices.format(StoreOptions.defaults());
        for (int i = 0; i < 200; i++) {
            Transaction tx = store.begin();
            tx.update(i % 16, i, bytes(StoreOptions.defaults().updateBytesMax(), i));
            tx.commit();
        }
        byte[] expected = store.read(7);
        assertArrayEquals(expected, devices.crash().open(StoreOptions.defaults()).read(7));
    }

    @Test
    void committedUpdatesSurviveACleanClose() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction tx = store.begin();
        tx.update(3, 10, bytes(5, 7));
        tx.update(3, 12, bytes(5, 9));
        byte[] expected = store.read(3);
        assertEquals(9, expected[12]);
        assertEquals(7, expected[11]);
        tx.commit();
        store.close();
        RecoverableStore reopened = devices.open(OPTIONS);
        assertArrayEquals(expected, reopened.read(3));
        assertEquals(0, reopened.lastRecovery().losers());
    }

    @Test
    void rollbackRestoresTheOldBytesWithOneClrPerUpdate() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction first = store.begin();
        first.update(1, 0, bytes(8, 1));
        first.commit();
        byte[] committed = store.read(1);
        Transaction second = store.begin();
        second.update(1, 4, bytes(8, 2));
        second.update(2, 4, bytes(8, 3));
        second.update(1, 6, bytes(8, 4));
        long endBefore = store.log().endLsn();
        second.rollback();
        assertArrayEquals(committed, store.read(1));
        assertArrayEquals(new byte[store.pageSizeBytes()], store.read(2));
        long clrAndEndBytes = 3L * (StoreRecordCodec.compensationBytes(8) + 16) + StoreRecordCodec.HEADER_BYTES + 16;
        assertEquals(endBefore + clrAndEndBytes, store.log().endLsn());
        assertThrows(IllegalStateException.class, second::commit);
        store.close();
        RecoverableStore reopened = devices.open(OPTIONS);
        assertArrayEquals(committed, reopened.read(1));
        assertArrayEquals(new byte[reopened.pageSizeBytes()], reopened.read(2));
    }

    @Test
    void aCrashUndoesStolenUncommittedPagesAndRedoesCommittedOnes() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction winner = store.begin();
        winner.update(0, 0, bytes(4, 1));
        Transaction loser = store.begin();
        loser.update(1, 0, bytes(4, 2));
        loser.update(1, 2, bytes(4, 3));
        store.writeBack(1); // steal: flushes the log through the loser's records first
        winner.commit(); // no-force: page 0 stays in the cache only
        Devices crashed = devices.crash();
        RecoverableStore recovered = crashed.open(OPTIONS);
        assertArrayEquals(page(recovered, 0, bytes(4, 1)), recovered.read(0));
        assertArrayEquals(new byte[recovered.pageSizeBytes()], recovered.read(1));
        RecoveryStats stats = recovered.lastRecovery();
        assertEquals(1, stats.losers());
        assertEquals(2, stats.updatesUndone());
        assertEquals(2, stats.clrsWritten());
        assertTrue(stats.recordsRedone() >= 1, stats.toString());

        // Recovering twice gives the same result, and the second has nothing to undo.
        RecoverableStore again = crashed.crash().open(OPTIONS);
        assertArrayEquals(page(again, 0, bytes(4, 1)), again.read(0));
        assertArrayEquals(new byte[again.pageSizeBytes()], again.read(1));
        assertEquals(0, again.lastRecovery().losers());
    }

    @Test
    void transactionIdsAreNeverReusedAcrossRecovery() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction tx = store.begin();
        tx.update(0, 0, bytes(1, 1));
        tx.commit();
        Transaction loser = store.begin();
        loser.update(1, 0, bytes(1, 1));
        store.log().flush(store.log().endLsn() - 1);
        RecoverableStore recovered = devices.crash().open(OPTIONS);
        assertTrue(recovered.begin().id() > loser.id());
    }

    @Test
    void aCorruptPageIsAnErrorNotData() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction tx = store.begin();
        tx.update(5, 0, bytes(4, 1));
        tx.commit();
        store.close();
        byte[] image = devices.data().image();
        image[5 * 512 + 100] ^= 1;
        Devices damaged = new Devices(devices.log(), MemoryBlockDevice.of(512, image));
        RecoverableStore reopened = damaged.open(OPTIONS);
        CorruptPageException e = assertThrows(CorruptPageException.class, () -> reopened.read(5));
        assertTrue(e.getMessage().contains("crc32c mismatch: page=5"), e.getMessage());
    }

    @Test
    void openRefusesWhatIsNotItsStore() {
        Devices devices = Devices.create(40, 512, 8);
        devices.format(OPTIONS).close();
        Devices otherData = new Devices(devices.log(), MemoryBlockDevice.create(512, 9));
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> otherData.open(OPTIONS));
        assertTrue(e.getMessage().contains("expectedPageCount=8"), e.getMessage());
        Devices bareLog = Devices.create(40, 512, 8);
        txstack.implementation.lfs.LogFile.format(bareLog.log(), OPTIONS.logOptions()).close();
        assertThrows(CorruptStoreException.class, () -> bareLog.open(OPTIONS));
    }

    @Test
    void everyLimitIsAClearError() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction tx = store.begin();
        assertThrows(IndexOutOfBoundsException.class, () -> tx.update(8, 0, bytes(1, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> tx.update(-1, 0, bytes(1, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> tx.update(0, store.pageSizeBytes() - 3, bytes(4, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> tx.update(0, -1, bytes(4, 1)));
        assertThrows(IllegalArgumentException.class, () -> tx.update(0, 0, new byte[0]));
        StoreLimitException tooLarge = assertThrows(StoreLimitException.class, () -> tx.update(0, 0, bytes(65, 1)));
        assertTrue(tooLarge.getMessage().contains("updateBytesMax=64"), tooLarge.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> store.read(8));
        for (int i = 1; i < OPTIONS.transactionsMax(); i++) {
            store.begin();
        }
        StoreLimitException tooMany = assertThrows(StoreLimitException.class, store::begin);
        assertTrue(tooMany.getMessage().contains("transactionsMax=4"), tooMany.getMessage());
        tx.commit();
        store.begin();
        store.close();
        store.close();
        assertThrows(StoreClosedException.class, store::begin);
        assertThrows(StoreClosedException.class, () -> store.read(0));
    }

    @Test
    void optionsThatDoNotFitTheDevicesAreRefused() {
        Devices devices = Devices.create(40, 512, 8);
        assertThrows(IllegalArgumentException.class, () -> devices.format(OPTIONS.withUpdateBytesMax(481)));
        assertThrows(IllegalArgumentException.class,
                () -> devices.format(OPTIONS.withLogOptions(new LogOptions(4096, 16, 4096))));
        assertThrows(IllegalArgumentException.class, () -> devices.format(OPTIONS.withCachePagesMax(1000)));
        assertThrows(IllegalArgumentException.class, () -> new StoreOptions(0, 1, 1, LogOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new StoreOptions(1, 1 << 13, 1, LogOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new StoreOptions(1, 1, 5000, LogOptions.defaults()));
    }

    @Test
    void theCacheEvictsTheLeastRecentlyUsedPageAndReadsItBack() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS.withCachePagesMax(1));
        Transaction tx = store.begin();
        for (int page = 0; page < 8; page++) {
            tx.update(page, page, bytes(3, page + 1));
        }
        for (int page = 0; page < 8; page++) {
            assertArrayEquals(page(store, page, bytes(3, page + 1)), store.read(page));
        }
        tx.rollback();
        for (int page = 0; page < 8; page++) {
            assertArrayEquals(new byte[store.pageSizeBytes()], store.read(page));
        }
    }

    @Test
    void aCheckpointMovesTheLogStartToTheOldestNeededRecord() {
        Devices devices = Devices.create(40, 512, 8);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction old = store.begin();
        old.update(0, 0, bytes(2, 1));
        long firstLsn = store.log().endLsn();
        Transaction dirty = store.begin();
        dirty.update(1, 0, bytes(2, 1));
        dirty.commit();
        old.update(2, 0, bytes(2, 1));
        store.checkpoint();
        assertTrue(store.log().startLsn() < firstLsn, "the old transaction's first record is needed");
        old.commit();
        store.checkpoint();
        assertTrue(store.log().startLsn() <= firstLsn, "page 0 is dirty since the old transaction's first update");
        store.writeBack(0);
        store.writeBack(1);
        store.writeBack(2);
        long beforeCheckpoint = store.log().endLsn();
        store.checkpoint();
        assertEquals(beforeCheckpoint, store.log().startLsn(), "nothing but the checkpoint is needed");
        assertEquals(beforeCheckpoint, store.log().readRestartArea().startLsn());
    }
}
