/**
 * Reference model of the log file service (LFS-1..6), following {@code spec/tla/Lfs.tla} action for action.
 *
 * <p>LSNs are the spec's: 1, 2, 3, ... in append order. A running log is a {@link txstack.model.lfs.LogState};
 * a crash yields a {@link txstack.model.lfs.CrashedLog} that lists every state recovery may return.
 *
 * <p>Depends on {@code txstack.model} only.
 */
package txstack.model.lfs;
