package txstack.implementation.txr;

import java.util.List;

/** A record of the hive, as {@link HiveCodec} decodes it. */
sealed interface HiveRecord {

    /** A committed value: its key path and name as first spelled, and its bytes. */
    record Value(String key, String name, byte[] data) implements HiveRecord {
    }

    /** A prepared transaction's intent: every change it makes when it commits (KTM-4). */
    record Intent(long transactionId, List<Change> changes) implements HiveRecord {
    }
}
