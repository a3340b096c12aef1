package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Log space (LFS-5, REC-7): a full log is answered by writing pages back and a checkpoint; a transaction that would
 * eat the room kept for rollbacks gets {@link StoreFullException} and changes nothing; rollback, commit and recovery
 * always find room for their records.
 */
class LogSpaceTest {
    private static final StoreOptions OPTIONS = Devices.smallOptions();
    /** About 3.7 KiB of log. */
    private static final int TINY_LOG_PAGES = 8;

    private static byte[] bytes(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** Updates page {@code page % pageCount} until the log refuses; returns how many updates it took. */
    private static int fillLog(RecoverableStore store, Transaction tx) {
        for (int i = 0; i < 10_000; i++) {
            byte[] before = store.read(i % store.pageCount());
            try {
                tx.update(i % store.pageCount(), 0, bytes(OPTIONS.updateBytesMax(), i));
            } catch (StoreFullException e) {
                assertTrue(e.getMessage().startsWith("log full: transactionId=" + tx.id()), e.getMessage());
                assertArrayEquals(before, store.read(i % store.pageCount()), "a refused update changed the page");
                return i;
            }
        }
        throw new AssertionError("the log never filled");
    }

    @Test
    void shortTransactionsWrapTheLogForever() {
        Devices devices = Devices.create(TINY_LOG_PAGES, 512, 4);
        RecoverableStore store = devices.format(OPTIONS);
        long capacityBytes = store.log().geometry().capacityBytes();
        for (int i = 1; i <= 2000; i++) {
            Transaction tx = store.begin();
            tx.update(i % 4, i % 100, bytes(OPTIONS.updateBytesMax(), i));
            tx.commit();
        }
        assertTrue(store.log().endLsn() > 20 * capacityBytes, "the log did not wrap: endLsn=" + store.log().endLsn());
        byte[][] expected = new byte[4][];
        for (int page = 0; page < 4; page++) {
            expected[page] = store.read(page);
        }
        RecoverableStore recovered = devices.crash().open(OPTIONS);
        for (int page = 0; page < 4; page++) {
            assertArrayEquals(expected[page], recovered.read(page));
        }
    }

    @Test
    void aTransactionTooLargeForTheLogIsRefusedAndCanStillRollBack() {
        Devices devices = Devices.create(TINY_LOG_PAGES, 512, 4);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction big = store.begin();
        int updates = fillLog(store, big);
        assertTrue(updates > 5, "updates=" + updates);
        big.rollback();
        for (long page = 0; page < 4; page++) {
            assertArrayEquals(new byte[store.pageSizeBytes()], store.read(page));
        }
        Transaction next = store.begin();
        next.update(0, 0, bytes(8, 1));
        next.commit();
        store.close();
        assertEquals(1, devices.open(OPTIONS).read(0)[0]);
    }

    @Test
    void recoveryFindsRoomToUndoATransactionThatFilledTheLog() {
        Devices devices = Devices.create(TINY_LOG_PAGES, 512, 4);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction committed = store.begin();
        committed.update(3, 0, bytes(8, 7));
        committed.commit();
        Transaction big = store.begin();
        fillLog(store, big);
        store.writeBack(0); // stolen: flushes the log through the big transaction's records on page 0
        store.writeBack(1);
        Devices crashed = devices.crash();
        RecoverableStore recovered = crashed.open(OPTIONS);
        assertEquals(1, recovered.lastRecovery().losers());
        assertTrue(recovered.lastRecovery().clrsWritten() > 0, recovered.lastRecovery().toString());
        for (long page = 0; page < 3; page++) {
            assertArrayEquals(new byte[recovered.pageSizeBytes()], recovered.read(page));
        }
        assertEquals(7, recovered.read(3)[0]);
        // And once more, from the state the first recovery left.
        assertEquals(7, crashed.crash().open(OPTIONS).read(3)[0]);
    }

    @Test
    void aCheckpointThatCannotFreeAnythingSaysSo() {
        Devices devices = Devices.create(TINY_LOG_PAGES, 512, 4);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction big = store.begin();
        fillLog(store, big);
        StoreFullException e = null;
        for (int i = 0; i < 100 && e == null; i++) {
            try {
                store.checkpoint();
            } catch (StoreFullException full) {
                e = full;
            }
        }
        assertTrue(e != null && e.getMessage().startsWith("log full: checkpoint does not fit"), String.valueOf(e));
        store.close(); // closes without the checkpoint: the log still holds what recovery needs
        RecoverableStore reopened = devices.open(OPTIONS);
        assertEquals(1, reopened.lastRecovery().losers());
        for (long page = 0; page < 4; page++) {
            assertArrayEquals(new byte[reopened.pageSizeBytes()], reopened.read(page));
        }
    }

    @Test
    void aFullLogWithNothingActiveIsEmptiedWithoutRecords() {
        Devices devices = Devices.create(TINY_LOG_PAGES, 512, 4);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction big = store.begin();
        fillLog(store, big);
        for (int i = 0; i < 100; i++) {
            try {
                store.checkpoint();
            } catch (StoreFullException e) {
                break;
            }
        }
        big.rollback();
        long endLsn = store.log().endLsn();
        store.checkpoint(); // does not fit: pages go back and the start moves to the end, no record written
        assertEquals(endLsn, store.log().endLsn());
        assertEquals(endLsn, store.log().readRestartArea().startLsn());
        Transaction after = store.begin();
        after.update(2, 0, bytes(8, 9));
        after.commit();
        assertEquals(9, devices.crash().open(OPTIONS).read(2)[0]);
    }
}
