package txstack.implementation.recovery;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import txstack.implementation.disk.BlockDevice;

/**
 * The deliberately broken variants of the recovery layer, by name, for the conformance suite to prove its checks
 * bite (STYLE 10). A test fixture: it lives with the tests and is published only in the {@code
 * txstack-implementation} artifact with classifier {@code tests}, so the production API offers no way to break the
 * store. What each variant breaks is documented on {@code RecoveryFault}. Never use one for data you want back.
 */
public final class BrokenStores {
    private static final List<String> NAMES = Arrays.stream(RecoveryFault.values())
            .filter(fault -> fault != RecoveryFault.CORRECT).map(Enum::name).toList();

    private BrokenStores() {
    }

    /** Every broken variant's name, e.g. {@code WAL_OFF}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link RecoverableStore#format} with the broken variant {@code variantName}. */
    public static RecoverableStore format(BlockDevice log, BlockDevice data, StoreOptions options,
                                          String variantName) {
        return RecoverableStore.format(log, data, options, fault(variantName));
    }

    /** {@link RecoverableStore#open} with the broken variant {@code variantName}. */
    public static RecoverableStore open(BlockDevice log, BlockDevice data, StoreOptions options, String variantName) {
        return RecoverableStore.open(log, data, options, fault(variantName));
    }

    /** @throws IllegalArgumentException with the valid names, unless {@code variantName} is one of {@link #names()} */
    private static RecoveryFault fault(String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken store variant: name=" + variantName + " valid="
                    + String.join(",", NAMES));
        }
        return RecoveryFault.valueOf(variantName);
    }
}
