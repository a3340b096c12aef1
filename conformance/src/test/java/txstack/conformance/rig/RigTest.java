package txstack.conformance.rig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import txstack.conformance.disk.CrashImage;
import txstack.spi.disk.DeviceException;

/**
 * The rig on small cases checked by hand: disks {@code a1} and {@code a2} share failure domain {@code A}, disk
 * {@code b} is alone in {@code B}. The journal, oldest first:
 * <pre>
 *   #0 a1 write sector 0            (volatile)
 *   #1 b  write sector 0            (volatile)
 *   #2 a2 write sector 0, FUA
 *   #3 a1 flush
 *   #4 a2 write sector 1            (volatile)
 *   #5 b  flush
 * </pre>
 */
class RigTest {
    private static final int SECTOR = 512;

    private Rig rig;

    @BeforeEach
    void issueTheJournal() {
        rig = new Rig();
        rig.addBlank("a1", "A", SECTOR, 8);
        rig.addBlank("a2", "A", SECTOR, 8);
        rig.addBlank("b", "B", SECTOR, 8);
        write("a1", 0, 0x11, false);
        write("b", 0, 0x22, false);
        write("a2", 0, 0x33, true);
        rig.disk("a1").flush();
        write("a2", 1, 0x44, false);
        rig.disk("b").flush();
    }

    private void write(String disk, long sector, int fill, boolean fua) {
        byte[] data = new byte[SECTOR];
        java.util.Arrays.fill(data, (byte) fill);
        rig.disk(disk).write(sector, data, 0, SECTOR, fua);
    }

    @Test
    void theJournalHoldsEveryOperationOfEveryDiskInIssueOrder() {
        assertEquals(6, rig.size());
        List<String> got = rig.journal().stream().map(e -> e.disk().name() + ":" + e.opIndex()).toList();
        assertEquals(List.of("a1:0", "b:0", "a2:0", "a1:1", "a2:1", "b:1"), got);
    }

    @Test
    void aPowerLossInOneDomainHasItsMomentsOnlyAtThatDomainsOperations() {
        assertEquals(List.of(new Moment(0, false), new Moment(2, true), new Moment(2, false), new Moment(3, false),
                new Moment(4, false)), rig.moments(0, rig.size(), Set.of("A")));
        assertEquals(List.of(new Moment(1, false), new Moment(5, false)), rig.moments(0, rig.size(), Set.of("B")));
        assertEquals(7, rig.moments(0, rig.size(), Set.of()).size(), "every domain: 6 operations, 1 of them FUA");
    }

    /** After #4, power lost in A only: a1 flushed, a2's sector 1 is open, b keeps power and its write. */
    @Test
    void afterOpFourInDomainAOnlyTwoImages() {
        CrashCut cut = rig.cut(new Moment(4, false), Set.of("A"));
        assertEquals(Set.of("0x11 0x33 0x00 0x22", "0x11 0x33 0x44 0x22"), states(cut));
        assertEquals(2, cut.imageCount());
    }

    /** After #4, power lost everywhere: b's write #1 is not flushed yet (its flush is #5), so it is open too. */
    @Test
    void afterOpFourEverywhereFourImages() {
        CrashCut cut = rig.cut(new Moment(4, false), Set.of("A", "B"));
        assertEquals(Set.of("0x11 0x33 0x00 0x22", "0x11 0x33 0x44 0x22", "0x11 0x33 0x00 0x00",
                "0x11 0x33 0x44 0x00"), states(cut));
    }

    /** During the FUA write #2 in A: a1's write #0 is open (its flush is #3), a2's sector 0 may or may not land. */
    @Test
    void duringTheForceUnitAccessWriteInDomainA() {
        CrashCut cut = rig.cut(new Moment(2, true), Set.of("A"));
        assertEquals(Set.of("0x00 0x00 0x00 0x22", "0x11 0x00 0x00 0x22", "0x00 0x33 0x00 0x22",
                "0x11 0x33 0x00 0x22"), states(cut));
    }

