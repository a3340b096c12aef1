package txstack.implementation.txf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import txstack.implementation.fs.FileSystem;

/**
 * The deliberately broken variants of TxF, by name, for the transaction suite to prove its checks bite (STYLE 10).
 * A test fixture: published only in the {@code txstack-implementation} artifact with classifier {@code tests}. What
 * each variant breaks is documented on {@code TxfFault}. Never use one for data you want back.
 */
public final class BrokenTxf {
    private static final List<String> NAMES = Arrays.stream(TxfFault.values())
            .filter(fault -> fault != TxfFault.CORRECT).map(Enum::name).toList();

    private BrokenTxf() {
    }

    /** Every broken variant's name, e.g. {@code APPLY_WITHOUT_INTENT}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link TransactionalFileSystem#on(FileSystem, String)} with the broken variant {@code variantName}. */
    public static TransactionalFileSystem on(FileSystem fs, String name, String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken TxF variant: name=" + variantName + " valid="
                    + String.join(",", NAMES));
        }
        return TransactionalFileSystem.on(fs, name, TxfFault.valueOf(variantName));
    }
}
