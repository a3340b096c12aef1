package txstack.conformance.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.LogSpace;
import txstack.spi.volume.VolumeEngine;

/** Engines are found by built-in name, by the name they register with ServiceLoader, and by class name. */
class EngineLookupTest {

    /** An engine registered through META-INF/services in the tests below. */
    public static final class Registered implements LogEngine {
        @Override
        public String name() {
            return "registered";
        }

        @Override
        public LogService format(Devices devices) {
            throw new UnsupportedOperationException("never formatted in this test");
        }

        @Override
        public LogService open(Devices devices) {
            throw new UnsupportedOperationException("never opened in this test");
        }

        @Override
        public LogSpace space(Devices devices) {
            return new LogSpace(1000, 16, 10, 100, 10);
        }
    }

    /** Another class registering the same name. */
    public static final class SameName extends AbstractEngine {
        @Override
        public String name() {
            return "registered";
        }
    }

    /** No public no-argument constructor. */
    public static final class NeedsArgument extends AbstractEngine {
        public NeedsArgument(int ignored) {
        }
    }

    /** Abstract: cannot be built. */
    public abstract static class AbstractEngine implements LogEngine {
        @Override
        public String name() {
            return "abstract";
        }

        @Override
        public LogService format(Devices devices) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LogService open(Devices devices) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LogSpace space(Devices devices) {
            throw new UnsupportedOperationException();
        }
    }

    private static final EngineLookup<LogEngine> LOG = EngineLookup.log(EngineLookupTest.class.getClassLoader());

    @Test
    void builtInNamesAndVariants() {
        assertEquals("txstack", LOG.find("txstack").name());
        LogEngine broken = LOG.find("txstack:no-epoch");
        assertEquals("txstack:NO_EPOCH", broken.name());
        assertTrue(LOG.builtInNames().contains("txstack:SKIP_DEVICE_FLUSH"), LOG.builtInNames().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LOG.find("txstack:NOPE"));
        assertTrue(e.getMessage().contains("unknown txstack variant 'NOPE'")
                && e.getMessage().contains("txstack:SKIP_DEVICE_FLUSH"), e.getMessage());

        EngineLookup<VolumeEngine> volumes = EngineLookup.volume(getClass().getClassLoader());
        assertEquals("txstack:MIRROR_RESYNC_SKIPPED", volumes.find("txstack:mirror_resync_skipped").name());
        assertTrue(volumes.builtInNames().contains("txstack:NO_WRITE_HOLE_PROTECTION"),
                volumes.builtInNames().toString());
        e = assertThrows(IllegalArgumentException.class, () -> volumes.find("txstack:NO_EPOCH"));
        assertTrue(e.getMessage().contains("txstack:NO_WRITE_HOLE_PROTECTION"), e.getMessage());
    }

    @Test
    void classNames() {
        assertEquals("txstack", LOG.find(TxstackLogEngine.class.getName()).name());
        assertMessage(() -> LOG.find("java.lang.String"), "does not implement txstack.spi.lfs.LogEngine");
        assertMessage(() -> LOG.find(AbstractEngine.class.getName()), "is abstract");
        assertMessage(() -> LOG.find(NeedsArgument.class.getName()), "needs a public no-argument constructor");
        assertMessage(() -> LOG.find(" "), "no engine named");
        assertMessage(() -> LOG.find("no.such.Engine"), "no engine 'no.such.Engine'");
        assertMessage(() -> LOG.find("no.such.Engine"), "found: none");
    }

    @Test
    void registeredEnginesAreFoundByTheirName(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = withServices(dir, Registered.class.getName())) {
            EngineLookup<LogEngine> lookup = EngineLookup.log(loader);
            assertInstanceOf(Registered.class, lookup.find("registered"));
            assertTrue(lookup.available().contains("registered (" + Registered.class.getName() + ")"),
                    lookup.available());
            assertMessage(() -> lookup.find("unregistered"), "found: registered (" + Registered.class.getName());
        }
    }

    @Test
    void twoEnginesOfOneNameAndBrokenRegistrationsAreNamed(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = withServices(dir, Registered.class.getName(), SameName.class.getName(),
                "no.such.RegisteredEngine")) {
            EngineLookup<LogEngine> lookup = EngineLookup.log(loader);
            assertMessage(() -> lookup.find("registered"), "registered by more than one class");
            assertMessage(() -> lookup.find("other"), "no.such.RegisteredEngine");
            assertEquals("txstack", lookup.find("txstack").name(), "a broken registration hides no built-in");
        }
    }

    /** A loader over a folder holding only {@code META-INF/services/txstack.spi.lfs.LogEngine}. */
    private static URLClassLoader withServices(Path dir, String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services/" + LogEngine.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# engines\n" + String.join("\n", classNames) + "\n", StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, EngineLookupTest.class.getClassLoader());
    }

    private static void assertMessage(Runnable lookup, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, lookup::run);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
