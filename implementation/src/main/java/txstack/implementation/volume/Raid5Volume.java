package txstack.implementation.volume;

import java.util.Arrays;

import txstack.implementation.disk.BlockDevice;

/**
 * A RAID-5 volume over {@code n >= 3} members (VOL-3..8).
 *
 * <p>Layout: stripe {@code s} is member data sectors {@code [s * unit, (s + 1) * unit)} on every member. Its parity
 * unit is on member {@code p(s) = n - 1 - s % n}, rotating from stripe to stripe (VOL-4); its data unit {@code k}
 * ({@code 0 <= k < n - 1}) is on member {@code (p(s) + 1 + k) % n}. Volume sector {@code v} is stripe {@code v /
 * ((n - 1) * unit)}, unit {@code (v % ((n - 1) * unit)) / unit}, row {@code v % unit}.
 *
 * <pre>
 *   n = 3     member 0  member 1  member 2
 *   stripe 0    D0        D1        P
 *   stripe 1    D1        P         D0
 *   stripe 2    P         D0        D1
 * </pre>
 *
 * <p>A write updates the parity rows its data rows touch (VOL-5), in one of three ways: a full stripe computes the
 * parity from the new data with no read; otherwise read-modify-write (read the old data being replaced and the old
 * parity) or reconstruct-write (read the data not being replaced), whichever reads fewer sectors. A degraded stripe
 * (one member failed) uses reconstruct-write, rebuilding the missing unit's old rows from the parity first; if the
 * parity's member is the one missing, only the data is written. Data units are written before the parity. Reads of
 * a missing unit are the XOR of the other units of the stripe (VOL-6). All I/O holds the volume lock.
 *
 * <p>The write hole (VOL-8) is closed by the dirty-region bitmap ({@link Volume#markDirty}): see the package
 * documentation for the design and its cost.
 */
public final class Raid5Volume extends Volume {
    private final int dataUnits;
    private final long stripeDataSectors;
    /**
     * A full-stripe write's parity unit, kept from write to write (the lock is held): handed to the parity member's
     * write, which copies it before it returns.
     */
    private byte[] parityBuffer;
    /** What a reconstruction reads from the other members, kept from read to read (the lock is held). */
    private byte[] scratch = new byte[0];

    Raid5Volume(MemberLabel label, BlockDevice[] members, VolumeOptions options, VolumeFault fault) {
        super(label, members, options, fault);
        this.dataUnits = memberCount - 1;
        this.stripeDataSectors = (long) dataUnits * unitSectors;
    }

    @Override
    public long sectorCount() {
        return memberDataSectors * dataUnits;
    }

    /** The member holding stripe {@code stripe}'s parity (VOL-4). */
    public int parityMember(long stripe) {
        return memberCount - 1 - (int) (stripe % memberCount);
    }

    /** The member holding data unit {@code unit} of stripe {@code stripe}. */
    public int dataMember(long stripe, int unit) {
        return (parityMember(stripe) + 1 + unit) % memberCount;
    }

    // ---- reads (VOL-6) ----

