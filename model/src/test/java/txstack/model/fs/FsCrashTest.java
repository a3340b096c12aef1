package txstack.model.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.model.fs.FsStateTest.ascii;
import static txstack.model.fs.FsStateTest.run;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.fs.FsOp.CreateDirectory;
import txstack.model.fs.FsOp.CreateFile;
import txstack.model.fs.FsOp.Delete;
import txstack.model.fs.FsOp.Flush;
import txstack.model.fs.FsOp.FlushVolume;
import txstack.model.fs.FsOp.Rename;
import txstack.model.fs.FsOp.SetReparsePoint;
import txstack.model.fs.FsOp.SetSize;
import txstack.model.fs.FsOp.SetTimes;
import txstack.model.fs.FsOp.Write;
import txstack.model.fs.Judgement.Allowed;
import txstack.model.fs.Judgement.Refused;
import txstack.model.fs.Judgement.Rule;

/** The file-system contract's "Crash semantics": which trees a crash may leave. Units are 4 bytes here. */
class FsCrashTest {
    static final Tree.Node ROOT = Tree.Node.directory("\\");

    static Tree tree(Tree.Node... nodes) {
        List<Tree.Node> all = new ArrayList<>(List.of(nodes));
        all.add(ROOT);
        return new Tree(all);
    }

    static Tree.Node dir(String path) {
        return Tree.Node.directory(path);
    }

    static Tree.Node file(String path, String data) {
        return Tree.Node.file(path, ascii(data));
    }

    static Tree.Node file(String path, byte[] data) {
        return Tree.Node.file(path, Bytes.of(data));
    }

    static Allowed allowed(CrashedFs crashed, Tree observed) {
        Judgement j = crashed.judge(observed);
        assertTrue(j.allowed(), () -> "refused " + observed.describe() + "\n" + j + "\n" + crashed.describe());
        Allowed a = (Allowed) j;
        assertEquals(observed, a.continued().tree(), "the continued state is the observed tree");
        return a;
    }

    static Refused refused(CrashedFs crashed, Tree observed, Rule rule) {
        Judgement j = crashed.judge(observed);
        Refused r = assertInstanceOf(Refused.class, j, () -> "allowed " + observed.describe() + ": " + j);
        assertEquals(rule, r.rule(), r::toString);
        return r;
    }

    @Test
    void unflushedMetadataOpsMayVanishOnlyAsASuffix() {
        CrashedFs crashed = run(new CreateFile("\\a"), new CreateFile("\\b"), new CreateFile("\\c")).crash();
        assertEquals(4, crashed.prefixesAllowed());
        allowed(crashed, tree());
        allowed(crashed, tree(file("\\a", "")));
        allowed(crashed, tree(file("\\a", ""), file("\\b", "")));
        Allowed all = allowed(crashed, tree(file("\\a", ""), file("\\b", ""), file("\\c", "")));
        assertTrue(all.explanation().contains("3 of 3"), all.explanation());
        Refused r = refused(crashed, tree(file("\\b", "")), Rule.METADATA_TORN);
        assertTrue(r.details().contains("nearest candidate: the tree after metadata op #2 createFile(\\b)"),
                r.details());
        assertTrue(r.details().contains("\\a node: expected file size=0, observed missing"), r.details());
        refused(crashed, tree(file("\\a", ""), file("\\c", "")), Rule.METADATA_TORN);
        refused(crashed, tree(dir("\\a")), Rule.METADATA_TORN);
        refused(crashed, tree(file("\\A", "")), Rule.METADATA_TORN);
    }

    @Test
    void flushVolumeMakesEverythingDurable() {
        FsState s = run(new CreateFile("\\a"), new Write("\\a", 0, ascii("abcdef")), new FlushVolume(),
                new CreateFile("\\b"));
        CrashedFs crashed = s.crash();
        assertEquals(2, crashed.prefixesAllowed());
        allowed(crashed, tree(file("\\a", "abcdef")));
        allowed(crashed, tree(file("\\a", "abcdef"), file("\\b", "")));
        Refused r = refused(crashed, tree(), Rule.METADATA_LOST);
        assertTrue(r.details().contains("missing durable op(s): #1 createFile(\\a), #2 write(\\a"), r.details());
        refused(crashed, tree(file("\\a", "")), Rule.METADATA_LOST);
        refused(crashed, tree(file("\\a", new byte[6])), Rule.DATA_LOST);
        assertEquals(1, run(s, new FlushVolume()).crash().prefixesAllowed());
    }

