package txstack.conformance.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import txstack.conformance.arch.RepositoryFiles;

/**
 * {@code docs/requirements.md} and {@link Requirement} agree both ways, ID by ID and word by word, and every
 * requirement ID cited anywhere in the repository is in the catalogue. The comparisons are plain functions, also
 * run here on small inputs with known mistakes, so a check that stopped seeing anything would fail.
 */
class RequirementCatalogueTest {

    /** The catalogue, relative to the repository root. */
    static final String CATALOGUE = "docs/requirements.md";

    /**
     * A requirement line: {@code - **LFS-6** one-line text}, maybe ended by a mark in italics such as {@code
     * *(extension)*} that is not part of the text.
     */
    static final Pattern ENTRY = Pattern.compile("^- \\*\\*([A-Z]+-\\d+)\\*\\* (.+?)(?: \\*\\([^)]+\\)\\*)?$");

    /** Any list item that starts like a requirement line, to catch one that does not match {@link #ENTRY}. */
    static final Pattern ENTRY_START = Pattern.compile("^\\s*[-*] \\*\\*[A-Z]+-");

    /**
     * A cited ID: the catalogue's prefixes, and TXF and TXR, which name packages but are no requirement layer, so
     * that an ID invented for them is reported too.
     */
    static final Pattern CITED = Pattern.compile("\\b(" + String.join("|", Stream.concat(
            Requirement.prefixes().stream(), Stream.of("TXF", "TXR")).toList()) + ")-\\d+\\b");

    /** What the catalogue says: the one-line text by ID, in order, and the lines it could not read. */
    record Catalogue(Map<String, String> texts, List<String> problems) {
    }

