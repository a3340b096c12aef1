package txstack.implementation.lfs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import txstack.implementation.disk.BlockDevice;

/**
 * The deliberately broken variants of the log, by name, for the conformance suite to prove its checks bite (STYLE
 * 10). A test fixture: it lives with the tests and is published only in the {@code txstack-implementation} artifact
 * with classifier {@code tests}, so the production API offers no way to break the log. What each variant breaks, and
 * which requirement it violates, is documented on {@code LogFault}. Never use one for data you want back.
 */
public final class BrokenLogs {
    private static final List<String> NAMES = Arrays.stream(LogFault.values())
            .filter(fault -> fault != LogFault.CORRECT).map(Enum::name).toList();

    private BrokenLogs() {
    }

    /** Every broken variant's name, e.g. {@code NO_EPOCH}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link LogFile#format} with the broken variant {@code variantName}. */
    public static LogFile format(BlockDevice device, LogOptions options, String variantName) {
        return LogFile.format(device, options, fault(variantName));
    }

    /** {@link LogFile#open(BlockDevice, LogOptions)} with the broken variant {@code variantName}. */
    public static LogFile open(BlockDevice device, LogOptions options, String variantName) {
        return open(device, options, variantName, 0);
    }

    /**
     * {@link LogFile#open(BlockDevice, LogOptions, long)}, keeping up to {@code keepBytesMax} bytes of the pages its
     * scan read, with the broken variant {@code variantName}.
     */
    public static LogFile open(BlockDevice device, LogOptions options, String variantName, long keepBytesMax) {
        return LogFile.open(device, options, fault(variantName), keepBytesMax);
    }

    /** {@link LogFile#geometryOf} as the broken variant {@code variantName} declares it. */
    public static LogGeometry geometryOf(BlockDevice device, LogOptions options, String variantName) {
        return LogFile.geometryOf(device, options, fault(variantName));
    }

    /** @throws IllegalArgumentException with the valid names, unless {@code variantName} is one of {@link #names()} */
    private static LogFault fault(String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken log variant: name=" + variantName + " valid="
                    + String.join(",", NAMES));
        }
        return LogFault.valueOf(variantName);
    }
}