    @Test
    void flushOfAFileMakesItsDataAndEveryEarlierMetadataOpDurableButNotLaterOnes() {
        FsState s = run(new CreateFile("\\x"), new CreateFile("\\f"), new Write("\\f", 0, ascii("abcd")),
                new CreateFile("\\g"), new Flush("\\f"), new CreateFile("\\h"));
        CrashedFs crashed = s.crash();
        assertEquals(3, crashed.prefixesAllowed());
        Allowed a = allowed(crashed, tree(file("\\x", ""), file("\\f", "abcd")));
        assertTrue(a.explanation().contains("lost: #4 createFile(\\g), #5 createFile(\\h)"), a.explanation());
        allowed(crashed, tree(file("\\x", ""), file("\\f", "abcd"), file("\\g", "")));
        allowed(crashed, tree(file("\\x", ""), file("\\f", "abcd"), file("\\g", ""), file("\\h", "")));
        refused(crashed, tree(file("\\x", ""), file("\\f", "")), Rule.METADATA_LOST);
        refused(crashed, tree(file("\\x", "")), Rule.METADATA_LOST);
        refused(crashed, tree(file("\\x", ""), file("\\f", new byte[4])), Rule.DATA_LOST);
        refused(crashed, tree(file("\\x", ""), file("\\f", "abcd"), file("\\h", "")), Rule.METADATA_TORN);
    }

    @Test
    void flushOfADirectoryMakesItsEntriesDurable() {
        FsState s = run(new CreateDirectory("\\d"), new CreateFile("\\e"), new CreateFile("\\d\\f"),
                new CreateFile("\\g"), new Flush("\\d"));
        CrashedFs crashed = s.crash();
        assertEquals(2, crashed.prefixesAllowed());
        allowed(crashed, tree(dir("\\d"), file("\\e", ""), file("\\d\\f", "")));
        refused(crashed, tree(dir("\\d"), file("\\e", "")), Rule.METADATA_LOST);
    }

    @Test
    void aRenameIsAtomic() {
        FsState s = run(new CreateDirectory("\\d"), new CreateDirectory("\\e"), new CreateFile("\\d\\f"),
                new Write("\\d\\f", 0, ascii("data")), new SetTimes("\\e", 1, 1), new FlushVolume(),
                new Rename("\\d\\f", "\\e\\G"));
        CrashedFs crashed = s.crash();
        Tree.Node e = dir("\\e").withTimes(1, 1);
        allowed(crashed, tree(dir("\\d"), e, file("\\d\\f", "data")));
        allowed(crashed, tree(dir("\\d"), e, file("\\e\\G", "data")));
        refused(crashed, tree(dir("\\d"), e, file("\\d\\f", "data"), file("\\e\\G", "data")),
                Rule.METADATA_TORN);
        refused(crashed, tree(dir("\\d"), e), Rule.METADATA_TORN);
        // neither name, and what an older prefix was: a durable op lost
        refused(crashed, tree(dir("\\d"), dir("\\e")), Rule.METADATA_LOST);
        Refused spelling = refused(crashed, tree(dir("\\d"), e, file("\\e\\g", "data")),
                Rule.METADATA_TORN);
        assertTrue(spelling.details().contains("\\e\\G spelling: expected \\e\\G, observed \\e\\g"),
                spelling.details());
    }

    @Test
    void aReparsePointIsNeverHalfThere() {
        FsState s = run(new CreateDirectory("\\r"), new FlushVolume(), new SetReparsePoint("\\r", 5, ascii("to")));
        CrashedFs crashed = s.crash();
        allowed(crashed, tree(dir("\\r")));
        allowed(crashed, tree(dir("\\r").withReparsePoint(5, ascii("to"))));
        refused(crashed, tree(dir("\\r").withReparsePoint(5, Bytes.EMPTY)), Rule.METADATA_TORN);
        refused(crashed, tree(dir("\\r").withReparsePoint(6, ascii("to"))), Rule.METADATA_TORN);
    }

    @Test
    void eachUnitMayBeOldOrNewButNeverAMixWithinAUnit() {
        FsState s = run(new CreateFile("\\f"), new Write("\\f", 0, ascii("aaaabbbb")), new FlushVolume(),
                new Write("\\f", 0, ascii("ccccdddd")));
        CrashedFs crashed = s.crash();
        assertEquals(1, crashed.prefixesAllowed(), "a write within the size is data only");
        allowed(crashed, tree(file("\\f", "ccccdddd")));
        allowed(crashed, tree(file("\\f", "aaaabbbb")));
        Allowed mixed = allowed(crashed, tree(file("\\f", "ccccbbbb")));
        assertTrue(mixed.explanation().contains("1 unit(s) an older version"), mixed.explanation());
        allowed(crashed, tree(file("\\f", "aaaadddd")));
        Refused r = refused(crashed, tree(file("\\f", "ccaadddd")), Rule.FOREIGN_BYTES);
        assertTrue(r.details().contains("\\f unit 0 (bytes 0..3): first difference at byte 2: observed 0x61, newest"
                + " version 0x63"), r.details());
    }

