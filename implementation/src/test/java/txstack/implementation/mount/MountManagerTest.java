package txstack.implementation.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import txstack.implementation.fs.FileSystem;

/** The database and the arrival rules (MNT-1..3), explicit letters and their errors, a clean restart. */
class MountManagerTest {
    private static final VolumeId SYSTEM = VolumeId.basic(0x12345678, 1L << 20);
    private static final VolumeId DATA = VolumeId.basic(0x12345678, 1L << 30);
    private static final VolumeId PROJECTS = VolumeId.dynamic(new UUID(0x1111L, 0x2222L));

    private final MountStack stack = MountStack.formatted();

    @AfterEach
    void close() {
        stack.close();
        stack.closeVolumes();
    }

    private MountManager.Entry arrive(VolumeId v, char suggested) {
        return stack.mounts.volumeArrives(v, suggested, stack.newVolume());
    }

    @Test
    void aNewVolumeGetsTheSuggestedLetterIfFreeElseTheFirstFreeFromC() {
        assertEquals(new MountManager.Entry(MountManager.volumeNameNumber(1), 'C'), arrive(SYSTEM, MountManager.NO_LETTER));
        assertEquals('P', arrive(PROJECTS, 'p').letter(), "suggested, free, upcased");
        assertEquals('D', arrive(DATA, 'P').letter(), "suggested P is taken: the first free from C");
        assertEquals("\\??\\Volume{00000000-0000-0000-0000-000000000003}", stack.mounts.entry(DATA).orElseThrow()
                .volumeName());
        assertEquals(3, stack.mounts.volumesNamed());
        assertEquals(Map.of("\\??\\C:", SYSTEM, "\\??\\D:", DATA, "\\??\\P:", PROJECTS,
                MountManager.volumeNameNumber(1), SYSTEM, MountManager.volumeNameNumber(2), PROJECTS,
                MountManager.volumeNameNumber(3), DATA), stack.mounts.namespace());
    }

    @Test
    void lettersRunOutAfterZAndThenAVolumeHasNone() {
        for (int i = 0; i < 24; i++) {
            assertEquals((char) ('C' + i), arrive(VolumeId.basic(7, i * 512L), MountManager.NO_LETTER).letter());
        }
        MountManager.Entry late = arrive(VolumeId.basic(7, 1L << 40), 'Q');
        assertEquals(MountManager.NO_LETTER, late.letter(), "Q taken, C..Z all taken");
        assertEquals(MountManager.volumeNameNumber(25), late.volumeName());
        assertEquals('A', arrive(VolumeId.basic(8, 0), 'a').letter(), "A is given when suggested and free");
    }

    @Test
    void anAbsentVolumeKeepsItsEntryAndItsLetterStaysReserved() {
        arrive(SYSTEM, 'C');
        arrive(DATA, 'E');
        stack.mounts.volumeRemoved(DATA);
        assertEquals(Map.of("\\??\\C:", SYSTEM, MountManager.volumeNameNumber(1), SYSTEM), stack.mounts.namespace());
        assertEquals('D', arrive(PROJECTS, 'E').letter(), "E is the absent volume's");
        assertEquals(new MountManager.Entry(MountManager.volumeNameNumber(2), 'E'), arrive(DATA, 'Z'),
                "a known volume gets its names back, whatever is suggested");
        assertThrows(IllegalStateException.class, () -> arrive(DATA, 'E'), "announcing a present volume");
        stack.mounts.volumeRemoved(DATA);
        assertThrows(IllegalStateException.class, () -> stack.mounts.volumeRemoved(DATA));
    }

    @Test
    void namesAndLettersSurviveACleanRestart() {
        arrive(SYSTEM, MountManager.NO_LETTER);
        arrive(PROJECTS, 'P');
        arrive(DATA, MountManager.NO_LETTER);
        stack.mounts.assignLetter(DATA, 'q');
        stack.mounts.removeLetter('P');
        Map<VolumeId, MountManager.Entry> before = stack.mounts.entries();
        stack.restart();
        assertEquals(before, stack.mounts.entries());
        assertEquals(List.of(), stack.mounts.present(), "nothing present until announced");
        assertEquals(Map.of(), stack.mounts.namespace());
        assertEquals('Q', arrive(DATA, 'C').letter());
        assertEquals('D', arrive(VolumeId.dynamic(new UUID(5, 5)), 'Q').letter());
        assertEquals(MountManager.volumeNameNumber(4), stack.mounts.entry(VolumeId.dynamic(new UUID(5, 5)))
                .orElseThrow().volumeName(), "the counter survived");
    }

