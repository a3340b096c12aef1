package txstack.implementation.recovery;

import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogOptions;

/**
 * A store's two devices in memory. A memory device keeps every write at once, so {@link #crash()} (copies of both
 * images, the store dropped without closing) is the crash where every issued write landed and nothing else: the log
 * records not yet flushed, which the log keeps in memory, are lost.
 */
record Devices(MemoryBlockDevice log, MemoryBlockDevice data) {
    /** Sectors of a 512-byte log's restart copies. */
    static final int RESTART_SECTORS = 16;

    static Devices create(int logPages, int dataSectorSizeBytes, int pageCount) {
        return new Devices(MemoryBlockDevice.create(512, RESTART_SECTORS + logPages),
                MemoryBlockDevice.create(dataSectorSizeBytes, pageCount));
    }

    /** Small limits that fit a 512-byte log page and a 512-byte data page. */
    static StoreOptions smallOptions() {
        return new StoreOptions(4, 4, 64, new LogOptions(4096, 256, 4096));
    }

    Devices crash() {
        return new Devices(MemoryBlockDevice.of(log.sectorSizeBytes(), log.image()),
                MemoryBlockDevice.of(data.sectorSizeBytes(), data.image()));
    }

    RecoverableStore format(StoreOptions options) {
        return RecoverableStore.format(log, data, options);
    }

    RecoverableStore open(StoreOptions options) {
        return RecoverableStore.open(log, data, options);
    }
}
