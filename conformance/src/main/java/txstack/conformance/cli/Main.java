package txstack.conformance.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code txstack}: the entry point of the command line. */
@Command(name = "txstack", mixinStandardHelpOptions = true, version = "txstack 0.1.0",
        description = "Tools for the txstack storage stack.",
        subcommands = {Main.ConformCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code: every property held. */
    public static final int EXIT_PASS = 0;
    /** Exit code: a property was violated. */
    public static final int EXIT_VIOLATION = 1;
    /** Exit code: bad usage, or the engine or the exploration failed. */
    public static final int EXIT_ERROR = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with these streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new Main());
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("txstack: error: " + e.getMessage());
            if (e.getCause() != null && e.getCause() != e) {
                commandLine.getErr().println("  caused by: " + e.getCause());
            }
            return EXIT_ERROR;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'txstack conform lfs'");
    }

    /** {@code txstack conform}: the conformance suites. */
    @Command(name = "conform", mixinStandardHelpOptions = true,
            description = "Run a conformance suite against an engine, with crash exploration.",
            subcommands = {LfsCommand.class, VolumeCommand.class, RecoveryCommand.class, FsCommand.class,
                    KtmCommand.class, MountCommand.class, CsvCommand.class})
    static final class ConformCommand implements Runnable {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing suite: try 'txstack conform lfs'");
        }
    }
}
