package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Transaction#commitLazily()}: a lazily committed transaction is rolled back by recovery if the log was not
 * flushed through its commit record, and kept if it was ({@link RecoverableStore#flushLog()} or a later durable
 * commit); its reservations go back like a durable commit's.
 */
class LazyCommitTest {
    private static final byte[] BYTES = {1, 2, 3, 4};

    @Test
    void crashBeforeFlushLogLosesTheTransactionWhole() {
        Devices devices = Devices.create(64, 512, 8);
        RecoverableStore store = devices.format(Devices.smallOptions());
        Transaction t = store.begin();
        t.update(1, 0, BYTES);
        t.update(2, 10, BYTES);
        long commitLsn = t.commitLazily();
        assertTrue(commitLsn > 0);
        assertTrue(store.durableLsn() < commitLsn, "lazy commit flushed the log");
        RecoverableStore recovered = devices.crash().open(Devices.smallOptions());
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(recovered.read(1), 0, 4));
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(recovered.read(2), 10, 14));
    }

    @Test
    void crashAfterFlushLogKeepsIt() {
        Devices devices = Devices.create(64, 512, 8);
        RecoverableStore store = devices.format(Devices.smallOptions());
        Transaction t = store.begin();
        t.update(1, 0, BYTES);
        long commitLsn = t.commitLazily();
        store.flushLog();
        assertTrue(store.durableLsn() >= commitLsn);
        RecoverableStore recovered = devices.crash().open(Devices.smallOptions());
        assertArrayEquals(BYTES, java.util.Arrays.copyOfRange(recovered.read(1), 0, 4));
    }

    @Test
    void laterDurableCommitMakesEarlierLazyOnesDurable() {
        Devices devices = Devices.create(64, 512, 8);
        RecoverableStore store = devices.format(Devices.smallOptions());
        Transaction lazy = store.begin();
        lazy.update(1, 0, BYTES);
        lazy.commitLazily();
        Transaction durable = store.begin();
        durable.update(3, 0, BYTES);
        durable.commit();
        RecoverableStore recovered = devices.crash().open(Devices.smallOptions());
        assertArrayEquals(BYTES, java.util.Arrays.copyOfRange(recovered.read(1), 0, 4));
        assertArrayEquals(BYTES, java.util.Arrays.copyOfRange(recovered.read(3), 0, 4));
    }

    @Test
    void emptyTransactionWritesNothingAndManyLazyCommitsKeepTheLogUsable() {
        Devices devices = Devices.create(64, 512, 8);
        RecoverableStore store = devices.format(Devices.smallOptions());
        assertEquals(0, store.begin().commitLazily());
        // Far more updates than the log holds: reservations must be returned, else this runs out of log.
        for (int i = 0; i < 2000; i++) {
            Transaction t = store.begin();
            t.update(i % 8, 0, new byte[] {(byte) i});
            t.commitLazily();
        }
        store.flushLog();
        RecoverableStore recovered = devices.crash().open(Devices.smallOptions());
        assertEquals((byte) 1999, recovered.read(1999 % 8)[0]);
    }
}
