package txstack.model.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.model.mount.MountTesting.DATA;
import static txstack.model.mount.MountTesting.PROJECTS;
import static txstack.model.mount.MountTesting.SYSTEM;
import static txstack.model.mount.MountTesting.USB;
import static txstack.model.mount.MountTesting.arrives;
import static txstack.model.mount.MountTesting.errorOf;
import static txstack.model.mount.MountTesting.letterOf;
import static txstack.model.mount.MountTesting.nameOf;
import static txstack.model.mount.MountTesting.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import txstack.model.ModelException;

/** The mount manager's database and its arrival rules (MNT-1..3), as the mount contract states them. */
class MountDatabaseTest {

    @Test
    void unknownVolumesWithoutASuggestionGetTheFirstFreeLetterFromC() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA));
        assertEquals('C', letterOf(s, SYSTEM));
        assertEquals('D', letterOf(s, DATA));
        assertEquals(Map.of("\\??\\C:", SYSTEM, "\\??\\D:", DATA, nameOf(s, SYSTEM), SYSTEM, nameOf(s, DATA), DATA),
                s.namespace());
    }

    @Test
    void anUnknownVolumeGetsTheSuggestedLetterIfNoVolumeHasIt() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(PROJECTS, 'p'));
        assertEquals('P', letterOf(s, PROJECTS));
        s = run(s, arrives(USB, 'C'));
        assertEquals('D', letterOf(s, USB), "C is the system's: the first free letter instead");
    }

    @Test
    void aLetterReservedForAnAbsentVolumeIsNotSuggestedAway() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA, 'E'),
                new MountOp.VolumeRemoved(DATA));
        assertFalse(s.namespace().containsKey("\\??\\E:"), "an absent volume has no link");
        assertEquals(DATA, s.database().volumeWithLetter('E').orElseThrow(), "but keeps its entry");
        s = run(s, arrives(USB, 'E'));
        assertEquals('D', letterOf(s, USB), "E stays reserved for DATA: the first free letter, D");
        s = run(s, new MountOp.VolumeRemoved(USB), new MountOp.RemoveLetter('D'), arrives(PROJECTS));
        assertEquals('D', letterOf(s, PROJECTS), "a letter taken away is free again");
    }

    @Test
    void aKnownVolumeGetsItsLetterAndNameBackWhateverItsManagerSuggests() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(USB, 'U'));
        String name = nameOf(s, USB);
        s = run(s, new MountOp.VolumeRemoved(USB), arrives(DATA), arrives(USB, 'X'));
        assertEquals('U', letterOf(s, USB));
        assertEquals(name, nameOf(s, USB));
        assertEquals(USB, s.namespace().get("\\??\\U:"));
    }

    @Test
    void withNoFreeLetterAVolumeGetsNoneButStillAVolumeName() {
        MountState s = MountState.initial();
        for (int i = 0; i < 24; i++) { // C..Z
            s = run(s, arrives(VolumeId.basic(0x100 + i, 0x7E00)));
        }
        assertEquals('Z', letterOf(s, VolumeId.basic(0x100 + 23, 0x7E00)));
        s = run(s, arrives(USB, 'K'));
        MountDatabase.Entry e = s.database().entry(USB).orElseThrow();
        assertFalse(e.hasLetter());
        assertEquals(USB, s.namespace().get(e.volumeName()));
        assertEquals(25 + 24, s.namespace().size(), "25 volume names, 24 letters");
        s = run(s, new MountOp.AssignLetter(USB, 'a'));
        assertEquals('A', letterOf(s, USB), "A and B are never given out automatically but may be assigned");
    }

    @Test
    void volumeNamesAreNumberedStableAndNeverReused() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA), arrives(USB));
        assertEquals("\\??\\Volume{00000000-0000-0000-0000-000000000001}", nameOf(s, SYSTEM));
        assertEquals("\\??\\Volume{00000000-0000-0000-0000-000000000003}", nameOf(s, USB));
        s = run(s, new MountOp.VolumeRemoved(USB), new MountOp.AssignLetter(USB, 'Q'), arrives(PROJECTS),
                arrives(USB), new MountOp.Reboot(List.of(arrives(USB), arrives(PROJECTS), arrives(SYSTEM))));
        assertEquals("\\??\\Volume{00000000-0000-0000-0000-000000000003}", nameOf(s, USB));
        assertEquals("\\??\\Volume{00000000-0000-0000-0000-000000000004}", nameOf(s, PROJECTS));
        assertEquals(4, s.database().volumesNamed());
    }

    @Test
    void aRebootInAnotherOrderGivesEveryKnownVolumeItsLettersAndANewOneTheFirstFree() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA), arrives(PROJECTS));
        s = run(s, new MountOp.Reboot(List.of(arrives(PROJECTS), arrives(USB), arrives(DATA))));
        assertEquals(List.of(PROJECTS, USB, DATA), s.present());
        assertEquals('E', letterOf(s, PROJECTS));
        assertEquals('D', letterOf(s, DATA));
        assertEquals('F', letterOf(s, USB), "C is reserved for the absent SYSTEM");
        assertFalse(s.namespace().containsKey("\\??\\C:"));
    }

    @Test
    void assigningALetterChecksLetterThenVolumeThenUse() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA), arrives(USB),
                new MountOp.VolumeRemoved(USB));
        assertEquals(MountErrorKind.INVALID_LETTER, errorOf(s, new MountOp.AssignLetter(PROJECTS, '1')));
        assertEquals(MountErrorKind.NO_SUCH_VOLUME, errorOf(s, new MountOp.AssignLetter(PROJECTS, 'P')));
        assertEquals(MountErrorKind.LETTER_IN_USE, errorOf(s, new MountOp.AssignLetter(DATA, 'C')));
        assertEquals(MountErrorKind.LETTER_IN_USE, errorOf(s, new MountOp.AssignLetter(DATA, 'E')),
                "E belongs to the absent USB volume");
        assertEquals(MountErrorKind.INVALID_LETTER, errorOf(s, new MountOp.RemoveLetter(':')));
        assertEquals(MountErrorKind.NO_SUCH_LETTER, errorOf(s, new MountOp.RemoveLetter('Q')));
    }

    @Test
    void assigningMovesTheVolumesLetterInOneUpdate() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA));
        MountState moved = run(s, new MountOp.AssignLetter(DATA, 'm'));
        assertEquals('M', letterOf(moved, DATA));
        assertTrue(moved.database().volumeWithLetter('D').isEmpty());
        assertEquals(DATA, moved.namespace().get("\\??\\M:"));
        assertFalse(moved.namespace().containsKey("\\??\\D:"));
        assertEquals(s, run(s, new MountOp.AssignLetter(DATA, 'D')), "its own letter again changes nothing");
        MountState removed = run(moved, new MountOp.RemoveLetter('M'));
        assertFalse(removed.database().entry(DATA).orElseThrow().hasLetter());
        assertTrue(removed.namespace().containsValue(DATA), "the volume name link stays");
    }

    @Test
    void theRegistryHoldsALetterValueAndANameValuePerVolume() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA), new MountOp.VolumeRemoved(DATA));
        assertEquals(List.of("\\??\\Volume{00000000-0000-0000-0000-000000000001}",
                "\\??\\Volume{00000000-0000-0000-0000-000000000002}", "\\DosDevices\\C:", "\\DosDevices\\D:"),
                new ArrayList<>(s.database().registryValues().keySet()));
        assertEquals(DATA, s.database().registryValues().get("\\DosDevices\\D:"));
    }

    @Test
    void misusesAreModelExceptions() {
        MountState s = run(MountState.initial(), arrives(SYSTEM));
        assertThrows(ModelException.class, () -> s.apply(arrives(SYSTEM)), "already present");
        assertThrows(ModelException.class, () -> s.apply(new MountOp.VolumeRemoved(DATA)), "not present");
        assertThrows(ModelException.class, () -> new MountOp.VolumeArrives(DATA, '7'));
        assertThrows(ModelException.class, () -> VolumeId.dynamic(""));
        assertThrows(ModelException.class, () -> new MountDatabase(Map.of(
                SYSTEM, new MountDatabase.Entry(MountDatabase.volumeNameNumber(1), 'C'),
                DATA, new MountDatabase.Entry(MountDatabase.volumeNameNumber(2), 'C')), 2), "a letter on two volumes");
    }
}
