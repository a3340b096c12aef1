package txstack.implementation.volume;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import txstack.implementation.disk.BlockDevice;

/**
 * The deliberately broken variants of the volume manager, by name, for the conformance suite to prove its checks bite
 * (STYLE 10). A test fixture: it lives with the tests and is published only in the {@code txstack-implementation}
 * artifact with classifier {@code tests}, so the production API offers no way to break a volume. What each variant
 * breaks, and which requirement it violates, is documented on {@code VolumeFault}. Never use one for data you want
 * back.
 */
public final class BrokenVolumes {
    private static final List<String> NAMES = Arrays.stream(VolumeFault.values())
            .filter(fault -> fault != VolumeFault.CORRECT).map(Enum::name).toList();

    private BrokenVolumes() {
    }

    /** Every broken variant's name, e.g. {@code NO_WRITE_HOLE_PROTECTION}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link Volumes#create} with the broken variant {@code variantName}. */
    public static Volume create(Layout layout, List<BlockDevice> devices, VolumeOptions options, String variantName) {
        return Volumes.create(layout, devices, options, fault(variantName));
    }

    /** {@link Volumes#assemble} with the broken variant {@code variantName}. */
    public static Volume assemble(List<BlockDevice> devices, VolumeOptions options, String variantName) {
        return Volumes.assemble(devices, options, fault(variantName));
    }

    /** @throws IllegalArgumentException with the valid names, unless {@code variantName} is one of {@link #names()} */
    private static VolumeFault fault(String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken volume variant: name=" + variantName + " valid="
                    + String.join(",", NAMES));
        }
        return VolumeFault.valueOf(variantName);
    }
}
