package txstack.conformance.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.spi.disk.DeviceException;

class SimulatedDiskTest {
    private static final int SECTOR = 512;

    /** {@code count} sectors, sector {@code i} filled with {@code tag + i}. */
    private static byte[] sectors(int count, int tag) {
        byte[] b = new byte[count * SECTOR];
        for (int i = 0; i < count; i++) {
            java.util.Arrays.fill(b, i * SECTOR, (i + 1) * SECTOR, (byte) (tag + i));
        }
        return b;
    }

    private static int tagOf(CrashImage image, long sector) {
        return image.sector(sector)[0];
    }

    @Test
    void readsSeeTheNewestWriteAndZerosElsewhere() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 16);
        disk.write(2, sectors(2, 10), 0, 2 * SECTOR, false);
        disk.write(3, sectors(1, 20), 0, SECTOR, false);
        byte[] read = new byte[3 * SECTOR];
        disk.read(1, read, 0, read.length);
        assertEquals(0, read[0]);
        assertEquals(10, read[SECTOR]);
        assertEquals(20, read[2 * SECTOR]);
        assertEquals(2, disk.opCount());
    }

    @Test
    void aWriteIsVolatileUntilAFlushReturns() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(0, sectors(1, 7), 0, SECTOR, false);
        CrashPoint beforeFlush = disk.crashPointAfter(0);
        assertEquals(1, beforeFlush.sectorChoices().size());
        assertEquals(2, beforeFlush.imageCount());
        assertEquals(0, tagOf(beforeFlush.image(beforeFlush.allLost()), 0), "lost: the old content, zeros");
        assertEquals(7, tagOf(beforeFlush.image(beforeFlush.allLanded()), 0));
        disk.flush();
        CrashPoint afterFlush = disk.crashPointAfter(1);
        assertTrue(afterFlush.sectorChoices().isEmpty(), "nothing is open after a flush");
        assertEquals(1, afterFlush.imageCount());
        assertEquals(7, tagOf(afterFlush.image(afterFlush.allLost()), 0));
    }

    @Test
    void aForceUnitAccessWriteIsDurableWhenItReturnsAndOpenWhileInFlight() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(0, sectors(1, 1), 0, SECTOR, false);
        disk.write(4, sectors(2, 30), 0, 2 * SECTOR, true);
        CrashPoint after = disk.crashPointAfter(1);
        assertEquals(List.of(0L), after.sectorChoices().stream().map(CrashPoint.SectorChoice::sector).toList(),
                "only the earlier cached write stays open; the FUA write is durable");
        assertEquals(30, tagOf(after.image(after.allLost()), 4));
        CrashPoint during = disk.crashPointDuring(1);
        assertEquals(3, during.sectorChoices().size(), "in flight, the FUA write may land partially");
        assertEquals(8, during.imageCount());
        assertEquals("during op #1", during.label());
    }

    @Test
    void aMultiSectorWriteTearsAtSectorBoundaries() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(1, sectors(3, 40), 0, 3 * SECTOR, false);
        CrashPoint point = disk.crashPointAfter(0);
        CrashImage torn = point.image(new int[] {1, 0, 1});
        assertEquals(40, tagOf(torn, 1));
        assertEquals(0, tagOf(torn, 2));
        assertEquals(42, tagOf(torn, 3));
        assertEquals("write #0: landed sectors 1,3, lost sectors 2", point.describe(new int[] {1, 0, 1}));
    }

    @Test
    void enumerationVisitsEveryImageOnce() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(0, sectors(2, 10), 0, 2 * SECTOR, false);
        disk.write(1, sectors(2, 20), 0, 2 * SECTOR, false); // sector 1 now has two pending writes
        CrashPoint point = disk.crashPointAfter(1);
        // sector 0: durable, w0; sector 1: durable, w0, w1; sector 2: durable, w1.
        assertEquals(2 * 3 * 2, point.imageCount());
        Set<String> seen = new HashSet<>();
        for (long rank = 0; rank < point.imageCount(); rank++) {
            CrashImage image = point.image(point.choiceOfRank(rank));
            assertTrue(seen.add(tagOf(image, 0) + "/" + tagOf(image, 1) + "/" + tagOf(image, 2)));
        }
        assertEquals(12, seen.size());
        assertTrue(seen.contains("0/20/0"), "a later write may land while an earlier one to another sector is lost");
        assertTrue(seen.contains("10/11/0"), "an older write to a sector may be the one that survives");
        assertThrows(IllegalArgumentException.class, () -> point.choiceOfRank(12));
    }

    @Test
    void inOrderPrefixesModelADiskWithoutReordering() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(0, sectors(1, 10), 0, SECTOR, false);
        disk.write(1, sectors(1, 20), 0, SECTOR, false);
        CrashPoint point = disk.crashPointAfter(1);
        CrashImage firstOnly = point.image(point.landedUpTo(0));
        assertEquals(10, tagOf(firstOnly, 0));
        assertEquals(0, tagOf(firstOnly, 1));
        assertEquals(0, CrashPoint.nonDurableCount(point.allLost()));
        assertEquals(2, CrashPoint.nonDurableCount(point.allLanded()));
    }

    @Test
    void crashPointsListEveryMomentOfPowerLoss() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(0, sectors(1, 1), 0, SECTOR, false);
        disk.write(1, sectors(1, 2), 0, SECTOR, true);
        disk.flush();
        List<CrashPoint> points = disk.crashPoints();
        // before anything, after each of 3 ops, and during the FUA write.
        assertEquals(5, points.size());
        assertEquals(List.of("before op #0", "after op #0", "during op #1", "after op #1", "after op #2"),
                points.stream().map(CrashPoint::label).toList());
    }

    @Test
    void aDiskStartedFromAnImageHasThatDurableContentAndAnEmptyLog() {
        SimulatedDisk first = new SimulatedDisk(SECTOR, 8);
        first.write(3, sectors(1, 9), 0, SECTOR, true);
        CrashImage image = first.crashPointAfter(0).image(new int[0]);
        SimulatedDisk second = SimulatedDisk.fromImage(image);
        assertEquals(0, second.opCount());
        byte[] read = new byte[SECTOR];
        second.read(3, read, 0, SECTOR);
        assertEquals(9, read[0]);
        second.write(3, sectors(1, 50), 0, SECTOR, false);
        CrashPoint point = second.crashPointAfter(0);
        assertEquals(9, tagOf(point.image(point.allLost()), 3), "the image's content is durable");
        assertTrue(image.sameContentAs(second.crashPointAfter(-1).image(new int[0])));
    }

    @Test
    void injectedWriteAndReadErrorsHitTheNthCallAndChangeNothing() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.failWrite(2);
        disk.failRead(1);
        disk.write(0, sectors(1, 1), 0, SECTOR, false);
        DeviceException w = assertThrows(DeviceException.class, () -> disk.write(1, sectors(1, 2), 0, SECTOR, false));
        assertTrue(w.getMessage().contains("writeNumber=2"), w.getMessage());
        assertEquals(1, disk.opCount(), "a failed write is not logged");
        byte[] read = new byte[SECTOR];
        assertThrows(DeviceException.class, () -> disk.read(0, read, 0, SECTOR));
        disk.read(1, read, 0, SECTOR);
        assertEquals(0, read[0], "the failed write changed nothing");
    }

    @Test
    void aFailedFlushMakesNothingDurableAndClearedErrorsNeverFire() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(0, sectors(1, 5), 0, SECTOR, false);
        disk.failFlush(1);
        DeviceException f = assertThrows(DeviceException.class, disk::flush);
        assertTrue(f.getMessage().contains("flushNumber=1"), f.getMessage());
        assertEquals(1, disk.opCount(), "a failed flush is not logged");
        CrashPoint after = disk.crashPointAfter(0);
        assertEquals(0, tagOf(after.image(after.allLost()), 0), "the write is still only cached");
        byte[] read = new byte[SECTOR];
        disk.read(0, read, 0, SECTOR);
        assertEquals(5, read[0], "a cached write reads back");

        disk.failWrite(1);
        disk.failRead(2);
        disk.failFlush(3);
        assertEquals(3, disk.clearInjectedErrors());
        assertEquals(0, disk.clearInjectedErrors());
        disk.write(1, sectors(1, 6), 0, SECTOR, false);
        disk.read(1, read, 0, SECTOR);
        disk.read(1, read, 0, SECTOR);
        disk.flush();
        disk.flush();
        disk.flush();
        assertEquals(5, disk.opCount(), "no cleared error fired");
    }

    @Test
    void anUnreadableSectorFailsReadsUntilRewritten() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.markUnreadable(2);
        byte[] read = new byte[4 * SECTOR];
        DeviceException e = assertThrows(DeviceException.class, () -> disk.read(0, read, 0, read.length));
        assertTrue(e.getMessage().contains("sector=2"), e.getMessage());
        disk.read(3, read, 0, SECTOR);
        disk.write(2, sectors(1, 5), 0, SECTOR, false);
        disk.read(0, read, 0, read.length);
        CrashImage latent = disk.currentImage().withUnreadable(Set.of(6L));
        SimulatedDisk restored = SimulatedDisk.fromImage(latent);
        assertThrows(DeviceException.class, () -> restored.read(6, read, 0, SECTOR));
    }

    @Test
    void rotInvertsOneByteOfEveryReadUntilHealedAndNeverReachesAnImage() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        byte[] written = sectors(2, 7);
        disk.write(1, written, 0, written.length, true);
        disk.rot(2, 100);
        byte[] read = new byte[2 * SECTOR];
        disk.read(1, read, 0, read.length);
        byte[] expected = written.clone();
        expected[SECTOR + 100] ^= (byte) 0xFF;
        assertArrayEquals(expected, read);
        assertArrayEquals(java.util.Arrays.copyOfRange(written, SECTOR, 2 * SECTOR), disk.currentImage().sector(2),
                "the image holds what was written, not the rot");
        disk.healRot();
        disk.read(1, read, 0, read.length);
        assertArrayEquals(written, read);
        assertThrows(IllegalArgumentException.class, () -> disk.rot(2, SECTOR));
    }

    @Test
    void aDiskCutShortKeepsItsFirstSectorsOnly() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(1, sectors(1, 3), 0, SECTOR, true);
        disk.write(6, sectors(1, 4), 0, SECTOR, true);
        CrashImage image = disk.currentImage().withUnreadable(Set.of(2L, 7L));
        CrashImage cut = image.cutShort(5);
        assertEquals(5, cut.sectorCount());
        assertEquals(3, tagOf(cut, 1));
        assertEquals(Set.of(1L), cut.sectors().keySet());
        assertEquals(Set.of(2L), cut.unreadableSectors());
        assertEquals(8, image.sectorCount(), "images are immutable");
        assertThrows(IllegalArgumentException.class, () -> image.cutShort(0));
        assertThrows(IllegalArgumentException.class, () -> image.cutShort(9));
    }

    @Test
    void silentCorruptionChangesOneByteOfTheImage() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        disk.write(1, sectors(1, 3), 0, SECTOR, true);
        CrashImage image = disk.currentImage();
        CrashImage rotten = image.withCorruptedByte(1, 17, 0x40);
        assertEquals(3 ^ 0x40, rotten.sector(1)[17]);
        assertEquals(3, image.sector(1)[17], "images are immutable");
        assertFalse(rotten.sameContentAs(image));
        assertThrows(IllegalArgumentException.class, () -> image.withCorruptedByte(1, 17, 0));
    }

    @Test
    void misuseFailsWithClearMessages() {
        SimulatedDisk disk = new SimulatedDisk(SECTOR, 8);
        IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class,
                () -> disk.write(0, new byte[700], 0, 700, false));
        assertTrue(misaligned.getMessage().contains("lengthBytes=700"), misaligned.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> disk.read(7, new byte[2 * SECTOR], 0, 2 * SECTOR));
        assertTrue(range.getMessage().contains("firstSector=7"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> disk.read(0, new byte[SECTOR], 1, SECTOR));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedDisk(1024, 8));
        assertThrows(IllegalArgumentException.class, () -> disk.crashPointAfter(5));
        assertThrows(IllegalArgumentException.class, () -> disk.crashPointAfter(-1).image(new int[1]));
    }

    @Test
    void theOperationLogIsBounded() {
        SimulatedDisk disk = new SimulatedDisk(CrashImage.blank(SECTOR, 8), 2 * SECTOR);
        disk.write(0, sectors(2, 1), 0, 2 * SECTOR, false);
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> disk.write(0, sectors(1, 1), 0, SECTOR, false));
        assertTrue(e.getMessage().contains("recordedBytesMax=1024"), e.getMessage());
    }

    @Test
    void aHugeSparseDiskCostsOnlyWhatIsWritten() {
        SimulatedDisk disk = new SimulatedDisk(4096, SimulatedDisk.SECTOR_COUNT_MAX);
        byte[] one = new byte[4096];
        one[0] = 1;
        disk.write(SimulatedDisk.SECTOR_COUNT_MAX - 1, one, 0, 4096, false);
        assertEquals(1, disk.currentImage().sectors().size());
        byte[] read = new byte[4096];
        disk.read(SimulatedDisk.SECTOR_COUNT_MAX - 1, read, 0, 4096);
        assertArrayEquals(one, read);
    }
}
