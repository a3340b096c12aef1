package txstack.model.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;
import txstack.model.fs.FsOp.CreateDirectory;
import txstack.model.fs.FsOp.CreateFile;
import txstack.model.fs.FsOp.Delete;
import txstack.model.fs.FsOp.DeleteReparsePoint;
import txstack.model.fs.FsOp.Flush;
import txstack.model.fs.FsOp.Rename;
import txstack.model.fs.FsOp.SetAttributes;
import txstack.model.fs.FsOp.SetReparsePoint;
import txstack.model.fs.FsOp.SetSize;
import txstack.model.fs.FsOp.SetTimes;
import txstack.model.fs.FsOp.Write;

/** The namespace and every operation's checks in the order of the file-system contract. */
class FsStateTest {
    static final FsLimits LIMITS = new FsLimits(8, 100, 4);
    static final int TAG = 0xA000_000C;
    static final Bytes TARGET = ascii("target");

    static Bytes ascii(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.US_ASCII));
    }

    static FsState run(FsState s, FsOp... ops) {
        for (FsOp op : ops) {
            FsState.Step step = s.apply(op);
            assertTrue(step.ok(), () -> op + " failed: " + step.error());
            s = step.next();
        }
        return s;
    }

    static FsState run(FsOp... ops) {
        return run(FsState.formatted(LIMITS), ops);
    }

    /** {@code op} fails with {@code kind} and changes nothing. */
    static FsError fails(FsState s, FsOp op, FsErrorKind kind) {
        FsState.Step step = s.apply(op);
        assertEquals(kind, step.error() == null ? null : step.error().kind(), () -> op + " gave " + step.error());
        assertSame(s, step.next(), "a failed operation changes nothing");
        return step.error();
    }

    /** \d (a directory with \d\f), \f (a file "abc"), \r (a directory with a reparse point). */
    static FsState sample() {
        return run(new CreateDirectory("\\d"), new CreateFile("\\d\\f"), new CreateFile("\\f"),
                new Write("\\f", 0, ascii("abc")), new CreateDirectory("\\r"),
                new SetReparsePoint("\\r", TAG, TARGET));
    }

    // ---- 1. path syntax ----

    @Test
    void pathSyntaxErrorsAreInvalidName() {
        FsState s = sample();
        for (String bad : List.of("", "a", "d\\f", "\\d\\\\f", "\\d\\", "\\\\", "\\a:b", "\\a*", "\\a?", "\\a\"",
                "\\a<", "\\a>", "\\a|", "\\a/b", "\\a\u0001", "\\.", "\\..", "\\d\\..\\f")) {
            fails(s, new CreateFile(bad), FsErrorKind.INVALID_NAME);
            assertEquals(FsErrorKind.INVALID_NAME, s.stat(bad).error().kind(), bad);
        }
        run(s, new CreateFile("\\..."), new CreateFile("\\a b"), new CreateFile("\\\u00e9"));
    }

    @Test
    void aNameLongerThanTheLimitIsTooLongButBadSyntaxComesFirst() {
        FsState s = sample();
        fails(s, new CreateFile("\\123456789"), FsErrorKind.NAME_TOO_LONG);
        run(s, new CreateFile("\\12345678"));
        fails(s, new CreateFile("\\123456789\\a*"), FsErrorKind.INVALID_NAME);
    }

    @Test
    void syntaxIsCheckedBeforeTheWalkAndForEachPathInOrder() {
        FsState s = sample();
        fails(s, new CreateFile("\\missing\\a*"), FsErrorKind.INVALID_NAME);
        fails(s, new CreateFile("\\missing\\123456789"), FsErrorKind.NAME_TOO_LONG);
        // the target's syntax before the source's walk
        fails(s, new Rename("\\missing\\a", "\\b*"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\a*", "\\123456789"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\123456789", "\\a*"), FsErrorKind.NAME_TOO_LONG);
    }

    // ---- 2. the walk ----

    @Test
    void theWalkFindsMissingParentsFilesAndReparsePoints() {
        FsState s = sample();
        fails(s, new CreateFile("\\nope\\x"), FsErrorKind.NOT_FOUND);
        fails(s, new CreateFile("\\f\\x"), FsErrorKind.NOT_A_DIRECTORY);
        fails(s, new CreateFile("\\d\\f\\x\\y"), FsErrorKind.NOT_A_DIRECTORY);
        FsError e = fails(s, new CreateFile("\\r\\a\\b"), FsErrorKind.REPARSE);
        assertEquals(TAG, e.reparseTag());
        assertEquals(TARGET, e.reparseData());
        assertEquals(List.of("a", "b"), e.remainingPath());
        // the walk is case-insensitive and the reparse point wins over what lies beyond it
        assertEquals(List.of("x"), s.list("\\R\\x").error().remainingPath());
        assertEquals(FsErrorKind.REPARSE, s.read("\\r\\nope\\x", 0, 1).error().kind());
    }

    @Test
    void theLastComponentIsNeverReparsed() {
        FsState s = sample();
        assertEquals(TAG, s.stat("\\r").orThrow().reparseTag());
        assertEquals(new ReparsePoint(TAG, TARGET), s.reparsePoint("\\r").orThrow());
        FsState renamed = run(s, new Rename("\\r", "\\r2"), new SetTimes("\\r2", 1, 2));
        assertEquals(TAG, renamed.stat("\\r2").orThrow().reparseTag());
        run(s, new DeleteReparsePoint("\\r"), new CreateFile("\\r\\x"));
        run(s, new Delete("\\r"));
    }

    @Test
    void theWalkComesBeforeTheOperationsOwnChecks() {
        FsState s = sample();
        fails(s, new Delete("\\r\\x"), FsErrorKind.REPARSE);
        fails(s, new Write("\\nope\\x", -1, ascii("a")), FsErrorKind.NOT_FOUND);
        fails(s, new SetReparsePoint("\\f\\x", 0, Bytes.EMPTY), FsErrorKind.NOT_A_DIRECTORY);
        fails(s, new SetAttributes("\\r\\x", -1), FsErrorKind.REPARSE);
    }

    @Test
    void renameWalksTheSourceFirstThenTheTarget() {
        FsState s = sample();
        fails(s, new Rename("\\nope\\a", "\\r\\x"), FsErrorKind.NOT_FOUND);
        FsError e = fails(s, new Rename("\\r\\x", "\\nope\\a"), FsErrorKind.REPARSE);
        assertEquals(List.of("x"), e.remainingPath());
        fails(s, new Rename("\\f", "\\r\\x\\y"), FsErrorKind.REPARSE);
        fails(s, new Rename("\\f", "\\f\\y"), FsErrorKind.NOT_A_DIRECTORY);
    }

    // ---- 3. the table ----

    @Test
    void createFailsOnTheRootAndOnAnExistingNameCaseInsensitively() {
        FsState s = sample();
        fails(s, new CreateFile("\\"), FsErrorKind.EXISTS);
        fails(s, new CreateDirectory("\\"), FsErrorKind.EXISTS);
        fails(s, new CreateFile("\\F"), FsErrorKind.EXISTS);
        fails(s, new CreateDirectory("\\D\\F"), FsErrorKind.EXISTS);
        fails(s, new CreateDirectory("\\d"), FsErrorKind.EXISTS);
        FsState t = run(s, new CreateFile("\\D\\g"));
        assertEquals(List.of("f", "g"), t.list("\\d").orThrow());
        NodeInfo fresh = t.stat("\\d\\g").orThrow();
        assertEquals(new NodeInfo(false, 0, 0, 0, 0, 0), fresh);
        assertEquals(new NodeInfo(true, 0, 0, 0, 0, 0), run(new CreateDirectory("\\x")).stat("\\X").orThrow());
    }

    @Test
    void deleteChecksRootThenMissingThenEntries() {
        FsState s = sample();
        fails(s, new Delete("\\"), FsErrorKind.INVALID_NAME);
        fails(s, new Delete("\\nope"), FsErrorKind.NOT_FOUND);
        fails(s, new Delete("\\d"), FsErrorKind.NOT_EMPTY);
        FsState t = run(s, new Delete("\\D\\F"), new Delete("\\d"), new Delete("\\f"));
        assertEquals(List.of("r"), t.list("\\").orThrow());
        assertEquals(FsErrorKind.NOT_FOUND, t.stat("\\f").error().kind());
    }

    @Test
    void renameChecksInTheTablesOrder() {
        FsState s = sample();
        fails(s, new Rename("\\", "\\x"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\f", "\\"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\nope", "\\"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\nope", "\\f"), FsErrorKind.NOT_FOUND);
        fails(s, new Rename("\\d", "\\d\\x"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\d", "\\D\\x"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\d", "\\d\\f"), FsErrorKind.INVALID_NAME);
        fails(s, new Rename("\\f", "\\d\\F"), FsErrorKind.EXISTS);
        fails(s, new Rename("\\d", "\\R"), FsErrorKind.EXISTS);
        FsState deeper = run(s, new CreateDirectory("\\d\\e"));
        fails(deeper, new Rename("\\d", "\\d\\e\\x"), FsErrorKind.INVALID_NAME);
        run(deeper, new Rename("\\d\\e", "\\e"));
    }

    @Test
    void renameChangingOnlyCaseRespellsTheSameNode() {
        FsState s = run(sample(), new SetTimes("\\f", 5, 6), new SetAttributes("\\f", 0x20), new Rename("\\f", "\\F"));
        assertEquals(List.of("d", "F", "r"), s.list("\\").orThrow());
        assertEquals(new NodeInfo(false, 3, 5, 6, 0x20, 0), s.stat("\\f").orThrow());
        assertEquals(ascii("abc"), s.read("\\F", 0, 10).orThrow());
        FsState same = run(s, new Rename("\\F", "\\F"));
        assertEquals(s.tree(), same.tree());
    }

    @Test
    void renameMovesTheNodeWithEverythingItCarries() {
        FsState s = run(sample(), new SetTimes("\\r", 7, 8), new SetAttributes("\\r", 3), new Rename("\\r", "\\d\\R2"),
                new Rename("\\f", "\\d\\g"), new Rename("\\d", "\\e"));
        assertEquals(List.of("e"), s.list("\\").orThrow());
        assertEquals(List.of("f", "g", "R2"), s.list("\\e").orThrow());
        assertEquals(new NodeInfo(true, 0, 7, 8, 3, TAG), s.stat("\\e\\r2").orThrow());
        assertEquals(TARGET, s.reparsePoint("\\e\\R2").orThrow().data());
        assertEquals(ascii("abc"), s.read("\\e\\g", 0, 3).orThrow());
    }

    @Test
    void writeChecksInTheTablesOrder() {
        FsState s = sample();
        fails(s, new Write("\\nope", -1, ascii("a")), FsErrorKind.NOT_FOUND);
        fails(s, new Write("\\d", -1, ascii("a")), FsErrorKind.IS_A_DIRECTORY);
        fails(s, new Write("\\", 0, ascii("a")), FsErrorKind.IS_A_DIRECTORY);
        fails(s, new Write("\\f", -1, Bytes.of(new byte[200])), FsErrorKind.INVALID_ARGUMENT);
        fails(s, new Write("\\f", 99, ascii("ab")), FsErrorKind.FILE_TOO_LARGE);
        fails(s, new Write("\\f", Long.MAX_VALUE, ascii("ab")), FsErrorKind.FILE_TOO_LARGE);
        fails(s, new Write("\\f", 101, Bytes.EMPTY), FsErrorKind.FILE_TOO_LARGE);
        assertEquals(100, run(s, new Write("\\f", 99, ascii("a"))).stat("\\f").orThrow().size());
    }

    @Test
    void writeReplacesBytesGrowsTheFileAndFillsAGapWithZeros() {
        FsState s = run(sample(), new Write("\\f", 1, ascii("XY")));
        assertEquals(ascii("aXY"), s.read("\\f", 0, 10).orThrow());
        s = run(s, new Write("\\f", 6, ascii("z")));
        assertEquals(7, s.stat("\\f").orThrow().size());
        assertEquals(Bytes.of(new byte[] {'a', 'X', 'Y', 0, 0, 0, 'z'}), s.read("\\f", 0, 100).orThrow());
        FsState empty = run(s, new Write("\\f", 50, Bytes.EMPTY));
        assertEquals(7, empty.stat("\\f").orThrow().size());
        assertEquals(s.tree(), empty.tree());
    }

    @Test
    void setSizeChecksInTheTablesOrderThenTruncatesOrExtendsWithZeros() {
        FsState s = sample();
        fails(s, new SetSize("\\nope", -1), FsErrorKind.NOT_FOUND);
        fails(s, new SetSize("\\d", -1), FsErrorKind.IS_A_DIRECTORY);
        fails(s, new SetSize("\\f", -1), FsErrorKind.INVALID_ARGUMENT);
        fails(s, new SetSize("\\f", 101), FsErrorKind.FILE_TOO_LARGE);
        FsState cut = run(s, new SetSize("\\f", 1));
        assertEquals(ascii("a"), cut.read("\\f", 0, 10).orThrow());
        FsState grown = run(cut, new SetSize("\\f", 5));
        assertEquals(Bytes.of(new byte[] {'a', 0, 0, 0, 0}), grown.read("\\f", 0, 10).orThrow());
        assertEquals(100, run(s, new SetSize("\\f", 100)).stat("\\f").orThrow().size());
    }

    @Test
    void readChecksInTheTablesOrderAndStopsAtTheEnd() {
        FsState s = sample();
        assertEquals(FsErrorKind.NOT_FOUND, s.read("\\nope", -1, -1).error().kind());
        assertEquals(FsErrorKind.IS_A_DIRECTORY, s.read("\\d", -1, 1).error().kind());
        assertEquals(FsErrorKind.INVALID_ARGUMENT, s.read("\\f", -1, 1).error().kind());
        assertEquals(FsErrorKind.INVALID_ARGUMENT, s.read("\\f", 0, -1).error().kind());
        assertEquals(ascii("bc"), s.read("\\f", 1, 5).orThrow());
        assertEquals(ascii("b"), s.read("\\f", 1, 1).orThrow());
        assertEquals(Bytes.EMPTY, s.read("\\f", 3, 5).orThrow());
        assertEquals(Bytes.EMPTY, s.read("\\f", 1000, Integer.MAX_VALUE).orThrow());
        assertEquals(Bytes.EMPTY, s.read("\\f", 0, 0).orThrow());
    }

    @Test
    void listChecksAndOrdersByUpcasedNamesOrdinally() {
        FsState s = run(new CreateFile("\\b"), new CreateDirectory("\\A"), new CreateFile("\\_x"),
                new CreateFile("\\a1"), new CreateFile("\\\u00e9"), new CreateFile("\\Z"));
        // upcased: B, A, _X, A1, \u00c9, Z: ordinal puts '_' (0x5F) after the letters and \u00c9 last
        assertEquals(List.of("A", "a1", "b", "Z", "_x", "\u00e9"), s.list("\\").orThrow());
        assertEquals(FsErrorKind.NOT_FOUND, s.list("\\nope").error().kind());
        assertEquals(FsErrorKind.NOT_A_DIRECTORY, s.list("\\b").error().kind());
        assertEquals(List.of(), s.list("\\a").orThrow());
    }

    @Test
    void statSetTimesAndSetAttributes() {
        FsState s = sample();
        assertEquals(FsErrorKind.NOT_FOUND, s.stat("\\nope").error().kind());
        assertEquals(new NodeInfo(true, 0, 0, 0, 0, 0), s.stat("\\").orThrow());
        fails(s, new SetTimes("\\nope", 1, 2), FsErrorKind.NOT_FOUND);
        fails(s, new SetAttributes("\\nope", -1), FsErrorKind.NOT_FOUND);
        fails(s, new SetAttributes("\\f", -1), FsErrorKind.INVALID_ARGUMENT);
        fails(s, new SetAttributes("\\f", 0x10000), FsErrorKind.INVALID_ARGUMENT);
        FsState t = run(s, new SetTimes("\\", Long.MIN_VALUE, -1), new SetAttributes("\\f", 0xFFFF),
                new SetTimes("\\f", 10, 20));
        assertEquals(new NodeInfo(true, 0, Long.MIN_VALUE, -1, 0, 0), t.stat("\\").orThrow());
        assertEquals(new NodeInfo(false, 3, 10, 20, 0xFFFF, 0), t.stat("\\f").orThrow());
    }

    @Test
    void reparsePointsChecksInTheTablesOrder() {
        FsState s = sample();
        Bytes tooLarge = Bytes.of(new byte[FsLimits.REPARSE_DATA_BYTES_MAX + 1]);
        fails(s, new SetReparsePoint("\\nope", 0, tooLarge), FsErrorKind.NOT_FOUND);
        fails(s, new SetReparsePoint("\\d", 0, tooLarge), FsErrorKind.INVALID_ARGUMENT);
        fails(s, new SetReparsePoint("\\d", 1, tooLarge), FsErrorKind.REPARSE_DATA_TOO_LARGE);
        fails(s, new SetReparsePoint("\\d", 1, Bytes.EMPTY), FsErrorKind.NOT_EMPTY);
        int directoryTag = 1 << 28 | 1; // bit 28: allowed on a directory with entries
        assertEquals(directoryTag, run(s, new SetReparsePoint("\\d", directoryTag, Bytes.EMPTY)).reparsePoint("\\d")
                .orThrow().tag());
        FsState t = run(s, new SetReparsePoint("\\f", 7, Bytes.of(new byte[FsLimits.REPARSE_DATA_BYTES_MAX])),
                new SetReparsePoint("\\r", 9, Bytes.EMPTY));
        assertEquals(new ReparsePoint(9, Bytes.EMPTY), t.reparsePoint("\\r").orThrow());
        assertEquals(7, t.stat("\\f").orThrow().reparseTag());
        assertEquals(ascii("abc"), t.read("\\f", 0, 3).orThrow());

        assertEquals(FsErrorKind.NOT_FOUND, s.reparsePoint("\\nope").error().kind());
        assertEquals(FsErrorKind.NOT_A_REPARSE_POINT, s.reparsePoint("\\d").error().kind());
        fails(s, new DeleteReparsePoint("\\nope"), FsErrorKind.NOT_FOUND);
        fails(s, new DeleteReparsePoint("\\f"), FsErrorKind.NOT_A_REPARSE_POINT);
        FsState u = run(s, new DeleteReparsePoint("\\R"));
        assertEquals(0, u.stat("\\r").orThrow().reparseTag());
        assertEquals(FsErrorKind.NOT_A_REPARSE_POINT, u.reparsePoint("\\r").error().kind());
    }

    @Test
    void flushChecksItsPathAndChangesNoContent() {
        FsState s = sample();
        fails(s, new Flush("\\nope"), FsErrorKind.NOT_FOUND);
        fails(s, new Flush("\\r\\x"), FsErrorKind.REPARSE);
        FsState t = run(s, new Flush("\\f"), new Flush("\\"), new Flush("\\r"), new FsOp.FlushVolume());
        assertEquals(s.tree(), t.tree());
    }

    @Test
    void treeListsEveryNodeRootFirstInCanonicalOrder() {
        Tree tree = run(sample(), new CreateFile("\\D\\a"), new CreateFile("\\e")).tree();
        assertEquals(List.of("\\", "\\d", "\\d\\a", "\\d\\f", "\\e", "\\f", "\\r"),
                tree.nodes().stream().map(Tree.Node::path).toList());
        assertEquals(new Tree.Node("\\r", true, 0, 0, 0, 0, TAG, TARGET, Bytes.EMPTY), tree.node("\\R"));
        assertEquals(ascii("abc"), tree.node("\\f").data());
        assertTrue(tree.describe().contains("\\d\\f"), tree.describe());
    }

    @Test
    void aTreeSortsNodesGivenInAnyOrderAndRefusesNonTrees() {
        Tree.Node root = Tree.Node.directory("\\");
        Tree.Node a = Tree.Node.directory("\\a");
        Tree.Node ab = Tree.Node.file("\\a\\b", ascii("x"));
        Tree.Node c = Tree.Node.file("\\C", Bytes.EMPTY);
        assertEquals(Tree.of(root, a, ab, c), Tree.of(c, ab, root, a));
        assertEquals(Tree.of(root, a, ab, c), run(new CreateDirectory("\\a"), new CreateFile("\\a\\b"),
                new Write("\\a\\b", 0, ascii("x")), new CreateFile("\\C")).tree());
        assertThrows(ModelException.class, () -> Tree.of(a));
        assertThrows(ModelException.class, () -> Tree.of(root, ab));
        assertThrows(ModelException.class, () -> Tree.of(root, c, Tree.Node.file("\\C\\x", Bytes.EMPTY)));
        assertThrows(ModelException.class, () -> Tree.of(root, a, Tree.Node.file("\\A", Bytes.EMPTY)));
        assertThrows(ModelException.class, () -> new Tree.Node("\\f", false, 2, 0, 0, 0, 0, Bytes.EMPTY,
                ascii("x")));
        assertThrows(ModelException.class, () -> new Tree.Node("\\f", false, 0, 0, 0, 0, 0, ascii("x"),
                Bytes.EMPTY));
        assertThrows(ModelException.class, () -> Tree.Node.directory("\\a\\"));
    }

    @Test
    void valueTypesCheckTheirArguments() {
        assertThrows(ModelException.class, () -> new FsLimits(0, 1, 1));
        assertThrows(ModelException.class, () -> new FsLimits(1, 0, 1));
        assertThrows(ModelException.class, () -> new FsLimits(1, 1, 0));
        assertThrows(ModelException.class, () -> new ReparsePoint(0, Bytes.EMPTY));
        assertThrows(ModelException.class, () -> new FsError(FsErrorKind.NOT_FOUND, "x", 1, Bytes.EMPTY,
                List.of()));
        assertThrows(ModelException.class, () -> FsError.reparse(0, Bytes.EMPTY, List.of(), "x"));
        assertThrows(ModelException.class, () -> sample().stat("\\nope").orThrow());
        assertFalse(sample().stat("\\nope").ok());
        assertEquals("rename(\\a, \\b)", new Rename("\\a", "\\b").toString());
        assertEquals("write(\\f, 3, 6162(2 bytes))", new Write("\\f", 3, ascii("ab")).toString());
        assertSame(LIMITS, sample().limits());
    }
}
