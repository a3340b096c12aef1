package txstack.implementation.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@link BrokenMounts} fixture names every variant and refuses any other name; the variants without a crash (the
 * reparse bound, the arrival rules) are caught here, each check passing on the real manager. The crash variants (the
 * database outside a transaction, the three HSM orderings) are caught by {@link MountCrashTest}. Not named {@code
 * BrokenMounts...}: the test-jar publishes the fixture by that name pattern.
 */
class MountFaultsTest {
    private static final VolumeId SYSTEM = VolumeId.basic(1, 0);
    private static final VolumeId DATA = VolumeId.basic(2, 0);
    private static final VolumeId ARCHIVE = VolumeId.basic(3, 0);
    private static final VolumeId PROJECTS = VolumeId.basic(4, 0);
    private static final VolumeId OTHER = VolumeId.basic(5, 0);
    /** Longer than any bound: an unbounded walk must still end, one component per reparse. */
    private static final int LOOP_REPARSES = 1000;

    @Test
    void theFixtureNamesEveryVariantAndRefusesOthers() {
        assertEquals(List.of("DATABASE_OUTSIDE_TRANSACTION", "POINT_REMOVED_BEFORE_DATA_DURABLE",
                "UNBOUNDED_REPARSES", "ABSENT_VOLUMES_LETTER_REUSED", "EMPTY_BEFORE_COPY", "DELETE_COPY_FIRST"),
                BrokenMounts.names());
        MountStack s = MountStack.formatted();
        try {
            for (String name : BrokenMounts.names()) {
                MountManager m = BrokenMounts.open(s.registry, s.tm, name);
                assertEquals(name, m.fault().name());
                assertEquals(m.fault(), new Hsm(m, OfflineStore.open(s.newVolume())).fault(), name);
            }
            for (String wrong : List.of("CORRECT", "unbounded_reparses", "BOGUS")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> BrokenMounts.open(s.registry, s.tm, wrong));
                assertTrue(e.getMessage().contains("name=" + wrong) && e.getMessage().contains("UNBOUNDED_REPARSES"),
                        e.getMessage());
            }
            assertEquals(MountFault.CORRECT, MountManager.open(s.registry, s.tm).fault());
        } finally {
            s.close();
            s.closeVolumes();
        }
    }

    // ---- MNT-6: the bound on reparses ----

    @Test
    void unboundedReparsesAreCaught() {
        assertNull(reparseBoundProblem(MountFault.CORRECT));
        assertNotNull(reparseBoundProblem(MountFault.UNBOUNDED_REPARSES));
    }

    /** What breaks the bound of 63 reparses on a loop of mount points (MNT-6), or null; never a hang. */
    private static String reparseBoundProblem(MountFault fault) {
        MountStack s = started(fault);
        try {
            MountPaths paths = s.mounts.paths();
            s.mounts.volumeArrives(SYSTEM, 'C', s.newVolume());
            paths.createDirectory("C:\\Loop");
            paths.createMountPoint("C:\\Loop", MountManager.volumeNameNumber(1));
            assertEquals(new MountPaths.Reached(SYSTEM, "\\", MountManager.REPARSES_MAX), paths.resolve("C:"
                    + "\\Loop".repeat(MountManager.REPARSES_MAX)));
            String loop = "C:" + "\\Loop".repeat(LOOP_REPARSES);
            MountPaths.Reached reached = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try {
                    return paths.resolve(loop);
                } catch (TooManyReparsesException e) {
                    return null;
                }
            }, "a loop of mount points must end: fault=" + fault);
            if (reached != null) {
                return "resolved through more than " + MountManager.REPARSES_MAX + " mount points: reached="
                        + reached;
            }
            try {
                return "resolved through 64 mount points: reached=" + paths.resolve("C:" + "\\Loop".repeat(
                        MountManager.REPARSES_MAX + 1));
            } catch (TooManyReparsesException e) {
                return null;
            }
        } finally {
            s.close();
            s.closeVolumes();
        }
    }

    // ---- MNT-2, MNT-3: an absent volume's letter stays reserved ----

    @Test
    void anAbsentVolumesLetterReusedIsCaught() {
        assertNull(absentLetterProblem(MountFault.CORRECT));
        assertNotNull(absentLetterProblem(MountFault.ABSENT_VOLUMES_LETTER_REUSED));
    }

    /**
     * What breaks the arrival rules when new volumes arrive while D's and E's volumes are absent (one suggesting E,
     * one suggesting nothing), or null: a letter on two volumes, or an absent volume's letter lost after a restart.
     */
    private static String absentLetterProblem(MountFault fault) {
        MountStack s = started(fault);
        try {
            MountManager m = s.mounts;
            m.volumeArrives(SYSTEM, 'C', s.newVolume());
            m.volumeArrives(DATA, 'D', s.newVolume());
            m.volumeArrives(ARCHIVE, 'E', s.newVolume());
            m.volumeRemoved(DATA);
            m.volumeRemoved(ARCHIVE);
            m.volumeArrives(PROJECTS, 'E', s.newVolume());
            m.volumeArrives(OTHER, MountManager.NO_LETTER, s.newVolume());
            String twice = letterOnTwoVolumes(m.entries());
            if (twice != null) {
                return twice;
            }
            s.restart();
            Map<VolumeId, MountManager.Entry> after = s.mounts.entries();
            if (after.get(DATA).letter() != 'D' || after.get(ARCHIVE).letter() != 'E') {
                return "an absent volume lost its letter: entries=" + after;
            }
            return letterOnTwoVolumes(after);
        } finally {
            s.close();
            s.closeVolumes();
        }
    }

    private static String letterOnTwoVolumes(Map<VolumeId, MountManager.Entry> entries) {
        Map<Character, VolumeId> letters = new HashMap<>();
        for (Map.Entry<VolumeId, MountManager.Entry> e : entries.entrySet()) {
            if (e.getValue().hasLetter() && letters.put(e.getValue().letter(), e.getKey()) != null) {
                return "a letter on two volumes: letter=" + e.getValue().letter() + " entries=" + entries;
            }
        }
        return null;
    }

    /** A formatted stack whose manager has {@code fault}. */
    private static MountStack started(MountFault fault) {
        MountStack s = MountStack.formatted();
        s.close();
        return s.start(fault);
    }
}
