package txstack.spec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The bundled specs: every file of {@code spec/tla} (modules, models, the manifest) travels in the jar under
 * {@value #RESOURCE_ROOT}. TLC reads files, so callers copy them to a directory first.
 */
public final class SpecFiles {

    /** Where the files of {@code spec/tla} live on the class path. */
    public static final String RESOURCE_ROOT = "txstack/spec/tla";

    /** The manifest of models and expected results, one of the bundled files. */
    public static final String MANIFEST = "manifest.tsv";

    private static final String ANCHOR = "Lfs.tla";
    private static final int FILES_MAX = 1000;

    private SpecFiles() {
    }

    /**
     * Copies every bundled spec file into {@code directory} (created if needed; existing files are replaced).
     *
     * @return the copied files, sorted by name
     */
    public static synchronized List<Path> extract(Path directory) {
        try {
            Files.createDirectories(directory);
            URI root = rootUri();
            if (!"jar".equals(root.getScheme())) {
                return copyAll(Path.of(root), directory);
            }
            FileSystem jar;
            boolean opened;
            try {
                jar = FileSystems.newFileSystem(root, Map.of());
                opened = true;
            } catch (FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(root);
                opened = false;
            }
            try {
                return copyAll(jar.provider().getPath(root), directory);
            } finally {
                if (opened) {
                    jar.close();
                }
            }
        } catch (IOException e) {
            throw new SpecException("cannot extract the bundled specs: directory=" + directory, e);
        }
    }

    private static URI rootUri() {
        URL anchor = SpecFiles.class.getClassLoader().getResource(RESOURCE_ROOT + "/" + ANCHOR);
        if (anchor == null) {
            throw new SpecException("bundled specs missing from the class path: resource=" + RESOURCE_ROOT + "/" + ANCHOR);
        }
        String text = anchor.toString();
        try {
            return new URI(text.substring(0, text.length() - ANCHOR.length() - 1));
        } catch (URISyntaxException e) {
            throw new SpecException("unexpected resource location: url=" + text, e);
        }
    }

    private static List<Path> copyAll(Path source, Path directory) throws IOException {
        List<Path> copied = new ArrayList<>();
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (copied.size() == FILES_MAX) {
                    throw new SpecException("too many bundled spec files: max=" + FILES_MAX);
                }
                Path target = directory.resolve(file.getFileName().toString());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                copied.add(target);
            }
        }
        return copied;
    }
}
