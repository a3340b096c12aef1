package txstack.implementation.cluster;

/** A message between nodes (CSV-3): a metadata request to the coordinator, or the coordinator's acknowledgement. */
public sealed interface Message permits Message.MetaRequest, Message.MetaAck {
    int from();

    int to();

    /** A metadata request; {@code sizeBytes} is the new size for {@link MetaOp#RESIZE}, else 0. */
    record MetaRequest(RequestId id, int from, int to, MetaOp op, int file, long sizeBytes) implements Message {
    }

    /**
     * The coordinator applied request {@code id} durably, now or before (CSV-3). An operation that does not apply
     * (a create of a file that exists, a resize beyond the file's region) is applied as a no-op and acked alike.
     */
    record MetaAck(RequestId id, int from, int to) implements Message {
    }
}