    @Test
    void anyVersionSinceTheLastFlushCountsAndPastItsSizeReadsAsZeros() {
        FsState s = run(new CreateFile("\\f"), new Write("\\f", 0, ascii("abcdefgh")), new SetSize("\\f", 2),
                new Write("\\f", 4, ascii("XYZW")));
        CrashedFs crashed = s.crash();
        allowed(crashed, tree(file("\\f", new byte[] {'a', 'b', 0, 0, 'X', 'Y', 'Z', 'W'})));
        allowed(crashed, tree(file("\\f", "abcdXYZW")));
        allowed(crashed, tree(file("\\f", new byte[8])));
        allowed(crashed, tree(file("\\f", "ab")));
        allowed(crashed, tree(file("\\f", "abcdefgh")));
        allowed(crashed, tree(file("\\f", "")));
        refused(crashed, tree(file("\\f", "abc")), Rule.METADATA_TORN);
        refused(crashed, tree(file("\\f", "abcdeYZW")), Rule.FOREIGN_BYTES);
    }

    @Test
    void garbageAndAnotherFilesBytesAreForeign() {
        FsState s = run(new CreateFile("\\f"), new Write("\\f", 0, ascii("aaaa")), new CreateFile("\\g"),
                new Write("\\g", 0, ascii("bbbb")));
        CrashedFs crashed = s.crash();
        allowed(crashed, tree(file("\\f", "aaaa"), file("\\g", "bbbb")));
        refused(crashed, tree(file("\\f", "zzzz"), file("\\g", "bbbb")), Rule.FOREIGN_BYTES);
        Refused r = refused(crashed, tree(file("\\f", "bbbb"), file("\\g", "bbbb")), Rule.FOREIGN_BYTES);
        assertTrue(r.summary().contains("\\f unit 0"), r.summary());
        refused(crashed, tree(file("\\f", "aaaa"), file("\\g", "aaaa")), Rule.FOREIGN_BYTES);
    }

    @Test
    void flushedDataMissingIsDataLost() {
        FsState s = run(new CreateFile("\\f"), new Write("\\f", 0, ascii("aaaabbbb")), new FlushVolume(),
                new Write("\\f", 0, ascii("cccc")), new Flush("\\f"), new Write("\\f", 4, ascii("dddd")));
        CrashedFs crashed = s.crash();
        allowed(crashed, tree(file("\\f", "ccccbbbb")));
        allowed(crashed, tree(file("\\f", "ccccdddd")));
        Refused r = refused(crashed, tree(file("\\f", "aaaadddd")), Rule.DATA_LOST);
        assertTrue(r.details().contains("only content from before that flush"), r.details());
        refused(crashed, tree(file("\\f", "aaaaeeee")), Rule.FOREIGN_BYTES);
    }

    @Test
    void aDeletedFileMayComeBackWithItsData() {
        FsState s = run(new CreateFile("\\f"), new Write("\\f", 0, ascii("abcd")), new FlushVolume(),
                new Write("\\f", 0, ascii("wxyz")), new Delete("\\f"));
        CrashedFs crashed = s.crash();
        allowed(crashed, tree());
        allowed(crashed, tree(file("\\f", "abcd")));
        allowed(crashed, tree(file("\\f", "wxyz")));
        refused(crashed, tree(file("\\f", "abyz")), Rule.FOREIGN_BYTES);
    }

    @Test
    void aCrashDuringAnOperationAllowsBeforeAndAfterButAFlushInFlightHasNotTakenEffect() {
        FsState s = run(new CreateFile("\\a"), new Write("\\a", 0, ascii("abcd")));
        CrashedFs duringFlush = s.crashDuring(new FlushVolume());
        allowed(duringFlush, tree());
        allowed(duringFlush, tree(file("\\a", "")));
        refused(s.apply(new FlushVolume()).next().crash(), tree(), Rule.METADATA_LOST);
        allowed(s.crashDuring(new Flush("\\a")), tree());

        CrashedFs duringCreate = s.crashDuring(new CreateFile("\\b"));
        allowed(duringCreate, tree(file("\\a", "abcd")));
        allowed(duringCreate, tree(file("\\a", "abcd"), file("\\b", "")));

        FsState flushed = run(s, new FlushVolume());
        CrashedFs duringWrite = flushed.crashDuring(new Write("\\a", 2, ascii("XY")));
        allowed(duringWrite, tree(file("\\a", "abXY")));
        allowed(duringWrite, tree(file("\\a", "abcd")));
        refused(duringWrite, tree(file("\\a", "abXd")), Rule.FOREIGN_BYTES);

        CrashedFs duringFailure = flushed.crashDuring(new CreateFile("\\a"));
        assertEquals(1, duringFailure.prefixesAllowed());
        refused(duringFailure, tree(), Rule.METADATA_LOST);
    }