    @Override
    void readSectors(long first, byte[] dst, int dstOffset, int totalBytes) {
        lock.lock();
        try {
            int position = 0;
            while (position < totalBytes) {
                long sector = first + position / sectorSizeBytes;
                long stripe = sector / stripeDataSectors;
                int within = (int) (sector % stripeDataSectors);
                int row = within % unitSectors;
                int lengthBytes = Math.min(totalBytes - position, (unitSectors - row) * sectorSizeBytes);
                int member = dataMember(stripe, within / unitSectors);
                long offset = stripe * unitSectors + row;
                if (!inSync(member, offset, lengthBytes / sectorSizeBytes)
                        || !readMember(member, offset, dst, dstOffset + position, lengthBytes)) {
                    reconstruct(member, offset, dst, dstOffset + position, lengthBytes);
                }
                position += lengthBytes;
            }
            if (resyncLeftToReads() && failedMask() == 0) {
                long sectors = totalBytes / sectorSizeBytes;
                for (long s = first / stripeDataSectors; s <= (first + sectors - 1) / stripeDataSectors; s++) {
                    resyncRegion(s * unitSectors, unitSectors);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code dst} gets what {@code member} holds at {@code offset}: the XOR of every other member's rows there. */
    private void reconstruct(int member, long offset, byte[] dst, int position, int lengthBytes) {
        if (scratch.length < lengthBytes) {
            scratch = new byte[lengthBytes];
        }
        boolean first = true;
        for (int i = 0; i < memberCount; i++) {
            if (i != member) {
                // The first other member is read straight into dst; the rest are XORed into it.
                readOrFail(i, offset, first ? dst : scratch, first ? position : 0, lengthBytes);
                if (!first) {
                    Xor.into(dst, position, scratch, 0, lengthBytes);
                }
                first = false;
            }
        }
    }

    /** The XOR of the same sector on every other member: data and parity alike (VOL-6). */
    @Override
    boolean sectorFromRedundancy(int member, long memberSector, byte[] dst, int offset) {
        byte[] other = new byte[sectorSizeBytes];
        Arrays.fill(dst, offset, offset + sectorSizeBytes, (byte) 0);
        for (int i = 0; i < memberCount; i++) {
            if (i != member) {
                if (!readOneSector(i, memberSector, other, 0)) {
                    return false;
                }
                Xor.into(dst, offset, other, 0, sectorSizeBytes);
            }
        }
        return true;
    }

    private void readOrFail(int member, long offset, byte[] dst, int position, int lengthBytes) {
        if (!inSync(member, offset, lengthBytes / sectorSizeBytes)
                || !readMember(member, offset, dst, position, lengthBytes)) {
            checkUsable();
            throw new VolumeFailedException("cannot reconstruct: volumeId=" + LabelCodec.hex(volumeId())
                    + " member=" + member + " memberOffset=" + offset + " failedMask=0x"
                    + Integer.toHexString(failedMask()));
        }
    }

    // ---- writes (VOL-5) ----

    @Override
    void writeSectors(long first, byte[] src, int srcOffset, int totalBytes, boolean forceUnitAccess) {
        int position = 0;
        while (position < totalBytes) {
            long sector = first + position / sectorSizeBytes;
            long stripe = sector / stripeDataSectors;
            int within = (int) (sector % stripeDataSectors);
            int count = (int) Math.min((totalBytes - position) / sectorSizeBytes, stripeDataSectors - within);
            StripeWrite write = new StripeWrite(stripe, within, count, src, srcOffset + position, forceUnitAccess);
            markDirty(stripe * unitSectors, unitSectors);
            // A failed pre-read drops its member; the next attempt sees the stripe degraded.
            boolean written = false;
            for (int attempt = 0; attempt <= memberCount && !written; attempt++) {
                checkUsable();
                written = write.tryWrite();
            }
            if (!written) {
                throw new VolumeException("stripe write gave up: volumeId=" + LabelCodec.hex(volumeId()) + " stripe="
                        + stripe + " attempts=" + (memberCount + 1));
            }
            position += count * sectorSizeBytes;
        }
    }

    /** One write within one stripe: sectors {@code [within, within + count)} of its data, from {@code src}. */
    private final class StripeWrite {
        final long stripe;
        final int within;
        final int count;
        final byte[] src;
        final int srcPosition;
        final boolean forceUnitAccess;
        /** Rows every touched unit lies in; the parity rows to update. */
        final int rowLo;
        final int rowHi;
        final int[] modLo = new int[dataUnits];
        final int[] modHi = new int[dataUnits];

        StripeWrite(long stripe, int within, int count, byte[] src, int srcPosition, boolean forceUnitAccess) {
            this.stripe = stripe;
            this.within = within;
            this.count = count;
            this.src = src;
            this.srcPosition = srcPosition;
            this.forceUnitAccess = forceUnitAccess;
            int last = within + count - 1;
            boolean oneUnit = within / unitSectors == last / unitSectors;
            this.rowLo = oneUnit ? within % unitSectors : 0;
            this.rowHi = oneUnit ? last % unitSectors + 1 : unitSectors;
            for (int k = 0; k < dataUnits; k++) {
                int lo = Math.max(within, k * unitSectors);
                int hi = Math.min(within + count, (k + 1) * unitSectors);
                modLo[k] = lo < hi ? lo - k * unitSectors : 0;
                modHi[k] = lo < hi ? hi - k * unitSectors : 0;
            }
        }

        int rows() {
            return rowHi - rowLo;
        }

        long memberOffset(int row) {
            return stripe * unitSectors + row;
        }

        /** Where data unit {@code k}'s row {@code row} is in {@code src}. */
        int srcOffset(int k, int row) {
            return srcPosition + (k * unitSectors + row - within) * sectorSizeBytes;
        }

        /** False if a read failed (its member is dropped now) and the write must be tried again. */
        boolean tryWrite() {
            int parity = parityMember(stripe);
            boolean parityMissing = !inSync(parity, memberOffset(rowLo), rows());
            int missing = -1;
            for (int k = 0; k < dataUnits; k++) {
                if (!inSync(dataMember(stripe, k), memberOffset(rowLo), rows())) {
                    missing = k;
                }
            }
            boolean fullStripe = count == stripeDataSectors;
            if (parityMissing
                    || (!fullStripe && fault == VolumeFault.PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE)) {
                writeData();
                return true;
            }
            byte[] newParity;
            if (fullStripe) {
                newParity = fullStripeParity();
            } else if (missing >= 0 || reconstructWriteReads() <= readModifyWriteReads()) {
                newParity = reconstructWriteParity(missing, parity);
            } else {
                newParity = readModifyWriteParity(parity);
            }
            if (newParity == null) {
                return false;
            }
            writeData();
            writeMember(parity, memberOffset(rowLo), newParity, 0, newParity.length, forceUnitAccess);
            return true;
        }

        private int modifiedRows(int k) {
            return modHi[k] - modLo[k];
        }

        private long readModifyWriteReads() {
            long reads = rows();
            for (int k = 0; k < dataUnits; k++) {
                reads += modifiedRows(k);
            }
            return reads;
        }

        private long reconstructWriteReads() {
            long reads = 0;
            for (int k = 0; k < dataUnits; k++) {
                reads += modifiedRows(k) == rows() ? 0 : rows();
            }
            return reads;
        }

        /** The parity of the whole stripe, in one pass over the data, into the volume's reused parity buffer. */
        private byte[] fullStripeParity() {
            int unitBytes = unitSectors * sectorSizeBytes;
            if (parityBuffer == null) {
                parityBuffer = new byte[unitBytes];
            }
            Xor.of(parityBuffer, src, srcOffset(0, 0), unitBytes, dataUnits, unitBytes);
            return parityBuffer;
        }

        /** Parity = XOR of the new data units over the rows; a missing unit's old rows come from the old parity. */
        private byte[] reconstructWriteParity(int missing, int parityMember) {
            int rowBytes = rows() * sectorSizeBytes;
            byte[][] units = new byte[dataUnits][rowBytes];
            for (int k = 0; k < dataUnits; k++) {
                boolean needOld = missing >= 0 || modifiedRows(k) != rows();
                if (k != missing && needOld
                        && !readMember(dataMember(stripe, k), memberOffset(rowLo), units[k], 0, rowBytes)) {
                    return null;
                }
            }
            if (missing >= 0) {
                if (!readMember(parityMember, memberOffset(rowLo), units[missing], 0, rowBytes)) {
                    return null;
                }
                for (int k = 0; k < dataUnits; k++) {
                    if (k != missing) {
                        Xor.into(units[missing], 0, units[k], 0, rowBytes);
                    }
                }
            }
            byte[] parity = new byte[rowBytes];
            for (int k = 0; k < dataUnits; k++) {
                if (modifiedRows(k) > 0) {
                    System.arraycopy(src, srcOffset(k, modLo[k]), units[k], (modLo[k] - rowLo) * sectorSizeBytes,
                            modifiedRows(k) * sectorSizeBytes);
                }
                Xor.into(parity, 0, units[k], 0, rowBytes);
            }
            return parity;
        }

        /** Parity = old parity XOR old data XOR new data, over the rows each unit changes. */
        private byte[] readModifyWriteParity(int parityMember) {
            byte[] parity = new byte[rows() * sectorSizeBytes];
            if (!readMember(parityMember, memberOffset(rowLo), parity, 0, parity.length)) {
                return null;
            }
            for (int k = 0; k < dataUnits; k++) {
                if (modifiedRows(k) == 0) {
                    continue;
                }
                int lengthBytes = modifiedRows(k) * sectorSizeBytes;
                int at = (modLo[k] - rowLo) * sectorSizeBytes;
                byte[] old = new byte[lengthBytes];
                if (!readMember(dataMember(stripe, k), memberOffset(modLo[k]), old, 0, lengthBytes)) {
                    return null;
                }
                Xor.into(parity, at, old, 0, lengthBytes);
                Xor.into(parity, at, src, srcOffset(k, modLo[k]), lengthBytes);
            }
            return parity;
        }

        private void writeData() {
            for (int k = 0; k < dataUnits; k++) {
                int member = dataMember(stripe, k);
                if (modifiedRows(k) > 0 && inSync(member, memberOffset(modLo[k]), modifiedRows(k))) {
                    writeMember(member, memberOffset(modLo[k]), src, srcOffset(k, modLo[k]),
                            modifiedRows(k) * sectorSizeBytes, forceUnitAccess);
                }
            }
        }
    }

    // ---- resync (VOL-8) and rebuild (VOL-7) ----

    @Override
    void resyncRegion(long memberOffset, long sectors) {
        int unitBytes = unitSectors * sectorSizeBytes;
        byte[] unit = new byte[unitBytes];
        for (long stripe = memberOffset / unitSectors; stripe < (memberOffset + sectors) / unitSectors; stripe++) {
            byte[] parity = new byte[unitBytes];
            for (int k = 0; k < dataUnits; k++) {
                readOrFail(dataMember(stripe, k), stripe * unitSectors, unit, 0, unitBytes);
                Xor.into(parity, 0, unit, 0, unitBytes);
            }
            writeMember(parityMember(stripe), stripe * unitSectors, parity, 0, unitBytes, false);
        }
    }

    @Override
    void rebuildRange(int member, long memberOffset, long sectors) {
        int unitBytes = unitSectors * sectorSizeBytes;
        byte[] content = new byte[unitBytes];
        for (long stripe = memberOffset / unitSectors; stripe < (memberOffset + sectors) / unitSectors; stripe++) {
            reconstruct(member, stripe * unitSectors, content, 0, unitBytes);
            writeMember(member, stripe * unitSectors, content, 0, unitBytes, false);
        }
    }
}
