package txstack.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, the report, the replay command, and clear messages for bad options. */
class MainTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPassingRunExitsZeroWithAFullReport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.txt");
        Run r = run("conform", "lfs", "--seed", "5", "--workloads", "4", "--jobs", "2", "--report", file.toString());
        assertEquals(Main.EXIT_PASS, r.exit(), r.out() + r.err());
        for (String expected : List.of("engine                                   txstack", "mode", "exhaustive",
                "seed                                     5", "crash states checked", "recoveries checked",
                "crash states during recovery", "LFS-2   held", "LFS-6   held", "DISK-3  held",
                "VERDICT: PASS - no property violated in 4 workloads")) {
            assertTrue(r.out().contains(expected), "missing '" + expected + "' in\n" + r.out());
        }
        assertEquals(r.out(), Files.readString(file));
        assertTrue(r.err().contains("[txstack] conform lfs: engine txstack"), r.err());
    }

    @Test
    void aViolationExitsOneAndItsReplayCommandReproducesIt(@TempDir Path classPath) {
        Run r = run("conform", "lfs", "--class-path", classPath.toString(), "--engine", "txstack:SKIP_DEVICE_FLUSH",
                "--seed", "1", "--workloads", "5", "--quiet");
        assertEquals(Main.EXIT_VIOLATION, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("LFS-6   VIOLATED"), r.out());
        assertTrue(r.out().contains("VERDICT: FAIL - LFS-6 violated in workload"), r.out());
        String replay = r.out().lines().filter(l -> l.contains("replay: ")).findFirst().orElseThrow()
                .substring(r.out().lines().filter(l -> l.contains("replay: ")).findFirst().orElseThrow()
                        .indexOf("replay: ") + "replay: ".length());
        assertTrue(replay.startsWith(ReplayCommand.LAUNCHER + " conform lfs --class-path " + classPath
                + " --engine txstack:SKIP_DEVICE_FLUSH"), replay);
        List<String> args = new ArrayList<>(List.of(replay.split(" ")).subList(1, replay.split(" ").length));
        args.add("--quiet");
        Run again = run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_VIOLATION, again.exit());
        assertEquals(section(r.out(), "steps (shrunk"), section(again.out(), "steps (shrunk"),
                "the replay shows the same shrunk counterexample");
    }

    private static String section(String report, String from) {
        return report.substring(report.indexOf(from), report.indexOf("VERDICT"));
    }

    @Test
    void badOptionsExitTwoWithAClearMessage() {
        assertUsage(run(), "missing command");
        assertUsage(run("conform"), "missing suite");
        assertUsage(run("conform", "lfs", "--sector-size", "1000"), "--sector-size must be 512 or 4096");
        assertUsage(run("conform", "lfs", "--engine", "txstack:BOGUS"), "unknown txstack variant 'BOGUS'");
        assertUsage(run("conform", "lfs", "--engine", "java.lang.String"), "does not implement");
        assertUsage(run("conform", "lfs", "--engine", "no.such.Engine"), "no engine 'no.such.Engine'");
        assertUsage(run("conform", "lfs", "--time-limit", "soon"), "is not a duration");
        assertUsage(run("conform", "lfs", "--steps", "0"), "steps=0");
        assertUsage(run("conform", "lfs", "--mode", "sometimes"), "--mode");
        assertUsage(run("conform", "lfs", "--sectors", "0"), "--sectors");
        assertUsage(run("conform", "lfs", "--frobnicate"), "Unknown option: '--frobnicate'");
        assertUsage(run("conform", "lfs", "--class-path", "no/such.jar"), "--class-path: no such jar or folder: "
                + "no/such.jar");
        assertUsage(run("conform", "volume", "--class-path", "no/such/folder"), "no/such/folder");
        assertUsage(run("conform", "volume", "--engine", "txstack:NO_EPOCH"), "txstack:NO_WRITE_HOLE_PROTECTION");
        assertUsage(run("conform", "volume", "--layout", "raid5", "--members", "2"), "memberCount=2");
        assertUsage(run("conform", "volume", "--member-sectors", "1"), "memberSectorCount=1");
    }

    @Test
    void byDefaultEachLfsWorkloadDrawsItsSectorSize() {
        Run r = run("conform", "lfs", "--mode", "random", "--seed", "4", "--workloads", "8", "--steps", "30",
                "--quiet");
        assertEquals(Main.EXIT_PASS, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*workloads on 512-byte sectors +[1-7]\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*workloads on 4096-byte sectors +[1-7]\\n.*"), r.out());
        // aViolationExitsOneAndItsReplayCommandReproducesIt replays a drawn workload: its line pins the size.
    }

    @Test
    void theFileSystemSuiteRunsAndCatchesABrokenVariant() {
        Run r = run("conform", "fs", "--seed", "5", "--workloads", "12", "--quiet");
        assertEquals(Main.EXIT_PASS, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("88 one-operation and 7744 two-operation workloads"), r.out());
        Run broken = run("conform", "fs", "--engine", "txstack:RENAME_NOT_ATOMIC", "--seed", "1", "--workloads", "40",
                "--quiet");
        assertEquals(Main.EXIT_VIOLATION, broken.exit(), broken.out() + broken.err());
        assertTrue(broken.out().contains("replay: ./txstack conform fs --engine txstack:RENAME_NOT_ATOMIC --mode "
                + "exhaustive --seed 1 --workload 28"), broken.out());
    }

    @Test
    void aVolumeOfAnotherGeometryIsCheckedAndReplayedWithIt() {
        Run r = run("conform", "volume", "--layout", "raid5", "--members", "5", "--unit-sectors", "4",
                "--member-sectors", "33", "--sector-size", "4096", "--seed", "3", "--workloads", "3", "--quiet");
        assertEquals(Main.EXIT_PASS, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("RAID5 over 5 simulated disks of 33 sectors x 4096 bytes, stripe unit 4"), r.out());
        Run broken = run("conform", "volume", "--engine", "txstack:NO_WRITE_HOLE_PROTECTION", "--layout", "raid5",
                "--members", "4", "--unit-sectors", "1", "--seed", "1", "--workloads", "30", "--quiet");
        assertEquals(Main.EXIT_VIOLATION, broken.exit(), broken.out() + broken.err());
        assertTrue(broken.out().contains("--members 4 --unit-sectors 1 --member-sectors 13"), broken.out());
    }

    private static void assertUsage(Run r, String message) {
        assertEquals(Main.EXIT_ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    }

    @Test
    void anEngineThatFailsIsAnErrorNotAVerdict() {
        Run r = run("conform", "lfs", "--engine", FailingEngine.class.getName(), "--workloads", "1", "--quiet");
        assertEquals(Main.EXIT_ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("cannot format"), r.err());
    }

    @Test
    void anEngineClassOnTheClassPathIsBoundByName() {
        Run r = run("conform", "lfs", "--engine", "txstack.conformance.engines.TxstackLogEngine", "--seed", "2",
                "--workloads", "2", "--mode", "random", "--steps", "30", "--quiet");
        assertEquals(Main.EXIT_PASS, r.exit(), r.out() + r.err());
    }

    @Test
    void anEngineOnlyOnTheClassPathIsFoundByItsRegisteredNameAndByClassName(@TempDir Path dir) throws IOException {
        Path classes = OutsideEngine.compile(dir);
        for (String engine : List.of(OutsideEngine.NAME, OutsideEngine.CLASS_NAME)) {
            Run r = run("conform", "lfs", "--class-path", classes + ":", "--engine", engine, "--workloads", "1",
                    "--quiet");
            assertEquals(Main.EXIT_ERROR, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains(OutsideEngine.MESSAGE), "the outside engine ran: " + r.err());
        }
        Run without = run("conform", "lfs", "--engine", OutsideEngine.NAME, "--workloads", "1", "--quiet");
        assertUsage(without, "no engine '" + OutsideEngine.NAME + "'");
        assertTrue(without.err().contains("found: none"), without.err());
        assertUsage(run("conform", "lfs", "--class-path", classes + ":" + dir.resolve("missing.jar"), "--engine",
                OutsideEngine.NAME), "missing.jar");
    }

    @Test
    void helpExitsZero() {
        Run r = run("conform", "lfs", "--help");
        assertEquals(Main.EXIT_PASS, r.exit());
        assertTrue(r.out().contains("--engine") && r.out().contains("--time-limit"), r.out());
    }
}
