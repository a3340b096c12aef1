package txstack.spec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs TLC on every model of the manifest and checks its verdict, distinct states and depth (as tlaplus/Examples
 * does in CI). Rows of profile {@code large} run only with {@code -Dtxstack.spec.profile=large} (Maven profile
 * {@code spec-large}). Models expected to pass use {@code -Dtxstack.spec.workers} TLC workers (default 1); the others always use one,
 * so that the counts at a violation are reproducible.
 */
class ManifestTest {

    private static final String PROFILE = System.getProperty("txstack.spec.profile", "ci");
    private static final Duration CI_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration LARGE_TIMEOUT =
            Duration.ofMinutes(Long.getLong("txstack.spec.largeTimeoutMinutes", 120));

    @TempDir
    static Path specs;

    @TestFactory
    Stream<DynamicTest> everyModelOfTheManifest() {
        SpecFiles.extract(specs);
        SpecManifest manifest = SpecManifest.readAll(specs);
        assertFalse(manifest.rows().stream().noneMatch(SpecManifest.Row::isCi), "manifest has no ci row");
        return manifest.rows().stream()
                .filter(row -> row.isCi() || "large".equals(PROFILE))
                .map(row -> DynamicTest.dynamicTest(row.model() + " (" + row.expected() + ")", () -> check(row)));
    }

    private static void check(SpecManifest.Row row) {
        // Counts at a violation depend on the order workers explore states: those rows always use one worker.
        int workers = "pass".equals(row.expected()) ? Integer.getInteger("txstack.spec.workers", 1) : 1;
        Tlc tlc = new Tlc(workers, List.of());
        TlcResult result = tlc.check(specs, row.module(), row.cfg(), row.isCi() ? CI_TIMEOUT : LARGE_TIMEOUT);
        System.out.println("[spec] " + row.model() + " " + result.summary());
        String context = row.model() + ": " + result.summary() + "\n--- TLC output ---\n" + result.output();
        assertAll(
                () -> assertEquals(row.expected(), result.verdict(), () -> "verdict of " + context),
                () -> assertEquals(row.distinctStates(), result.distinctStates(), () -> "distinct states of " + context),
                () -> assertEquals(row.depth(), result.depth(), () -> "depth of " + context));
    }
}
