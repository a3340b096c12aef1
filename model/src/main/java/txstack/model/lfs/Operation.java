package txstack.model.lfs;

import txstack.model.Bytes;

/**
 * The client operations of the log (LFS-4), as workloads name them and as the operation in flight at a crash.
 * Reads are operations too, so a workload can check them against the model.
 */
public sealed interface Operation {

    record Append(Bytes payload) implements Operation {
    }

    record Flush(long lsn) implements Operation {
    }

    record AdvanceStart(long lsn) implements Operation {
    }

    record WriteRestartArea(Bytes clientData) implements Operation {
    }

    record ReadForward(long fromLsn, int maxRecords) implements Operation {
    }

    record ReadBackward(long fromLsn, int maxRecords) implements Operation {
    }

    /** Opening the log after a crash: recovery itself may be interrupted by another crash. */
    record Recover() implements Operation {
    }
}
