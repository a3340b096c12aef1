package txstack.implementation.txr;

import java.util.Objects;

import txstack.implementation.recovery.StoreOptions;

/**
 * How to format or open a {@link Registry}. Runtime limits, not format parameters: a hive may be opened with other
 * values than it was formatted with; values already stored beyond a lowered limit stay readable.
 *
 * @param name                the resource manager's name ({@link Registry#name()}): 1 to 32 of {@code a-z0-9-}
 * @param valueBytesMax       the longest value, 0 to {@link #VALUE_BYTES_LIMIT}
 * @param valuesMax           the most values the hive holds, 1 to {@link #VALUES_LIMIT}
 * @param keyCharsMax         the longest key path in chars, 2 to {@link #KEY_CHARS_LIMIT}
 * @param transactionBytesMax the largest intent record a prepare writes (all of one transaction's changes), 64 to
 *                            {@link #TRANSACTION_BYTES_LIMIT}: a transaction beyond it is refused at prepare
 * @param storeOptions        the options of the hive's {@link txstack.implementation.recovery.RecoverableStore}
 */
public record RegistryOptions(String name, int valueBytesMax, int valuesMax, int keyCharsMax,
                              int transactionBytesMax, StoreOptions storeOptions) {
    public static final int VALUE_BYTES_LIMIT = 1 << 20;
    public static final int VALUES_LIMIT = 1 << 24;
    /** Fits the records' 16-bit length field. */
    public static final int KEY_CHARS_LIMIT = 4096;
    public static final int TRANSACTION_BYTES_LIMIT = 16 << 20;
    public static final int NAME_CHARS_MAX = 32;

    public RegistryOptions {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > NAME_CHARS_MAX || !name.chars().allMatch(
                c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new IllegalArgumentException("bad resource manager name: name=" + name + " allowed=[a-z0-9-]{1,"
                    + NAME_CHARS_MAX + "}");
        }
        checkRange("valueBytesMax", valueBytesMax, 0, VALUE_BYTES_LIMIT);
        checkRange("valuesMax", valuesMax, 1, VALUES_LIMIT);
        checkRange("keyCharsMax", keyCharsMax, 2, KEY_CHARS_LIMIT);
        checkRange("transactionBytesMax", transactionBytesMax, 64, TRANSACTION_BYTES_LIMIT);
        Objects.requireNonNull(storeOptions, "storeOptions");
    }

    private static void checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " out of range: " + what + "=" + value + " min=" + min
                    + " max=" + max);
        }
    }

    /** Name "reg", 4 KiB values, 65,536 values, 1,024-char key paths, 64 KiB transactions, the store's defaults. */
    public static RegistryOptions defaults() {
        return new RegistryOptions("reg", 4096, 1 << 16, 1024, 64 << 10, StoreOptions.defaults());
    }

    public RegistryOptions withName(String newName) {
        return new RegistryOptions(newName, valueBytesMax, valuesMax, keyCharsMax, transactionBytesMax, storeOptions);
    }

    public RegistryOptions withValueBytesMax(int newValueBytesMax) {
        return new RegistryOptions(name, newValueBytesMax, valuesMax, keyCharsMax, transactionBytesMax, storeOptions);
    }

    public RegistryOptions withValuesMax(int newValuesMax) {
        return new RegistryOptions(name, valueBytesMax, newValuesMax, keyCharsMax, transactionBytesMax, storeOptions);
    }

    public RegistryOptions withKeyCharsMax(int newKeyCharsMax) {
        return new RegistryOptions(name, valueBytesMax, valuesMax, newKeyCharsMax, transactionBytesMax, storeOptions);
    }

    public RegistryOptions withTransactionBytesMax(int newTransactionBytesMax) {
        return new RegistryOptions(name, valueBytesMax, valuesMax, keyCharsMax, newTransactionBytesMax, storeOptions);
    }

    public RegistryOptions withStoreOptions(StoreOptions newStoreOptions) {
        return new RegistryOptions(name, valueBytesMax, valuesMax, keyCharsMax, transactionBytesMax, newStoreOptions);
    }
}
