package txstack.implementation.ktm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.lfs.LogOptions;

/**
 * The deliberately broken variants of the transaction manager, by name, for the transaction suite to prove its
 * checks bite (STYLE 10). A test fixture: published only in the {@code txstack-implementation} artifact with
 * classifier {@code tests}. What each variant breaks is documented on {@code KtmFault}.
 */
public final class BrokenKtm {
    private static final List<String> NAMES = Arrays.stream(KtmFault.values())
            .filter(fault -> fault != KtmFault.CORRECT).map(Enum::name).toList();

    private BrokenKtm() {
    }

    /** Every broken variant's name, e.g. {@code DECISION_NOT_FORCED}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link TransactionManager#format} with the broken variant {@code variantName}. */
    public static TransactionManager format(BlockDevice device, LogOptions options, String variantName) {
        return TransactionManager.format(device, options, fault(variantName));
    }

    /** {@link TransactionManager#open} with the broken variant {@code variantName}. */
    public static TransactionManager open(BlockDevice device, LogOptions options, String variantName) {
        return TransactionManager.open(device, options, fault(variantName));
    }

    private static KtmFault fault(String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken transaction manager variant: name=" + variantName
                    + " valid=" + String.join(",", NAMES));
        }
        return KtmFault.valueOf(variantName);
    }
}
