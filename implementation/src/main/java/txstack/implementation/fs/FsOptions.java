package txstack.implementation.fs;

/**
 * How to format or mount a {@link FileSystem}. {@code clusterBytes}, {@code blockBytes}, {@code nameLengthMax} and the
 * region sizes are format parameters (stored in the volume header; {@link FileSystem#mount} uses the stored ones);
 * {@code cachePagesMax} is a runtime limit.
 *
 * @param clusterBytes    bytes of a data cluster: a power of two, at least the sector size (checked at format)
 * @param blockBytes      bytes of a metadata block (file record, index node): a power of two, at least 1024; a block
 *                        is {@code max(1, blockBytes / sectorSize)} store pages
 * @param nameLengthMax   the longest name in UTF-16 chars, 1 to 255
 * @param cachePagesMax   frames of the recovery layer's page cache
 * @param logSectors      sectors of the log region; 0 = a quarter of the device
 * @param metadataSectors sectors of the metadata region; 0 = a quarter of the device
 * @param indexEntriesMax the most entries an index node holds before it splits (it also splits when its bytes do not
 *                        fit the block), 3 to 65535; 0 = {@code blockBytes / 64} (16 for 1 KiB blocks, so a small
 *                        volume's directories split after a few creates)
 */
public record FsOptions(int clusterBytes, int blockBytes, int nameLengthMax, int cachePagesMax, long logSectors,
                        long metadataSectors, int indexEntriesMax) {
    public static final int NAME_LENGTH_LIMIT = 255;
    public static final int BLOCK_BYTES_MIN = 1024;
    public static final int BLOCK_BYTES_LIMIT = 64 << 10;
    public static final int CLUSTER_BYTES_LIMIT = 1 << 20;
    public static final int CACHE_PAGES_LIMIT = 1 << 16;

    public FsOptions {
        if (clusterBytes < 512 || clusterBytes > CLUSTER_BYTES_LIMIT || Integer.bitCount(clusterBytes) != 1) {
            throw new IllegalArgumentException("clusterBytes invalid: clusterBytes=" + clusterBytes
                    + " min=512 max=" + CLUSTER_BYTES_LIMIT + " powerOfTwo=true");
        }
        if (blockBytes < BLOCK_BYTES_MIN || blockBytes > BLOCK_BYTES_LIMIT || Integer.bitCount(blockBytes) != 1) {
            throw new IllegalArgumentException("blockBytes invalid: blockBytes=" + blockBytes + " min="
                    + BLOCK_BYTES_MIN + " max=" + BLOCK_BYTES_LIMIT + " powerOfTwo=true");
        }
        if (nameLengthMax < 1 || nameLengthMax > NAME_LENGTH_LIMIT) {
            throw new IllegalArgumentException("nameLengthMax out of range: nameLengthMax=" + nameLengthMax
                    + " min=1 max=" + NAME_LENGTH_LIMIT);
        }
        if (cachePagesMax < 4 || cachePagesMax > CACHE_PAGES_LIMIT) {
            throw new IllegalArgumentException("cachePagesMax out of range: cachePagesMax=" + cachePagesMax
                    + " min=4 max=" + CACHE_PAGES_LIMIT);
        }
        if (indexEntriesMax != 0 && (indexEntriesMax < 3 || indexEntriesMax > 0xFFFF)) {
            throw new IllegalArgumentException("indexEntriesMax out of range: indexEntriesMax=" + indexEntriesMax
                    + " min=3 max=65535 (or 0 for the default)");
        }
        if (logSectors < 0 || metadataSectors < 0) {
            throw new IllegalArgumentException("region size negative: logSectors=" + logSectors
                    + " metadataSectors=" + metadataSectors);
        }
    }

    /** 4 KiB clusters and blocks, 255-char names, 256 cache pages, regions sized from the device. */
    public static FsOptions defaults() {
        return new FsOptions(4096, 4096, NAME_LENGTH_LIMIT, 256, 0, 0, 0);
    }

    public FsOptions withClusterBytes(int v) {
        return new FsOptions(v, blockBytes, nameLengthMax, cachePagesMax, logSectors, metadataSectors, indexEntriesMax);
    }

    public FsOptions withBlockBytes(int v) {
        return new FsOptions(clusterBytes, v, nameLengthMax, cachePagesMax, logSectors, metadataSectors, indexEntriesMax);
    }

    public FsOptions withNameLengthMax(int v) {
        return new FsOptions(clusterBytes, blockBytes, v, cachePagesMax, logSectors, metadataSectors, indexEntriesMax);
    }

    public FsOptions withCachePagesMax(int v) {
        return new FsOptions(clusterBytes, blockBytes, nameLengthMax, v, logSectors, metadataSectors, indexEntriesMax);
    }

    public FsOptions withLogSectors(long v) {
        return new FsOptions(clusterBytes, blockBytes, nameLengthMax, cachePagesMax, v, metadataSectors, indexEntriesMax);
    }

    public FsOptions withIndexEntriesMax(int v) {
        return new FsOptions(clusterBytes, blockBytes, nameLengthMax, cachePagesMax, logSectors, metadataSectors, v);
    }

    /** The index node entry limit a format with these options uses. */
    int indexEntriesLimit() {
        return indexEntriesMax != 0 ? indexEntriesMax : blockBytes / 64;
    }

    public FsOptions withMetadataSectors(long v) {
        return new FsOptions(clusterBytes, blockBytes, nameLengthMax, cachePagesMax, logSectors, v, indexEntriesMax);
    }
}
