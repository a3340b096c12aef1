package txstack.implementation.fs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import txstack.implementation.disk.BlockDevice;

/**
 * The deliberately broken variants of the file system, by name, for the conformance suite to prove its checks bite
 * (STYLE 10). A test fixture: published only in the {@code txstack-implementation} artifact with classifier {@code
 * tests}. What each variant breaks is documented on {@code FsFault}. Never use one for data you want back.
 */
public final class BrokenFileSystems {
    private static final List<String> NAMES = Arrays.stream(FsFault.values())
            .filter(fault -> fault != FsFault.CORRECT).map(Enum::name).toList();

    private BrokenFileSystems() {
    }

    /** Every broken variant's name, e.g. {@code REUSE_FREED_EARLY}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link FileSystem#format} with the broken variant {@code variantName}. */
    public static FileSystem format(BlockDevice volume, FsOptions options, String variantName) {
        return FileSystem.format(volume, options, fault(variantName));
    }

    /** {@link FileSystem#mount} with the broken variant {@code variantName}. */
    public static FileSystem mount(BlockDevice volume, FsOptions options, String variantName) {
        return FileSystem.mount(volume, options, fault(variantName));
    }

    /** For this package's tests: also accepts {@code CORRECT}. */
    static FileSystem mountAny(BlockDevice volume, FsOptions options, String variantName) {
        return FileSystem.mount(volume, options, FsFault.valueOf(variantName));
    }

    /** @throws IllegalArgumentException with the valid names, unless {@code variantName} is one of {@link #names()} */
    private static FsFault fault(String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken file system variant: name=" + variantName
                    + " valid=" + String.join(",", NAMES));
        }
        return FsFault.valueOf(variantName);
    }
}
