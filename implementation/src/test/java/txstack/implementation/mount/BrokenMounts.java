package txstack.implementation.mount;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.txr.Registry;

/**
 * The deliberately broken variants of the mount manager, by name, for the mount suite to prove its checks bite
 * (STYLE 10). A test fixture: published only in the {@code txstack-implementation} artifact with classifier {@code
 * tests}. What each variant breaks is documented on {@code MountFault}; the manager's {@link MountPaths} and an
 * {@link Hsm} attached to it behave as the variant says. Never use one for data you want back.
 */
public final class BrokenMounts {
    /** Every variant but the real one, in the enum's order. */
    private static final List<String> NAMES = Arrays.stream(MountFault.values())
            .filter(fault -> fault != MountFault.CORRECT).map(Enum::name).toList();

    private BrokenMounts() {
    }

    /** Every broken variant's name, e.g. {@code DATABASE_OUTSIDE_TRANSACTION}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * {@link MountManager#open(Registry, TransactionManager)} with the broken variant {@code variantName}.
     *
     * @throws IllegalArgumentException if {@code variantName} is not one of {@link #names()}
     */
    public static MountManager open(Registry registry, TransactionManager tm, String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken mount variant: name=" + variantName + " valid="
                    + String.join(",", NAMES));
        }
        return MountManager.open(registry, tm, MountFault.valueOf(variantName));
    }
}
