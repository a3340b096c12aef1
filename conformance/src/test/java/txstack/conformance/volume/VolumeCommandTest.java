package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import txstack.conformance.cli.Main;

/** {@code txstack conform volume}: a pass, a caught variant, and its printed replay command replays it. */
class VolumeCommandTest {

    private record Outcome(int exitCode, String out) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCorrectEnginePasses() {
        Outcome o = run("conform", "volume", "--layout", "mirror", "--seed", "3", "--workloads", "5", "--jobs", "1",
                "--quiet");
        assertEquals(Main.EXIT_PASS, o.exitCode(), o.out());
        assertTrue(o.out().contains("VERDICT: PASS"), o.out());
    }

    @Test
    void aBrokenVariantFailsAndItsReplayCommandReplaysIt() {
        Outcome o = run("conform", "volume", "--engine", "txstack:MIRROR_RESYNC_SKIPPED", "--layout", "mirror",
                "--seed", "1", "--workloads", "10", "--jobs", "1", "--quiet");
        assertEquals(Main.EXIT_VIOLATION, o.exitCode(), o.out());
        String replay = o.out().lines().filter(l -> l.trim().startsWith("replay: ./txstack ")).findFirst()
                .orElseThrow().trim().substring("replay: ./txstack ".length());
        Outcome again = run((replay + " --quiet").split(" "));
        assertEquals(Main.EXIT_VIOLATION, again.exitCode(), again.out());
        assertTrue(again.out().contains("VERDICT: FAIL - VOL-2"), again.out());
    }

    @Test
    void anUnknownEngineIsAUsageError() {
        assertEquals(Main.EXIT_ERROR, run("conform", "volume", "--engine", "txstack:NO_SUCH_VARIANT").exitCode());
    }
}
