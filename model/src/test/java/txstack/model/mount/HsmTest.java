package txstack.model.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.model.mount.MountTesting.DATA;
import static txstack.model.mount.MountTesting.PROJECTS;
import static txstack.model.mount.MountTesting.b;
import static txstack.model.mount.MountTesting.errorOf;
import static txstack.model.mount.MountTesting.run;
import static txstack.model.mount.MountTesting.threeVolumes;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.fs.ReparsePoint;

/** Hierarchical storage management (MNT-7): migration, recall on open, and what a crash in either may leave. */
class HsmTest {
    private static final String FILE = "C:\\Projects\\Description.txt";
    private static final String KEY = "tape-1";

    private static MountState migrated() {
        return run(threeVolumes(), new MountOp.MigrateOffline(FILE));
    }

    private static VolumeTree.Node file(MountState s) {
        return s.tree(PROJECTS).node("\\DESCRIPTION.TXT");
    }

    /** The observation of {@code s} with the file and the store replaced. */
    private static MountObservation with(MountState s, VolumeTree.Node file, Map<String, Bytes> store) {
        MountObservation o = s.observe();
        Map<VolumeId, VolumeTree> trees = new java.util.LinkedHashMap<>(o.trees());
        trees.put(PROJECTS, s.tree(PROJECTS).with("\\DESCRIPTION.TXT", file));
        return new MountObservation(o.database(), o.namespace(), trees, new TreeMap<>(store));
    }

    private static VolumeTree.Node stub() {
        return new VolumeTree.Node(false, Bytes.EMPTY, new ReparsePoint(ReparseTags.HSM, Utf16.encode(KEY)));
    }

    @Test
    void migrationMovesTheDataToTheStoreAndLeavesAnHsmReparsePoint() {
        MountState s = migrated();
        assertEquals(stub(), file(s));
        assertTrue(file(s).offline());
        assertEquals(Map.of(KEY, b("current project")), s.offlineStore().copies());
        assertEquals(new MountState.Reached(PROJECTS, "\\DESCRIPTION.TXT", 1), s.resolve(FILE).reached(),
                "resolving reaches the offline file without recalling it");
    }

    @Test
    void openingAnOfflineFileRecallsItAndRetries() {
        MountState.Step step = migrated().apply(new MountOp.Open(FILE));
        assertNull(step.error());
        assertTrue(step.opened().recalled());
        assertEquals(b("current project"), step.opened().data());
        assertEquals(VolumeTree.Node.file(b("current project")), file(step.next()));
        assertTrue(step.next().offlineStore().copies().isEmpty(), "the copy is deleted once the file has it back");
        MountState.Opened again = step.next().apply(new MountOp.Open(FILE)).opened();
        assertFalse(again.recalled());
    }

    @Test
    void writingAnOfflineFileRecallsItFirst() {
        MountState s = run(migrated(), new MountOp.WriteFile(FILE, b("next project")));
        assertEquals(VolumeTree.Node.file(b("next project")), file(s));
        assertTrue(s.offlineStore().copies().isEmpty());
        assertEquals(3, migrated().crashDuring(new MountOp.WriteFile(FILE, b("next project"))).outcomes().size() - 1,
                "three steps: data back, copy deleted, new data");
    }

    @Test
    void migrationChecksTheFile() {
        MountState s = migrated();
        assertEquals(MountErrorKind.HAS_REPARSE_POINT, errorOf(s, new MountOp.MigrateOffline(FILE)));
        assertEquals(MountErrorKind.IS_A_DIRECTORY, errorOf(s, new MountOp.MigrateOffline("D:\\")));
        assertEquals(MountErrorKind.NOT_FOUND, errorOf(s, new MountOp.MigrateOffline("D:\\none")));
        assertEquals(MountErrorKind.REPARSE_TAG_MISMATCH,
                errorOf(s, new MountOp.SetReparsePoint(FILE, 0x1234, b("x"))), "an HSM file keeps its tag");
        MountState lost = run(threeVolumes(), new MountOp.CreateFile("D:\\f"),
                new MountOp.SetReparsePoint("D:\\f", ReparseTags.HSM, Utf16.encode("tape-9")));
        assertEquals(MountErrorKind.OFFLINE_DATA_MISSING, errorOf(lost, new MountOp.Open("D:\\f")));
        assertEquals(MountErrorKind.OFFLINE_DATA_MISSING, errorOf(lost, new MountOp.WriteFile("D:\\f", b("x"))));
    }

    @Test
    void aCrashDuringMigrationLeavesTheDataInTheFileTheStoreOrBoth() {
        MountState before = threeVolumes();
        CrashedMount crashed = before.crashDuring(new MountOp.MigrateOffline(FILE));
        VolumeTree.Node data = VolumeTree.Node.file(b("current project"));
        Map<String, Bytes> copy = Map.of(KEY, b("current project"));
        assertTrue(crashed.judge(with(before, data, Map.of())).allowed(), "before");
        assertTrue(crashed.judge(with(before, data, copy)).allowed(), "copied, not yet stubbed");
        assertTrue(crashed.judge(with(before, stub(), copy)).allowed(), "after");
        assertEquals(3, crashed.outcomes().size());
        MountJudgement neither = crashed.judge(with(before, stub(), Map.of()));
        assertEquals(MountJudgement.Rule.OFFLINE_DATA_LOST, assertInstanceOf(MountJudgement.Refused.class, neither)
                .rule());
        MountJudgement other = crashed.judge(with(before, VolumeTree.Node.file(b("current proj\0\0\0")), copy));
        assertEquals(MountJudgement.Rule.TREE_WRONG, ((MountJudgement.Refused) other).rule());
        MountJudgement badCopy = crashed.judge(with(before, stub(), Map.of(KEY, b("garbage"))));
        assertEquals(MountJudgement.Rule.OFFLINE_STORE_WRONG, ((MountJudgement.Refused) badCopy).rule());
    }

    @Test
    void aCrashDuringRecallLeavesTheDataInTheFileTheStoreOrBoth() {
        MountState s = migrated();
        CrashedMount crashed = s.crashDuring(new MountOp.Open(FILE));
        VolumeTree.Node data = VolumeTree.Node.file(b("current project"));
        Map<String, Bytes> copy = Map.of(KEY, b("current project"));
        assertTrue(crashed.judge(with(s, stub(), copy)).allowed(), "before");
        assertTrue(crashed.judge(with(s, data, copy)).allowed(), "data back, copy not yet deleted");
        assertTrue(crashed.judge(with(s, data, Map.of())).allowed(), "after");
        assertEquals(MountJudgement.Rule.OFFLINE_DATA_LOST,
                ((MountJudgement.Refused) crashed.judge(with(s, stub(), Map.of()))).rule(),
                "copy deleted before the data is back: neither");
        assertEquals(MountJudgement.Rule.TREE_WRONG,
                ((MountJudgement.Refused) crashed.judge(with(s, VolumeTree.Node.file(Bytes.EMPTY), copy))).rule(),
                "the reparse point removed without the data: an empty file is other data");
    }

    @Test
    void aCrashDuringAnOpenOfAFileThatIsNotOfflineAllowsOnlyTheStateAsItIs() {
        MountState s = threeVolumes();
        CrashedMount crashed = s.crashDuring(new MountOp.Open(FILE));
        assertEquals(List.of(s), crashed.outcomes());
        SortedMap<String, Bytes> none = new TreeMap<>();
        assertTrue(crashed.judge(with(s, VolumeTree.Node.file(b("current project")), none)).allowed());
    }
}
