/**
 * The cluster-shared-volume contract (CSV-1..7): what a cluster engine implements so the CSV suite can check it.
 * {@link txstack.spi.cluster.ClusterEngine} formats and opens a cluster of nodes sharing one disk (the device under
 * role {@link txstack.spi.cluster.ClusterEngine#SHARED}); {@link txstack.spi.cluster.ClusterSession} is the running
 * cluster: file owners writing and flushing their files' data, metadata requests to the coordinator, migrations,
 * take-backs, node crashes and restarts, coordinator failovers, and what the suite reads back (the durable
 * namespace, the data on the shared disk, each node's view). Every message between nodes goes through the {@link
 * txstack.spi.cluster.ClusterNetwork} the suite provides, which delivers, duplicates, delays and loses them as it
 * likes. The behaviour asked for is the one of {@code spec/tla/CsvOwnership.tla} in txstack's repository; the suite
 * checks each call against its model. Depends on {@code txstack.spi.disk} and the JDK only.
 *
 * <h2>The fault model the CSV suite checks an engine under</h2>
 * <ul>
 * <li>Metadata requests and their acknowledgements lost, duplicated, reordered and delayed without bound.</li>
 * <li>Nodes crashing (their memory lost, the shared disk untouched) and restarting; a file's owner or the
 *     coordinator suspected while alive (a take-back, a failover), so a live node may hold a token it lost.</li>
 * <li>Power loss of the whole cluster, the shared disk included, at any moment once {@code format} returned and
 *     inside {@code open} too: every sector holds its last durable content or that of one write issued to it
 *     since.</li>
 * </ul>
 */
package txstack.spi.cluster;
