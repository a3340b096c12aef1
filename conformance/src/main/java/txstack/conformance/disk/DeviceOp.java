package txstack.conformance.disk;

import java.util.List;

/**
 * One entry of a {@link SimulatedDisk}'s device-operation log: a write or a flush, numbered from 0 in issue order.
 * Reads change nothing and are not logged.
 */
public sealed interface DeviceOp {

    /** The position of this operation in its disk's log. */
    int index();

    /**
     * A write of {@code sectors.size()} consecutive sectors from {@code firstSector}. The sector contents are
     * private copies, never changed.
     */
    record Write(int index, long firstSector, List<byte[]> sectors, boolean forceUnitAccess) implements DeviceOp {

        public Write {
            sectors = List.copyOf(sectors);
        }

        public int sectorCount() {
            return sectors.size();
        }

        public long lastSector() {
            return firstSector + sectors.size() - 1;
        }

        @Override
        public String toString() {
            return "#" + index + " write sectors=" + firstSector + (sectors.size() > 1 ? ".." + lastSector() : "")
                    + (forceUnitAccess ? " fua" : "");
        }
    }

    /** A flush barrier: every write issued before it is durable once it returns (DISK-2). */
    record Flush(int index) implements DeviceOp {

        @Override
        public String toString() {
            return "#" + index + " flush";
        }
    }
}
