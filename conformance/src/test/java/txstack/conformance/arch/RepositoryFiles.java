package txstack.conformance.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The repository's text files, for the checks that scan the whole tree (requirement IDs, links). Walks the tree
 * from the root rather than asking git, so it also works on a copy without {@code .git}; it skips build output,
 * version-control data and the scratch folders that {@code .gitignore} lists, and every file that is not UTF-8
 * text (fuzz corpora).
 */
public final class RepositoryFiles {

    /** Folders never scanned, by name, wherever they are. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "states", ".idea", ".cifuzz-corpus");
    /** A report folder of the command line ({@code txstack-report*}, ignored by git). */
    private static final String REPORT_FOLDER_PREFIX = "txstack-report";
    private static final long FILE_SIZE_BYTES_MAX = 1 << 20;
    private static final int FILE_COUNT_MAX = 20_000;

    /** The repository's root folder: the working directory (an IDE) or its parent (Surefire runs in the module). */
    public static final Path ROOT = root();

    /** One text file: its path relative to the root, with {@code /} separators, and its lines. */
    public record TextFile(String path, List<String> lines) {
    }

    private RepositoryFiles() {
    }

    /** Every text file of the repository, sorted by path. */
    public static List<TextFile> textFiles() {
        List<Path> paths = new ArrayList<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(ROOT)
                            && (SKIPPED_FOLDERS.contains(name) || name.startsWith(REPORT_FOLDER_PREFIX));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && attributes.size() <= FILE_SIZE_BYTES_MAX
                            && !file.getFileName().toString().equals(".git")) { // a worktree's pointer file
                        paths.add(file);
                    }
                    if (paths.size() > FILE_COUNT_MAX) {
                        throw new IllegalStateException("more than files=" + FILE_COUNT_MAX + " under root=" + ROOT
                                + ": is the root right?");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk root=" + ROOT, e);
        }
        paths.sort(Comparator.naturalOrder());
        List<TextFile> files = new ArrayList<>();
        for (Path path : paths) {
            String text = readText(path);
            if (text != null) {
                files.add(new TextFile(relative(path), text.lines().toList()));
            }
        }
        return files;
    }

    /** The path relative to the root, with {@code /} separators. */
    public static String relative(Path path) {
        return ROOT.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** The file's content, or null if it is not UTF-8 text (a NUL byte or a malformed sequence). */
    private static String readText(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file=" + path, e);
        }
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Path root() {
        Path here = Path.of("").toAbsolutePath().normalize();
        for (Path candidate : new Path[] {here, here.getParent()}) {
            if (candidate != null && Files.isRegularFile(candidate.resolve("conformance/pom.xml"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the repository root from working directory=" + here
                + " (expected it or its parent to hold pom.xml and conformance/pom.xml)");
    }
}
