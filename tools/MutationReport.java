import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads PIT's {@code mutations.xml} reports of the same classes, each from a different set of tests (the conformance
 * suite, a module's unit tests), and prints each report's score and their union: a mutant counts as killed if any
 * report killed it (killed, timed out or ran out of memory, as PIT counts them). Then the survivors of the union, by
 * class and mutator. Mutants are matched by class, method, signature, line, mutator and index; only mutants of the
 * first report's classes are counted, so a report of more classes adds kills, never mutants.
 *
 * <p>Usage: {@code java tools/MutationReport.java label=path/mutations.xml [label=path/mutations.xml ...]
 * [--units-skipped=true|false] [--check-first=mutation/scores.tsv:ROW] [--check=mutation/scores.tsv:ROW]
 * [--equivalent=mutation/equivalent.tsv] [--kinds=mutation/kinds.tsv]}
 *
 * <p>With {@code --check}, the score of all the reports together is compared with row {@code ROW} of the tracked
 * scores file (tab-separated: row, mutants, killed, score in percent, then free text); with {@code --check-first},
 * the score of the first report alone. The tool exits 1 if a score fell below the tracked one, or if the number of
 * mutants changed by more than a tenth (the classes or the mutators are no longer what the row measured: measure
 * again and update the row); 3 if the row is missing. An empty ROW compares nothing.
 *
 * <p>With {@code --equivalent=FILE} (tab-separated: class, method, line, description, reason; the line may be
 * {@code LINE#INDEX} to name one of several mutants of the same description on a line by PIT's instruction index, the
 * {@code indexes} of its report), the mutants it lists are equivalent (the mutated program behaves the same, for the
 * reason given) and are left out of every count; the tool says how many, and fails if a line of a class the first
 * report mutated matches none of its mutants (the code moved: update the line).
 *
 * <p>With {@code --kinds=FILE} (tab-separated: kind, class, method, lines as {@code *} or a comma-separated list of
 * line numbers or {@code LINE#INDEX} as above, reason), each survivor of the union is put under the kind of the first
 * rule that matches it, and the tool prints the survivors by kind and the score of the mutants left when those of the
 * kinds no test that drives the engine through the SPI can kill ({@link #BEYOND_SPI}) are set aside: what a suite
 * alone can still be asked to kill. A rule that matches no survivor is reported (killed now, or the code moved),
 * never an error: kinds explain, they change no count and no check.
 *
 * <p>Reports labelled {@code units:...} are the modules' own unit tests' (the mutation profile with {@code
 * -Dmutation.units.skip=false}). With {@code --units-skipped=true} they are left out, so a report an earlier run left
 * behind is never counted; otherwise each must exist.
 */
public final class MutationReport {
    /** Largest report read: PIT's XML for tens of thousands of mutants stays far below it. */
    private static final long REPORT_BYTES_MAX = 256L << 20;

    record Key(String clazz, String method, String signature, int line, String mutator, String index) {
    }

    /** The kinds of survivor no test that drives the engine through the SPI alone can kill. */
    static final List<String> BEYOND_SPI = List.of("no-spi", "redundant-check", "precondition", "message");
    /** Every kind a rule may name: those beyond the SPI, then those a suite could still kill. */
    static final List<String> KINDS = List.of("no-spi", "redundant-check", "precondition", "message", "concurrency");

    record KindRule(String kind, String clazz, String method, java.util.Set<String> lines, String reason) {
        boolean matches(Key key) {
            return key.clazz().equals(clazz) && key.method().equals(method)
                    && (lines.isEmpty() || lines.stream().anyMatch(line -> atLine(key, line)));
        }
    }

    record Mutant(Key key, String status, String description) {
        boolean killed() {
            return status.equals("KILLED") || status.equals("TIMED_OUT") || status.equals("MEMORY_ERROR");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java tools/MutationReport.java label=path/mutations.xml ...");
            System.exit(2);
        }
        Map<String, Map<Key, Mutant>> reports = new LinkedHashMap<>();
        String check = null;
        String checkFirst = null;
        boolean unitsSkipped = false;
        Path equivalentFile = null;
        Path kindsFile = null;
        Map<String, Path> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--check=")) {
                check = arg.substring("--check=".length());
                continue;
            }
            if (arg.startsWith("--check-first=")) {
                checkFirst = arg.substring("--check-first=".length());
                continue;
            }
            if (arg.startsWith("--equivalent=")) {
                equivalentFile = Path.of(arg.substring("--equivalent=".length()));
                continue;
            }
            if (arg.startsWith("--kinds=")) {
                kindsFile = Path.of(arg.substring("--kinds=".length()));
                continue;
            }
            if (arg.startsWith("--units-skipped=")) {
                String value = arg.substring("--units-skipped=".length());
                if (!value.equals("true") && !value.equals("false")) {
                    System.err.println("--units-skipped wants true or false, not " + value);
                    System.exit(2);
                }
                unitsSkipped = value.equals("true");
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("not label=path: " + arg);
                System.exit(2);
            }
            given.put(arg.substring(0, eq), Path.of(arg.substring(eq + 1)));
        }
        for (Map.Entry<String, Path> report : given.entrySet()) {
            String label = report.getKey();
            Path path = report.getValue();
            if (label.startsWith("units:")) {
                if (unitsSkipped) {
                    continue;
                }
                if (!Files.exists(path)) {
                    System.err.println("no report of " + label + " at " + path + ": its module's PIT run did not "
                            + "happen (run the mutation profile with that module in the reactor, or "
                            + "-Dmutation.units.skip=true)");
                    System.exit(2);
                }
            }
            reports.put(label, read(path));
        }
        if (reports.isEmpty()) {
            System.err.println("no report to read");
            System.exit(2);
        }
        Map<Key, Mutant> base = new LinkedHashMap<>(reports.values().iterator().next());
        if (equivalentFile != null) {
            int excluded = excludeEquivalent(equivalentFile, base);
            if (excluded < 0) {
                System.exit(2);
            }
            System.out.println("left out as equivalent (" + equivalentFile + "): " + excluded + " mutants");
        }
        System.out.printf(Locale.ROOT, "%-24s %8s %8s %7s%n", "tests", "mutants", "killed", "score");
        Map<Key, Boolean> union = new LinkedHashMap<>();
        base.keySet().forEach(k -> union.put(k, false));
        for (Map.Entry<String, Map<Key, Mutant>> report : reports.entrySet()) {
            int killed = 0;
            for (Key key : base.keySet()) {
                Mutant m = report.getValue().get(key);
                if (m != null && m.killed()) {
                    killed++;
                    union.put(key, true);
                }
            }
            print(report.getKey(), base.size(), killed);
        }
        long unionKilled = union.values().stream().filter(b -> b).count();
        if (reports.size() > 1) {
            print("all together", base.size(), (int) unionKilled);
        }
        int verdict = 0;
        if (checkFirst != null) {
            Map<Key, Mutant> first = base;
            int firstKilled = (int) base.keySet().stream().filter(k -> first.get(k).killed()).count();
            System.out.println("\nthe first report (" + reports.keySet().iterator().next() + ") alone:");
            verdict = compare(checkFirst, base.size(), firstKilled);
        }
        if (check != null) {
            if (checkFirst != null) {
                System.out.println("\nall the reports together:");
            }
            verdict = Math.max(verdict, compare(check, base.size(), (int) unionKilled));
        }
        List<KindRule> rules = List.of();
        if (kindsFile != null) {
            rules = readKinds(kindsFile);
            if (rules == null) {
                System.exit(2);
            }
        }
        Map<Key, KindRule> kindOf = new LinkedHashMap<>();
        Map<String, Map<String, List<Mutant>>> survivors = new TreeMap<>();
        for (Map.Entry<Key, Boolean> e : union.entrySet()) {
            if (!e.getValue()) {
                Mutant m = base.get(e.getKey());
                survivors.computeIfAbsent(m.key().clazz(), c -> new TreeMap<>())
                        .computeIfAbsent(shortMutator(m.key().mutator()), x -> new ArrayList<>()).add(m);
                rules.stream().filter(r -> r.matches(m.key())).findFirst().ifPresent(r -> kindOf.put(m.key(), r));
            }
        }
        if (kindsFile != null) {
            printKinds(kindsFile, rules, kindOf, base, base.size(), (int) unionKilled);
        }
        System.out.printf(Locale.ROOT, "%nsurvivors of all together: %d%n", base.size() - unionKilled);
        for (Map.Entry<String, Map<String, List<Mutant>>> c : survivors.entrySet()) {
            System.out.println("  " + c.getKey());
            for (Map.Entry<String, List<Mutant>> kind : c.getValue().entrySet()) {
                System.out.println("    " + kind.getKey() + " (" + kind.getValue().size() + ")");
                for (Mutant m : kind.getValue()) {
                    KindRule rule = kindOf.get(m.key());
                    System.out.println("      line " + m.key().line() + " " + m.key().method() + ": " + m.description()
                            + " [" + m.status() + "]" + (rule == null ? "" : " (" + rule.kind() + ")"));
                }
            }
        }
        if (verdict != 0) {
            System.exit(verdict);
        }
    }

    /**
     * Compares the score with row {@code ROW} of {@code FILE} ({@code FILE:ROW}); returns the exit status: 0 held,
     * 1 fell or no longer comparable, 3 no such row.
     */
    static int compare(String fileAndRow, int mutants, int killed) throws IOException {
        int colon = fileAndRow.lastIndexOf(':');
        if (colon <= 0) {
            System.err.println("--check wants FILE:ROW, not " + fileAndRow);
            return 2;
        }
        Path file = Path.of(fileAndRow.substring(0, colon));
        String row = fileAndRow.substring(colon + 1);
        if (row.isEmpty()) {
            System.out.println("\nno row of " + file + " named: nothing compared (name one with -Dmutation.scores.row=ROW, or -Dmutation.union.row=ROW for the union)");
            return 0;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (line.startsWith("#") || f.length < 4 || !f[0].equals(row)) {
                continue;
            }
            int trackedMutants;
            int trackedKilled;
            try {
                trackedMutants = Integer.parseInt(f[1].trim());
                trackedKilled = Integer.parseInt(f[2].trim());
            } catch (NumberFormatException e) {
                System.err.println("row " + row + " of " + file + ": mutants and killed must be whole numbers, not "
                        + f[1] + " and " + f[2]);
                return 2;
            }
            if (trackedMutants <= 0 || trackedKilled < 0 || trackedKilled > trackedMutants) {
                System.err.println("row " + row + " of " + file + ": killed must be in 0.." + "mutants: mutants="
                        + trackedMutants + " killed=" + trackedKilled);
                return 2;
            }
            double tracked = 100.0 * trackedKilled / trackedMutants;
            double now = mutants == 0 ? 0.0 : 100.0 * killed / mutants;
            System.out.printf(Locale.ROOT, "%ntracked (%s, row %s): %d of %d, %.1f%%; now %d of %d, %.1f%%%n", file,
                    row, trackedKilled, trackedMutants, tracked, killed, mutants, now);
            if (Math.abs(mutants - trackedMutants) > trackedMutants / 10) {
                System.out.println("NOT COMPARABLE: the mutants are no longer those the row measured (classes or "
                        + "mutators changed): measure again and update the row");
                return 1;
            }
            if (now + 0.05 < tracked) {
                System.out.println("SCORE FELL below the tracked one: kill the new survivors, or say in the row why "
                        + "the score is lower now");
                return 1;
            }
            System.out.println("score held");
            return 0;
        }
        System.out.println("no row " + row + " in " + file + ": measure the score and add it");
        return 3;
    }

    /**
     * Removes from {@code mutants} those {@code file} lists (class, method, line, description, reason); returns how
     * many, or -1 after printing the lines that match none.
     */
    static int excludeEquivalent(Path file, Map<Key, Mutant> mutants) throws IOException {
        int excluded = 0;
        boolean stale = false;
        java.util.Set<String> classes = new java.util.HashSet<>();
        mutants.keySet().forEach(k -> classes.add(k.clazz()));
        List<String[]> rows = rows(file, "class, method, line, description");
        if (rows == null) {
            return -1;
        }
        for (String[] f : rows) {
            String line = String.join("\t", f);
            if (!classes.contains(f[0])) {
                continue; // another row's classes
            }
            int matched = 0;
            for (var it = mutants.values().iterator(); it.hasNext(); ) {
                Mutant m = it.next();
                if (m.key().clazz().equals(f[0]) && m.key().method().equals(f[1]) && atLine(m.key(), f[2].trim())
                        && m.description().equals(f[3])) {
                    it.remove();
                    matched++;
                }
            }
            if (matched == 0) {
                System.err.println(file + ": matches no mutant (the code moved? update the line): " + line);
                stale = true;
            }
            excluded += matched;
        }
        return stale ? -1 : excluded;
    }

    /**
     * True if {@code key} is at {@code line}: a line number, or {@code LINE#INDEX} for the one mutant at PIT's
     * instruction index {@code INDEX} (its {@code indexes} element), where mutants of the same description share a line
     * (the operands of one condition) and only some of them are equivalent.
     */
    static boolean atLine(Key key, String line) {
        int hash = line.indexOf('#');
        if (hash < 0) {
            return String.valueOf(key.line()).equals(line);
        }
        return String.valueOf(key.line()).equals(line.substring(0, hash))
                && key.index().equals(line.substring(hash + 1));
    }

    /**
     * The rows of a tab-separated file of rules (comments and blank lines skipped), each with the four {@code
     * columns} named and a reason; null after printing the first line that has not.
     */
    static List<String[]> rows(Path file, String columns) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 5 || f[4].isBlank()) {
                System.err.println(file + ": want " + columns + " and a reason: " + line);
                return null;
            }
            rows.add(f);
        }
        return rows;
    }

    /** The rules of {@code file}, or null after printing what is wrong with a line. */
    static List<KindRule> readKinds(Path file) throws IOException {
        List<String[]> rows = rows(file, "kind, class, method, lines");
        if (rows == null) {
            return null;
        }
        List<KindRule> rules = new ArrayList<>();
        for (String[] f : rows) {
            String line = String.join("\t", f);
            if (!KINDS.contains(f[0])) {
                System.err.println(file + ": no kind " + f[0] + " (the kinds: " + KINDS + "): " + line);
                return null;
            }
            java.util.Set<String> lines = new java.util.LinkedHashSet<>();
            if (!f[3].trim().equals("*")) {
                for (String n : f[3].split(",")) {
                    if (!n.trim().matches("[0-9]{1,9}(#[0-9]{1,9})?")) {
                        System.err.println(file + ": lines are * or line numbers (or LINE#INDEX) separated by commas, "
                                + "not " + f[3] + ": " + line);
                        return null;
                    }
                    lines.add(n.trim());
                }
            }
            rules.add(new KindRule(f[0], f[1], f[2], lines, f[4]));
        }
        return rules;
    }

    /** The survivors by kind, and the score without those no SPI-driven test can kill. */
    private static void printKinds(Path file, List<KindRule> rules, Map<Key, KindRule> kindOf, Map<Key, Mutant> base,
                                   int mutants, int killed) {
        Map<String, Integer> byKind = new LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, 0));
        kindOf.values().forEach(r -> byKind.merge(r.kind(), 1, Integer::sum));
        int survivors = mutants - killed;
        System.out.printf(Locale.ROOT, "%nsurvivors of all together by kind (%s):%n", file);
        int beyond = 0;
        for (Map.Entry<String, Integer> k : byKind.entrySet()) {
            boolean out = BEYOND_SPI.contains(k.getKey());
            beyond += out ? k.getValue() : 0;
            System.out.printf(Locale.ROOT, "  %-16s %6d%s%n", k.getKey(), k.getValue(), out ? "  (beyond the SPI)" : "");
        }
        System.out.printf(Locale.ROOT, "  %-16s %6d  (no rule: for the tests to kill)%n", "none",
                survivors - kindOf.size());
        print("reachable via the SPI", mutants - beyond, killed);
        // What these reports could score at most if they killed every mutant no kind puts beyond the SPI: for a
        // suite's reports, the highest score any suite that drives the engine through the SPI alone can reach.
        print("ceiling via the SPI", mutants, mutants - beyond);
        java.util.Set<String> classes = new java.util.HashSet<>();
        base.keySet().forEach(k -> classes.add(k.clazz()));
        java.util.Set<KindRule> used = new java.util.HashSet<>(kindOf.values());
        for (KindRule r : rules) {
            if (classes.contains(r.clazz()) && !used.contains(r)) {
                System.out.println("  note: matches no survivor (killed now, or the code moved): " + r.kind() + " "
                        + r.clazz() + "." + r.method() + " " + (r.lines().isEmpty() ? "*" : r.lines()));
            }
        }
    }

    private static void print(String label, int mutants, int killed) {
        System.out.printf(Locale.ROOT, "%-24s %8d %8d %6.1f%%%n", label, mutants, killed,
                mutants == 0 ? 0.0 : 100.0 * killed / mutants);
    }

    private static String shortMutator(String mutator) {
        String name = mutator.substring(mutator.lastIndexOf('.') + 1);
        return name.endsWith("Mutator") ? name.substring(0, name.length() - "Mutator".length()) : name;
    }

    static Map<Key, Mutant> read(Path file) throws IOException, ParserConfigurationException, SAXException {
        long size = Files.size(file);
        if (size > REPORT_BYTES_MAX) {
            throw new IOException("report too large: file=" + file + " bytes=" + size + " max=" + REPORT_BYTES_MAX);
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        NodeList nodes;
        try (InputStream in = Files.newInputStream(file)) {
            nodes = builder.parse(in).getElementsByTagName("mutation");
        }
        Map<Key, Mutant> mutants = new LinkedHashMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            Key key = new Key(text(e, "mutatedClass"), text(e, "mutatedMethod"), text(e, "methodDescription"),
                    Integer.parseInt(text(e, "lineNumber")), text(e, "mutator"), text(e, "indexes"));
            mutants.put(key, new Mutant(key, e.getAttribute("status"), text(e, "description")));
        }
        return mutants;
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        if (list.getLength() == 0) {
            return "";
        }
        Node node = list.item(0);
        return node.getTextContent().trim();
    }
}