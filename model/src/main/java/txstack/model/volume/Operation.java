package txstack.model.volume;

import java.util.List;
import txstack.model.Bytes;

/** The operations on a volume, as workloads name them and as the operation in flight at a crash. */
public sealed interface Operation {

    /** Writes {@code blocks.size()} consecutive blocks from {@code firstBlock}. */
    record Write(long firstBlock, List<Bytes> blocks, boolean forceUnitAccess) implements Operation {
        public Write {
            blocks = List.copyOf(blocks);
        }
    }

    record Flush() implements Operation {
    }

    record Read(long firstBlock, int blockCount) implements Operation {
    }

    /** A member stops answering (DISK-4): an I/O error, a pulled disk. */
    record FailMember(int member) implements Operation {
    }

    /** A replacement disk is put in a failed member's place and rebuilt (VOL-7). */
    record Rebuild(int member) implements Operation {
    }
}
