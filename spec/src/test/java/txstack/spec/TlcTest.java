package txstack.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's bounds and error paths, on real TLC runs. */
class TlcTest {

    @TempDir
    Path dir;

    @Test
    void aRunLongerThanItsTimeoutIsKilledWithAClearError() {
        SpecFiles.extract(dir);
        SpecException e = assertThrows(SpecException.class,
                () -> new Tlc().check(dir, "MCLfs", "MCLfsLarge.cfg", Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains("timeoutMillis=2000"),
                e.getMessage());
    }

    @Test
    void aSyntaxErrorIsAnErrorWithTlcsMessage() throws IOException {
        Files.writeString(dir.resolve("Broken.tla"), "---- MODULE Broken ----\nVARIABLE x\nInit == x = \n====\n");
        Files.writeString(dir.resolve("Broken.cfg"), "INIT Init\nNEXT Init\n");
        TlcResult result = new Tlc().check(dir, "Broken", "Broken.cfg", Duration.ofMinutes(1));
        assertEquals(TlcResult.Outcome.ERROR, result.outcome(), result::output);
        assertTrue(result.output().contains("Broken"), result::output);
    }

    @Test
    void aMissingSpecOrModelIsRefusedBeforeTlcStarts() {
        assertThrows(SpecException.class, () -> new Tlc().check(dir, "Nope", "Nope.cfg", Duration.ofSeconds(5)));
        SpecFiles.extract(dir);
        assertThrows(SpecException.class, () -> new Tlc().check(dir, "MCLfs", "Nope.cfg", Duration.ofSeconds(5)));
    }

    @Test
    void extractCopiesEveryModelOfTheManifest() {
        SpecFiles.extract(dir);
        for (SpecManifest.Row row : SpecManifest.read(dir.resolve(SpecFiles.MANIFEST)).rows()) {
            assertTrue(Files.isRegularFile(dir.resolve(row.module() + ".tla")), row.model());
            assertTrue(Files.isRegularFile(dir.resolve(row.cfg())), row.model());
        }
        assertTrue(Files.isRegularFile(dir.resolve(LfsTraces.CHECKER_MODULE + ".tla")));
        assertTrue(Files.isRegularFile(dir.resolve(LfsTraces.CHECKER_CFG)));
    }
}