    /** After #1 in B only: domain A keeps every write issued so far; b's write #1 may be lost. */
    @Test
    void afterOpOneInDomainBOnly() {
        CrashCut cut = rig.cut(new Moment(1, false), Set.of("B"));
        assertEquals(Set.of("0x11 0x00 0x00 0x22", "0x11 0x00 0x00 0x00"), states(cut));
    }

    @Test
    void aRestoredRigHoldsTheImagesUnderTheSameNamesAndDomainsWithAnEmptyJournal() {
        CrashCut cut = rig.cut(new Moment(4, false), Set.of("A"));
        Rig restored = cut.restore(cut.allLost());
        assertEquals(0, restored.size());
        assertEquals(rig.domains(), restored.domains());
        assertEquals("0x11 0x33 0x00 0x22", state(restored.devices().roles().stream()
                .collect(java.util.stream.Collectors.toMap(n -> n, n -> restored.disk(n).simulated().currentImage()))));
        Rig without = restored.reopen(Set.of("a2"));
        assertEquals(List.of("a1", "b"), without.disks().stream().map(RigDisk::name).toList());
    }

    @Test
    void aFailedDiskAnswersNothingAndLeavesTheCut() {
        rig.disk("a2").fail();
        assertThrows(DeviceException.class, () -> rig.disk("a2").read(0, new byte[SECTOR], 0, SECTOR));
        CrashCut cut = rig.cut(new Moment(4, false), Set.of("A"));
        assertEquals(List.of("a1", "b"), cut.disks().stream().map(RigDisk::name).toList());
        assertEquals(3, rig.cut(new Moment(4, false), Set.of("A"), true).disks().size());
        assertTrue(rig.moments(0, rig.size(), Set.of("A")).stream().noneMatch(m -> m.entry() == 2 || m.entry() == 4),
                "the failed disk's operations are no moments");
    }

    @Test
    void aDiskCountsTheCallsItRefusedFromItsDeathOn() {
        RigDisk disk = rig.disk("a1");
        disk.read(0, new byte[SECTOR], 0, SECTOR);
        assertEquals(0, disk.refusedCalls(), "a served call is no refusal");
        disk.dieAtNextRead(new java.util.concurrent.atomic.AtomicBoolean());
        assertThrows(DeviceException.class, () -> disk.read(0, new byte[SECTOR], 0, SECTOR));
        assertEquals(1, disk.refusedCalls(), "the read it died at");
        assertThrows(DeviceException.class, () -> disk.write(0, new byte[SECTOR], 0, SECTOR, false));
        assertThrows(DeviceException.class, disk::flush);
        assertEquals(3, disk.refusedCalls(), "every call after it");
    }

    @Test
    void aDiskArmedToDieAtItsThirdReadServesTwoThenAnswersNothing() {
        RigDisk disk = rig.disk("a1");
        byte[] buffer = new byte[SECTOR];
        disk.dieAtRead(3);
        disk.read(1, buffer, 0, SECTOR);
        disk.read(0, buffer, 0, SECTOR);
        assertEquals(0x11, buffer[0], "read 2 is served");
        DeviceException died = assertThrows(DeviceException.class, () -> disk.read(0, buffer, 0, SECTOR));
        assertTrue(died.getMessage().contains("read 3"), died.getMessage());
        assertTrue(disk.failed(), "dead from its third read on");
        assertThrows(DeviceException.class, () -> disk.write(0, buffer, 0, SECTOR, false));
        assertEquals(3, disk.reads(), "three reads asked, the refused one counted");
        assertThrows(IllegalArgumentException.class, () -> disk.dieAtRead(3), "a read already past");
    }

    @Test
    void aDiskArmedToDieAtItsFirstWriteOrFlushDiesAtWhicheverComesFirst() {
        RigDisk flushedFirst = rig.disk("b");
        flushedFirst.dieAt(RigDisk.WriteDeath.FIRST_WRITE_OR_FLUSH);
        DeviceException died = assertThrows(DeviceException.class, flushedFirst::flush);
        assertTrue(died.getMessage().contains("flush"), died.getMessage());
        assertTrue(flushedFirst.failed());
        RigDisk writtenFirst = rig.disk("a1");
        writtenFirst.dieAt(RigDisk.WriteDeath.FIRST_WRITE_OR_FLUSH);
        died = assertThrows(DeviceException.class, () -> write("a1", 2, 0x55, false));
        assertTrue(died.getMessage().contains("write"), died.getMessage());
        writtenFirst.revive();
        byte[] buffer = new byte[SECTOR];
        writtenFirst.read(2, buffer, 0, SECTOR);
        assertEquals(0, buffer[0], "the write it died at changed nothing");
    }

