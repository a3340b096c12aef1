package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** The file record's decoder: every value at its limit is taken, one past it refused, even with a good CRC. */
class FileRecordTest {

    private static FileRecord file() {
        FileRecord r = new FileRecord();
        r.name = "f";
        r.parent = 3;
        r.size = 100;
        r.validDataLength = 100;
        r.attributes = 0xFFFF;
        r.extents.add(new FileRecord.Extent(0, 1));
        return r;
    }

    private static FileRecord roundTrip(FileRecord r) {
        return FileRecord.decode(7, r.encode());
    }

    private static void refused(Consumer<FileRecord> change, String message) {
        FileRecord r = file();
        change.accept(r);
        CorruptVolumeException e = assertThrows(CorruptVolumeException.class, () -> roundTrip(r));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("record=7"), e.getMessage());
    }

    @Test
    void valuesAtTheirLimitsAreTaken() {
        FileRecord r = roundTrip(file());
        assertEquals(0xFFFF, r.attributes);
        assertEquals(100, r.validDataLength);
        FileRecord reparse = file();
        reparse.reparseTag = 0xA000_0003;
        reparse.reparseLength = FileRecord.REPARSE_DATA_MAX;
        reparse.reparseBlocks.add(1);
        assertEquals(FileRecord.REPARSE_DATA_MAX, roundTrip(reparse).reparseLength);
        byte[] exact = file().encode();
        assertEquals(file().encodedBytes(), exact.length);
        assertEquals("f", FileRecord.decode(7, exact).name, "a record that fills its bytes exactly decodes");
    }

    @Test
    void valuesPastTheirLimitsAreRefused() {
        refused(r -> r.attributes = 0x1_0000, "values out of range");
        refused(r -> r.validDataLength = r.size + 1, "values out of range");
        refused(r -> {
            r.reparseTag = 1;
            r.reparseLength = FileRecord.REPARSE_DATA_MAX + 1;
        }, "values out of range");
        refused(r -> r.reparseLength = 1, "values out of range");
        refused(r -> r.extents.set(0, new FileRecord.Extent(0, 0)), "values out of range");
        refused(r -> r.extents.set(0, new FileRecord.Extent(-1, 1)), "values out of range");
        refused(r -> r.indexRoot = 5, "values out of range");
        refused(r -> r.parent = -1, "values out of range");
        refused(r -> {
            r.directory = true;
            r.extents.clear();
        }, "values out of range");
    }

    @Test
    void shortBadMagicAndBadFlagsAreRefused() {
        byte[] bytes = file().encode();
        CorruptVolumeException shortRecord = assertThrows(CorruptVolumeException.class,
                () -> FileRecord.decode(7, Arrays.copyOf(bytes, FileRecord.NAME_OFFSET + FileRecord.CRC_BYTES - 1)));
        assertTrue(shortRecord.getMessage().contains("too short"), shortRecord.getMessage());
        CorruptVolumeException zeros = assertThrows(CorruptVolumeException.class,
                () -> FileRecord.decode(7, new byte[FileRecord.NAME_OFFSET + FileRecord.CRC_BYTES]));
        assertTrue(zeros.getMessage().contains("bad magic"), zeros.getMessage());
        byte[] notInUse = bytes.clone();
        notInUse[FileRecord.FLAGS_OFFSET] = FileRecord.FLAG_DIRECTORY;
        assertTrue(assertThrows(CorruptVolumeException.class, () -> FileRecord.decode(7, notInUse)).getMessage()
                .contains("bad flags"));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
        assertTrue(assertThrows(CorruptVolumeException.class, () -> FileRecord.decode(7, cut)).getMessage()
                .contains("lengths out of the block"));
    }

    @Test
    void extentsMaxIsTheMostThatFitTheLongestNameAndReparseList() {
        int capacity = 4096;
        int nameMax = 255;
        int reparseMax = 2;
        int max = FileRecord.extentsMax(capacity, nameMax, reparseMax);
        FileRecord r = new FileRecord();
        r.name = "n".repeat(nameMax);
        for (int i = 0; i < reparseMax; i++) {
            r.reparseBlocks.add(i + 1);
        }
        for (int i = 0; i < max; i++) {
            r.extents.add(new FileRecord.Extent(i, 1));
        }
        assertTrue(r.encodedBytes() <= capacity, "extentsMax extents fit: " + r.encodedBytes());
        r.extents.add(new FileRecord.Extent(max, 1));
        assertTrue(r.encodedBytes() > capacity, "one more does not: " + r.encodedBytes());
    }
}
