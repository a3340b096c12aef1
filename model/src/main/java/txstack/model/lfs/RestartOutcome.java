package txstack.model.lfs;

/**
 * What a crash did to the restart copy being written (spec {@code CrashWith}'s {@code restart}, DISK-3): nothing was
 * in flight, or the copy kept its old content, got the new one whole, or was torn (fails its checksum).
 */
public enum RestartOutcome {
    NONE, OLD, NEW, TORN
}
