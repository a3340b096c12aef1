package txstack.implementation.txr;

/**
 * One value's new content: {@code data}, or deleted if {@code data} is null. {@code key} and {@code name} are
 * spelled as the caller spelled them.
 */
record Change(String key, String name, byte[] data) {
    boolean isDelete() {
        return data == null;
    }

    ValueId id() {
        return ValueId.of(key, name);
    }
}
