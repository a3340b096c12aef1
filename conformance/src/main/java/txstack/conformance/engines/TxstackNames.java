package txstack.conformance.engines;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names of the txstack engines: {@code txstack} for the correct implementation, {@code txstack:<VARIANT>} for a
 * deliberately broken variant the implementation's test fixtures build. Case does not matter and {@code -} may stand
 * for {@code _}; {@link #canonical} gives the one spelling engines print.
 */
final class TxstackNames {
    static final String TXSTACK = "txstack";

    private TxstackNames() {
    }

    /**
     * The variant {@code name} asks for, empty for the correct implementation.
     *
     * @param variants the valid variant names, as the fixtures spell them
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of them
     */
    static Optional<String> variantOf(String name, List<String> variants) {
        if (name == null) {
            throw new IllegalArgumentException("no engine named; valid: " + String.join(", ", names(variants)));
        }
        String normal = name.toUpperCase(Locale.ROOT).replace('-', '_');
        String prefix = TXSTACK.toUpperCase(Locale.ROOT) + ":";
        if (normal.equals(TXSTACK.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (normal.startsWith(prefix) && variants.contains(normal.substring(prefix.length()))) {
            return Optional.of(normal.substring(prefix.length()));
        }
        String what = normal.startsWith(prefix) ? "unknown txstack variant '" + name.substring(prefix.length()) + "'"
                : "not a txstack engine name '" + name + "'";
        throw new IllegalArgumentException(what + "; valid: " + String.join(", ", names(variants)));
    }

    /** {@code txstack} first, then {@code txstack:<VARIANT>} for each variant. */
    static List<String> names(List<String> variants) {
        List<String> names = new ArrayList<>(variants.size() + 1);
        names.add(TXSTACK);
        variants.forEach(v -> names.add(canonical(Optional.of(v))));
        return List.copyOf(names);
    }

    /** The name an engine prints: {@code txstack} or {@code txstack:VARIANT}. */
    static String canonical(Optional<String> variant) {
        return variant.map(v -> TXSTACK + ":" + v).orElse(TXSTACK);
    }
}