    /** Reads requirement lines; every other line (headings, explanations, prose) is left alone. */
    static Catalogue parse(List<String> lines) {
        Map<String, String> texts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                if (texts.putIfAbsent(m.group(1), m.group(2).strip()) != null) {
                    problems.add("line " + (i + 1) + ": " + m.group(1) + " is listed twice");
                }
            } else if (ENTRY_START.matcher(line).find()) {
                problems.add("line " + (i + 1) + ": looks like a requirement but is not `- **ID** text`: " + line);
            }
        }
        return new Catalogue(texts, problems);
    }

    /** Every difference between the catalogue and the code, both ways, including the order. */
    static List<String> differences(Map<String, String> catalogue, Map<String, String> code) {
        List<String> out = new ArrayList<>();
        catalogue.forEach((id, text) -> {
            if (!code.containsKey(id)) {
                out.add(id + " is in " + CATALOGUE + " but not in Requirement");
            } else if (!code.get(id).equals(text)) {
                out.add(id + " text differs:\n    " + CATALOGUE + ": " + text + "\n    Requirement: " + code.get(id));
            }
        });
        code.keySet().stream().filter(id -> !catalogue.containsKey(id))
                .forEach(id -> out.add(id + " is in Requirement but not in " + CATALOGUE));
        List<String> catalogueOrder = catalogue.keySet().stream().filter(code::containsKey).toList();
        List<String> codeOrder = code.keySet().stream().filter(catalogue::containsKey).toList();
        if (!catalogueOrder.equals(codeOrder)) {
            out.add("order differs:\n    " + CATALOGUE + ": " + catalogueOrder + "\n    Requirement: " + codeOrder);
        }
        return out;
    }

    /** {@code path:line: ID} for every cited ID that is not in {@code known}. */
    static List<String> unknownCitations(String path, List<String> lines, Set<String> known) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = CITED.matcher(lines.get(i));
            while (m.find()) {
                if (!known.contains(m.group())) {
                    out.add(path + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        return out;
    }

    static Map<String, String> code() {
        Map<String, String> code = new LinkedHashMap<>();
        for (Requirement r : Requirement.values()) {
            code.put(r.id(), r.text());
        }
        return code;
    }

    static Catalogue readCatalogue() throws IOException {
        Path file = RepositoryFiles.ROOT.resolve(CATALOGUE);
        assertTrue(Files.isRegularFile(file), "missing catalogue=" + file);
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void catalogueAndRequirementAgreeBothWays() throws IOException {
        Catalogue catalogue = readCatalogue();
        assertEquals(List.of(), catalogue.problems(), CATALOGUE + " has lines it cannot read");
        List<String> differences = differences(catalogue.texts(), code());
        assertTrue(differences.isEmpty(), CATALOGUE + " and Requirement disagree:\n" + String.join("\n", differences));
    }

    @Test
    void everyCitedIdIsInTheCatalogue() throws IOException {
        Set<String> known = readCatalogue().texts().keySet();
        List<String> unknown = new ArrayList<>();
        int files = 0;
        int citations = 0;
        for (RepositoryFiles.TextFile file : RepositoryFiles.textFiles()) {
            files++;
            citations += (int) file.lines().stream().mapToLong(l -> CITED.matcher(l).results().count()).sum();
            unknown.addAll(unknownCitations(file.path(), file.lines(), known));
        }
        assertTrue(citations > 100, "too few citations=" + citations + " in files=" + files + ": is the scan blind?");
        assertTrue(unknown.isEmpty(), "requirement IDs cited but not in " + CATALOGUE + ":\n"
                + String.join("\n", unknown));
    }

    @Test
    void textsAreOneShortLine() {
        for (Requirement r : Requirement.values()) {
            assertTrue(r.text().length() <= 110 && !r.text().contains("\n") && r.text().endsWith("."),
                    r + " text must be one line of at most 110 characters, ending with a full stop: " + r.text());
        }
    }

    @Test
    void byIdFindsEveryRequirementAndNamesTheUnknownOne() {
        for (Requirement r : Requirement.values()) {
            assertSame(r, Requirement.byId(r.id()));
            assertEquals(r.id(), r.toString());
        }
        assertEquals("LFS-6", Requirement.LFS_6.id());
        assertEquals(List.of("DISK", "VOL", "MNT", "LFS", "REC", "KTM", "CSV"), Requirement.prefixes());
        String unknown = "LFS-" + 99; // built, so that the citation scan does not read it as one
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Requirement.byId(unknown));
        assertTrue(e.getMessage().contains("id=" + unknown) && e.getMessage().contains("DISK, VOL, MNT, LFS"),
                e.getMessage());
    }

    @Test
    void parseReadsTextsWithoutMarksAndReportsBadLines() {
        Catalogue c = parse(List.of(
                "## LFS: the log file service",
                "- **LFS-5** Reuse never overwrites a live record.",
                "- **LFS-6** After a crash, no bad record. *(extension)*",
                "  an explanation line that cites LFS-5 and is not a requirement",
                "- **LFS-6** listed again.",
                "- **LFS-" + 7 + "**missing space")); // built, so that the citation scan does not read it
        assertEquals(Map.of("LFS-5", "Reuse never overwrites a live record.", "LFS-6", "After a crash, no bad record."),
                c.texts());
        assertEquals(2, c.problems().size(), c.problems().toString());
        assertTrue(c.problems().get(0).startsWith("line 5: LFS-6 is listed twice"), c.problems().get(0));
        assertTrue(c.problems().get(1).startsWith("line 6:"), c.problems().get(1));
    }

    @Test
    void theComparisonSeesEveryKindOfMismatch() {
        Map<String, String> catalogue = new LinkedHashMap<>(code());
        assertEquals(List.of(), differences(catalogue, code()));

        catalogue.put("LFS-6", "a different text.");
        catalogue.remove("VOL-8");
        String extra = "CSV-" + 8; // built, so that the citation scan does not read it as one
        catalogue.put(extra, "a requirement the code lacks.");
        List<String> found = differences(catalogue, code());
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(d -> d.startsWith("LFS-6 text differs")), found.toString());
        assertTrue(found.stream().anyMatch(d -> d.equals(extra + " is in " + CATALOGUE + " but not in Requirement")),
                found.toString());
        assertTrue(found.stream().anyMatch(d -> d.equals("VOL-8 is in Requirement but not in " + CATALOGUE)),
                found.toString());

        Map<String, String> swapped = new LinkedHashMap<>();
        swapped.put("DISK-2", "x");
        swapped.put("DISK-1", "y");
        Map<String, String> inOrder = new LinkedHashMap<>();
        inOrder.put("DISK-1", "y");
        inOrder.put("DISK-2", "x");
        assertEquals(List.of("order differs:\n    " + CATALOGUE + ": [DISK-2, DISK-1]\n    Requirement: [DISK-1, "
                + "DISK-2]"), differences(swapped, inOrder));
    }

    @Test
    void theCitationScanReportsFileLineAndId() {
        Set<String> known = Arrays.stream(Requirement.values()).map(Requirement::id).collect(Collectors.toSet());
        String unknownLfs = "LFS-" + 7;
        String unknownTxf = "TXF-" + 1;
        List<String> lines = List.of("fine: LFS-6, DISK-3/4, VOL-5..8, RAID-5, CRC-32, XLFS-9", "bad: " + unknownLfs,
                "also bad: (" + unknownTxf + ")");
        assertEquals(List.of("a/B.java:2: " + unknownLfs, "a/B.java:3: " + unknownTxf),
                unknownCitations("a/B.java", lines, known));
    }
}
