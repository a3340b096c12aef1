package txstack.implementation.txr;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.recovery.StoreOptions;

/** A hive's two devices, in memory, and the small options the tests use. */
record Hive(BlockDevice log, BlockDevice data) {
    /** Sectors of a 512-byte log's restart copies (the store's log needs them besides its pages). */
    static final int RESTART_SECTORS = 16;

    /** Small store limits that fit 512-byte pages: 4 cache frames, 4 store transactions, 64-byte updates. */
    static RegistryOptions small() {
        return RegistryOptions.defaults().withValueBytesMax(2048).withValuesMax(100)
                .withStoreOptions(new StoreOptions(4, 4, 64, new LogOptions(4096, 256, 4096)));
    }

    /** A 512-byte-sector hive log of {@code logPages} pages and a hive of {@code pages} pages. */
    static Hive create(int logPages, int pages) {
        return new Hive(MemoryBlockDevice.create(512, RESTART_SECTORS + logPages),
                MemoryBlockDevice.create(512, pages));
    }

    static Hive create() {
        return create(256, 128);
    }

    Registry format(RegistryOptions options) {
        return Registry.format(log, data, options);
    }

    Registry open(RegistryOptions options) {
        return Registry.open(log, data, options);
    }

    /** The devices' images copied, as a crash that lost nothing issued would leave them. */
    Hive copy() {
        return new Hive(copy(log), copy(data));
    }

    private static BlockDevice copy(BlockDevice device) {
        return MemoryBlockDevice.of(device.sectorSizeBytes(), ((MemoryBlockDevice) device).image());
    }
}
