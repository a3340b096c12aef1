package txstack.model.lfs;

import txstack.model.Bytes;

/** A restart area (LFS-2): where recovery starts reading, and the client's context. */
public record Restart(long startLsn, Bytes clientData) {

    /** The restart area of a freshly formatted log: start at LSN 1, no client data. */
    public static final Restart INITIAL = new Restart(LogState.FIRST_LSN, Bytes.EMPTY);
}