    @Test
    void aDiskArmedToDieAtItsFirstFlushServesTheWritesBefore() {
        RigDisk disk = rig.disk("a1");
        disk.dieAt(RigDisk.WriteDeath.FIRST_FLUSH);
        write("a1", 2, 0x55, false);
        write("a1", 3, 0x66, true);
        DeviceException died = assertThrows(DeviceException.class, disk::flush);
        assertTrue(died.getMessage().contains("flush"), died.getMessage());
        assertTrue(disk.failed(), "dead from its first flush on");
        assertThrows(DeviceException.class, () -> write("a1", 4, 0x77, false));
    }

    @Test
    void aDiskArmedToDieAtItsFirstWriteAfterAFlushServesTheWritesAndTheFlushBefore() {
        RigDisk disk = rig.disk("a2");
        disk.dieAt(RigDisk.WriteDeath.FIRST_WRITE_AFTER_A_FLUSH);
        write("a2", 2, 0x55, false);
        disk.flush();
        disk.flush();
        assertFalse(disk.failed(), "alive through the writes and flushes before a write after a flush");
        DeviceException died = assertThrows(DeviceException.class, () -> write("a2", 3, 0x66, true));
        assertTrue(died.getMessage().contains("write"), died.getMessage());
        assertTrue(disk.failed());
        disk.revive();
        byte[] buffer = new byte[SECTOR];
        disk.read(3, buffer, 0, SECTOR);
        assertEquals(0, buffer[0], "the write it died at changed nothing");
        disk.read(2, buffer, 0, SECTOR);
        assertEquals(0x55, buffer[0], "the write before the flush was served");
    }

    @Test
    void aDiskArmedForItsFirstWriteAfterAFlushAndDisarmedDoesNotDie() {
        RigDisk disk = rig.disk("b");
        disk.dieAt(RigDisk.WriteDeath.FIRST_WRITE_AFTER_A_FLUSH);
        disk.flush();
        disk.disarm();
        write("b", 1, 0x55, false);
        assertFalse(disk.failed());
    }

    @Test
    void aDisarmedDiskDoesNotDie() {
        RigDisk disk = rig.disk("b");
        byte[] buffer = new byte[SECTOR];
        disk.dieAtRead(1);
        disk.disarm();
        disk.read(0, buffer, 0, SECTOR);
        assertEquals(0x22, buffer[0]);
        assertEquals(1, disk.reads());
    }

    @Test
    void badArgumentsAreRefusedWithTheirValues() {
        assertThrows(IllegalArgumentException.class, () -> rig.addBlank("a1", "A", SECTOR, 8));
        assertThrows(IllegalArgumentException.class, () -> rig.disk("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rig.cut(new Moment(6, false), Set.of()));
        assertTrue(e.getMessage().contains("entry=6"), e.getMessage());
    }

    /** Every image of the cut as "a1[0] a2[0] a2[1] b[0]", each sector's first byte. */
    private static Set<String> states(CrashCut cut) {
        Set<String> out = new java.util.TreeSet<>();
        List<int[][]> every = cut.everyChoice();
        for (int[][] choice : every) {
            out.add(state(cut.images(choice)));
        }
        assertEquals(every.size(), out.size(), "two choices gave the same image");
        return out;
    }

    private static String state(Map<String, CrashImage> images) {
        List<String> out = new ArrayList<>();
        out.add(first(images.get("a1"), 0));
        out.add(first(images.get("a2"), 0));
        out.add(first(images.get("a2"), 1));
        out.add(first(images.get("b"), 0));
        return String.join(" ", out);
    }

    private static String first(CrashImage image, long sector) {
        return String.format("0x%02x", image.sector(sector)[0] & 0xff);
    }
}
