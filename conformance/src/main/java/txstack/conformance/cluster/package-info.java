/**
 * The CSV suite (cluster shared volumes, {@code spec/tla/CsvOwnership.tla}; CSV-1..7): {@link
 * txstack.conformance.cluster.CsvSuite} drives a {@link txstack.spi.cluster.ClusterEngine} through file owners'
 * writes and flushes, resizes sent to the coordinator over the suite's own network (delivered any number of times,
 * lost, resent), migrations, take-backs of live owners, node crashes, coordinator failovers and power losses, side by
 * side with the reference model ({@code txstack.model.cluster.CsvState}), and judges every crash state against the
 * states the model passed through. What it checks and leaves out: {@code docs/cluster.md}. Written once against the
 * SPI; depends on the explorer, the rig, the model and the SPI, never on the implementation.
 */
package txstack.conformance.cluster;
