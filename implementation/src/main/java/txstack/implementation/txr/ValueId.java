package txstack.implementation.txr;

/** A value as the registry compares it: its key path and name, both upcased ({@link Names#upcase}). */
record ValueId(String key, String name) {
    static ValueId of(String key, String name) {
        return new ValueId(Names.upcase(key), Names.upcase(name));
    }

    @Override
    public String toString() {
        return "reg:" + key + ":" + name;
    }
}
