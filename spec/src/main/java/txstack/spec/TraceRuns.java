package txstack.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every trace check shares: a temp directory with the bundled specs and a generated module, TLC, clean-up. Public
 * for the model trace checks outside this module (the conformance module's CSV traces).
 */
public final class TraceRuns {

    private TraceRuns() {
    }

    /**
     * Copies the bundled specs into a fresh temp directory, lets {@code writeModule} write the generated module there,
     * runs TLC on {@code checkerModule} with {@code checkerCfg} and deletes the directory.
     */
    public static TlcResult check(Tlc tlc, String tempPrefix, Consumer<Path> writeModule, String checkerModule,
                           String checkerCfg, Duration timeout) {
        Path directory;
        try {
            directory = Files.createTempDirectory(tempPrefix);
        } catch (IOException e) {
            throw new SpecException("cannot create a temp directory for trace checking: prefix=" + tempPrefix, e);
        }
        try {
            SpecFiles.extract(directory);
            writeModule.accept(directory);
            return tlc.check(directory, checkerModule, checkerCfg, timeout);
        } finally {
            Tlc.deleteTree(directory);
        }
    }

    /** The last value {@code pattern}'s first group takes in {@code text} (TLC's last printed state), or -1. */
    public static int lastInt(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int last = -1;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }
}
