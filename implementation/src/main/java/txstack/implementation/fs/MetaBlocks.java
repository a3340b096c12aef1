package txstack.implementation.fs;

import java.util.Arrays;

import txstack.implementation.recovery.CorruptStoreException;
import txstack.implementation.recovery.RecoverableStore;
import txstack.implementation.recovery.Transaction;

/**
 * Metadata blocks over the recovery layer: block {@code b} is store pages {@code [b * pagesPerBlock, (b + 1) *
 * pagesPerBlock)}, its bytes the pages' client bytes in order. Writes are store updates inside a transaction, only of
 * the bytes that change, split at page and {@code updateBytesMax} boundaries.
 */
final class MetaBlocks {
    private final RecoverableStore store;
    private final int pagesPerBlock;
    private final int pageBytes;
    private final int updateBytesMax;
    private final int blockCount;

    MetaBlocks(RecoverableStore store, int pagesPerBlock, int updateBytesMax) {
        this.store = store;
        this.pagesPerBlock = pagesPerBlock;
        this.pageBytes = store.pageSizeBytes();
        this.updateBytesMax = updateBytesMax;
        this.blockCount = (int) Math.min(Integer.MAX_VALUE, store.pageCount() / pagesPerBlock);
    }

    int blockBytes() {
        return pagesPerBlock * pageBytes;
    }

    int blockCount() {
        return blockCount;
    }

    byte[] read(int block) {
        check(block);
        byte[] bytes = new byte[blockBytes()];
        for (int p = 0; p < pagesPerBlock; p++) {
            byte[] page;
            try {
                page = store.read((long) block * pagesPerBlock + p);
            } catch (CorruptStoreException e) {
                throw new CorruptVolumeException("metadata page corrupt: block=" + block + " page=" + p + " "
                        + e.getMessage(), e);
            }
            System.arraycopy(page, 0, bytes, p * pageBytes, pageBytes);
        }
        return bytes;
    }

    /** Writes {@code bytes} at {@code offset} of the block, logging only the bytes that differ. */
    void write(Transaction tx, int block, int offset, byte[] bytes) {
        check(block);
        if (offset < 0 || offset + bytes.length > blockBytes()) {
            throw new IndexOutOfBoundsException("write out of the block: block=" + block + " offset=" + offset
                    + " lengthBytes=" + bytes.length + " blockBytes=" + blockBytes());
        }
        int done = 0;
        while (done < bytes.length) {
            int at = offset + done;
            int pageIndex = at / pageBytes;
            int inPage = at % pageBytes;
            int n = Math.min(bytes.length - done, pageBytes - inPage);
            long page = (long) block * pagesPerBlock + pageIndex;
            byte[] current = store.read(page);
            writeDiff(tx, page, current, inPage, bytes, done, n);
            done += n;
        }
    }

    private void writeDiff(Transaction tx, long page, byte[] current, int inPage, byte[] bytes, int from, int n) {
        int first = 0;
        while (first < n && current[inPage + first] == bytes[from + first]) {
            first++;
        }
        int last = n - 1;
        while (last >= first && current[inPage + last] == bytes[from + last]) {
            last--;
        }
        for (int i = first; i <= last; i += updateBytesMax) {
            int len = Math.min(updateBytesMax, last + 1 - i);
            tx.update(page, inPage + i, Arrays.copyOfRange(bytes, from + i, from + i + len));
        }
    }

    private void check(int block) {
        if (block < 0 || block >= blockCount) {
            throw new CorruptVolumeException("block out of the metadata region: block=" + block + " blockCount="
                    + blockCount);
        }
    }
}
