package txstack.spi.cluster;

/**
 * The network the suite gives an engine: the only way its nodes exchange messages. A message sent may be delivered
 * later ({@link ClusterSession#deliver}), any number of times, in any order, or never.
 */
public interface ClusterNetwork {
    /** Hands a message to the network; returns at once. */
    void send(ClusterMessage message);
}
