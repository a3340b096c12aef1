package txstack.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecManifestTest {

    private static final String HEADER = SpecManifest.HEADER + "\n";

    @Test
    void readsRowsAndSkipsComments() {
        SpecManifest manifest = SpecManifest.parse(HEADER + "# comment\n"
                + "A\tMCLfs\tA.cfg\tpass\t10\t3\tci\t1\n"
                + "B\tMCLfs\tB.cfg\tviolation:NoOverwrite\t4\t2\tlarge\t0\n");
        assertEquals(2, manifest.rows().size());
        SpecManifest.Row b = manifest.rows().get(1);
        assertEquals("violation:NoOverwrite", b.expected());
        assertEquals(4, b.distinctStates());
        assertTrue(manifest.rows().get(0).isCi());
    }

    @Test
    void rejectsAWrongHeaderAMissingCellABadVerdictAndDuplicates() {
        assertThrows(SpecException.class, () -> SpecManifest.parse("model\tmodule\n"));
        assertThrows(SpecException.class, () -> SpecManifest.parse(HEADER + "A\tMCLfs\tA.cfg\tpass\t10\t3\tci\n"));
        assertThrows(SpecException.class,
                () -> SpecManifest.parse(HEADER + "A\tMCLfs\tA.cfg\tfails\t10\t3\tci\t1\n"));
        assertThrows(SpecException.class,
                () -> SpecManifest.parse(HEADER + "A\tMCLfs\tA.cfg\tpass\tten\t3\tci\t1\n"));
        assertThrows(SpecException.class, () -> SpecManifest.parse(HEADER
                + "A\tMCLfs\tA.cfg\tpass\t10\t3\tci\t1\nA\tMCLfs\tA.cfg\tpass\t10\t3\tci\t1\n"));
    }
}
