package txstack.implementation.txr;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import txstack.implementation.disk.BlockDevice;

/**
 * The deliberately broken variants of TxR, by name, for the transaction suite to prove its checks bite (STYLE 10). A
 * test fixture: published only in the {@code txstack-implementation} artifact with classifier {@code tests}. What
 * each variant breaks is documented on {@code TxrFault}.
 */
public final class BrokenTxr {
    private static final List<String> NAMES = Arrays.stream(TxrFault.values())
            .filter(fault -> fault != TxrFault.CORRECT).map(Enum::name).toList();

    private BrokenTxr() {
    }

    /** Every broken variant's name, e.g. {@code APPLY_AT_PREPARE}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link Registry#format} with the broken variant {@code variantName}. */
    public static Registry format(BlockDevice hiveLog, BlockDevice hive, RegistryOptions options,
                                  String variantName) {
        return Registry.format(hiveLog, hive, options, fault(variantName));
    }

    /** {@link Registry#open} with the broken variant {@code variantName}. */
    public static Registry open(BlockDevice hiveLog, BlockDevice hive, RegistryOptions options, String variantName) {
        return Registry.open(hiveLog, hive, options, fault(variantName));
    }

    private static TxrFault fault(String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken TxR variant: name=" + variantName + " valid="
                    + String.join(",", NAMES));
        }
        return TxrFault.valueOf(variantName);
    }
}
