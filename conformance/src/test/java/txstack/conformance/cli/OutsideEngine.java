package txstack.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import txstack.spi.lfs.LogEngine;

/**
 * An engine from elsewhere: compiled by the test against the SPI alone into a folder of its own, with its
 * ServiceLoader registration, so only a loader over that folder can see it. It refuses to format, which the CLI
 * reports with its message: proof that this very engine ran.
 */
final class OutsideEngine {
    static final String NAME = "outside";
    static final String CLASS_NAME = "elsewhere.OutsideLogEngine";
    static final String MESSAGE = "the outside engine was asked to format";

    private static final String SOURCE = """
            package elsewhere;

            import txstack.spi.disk.Devices;
            import txstack.spi.lfs.LogEngine;
            import txstack.spi.lfs.LogService;
            import txstack.spi.lfs.LogSpace;

            public final class OutsideLogEngine implements LogEngine {
                public String name() {
                    return "%s";
                }

                public LogService format(Devices devices) {
                    throw new IllegalStateException("%s");
                }

                public LogService open(Devices devices) {
                    throw new IllegalStateException("never opened");
                }

                public LogSpace space(Devices devices) {
                    return new LogSpace(1000, 16, 10, 100, 10);
                }
            }
            """.formatted(NAME, MESSAGE);

    private OutsideEngine() {
    }

    /** Compiles the engine into {@code dir/classes} with its registration; returns that folder. */
    static Path compile(Path dir) throws IOException {
        Path sources = dir.resolve("src/elsewhere");
        Path classes = dir.resolve("classes");
        Files.createDirectories(sources);
        Files.createDirectories(classes.resolve("META-INF/services"));
        Path source = Files.writeString(sources.resolve("OutsideLogEngine.java"), SOURCE, StandardCharsets.UTF_8);
        Files.writeString(classes.resolve("META-INF/services/" + LogEngine.class.getName()), CLASS_NAME + "\n",
                StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK, with a compiler");
        int exit = javac.run(null, null, null, List.of("--release", "21", "-cp", spiLocation().toString(), "-d",
                classes.toString(), source.toString()).toArray(String[]::new));
        assertTrue(exit == 0, "compiling the outside engine failed: exit " + exit);
        return classes;
    }

    private static Path spiLocation() {
        try {
            return Path.of(LogEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SPI's location is no path", e);
        }
    }
}