    @Test
    void theContinuedStateWorksLikeAFreshlyBuiltOneForFurtherOpsAndASecondCrash() {
        FsState s = run(new CreateDirectory("\\d"), new CreateFile("\\d\\f"), new Write("\\d\\f", 0,
                ascii("abcdefgh")), new FlushVolume(), new Write("\\d\\f", 0, ascii("WXYZwxyz")),
                new SetTimes("\\d", 3, 4), new CreateFile("\\g"));
        Tree observed = tree(dir("\\d").withTimes(3, 4), file("\\d\\f", "WXYZefgh"));
        FsState continued = allowed(s.crash(), observed).continued();
        assertEquals(1, continued.crash().prefixesAllowed());
        assertEquals(s.limits(), continued.limits());
        FsState rebuilt = run(new CreateDirectory("\\d"), new SetTimes("\\d", 3, 4), new CreateFile("\\d\\f"),
                new Write("\\d\\f", 0, ascii("WXYZefgh")), new FlushVolume());
        List<FsOp> more = List.of(new CreateFile("\\d\\f"), new Rename("\\d\\f", "\\g"), new Write("\\g", 6,
                ascii("12")), new CreateFile("\\d\\h"), new Flush("\\d"), new Delete("\\d"));
        for (FsOp op : more) {
            FsState.Step a = continued.apply(op);
            FsState.Step b = rebuilt.apply(op);
            assertEquals(b.error() == null ? null : b.error().kind(), a.error() == null ? null : a.error().kind(),
                    op::toString);
            assertEquals(b.next().tree(), a.next().tree(), op::toString);
            continued = a.next();
            rebuilt = b.next();
        }
        // flush(\d) made every metadata op durable (the rename touched \d too); the write to \g is not
        CrashedFs second = continued.crash();
        Tree.Node d = dir("\\d").withTimes(3, 4);
        allowed(second, tree(d, file("\\d\\h", ""), file("\\g", "WXYZef12")));
        allowed(second, tree(d, file("\\d\\h", ""), file("\\g", "WXYZefgh")));
        refused(second, tree(d, file("\\d\\f", "WXYZefgh")), Rule.METADATA_LOST);
        refused(second, tree(d, file("\\d\\h", ""), file("\\d\\f", "WXYZefgh")), Rule.METADATA_TORN);
        refused(second, tree(d, file("\\d\\h", ""), file("\\g", "abcdefgh")), Rule.FOREIGN_BYTES);
        refused(second, tree(d, file("\\d\\h", ""), file("\\g", "WXYZef12\0\0")), Rule.METADATA_TORN);
        assertEquals(second.describe(), continued.crash().describe());
    }

    @Test
    void refusalsNameTheNearestCandidateAndTheFirstDifferences() {
        FsState s = run(new CreateFile("\\a"), new SetTimes("\\a", 1, 2), new FlushVolume(), new CreateFile("\\b"));
        Refused r = refused(s.crash(), tree(file("\\a", "").withTimes(1, 3)), Rule.METADATA_TORN);
        assertTrue(r.details().contains("nearest candidate: the tree after metadata op #2 setTimes(\\a, 1, 2)"),
                r.details());
        assertTrue(r.details().contains("\\a lastWriteTime: expected 2, observed 3"), r.details());
        assertTrue(s.crash().describe().contains("#3 createFile(\\b)"), s.crash().describe());
    }

    @Test
    void manyFlushesKeepTheJudgementRightWhileTheHistoryStaysBounded() {
        FsState s = FsState.formatted(FsStateTest.LIMITS);
        List<Tree.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3 * FsState.HISTORY_BEFORE_DURABLE_MAX; i++) {
            s = run(s, new CreateFile("\\f" + i), new Flush("\\f" + i));
            nodes.add(file("\\f" + i, ""));
        }
        s = run(s, new CreateFile("\\z"));
        assertTrue(s.history().size() <= FsState.HISTORY_BEFORE_DURABLE_MAX + 2, "history=" + s.history().size());
        CrashedFs crashed = s.crash();
        allowed(crashed, tree(nodes.toArray(Tree.Node[]::new)));
        Refused r = refused(crashed, tree(nodes.subList(0, nodes.size() - 1).toArray(Tree.Node[]::new)),
                Rule.METADATA_LOST);
        assertTrue(r.details().contains("#192 createFile(\\f191)"), r.details());
        refused(crashed, tree(nodes.subList(0, 3).toArray(Tree.Node[]::new)), Rule.METADATA_TORN);
    }
}
