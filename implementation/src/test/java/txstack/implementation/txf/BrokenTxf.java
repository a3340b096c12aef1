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
    /** Every variant. */
    private static final List<String> ALL = Arrays.stream(TxfFault.values())
            .filter(fault -> fault != TxfFault.CORRECT).map(Enum::name).toList();
    /** The variants the transaction suite can see through the SPI (what {@link #names()} lists). */
    private static final List<String> NAMES = ALL.stream()
            .filter(name -> !name.equals(TxfFault.LOCKS_DROPPED_AT_RECOVERY.name())).toList();

    private BrokenTxf() {
    }

    /**
     * Every broken variant's name the transaction suite can see through the SPI, e.g. {@code APPLY_WITHOUT_INTENT},
     * in a fixed order. {@code LOCKS_DROPPED_AT_RECOVERY} is left out: it breaks only a window the SPI's open closes
     * (TxF open, the transaction manager not yet told); {@link #on} takes it, for TxF's own test of that window.
     */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link TransactionalFileSystem#on(FileSystem, String)} with the broken variant {@code variantName}. */
    public static TransactionalFileSystem on(FileSystem fs, String name, String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!ALL.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken TxF variant: name=" + variantName + " valid="
                    + String.join(",", ALL));
        }
        return TransactionalFileSystem.on(fs, name, TxfFault.valueOf(variantName));
    }
}
