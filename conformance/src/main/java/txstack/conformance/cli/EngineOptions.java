package txstack.conformance.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import txstack.conformance.engines.EngineLookup;

/**
 * Where every {@code conform} suite finds the engine it names: {@code --class-path} adds jars and folders of
 * engines from elsewhere behind the command line's own classes, for {@link java.util.ServiceLoader} and class names
 * alike ({@link EngineLookup}).
 */
final class EngineOptions {
    /** The most entries {@code --class-path} takes. */
    static final int CLASS_PATH_ENTRIES_MAX = 1_000;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--class-path", paramLabel = "PATH",
            description = "Jars and folders with engines from elsewhere, separated by ':' (the path "
                    + "separator): an engine there is found by the name it registers in META-INF/services or by its class "
                    + "name. The command line's own classes (and the SPI) come first.")
    private String classPath;

    /** {@code --class-path} as given, for the replay line. */
    Optional<String> classPath() {
        return Optional.ofNullable(classPath);
    }

    /**
     * A loader over {@code --class-path} whose parent is the command line's loader (with no {@code --class-path},
     * one that adds nothing). The caller closes it when the run is over.
     *
     * @throws CommandLine.ParameterException naming the entry, if an entry does not exist
     */
    URLClassLoader open() {
        List<URL> urls = new ArrayList<>();
        if (classPath != null) {
            for (String entry : classPath.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isEmpty()) {
                    urls.add(url(entry));
                }
            }
        }
        if (urls.size() > CLASS_PATH_ENTRIES_MAX) {
            throw usage("--class-path: too many entries: count=" + urls.size() + " max=" + CLASS_PATH_ENTRIES_MAX);
        }
        return new URLClassLoader("engines", urls.toArray(URL[]::new), EngineOptions.class.getClassLoader());
    }

    private URL url(String entry) {
        Path path = Path.of(entry).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw usage("--class-path: no such jar or folder: " + entry + (path.toString().equals(entry) ? ""
                    : " (" + path + ")"));
        }
        if (!Files.isDirectory(path) && !Files.isReadable(path)) {
            throw usage("--class-path: cannot read " + entry);
        }
        try {
            return path.toUri().toURL(); // a folder's URL ends with '/', as URLClassLoader needs
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException("--class-path: not a usable path: " + entry, e));
        }
    }

    /**
     * The engine {@code name} names, through {@code lookup}.
     *
     * @throws CommandLine.ParameterException saying what is available, if nothing matches
     */
    <E> E find(EngineLookup<E> lookup, String name) {
        try {
            return lookup.find(name);
        } catch (IllegalArgumentException e) {
            throw usage("--engine: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
