package txstack.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Failing seeds kept as regression cases ({@code txstack/conformance/lfs/regressions.tsv} and {@code
 * txstack/conformance/volume/regressions.tsv}): each is replayed with the one-line command a report prints, and must
 * end the same way.
 */
class RegressionCasesTest {

    @TestFactory
    List<DynamicTest> everyKeptCaseEndsAsRecorded() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines("/txstack/conformance/lfs/regressions.tsv")) {
            String[] f = line.split("\t");
            String[] args = {"conform", "lfs", "--engine", f[0], "--mode", f[1], "--seed", f[2], "--workload", f[3],
                    "--steps", f[4], "--sector-size", f[5], "--sectors", f[6], "--jobs", "1", "--quiet"};
            tests.add(replay("lfs " + f[0] + " " + f[1] + " seed " + f[2] + " workload " + f[3] + ": " + f[8], args,
                    f[7], f[3]));
        }
        for (String line : lines("/txstack/conformance/volume/regressions.tsv")) {
            String[] f = line.split("\t");
            String[] args = {"conform", "volume", "--engine", f[0], "--layout", f[1], "--mode", f[2], "--seed", f[3],
                    "--workload", f[4], "--steps", f[5], "--jobs", "1", "--quiet"};
            tests.add(replay("volume " + f[0] + " " + f[1] + " " + f[2] + " seed " + f[3] + " workload " + f[4] + ": "
                    + f[7], args, f[6], f[4]));
        }
        return tests;
    }

    private static DynamicTest replay(String name, String[] args, String expected, String workload) {
        return DynamicTest.dynamicTest(name, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            if (expected.equals("PASS")) {
                assertEquals(Main.EXIT_PASS, exit, report + err);
            } else {
                assertEquals(Main.EXIT_VIOLATION, exit, report + err);
                assertTrue(report.contains("VERDICT: FAIL - " + expected + " violated in workload " + workload),
                        report);
            }
        });
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = RegressionCasesTest.class.getResourceAsStream(resource)) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return out;
        }
    }
}
