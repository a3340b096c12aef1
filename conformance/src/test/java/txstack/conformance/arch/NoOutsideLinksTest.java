package txstack.conformance.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A clone of the repository is self-contained: no text file mentions the {@code shared} folder beside the
 * repository (see {@link #SHARED}), and no Markdown link leaves the repository or points at a file that is not in
 * it. Requirements are cited from {@code docs/requirements.md}; web links are fine.
 */
class NoOutsideLinksTest {

    /** A path into the folder beside the repository that used to hold the requirements and notes. */
    static final Pattern SHARED = Pattern.compile("(?:\\.\\./)+shared\\b");

    /** An inline Markdown link or image, {@code [text](target "title")}: group 1 is the target. */
    static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    /** A Markdown link reference definition, {@code [name]: target}: group 1 is the target. */
    static final Pattern REFERENCE_LINK = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");

    /** A URL scheme, {@code https:}, {@code mailto:}, {@code file:}. */
    static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /** {@code path:line: what} for every mention of a folder beside the repository and every bad Markdown link. */
    static List<String> findings(String path, List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean markdown = path.endsWith(".md");
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = path + ":" + (i + 1) + ": ";
            if (SHARED.matcher(line).find()) {
                out.add(where + "points outside the repository: " + line.strip());
            }
            if (!markdown) {
                continue;
            }
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String prose = line.replaceAll("`[^`]*`", ""); // code spans are not links
            for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK)) {
                Matcher m = p.matcher(prose);
                while (m.find()) {
                    String problem = checkTarget(path, m.group(1));
                    if (problem != null) {
                        out.add(where + problem + ": " + m.group(1));
                    }
                }
            }
        }
        return out;
    }

    /** What is wrong with a link target in the file at {@code path}, or null if it stays in the repository. */
    static String checkTarget(String path, String target) {
        if (target.startsWith("#")) {
            return null;
        }
        if (SCHEME.matcher(target).find()) {
            return target.regionMatches(true, 0, "file:", 0, 5) ? "link to a local file outside the repository"
                    : null;
        }
        if (target.startsWith("/") || target.startsWith("~") || target.startsWith("\\")) {
            return "link to an absolute path, outside the repository";
        }
        String file = target.replaceFirst("[#?].*$", "");
        Path from = RepositoryFiles.ROOT.resolve(path).getParent();
        Path resolved = from.resolve(file).normalize();
        if (!resolved.startsWith(RepositoryFiles.ROOT)) {
            return "link leaves the repository";
        }
        return Files.exists(resolved) ? null : "link to a file that is not in the repository";
    }

    @Test
    void noFilePointsOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        int markdownFiles = 0;
        for (RepositoryFiles.TextFile file : RepositoryFiles.textFiles()) {
            markdownFiles += file.path().endsWith(".md") ? 1 : 0;
            found.addAll(findings(file.path(), file.lines()));
        }
        assertTrue(markdownFiles >= 3, "too few markdown files=" + markdownFiles + ": is the scan blind?");
        assertTrue(found.isEmpty(), "the repository points outside itself (cite docs/requirements.md instead):\n"
                + String.join("\n", found));
    }

    @Test
    void theScanSeesEveryKindOfOutsideLink() {
        String shared = ".." + "/shared"; // built, so that the scan of this file does not find it
        List<String> lines = List.of(
                "Requirements are in `" + shared + "/DOMAIN.md`.",
                "See [the catalogue](docs/requirements.md), [a heading](#start), [the web](https://example.org/x).",
                "Not [beside](../elsewhere/NOTES.md), not [absolute](/etc/hosts), not [local](file:///tmp/x.md).",
                "Not [missing](docs/no-such-file.md) either; `[in code](../x.md)` is no link.",
                "```",
                "[in a fence](../x.md)",
                "```",
                "[ref]: ../../outside.md");
        List<String> found = findings("README.md", lines);
        assertEquals(List.of(
                "README.md:1: points outside the repository: Requirements are in `" + shared + "/DOMAIN.md`.",
                "README.md:3: link leaves the repository: ../elsewhere/NOTES.md",
                "README.md:3: link to an absolute path, outside the repository: /etc/hosts",
                "README.md:3: link to a local file outside the repository: file:///tmp/x.md",
                "README.md:4: link to a file that is not in the repository: docs/no-such-file.md",
                "README.md:8: link leaves the repository: ../../outside.md"), found);
        assertEquals(List.of("pom.xml:1: points outside the repository: <!-- " + shared + "/TOOLCHAIN.md -->"),
                findings("pom.xml", List.of("<!-- " + shared + "/TOOLCHAIN.md -->", "[not markdown](../x.md)")));
    }
}
