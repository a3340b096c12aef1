package txstack.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The manifest of models ({@code spec/tla/manifest.tsv}): one row per model with the result TLC must report, as in
 * tlaplus/Examples. Tab-separated, a header line first, {@code #} starts a comment line:
 *
 * <pre>
 * model  module  cfg  expected  distinct_states  depth  profile  seconds
 * </pre>
 *
 * {@code expected} is {@code pass}, {@code violation:<Invariant>}, {@code deadlock} or {@code property:<Name>};
 * {@code profile} is {@code ci} (every build) or {@code large} (on request); {@code seconds} is the time one run
 * took on the reference machine (2 cores; workers as the profile sets them), for information only.
 */
public record SpecManifest(List<Row> rows) {

    /** The header line, exactly. */
    public static final String HEADER = "model\tmodule\tcfg\texpected\tdistinct_states\tdepth\tprofile\tseconds";

    private static final int ROWS_MAX = 1000;
    private static final Pattern EXPECTED = Pattern.compile("pass|deadlock|(violation|property):[A-Za-z0-9_]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** One model and what TLC must find. */
    public record Row(String model, String module, String cfg, String expected, long distinctStates, int depth,
                      String profile, int seconds) {

        /** True if this row runs in every build. */
        public boolean isCi() {
            return "ci".equals(profile);
        }
    }

    public SpecManifest {
        rows = List.copyOf(rows);
    }

    /** Reads and checks a manifest file. */
    public static SpecManifest read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SpecException("cannot read the manifest: file=" + file, e);
        }
    }

    /**
     * Reads {@code manifest.tsv} and every {@code manifest-*.tsv} of a directory (one per spec, so that specs can be
     * added side by side), as one manifest: a model named twice is an error.
     */
    public static SpecManifest readAll(Path directory) {
        List<Path> files;
        try (java.util.stream.Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().matches("manifest(-[A-Za-z0-9]+)?\\.tsv"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SpecException("cannot list the manifests: directory=" + directory, e);
        }
        if (files.isEmpty()) {
            throw new SpecException("no manifest.tsv in directory=" + directory);
        }
        List<Row> rows = new ArrayList<>();
        Set<String> models = new HashSet<>();
        for (Path file : files) {
            for (Row row : read(file).rows()) {
                if (!models.add(row.model())) {
                    throw new SpecException("duplicate model across manifests: file=" + file + " model=" + row.model());
                }
                rows.add(row);
            }
        }
        return new SpecManifest(rows);
    }

    /** Parses manifest text; every malformed line is an error naming its line number. */
    public static SpecManifest parse(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new SpecException("manifest header mismatch: expected=\"" + HEADER.replace("\t", "\\t") + "\"");
        }
        List<Row> rows = new ArrayList<>();
        Set<String> models = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Row row = parseRow(line, i + 1);
            if (!models.add(row.model())) {
                throw new SpecException("duplicate model in manifest: line=" + (i + 1) + " model=" + row.model());
            }
            if (rows.size() == ROWS_MAX) {
                throw new SpecException("manifest too long: max=" + ROWS_MAX);
            }
            rows.add(row);
        }
        return new SpecManifest(rows);
    }

    private static Row parseRow(String line, int lineNumber) {
        String[] cells = line.split("\t", -1);
        if (cells.length != 8) {
            throw new SpecException("manifest line needs 8 tab-separated cells: line=" + lineNumber + " cells="
                    + cells.length);
        }
        try {
            Row row = new Row(cells[0], cells[1], cells[2], cells[3], Long.parseLong(cells[4]),
                    Integer.parseInt(cells[5]), cells[6], Integer.parseInt(cells[7]));
            if (!NAME.matcher(row.model()).matches() || !NAME.matcher(row.module()).matches()
                    || !row.cfg().endsWith(".cfg") || !EXPECTED.matcher(row.expected()).matches()
                    || row.distinctStates() < 1 || row.depth() < 1 || row.seconds() < 0
                    || !Set.of("ci", "large").contains(row.profile())) {
                throw new SpecException("malformed manifest line: line=" + lineNumber + " text=\"" + line + "\"");
            }
            return row;
        } catch (NumberFormatException e) {
            throw new SpecException("malformed number in manifest: line=" + lineNumber + " text=\"" + line + "\"", e);
        }
    }
}
