package txstack.model.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.model.mount.MountTesting.DATA;
import static txstack.model.mount.MountTesting.PROJECTS;
import static txstack.model.mount.MountTesting.SYSTEM;
import static txstack.model.mount.MountTesting.USB;
import static txstack.model.mount.MountTesting.arrives;
import static txstack.model.mount.MountTesting.b;
import static txstack.model.mount.MountTesting.letterOf;
import static txstack.model.mount.MountTesting.run;
import static txstack.model.mount.MountTesting.threeVolumes;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The mount contract's crash semantics: the database all or nothing, the namespace rebuilt from it. */
class MountCrashTest {

    private static MountJudgement.Rule refusedRule(MountJudgement j) {
        return assertInstanceOf(MountJudgement.Refused.class, j, () -> "allowed: " + j).rule();
    }

    private static MountObservation withDatabase(MountObservation o, SortedMap<String, VolumeId> database) {
        return new MountObservation(database, o.namespace(), o.trees(), o.offlineStore());
    }

    private static MountObservation withNamespace(MountObservation o, SortedMap<String, VolumeId> namespace) {
        return new MountObservation(o.database(), namespace, o.trees(), o.offlineStore());
    }

    @Test
    void aLetterMovesWhollyOrNotAtAll() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA));
        MountOp move = new MountOp.AssignLetter(DATA, 'M');
        CrashedMount crashed = s.crashDuring(move);
        MountState after = s.apply(move).next();
        assertEquals(List.of(s, after), crashed.outcomes());
        assertTrue(crashed.judge(s.observe()).allowed());
        MountJudgement.Allowed a = assertInstanceOf(MountJudgement.Allowed.class, crashed.judge(after.observe()));
        assertEquals('M', letterOf(a.continued(), DATA));

        SortedMap<String, VolumeId> both = new TreeMap<>(s.database().registryValues());
        both.put("\\DosDevices\\M:", DATA);
        assertEquals(MountJudgement.Rule.DATABASE_TORN, refusedRule(crashed.judge(withDatabase(after.observe(), both))),
                "D and M both on DATA: half an update");
        SortedMap<String, VolumeId> neither = new TreeMap<>(s.database().registryValues());
        neither.remove("\\DosDevices\\D:");
        assertEquals(MountJudgement.Rule.DATABASE_TORN, refusedRule(crashed.judge(withDatabase(s.observe(), neither))),
                "the old letter gone, the new one not there");
        SortedMap<String, VolumeId> wrong = new TreeMap<>(s.database().registryValues());
        wrong.put("\\DosDevices\\D:", SYSTEM);
        assertEquals(MountJudgement.Rule.DATABASE_FOREIGN, refusedRule(crashed.judge(withDatabase(s.observe(), wrong))));
    }

    @Test
    void theNamespaceIsTheDatabasesLinksForThePresentVolumes() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA));
        MountOp move = new MountOp.AssignLetter(DATA, 'M');
        MountState after = s.apply(move).next();
        CrashedMount crashed = s.crashDuring(move);
        assertEquals(MountJudgement.Rule.NAMESPACE_WRONG,
                refusedRule(crashed.judge(withNamespace(after.observe(), s.namespace()))),
                "the database moved D to M but the link still says D");
        SortedMap<String, VolumeId> stale = new TreeMap<>(s.namespace());
        stale.put("\\??\\E:", DATA);
        assertEquals(MountJudgement.Rule.NAMESPACE_WRONG, refusedRule(s.crash().judge(withNamespace(s.observe(),
                stale))));
    }

    @Test
    void aCrashWithNoOperationInProgressAllowsExactlyTheState() {
        MountState s = run(threeVolumes(), new MountOp.VolumeRemoved(DATA));
        CrashedMount crashed = s.crash();
        assertEquals(List.of(s), crashed.outcomes());
        assertTrue(crashed.judge(s.observe()).allowed());
        SortedMap<String, VolumeId> lost = new TreeMap<>(s.database().registryValues());
        lost.remove("\\DosDevices\\D:");
        assertEquals(MountJudgement.Rule.DATABASE_FOREIGN, refusedRule(crashed.judge(withDatabase(s.observe(), lost))),
                "an absent volume's letter is durable");
        MountState before = threeVolumes();
        assertEquals(MountJudgement.Rule.TREE_WRONG,
                refusedRule(run(before, new MountOp.CreateFile("D:\\new")).crash().judge(before.observe())),
                "a completed create is durable");
    }

    @Test
    void aVolumeWhoseArrivalWasNotRecordedIsAbsentAndGetsTheSameNamesWhenItArrivesAgain() {
        MountState s = run(MountState.initial(), arrives(SYSTEM));
        MountOp arrival = arrives(USB, 'U');
        CrashedMount crashed = s.crashDuring(arrival);
        MountState recorded = s.apply(arrival).next();
        MountJudgement.Allowed without = assertInstanceOf(MountJudgement.Allowed.class, crashed.judge(s.observe()));
        assertFalse(without.continued().present().contains(USB));
        assertTrue(crashed.judge(recorded.observe()).allowed());
        MountState again = run(without.continued(), arrival);
        assertEquals(recorded.database(), again.database());
        assertEquals(recorded.namespace(), again.namespace());
    }

    @Test
    void aFailingOperationLeavesOnlyTheStateBeforeIt() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA));
        CrashedMount crashed = s.crashDuring(new MountOp.AssignLetter(DATA, 'C'));
        assertEquals(List.of(s), crashed.outcomes());
    }

    @Test
    void aCrashDuringARebootAllowsEachArrivalDoneOrNot() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA));
        MountOp reboot = new MountOp.Reboot(List.of(arrives(SYSTEM), arrives(USB, 'U'), arrives(DATA)));
        CrashedMount crashed = s.crashDuring(reboot);
        assertEquals(5, crashed.outcomes().size(), "before, emptied, then one per arrival");
        MountState half = crashed.outcomes().get(3);
        assertEquals(List.of(SYSTEM, USB), half.present());
        assertEquals('U', letterOf(half, USB));
        assertTrue(crashed.judge(half.observe()).allowed());
    }

    @Test
    void partsFromDifferentStepsAreRefused() {
        MountState s = run(threeVolumes(), new MountOp.MigrateOffline("C:\\Projects\\Description.txt"));
        MountOp write = new MountOp.WriteFile("C:\\Projects\\Description.txt", b("next"));
        CrashedMount crashed = s.crashDuring(write);
        MountState after = s.apply(write).next();
        MountObservation mixed = new MountObservation(after.observe().database(), after.observe().namespace(),
                after.observe().trees(), s.offlineStore().copies());
        assertEquals(MountJudgement.Rule.MIXED_STEPS, refusedRule(crashed.judge(mixed)),
                "the new data written while the copy was still in the store: not a state after any step");
        assertTrue(crashed.judge(after.observe()).allowed());
        assertEquals(PROJECTS, after.resolve("C:\\Projects").reached().volume());
    }
}
