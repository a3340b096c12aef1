package txstack.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * Where the spec's sets at each crash point differ from the model's: one line per point that differs, and one per
     * point TLC printed that was not asked for (empty: all equal). {@code where.get(i)} names crash point {@code i + 1}
     * (for example {@code trace=3 beforeStep=7}) and {@code model.get(i)} is the model's set there.
     */
    public static <T> List<String> differences(List<String> where, List<Set<T>> model, Map<Integer, Set<T>> spec) {
        if (model.size() != where.size()) {
            throw new IllegalArgumentException("one model set per crash point: crashPoints=" + where.size()
                    + " modelSets=" + model.size());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            Set<T> allowed = model.get(i);
            Set<T> reached = spec.getOrDefault(i + 1, Set.of());
            if (!allowed.equals(reached)) {
                Set<T> onlyModel = new LinkedHashSet<>(allowed);
                onlyModel.removeAll(reached);
                Set<T> onlySpec = new LinkedHashSet<>(reached);
                onlySpec.removeAll(allowed);
                lines.add("crashPoint=" + (i + 1) + " " + where.get(i) + " modelOnly=" + onlyModel + " specOnly="
                        + onlySpec);
            }
        }
        for (int point : spec.keySet()) {
            if (point < 1 || point > model.size()) {
                lines.add("crashPoint=" + point + " printed by TLC but not asked for");
            }
        }
        return lines;
    }
}
