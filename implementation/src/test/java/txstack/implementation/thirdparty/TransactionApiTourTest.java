package txstack.implementation.thirdparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.ktm.TransactionNotActiveException;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.txf.TransactionalFileSystem;
import txstack.implementation.txr.Registry;
import txstack.implementation.txr.RegistryOptions;

/**
 * The transaction API as a client outside txstack's packages uses it: a file and a registry value changed in one
 * transaction, committed together or rolled back on close, with the public calls only.
 */
class TransactionApiTourTest {
    private final MemoryBlockDevice volume = MemoryBlockDevice.create(512, 32768);
    private final MemoryBlockDevice tmLog = MemoryBlockDevice.create(512, 256);
    private final MemoryBlockDevice hive = MemoryBlockDevice.create(512, 2048);
    private final MemoryBlockDevice hiveLog = MemoryBlockDevice.create(512, 256);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileAndARegistryValueCommitTogetherOrNotAtAll() {
        FileSystem fs = FileSystem.format(volume, FsOptions.defaults());
        try (TransactionManager ktm = TransactionManager.format(tmLog, LogOptions.defaults());
             Registry registry = Registry.format(hiveLog, hive, RegistryOptions.defaults())) {
            TransactionalFileSystem files = TransactionalFileSystem.on(fs);
            ktm.register(files);
            ktm.register(registry);

            try (Transaction tx = ktm.createTransaction()) {
                files.create("\\setup.log", tx);
                files.write("\\setup.log", b("installed"), tx);
                registry.setValue("\\Software\\Tour", "Version", b("2"), tx);
                assertFalse(files.exists("\\setup.log"), "nobody else sees it before the commit");
                tx.commit();
            }
            assertArrayEquals(b("installed"), files.read("\\setup.log"));
            assertArrayEquals(b("2"), registry.getValue("\\Software\\Tour", "Version").orElseThrow());

            Transaction abandoned;
            try (Transaction tx = ktm.createTransaction()) {
                abandoned = tx;
                files.delete("\\setup.log", tx);
                registry.setValue("\\Software\\Tour", "Version", b("3"), tx);
                assertThrows(SharingViolationException.class, () -> files.write("\\setup.log", b("plain")));
                // no commit: closing rolls back
            }
            assertTrue(files.exists("\\setup.log"), "rolled back on close");
            assertEquals(Optional.of("2"), registry.getValue("\\Software\\Tour", "Version")
                    .map(v -> new String(v, StandardCharsets.UTF_8)));
            assertThrows(TransactionNotActiveException.class, abandoned::commit);
            files.write("\\setup.log", b("free again"));
        }
    }
}
