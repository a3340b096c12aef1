package txstack.implementation.fs;

import java.util.List;

/** What {@link FileSystem#check()} found: one line per problem, in key=value form; clean if none. */
public record FsckReport(List<String> problems) {
    public FsckReport {
        problems = List.copyOf(problems);
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
