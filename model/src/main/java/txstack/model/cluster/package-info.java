/**
 * Reference model of Cluster Shared Volumes ownership (CSV-1..7), exactly as {@code spec/tla/CsvOwnership.tla}
 * states it: {@link txstack.model.cluster.CsvState} holds every variable of the spec (ghosts included) and has one
 * method per spec action with the same name and parameters; {@link txstack.model.cluster.CsvAction} is one record
 * per action; {@link txstack.model.cluster.CsvBounds} are the spec's bounds, as the MC configs set them. The data
 * path (CSV-2, CSV-6: write-back caches, flushes tagged with the token's epoch, the disk's fence), migration
 * (CSV-4, CSV-5: stop, release, handoff, grant), failures (CSV-7: crashes, takebacks, failovers with terms) and
 * metadata requests over a lossy network (CSV-1, CSV-3: dedup against the durable log, ack once durable). The spec's
 * bugs ({@link txstack.model.cluster.CsvBug}) are off unless the bounds switch one on, to show that the invariants
 * bite; with all off this is the correct protocol, and its runs are checked against the spec by trace validation
 * ({@code CsvOwnershipTrace.tla}).
 *
 * <p>Immutable and pure: no I/O, threads, clocks or randomness. Depends on the JDK and {@code txstack.model} only.
 */
package txstack.model.cluster;