    @Test
    void theRegistryHoldsOneValuePerNameAndLetterAndTheCounter() {
        arrive(SYSTEM, 'C');
        arrive(PROJECTS, MountManager.NO_LETTER);
        stack.mounts.removeLetter('D');
        List<String> names = stack.registry.valueNames(MountManager.KEY);
        assertEquals(List.of("\\??\\Volume{00000000-0000-0000-0000-000000000001}",
                "\\??\\Volume{00000000-0000-0000-0000-000000000002}", "\\DosDevices\\C:", "VolumesNamed").stream().sorted()
                .toList(), names.stream().sorted().toList());
        assertArrayEquals(SYSTEM.encode(), stack.registry.getValue(MountManager.KEY, "\\DosDevices\\C:")
                .orElseThrow());
        assertArrayEquals(new byte[] {2, 0, 0, 0}, stack.registry.getValue(MountManager.KEY, "VolumesNamed")
                .orElseThrow());
    }

    @Test
    void explicitAssignmentErrorsInTheContractsOrderChangeNothing() {
        arrive(SYSTEM, 'C');
        arrive(DATA, 'D');
        stack.mounts.volumeRemoved(DATA);
        Map<VolumeId, MountManager.Entry> before = stack.mounts.entries();
        assertThrows(InvalidLetterException.class, () -> stack.mounts.assignLetter(PROJECTS, '1'),
                "the letter is checked before the volume");
        assertThrows(NoSuchVolumeException.class, () -> stack.mounts.assignLetter(PROJECTS, 'X'));
        LetterInUseException inUse = assertThrows(LetterInUseException.class,
                () -> stack.mounts.assignLetter(SYSTEM, 'd'), "an absent volume's letter is in use");
        assertEquals(MountException.Kind.LETTER_IN_USE, inUse.kind());
        assertThrows(InvalidLetterException.class, () -> stack.mounts.removeLetter('?'));
        assertThrows(NoSuchLetterException.class, () -> stack.mounts.removeLetter('x'));
        assertEquals(before, stack.mounts.entries());
        stack.mounts.assignLetter(SYSTEM, 'c');
        assertEquals(before, stack.mounts.entries(), "its own letter: no change");
        stack.mounts.assignLetter(DATA, 'y');
        assertEquals('Y', stack.mounts.entry(DATA).orElseThrow().letter(), "an absent volume may be given a letter");
        assertTrue(stack.mounts.volumeWithLetter('D').isEmpty(), "its old letter is free");
    }

    @Test
    void identityBytesRoundTripAndBadOnesAreCorruption() {
        for (VolumeId v : List.of(SYSTEM, PROJECTS, VolumeId.basic(-1, Long.MAX_VALUE))) {
            assertEquals(v, VolumeId.decode(v.encode()));
        }
        assertEquals(VolumeId.BASIC_BYTES, SYSTEM.encode().length);
        assertThrows(CorruptMountDataException.class, () -> VolumeId.decode(new byte[0]));
        assertThrows(CorruptMountDataException.class, () -> VolumeId.decode(new byte[] {3, 0, 0}));
        assertThrows(CorruptMountDataException.class, () -> VolumeId.decode(new byte[VolumeId.DYNAMIC_BYTES]));
        byte[] shortBasic = java.util.Arrays.copyOf(SYSTEM.encode(), VolumeId.BASIC_BYTES - 1);
        assertThrows(CorruptMountDataException.class, () -> VolumeId.decode(shortBasic));
    }

    @Test
    void aDatabaseWithALetterOnTwoVolumesOrAForeignValueDoesNotOpen() {
        arrive(SYSTEM, 'C');
        arrive(DATA, 'D');
        stack.registry.setValue(MountManager.KEY, "\\DosDevices\\E:", SYSTEM.encode());
        assertThrows(CorruptMountDataException.class, () -> MountManager.open(stack.registry, stack.tm),
                "a volume with two letters");
        stack.registry.deleteValue(MountManager.KEY, "\\DosDevices\\E:");
        stack.registry.setValue(MountManager.KEY, "Stray", new byte[1]);
        assertThrows(CorruptMountDataException.class, () -> MountManager.open(stack.registry, stack.tm));
        stack.registry.deleteValue(MountManager.KEY, "Stray");
        assertEquals(stack.mounts.entries(), MountManager.open(stack.registry, stack.tm).entries());
    }

    @Test
    void volumeNamesAreNumberedAndRecognised() {
        assertEquals("\\??\\Volume{00000000-0000-0000-0000-00000000001A}", MountManager.volumeNameNumber(26));
        assertTrue(MountManager.isVolumeName("\\??\\volume{x}"));
        for (String bad : new String[] {"\\??\\Volume{}", "\\??\\Volume{a}b", "\\??\\Volume{a\\b}", "C:\\"}) {
            assertTrue(!MountManager.isVolumeName(bad), bad);
        }
        FileSystem unused = stack.newVolume();
        assertThrows(NullPointerException.class, () -> stack.mounts.volumeArrives(null, 'C', unused));
    }
}
