/**
 * Cluster shared volumes (CSV-1..7; protocol {@code spec/tla/CsvOwnership.tla}, explained in {@code
 * spec/doc/csv.md}): several nodes share one volume on a {@link txstack.implementation.cluster.FencedDisk}, which
 * keeps each file's ownership epoch and the namespace's term and refuses a write that carries a stale one (CSV-6).
 * The {@link txstack.implementation.cluster.Coordinator} owns the namespace ({@link
 * txstack.implementation.cluster.Namespace}: file table and applied request log, one CRC32C record; CSV-1), applies
 * each metadata request once and acks it only once durable (CSV-3), migrates files by stop, flush, release, fence,
 * grant without ever moving the namespace (CSV-4, CSV-5) and takes back a failed node's files with a new epoch
 * (CSV-7); another node takes over as coordinator in a new term with the namespace recovered from the disk
 * ({@link txstack.implementation.cluster.Coordinator#takeOver}), after which the disk refuses the old one's writes
 * and fences. The fence registers and the nodes' boot counts (request ids are never reused) are durable, one per
 * sector; the namespace record alternates between two slots so a torn write leaves the previous one. A {@link
 * txstack.implementation.cluster.Cluster} is a whole cluster in one process, the way a simulator drives it. A
 * {@link txstack.implementation.cluster.Node} writes its files' data through its write-back cache straight
 * to the disk with its epoch (CSV-2). Messages travel over a {@link txstack.implementation.cluster.Transport}; {@link
 * txstack.implementation.cluster.SimulatedNetwork} is the deterministic one for tests (seeded drop, duplicate,
 * reorder, delay, partition).
 *
 * <p>Errors: {@link txstack.implementation.cluster.ClusterException} and its subclasses. The deliberately broken behaviours ({@code ClusterFault}) are package private.
 *
 * <p>Depends on {@code txstack.implementation.disk} and the root package's {@link
 * txstack.implementation.StorageException}; never on the model.
 *
 * <p>The TCP binding runs each node as a process on one machine: {@link
 * txstack.implementation.cluster.BlockServer} serves the {@code FencedDisk} of a disk image (the fence is checked
 * there, CSV-6) and {@link txstack.implementation.cluster.RemoteDisk} is a node's {@code SharedDisk} on it; {@link
 * txstack.implementation.cluster.TcpTransport} carries the messages; {@link
 * txstack.implementation.cluster.RemoteNode} is the coordinator's {@code NodeControl} (and a client's handle) on a
 * node process's control port. {@code WireCodec} documents the frames (length, type, body; every bound checked
 * before anything is allocated); {@link txstack.implementation.cluster.ClusterNodeMain} and {@link
 * txstack.implementation.cluster.BlockServerMain} are the processes. A refused or timed-out call is a {@link
 * txstack.implementation.cluster.NodeDownException} or {@link txstack.implementation.cluster.DiskUnreachableException};
 * a remote exception comes back as its own type.
 */
package txstack.implementation.cluster;
