package txstack.implementation.cluster;

import java.util.Optional;

/**
 * How nodes exchange small messages (CSV-3). No promise: a message may be delayed, reordered, duplicated or lost,
 * so senders retry and receivers deduplicate.
 */
public interface Transport {
    /** Sends {@code message} to {@code message.to()}; returns at once, the message may never arrive. */
    void send(Message message);

    /** The next message for {@code node} that has arrived, if any. */
    Optional<Message> receive(int node);
}
