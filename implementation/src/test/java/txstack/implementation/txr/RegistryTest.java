package txstack.implementation.txr;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.recovery.RecoverableStore;

/** Plain calls, names, limits and errors, close and reopen. */
class RegistryTest {
    private static final RegistryOptions OPTIONS = Hive.small();

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static String string(Optional<byte[]> value) {
        return value.map(b -> new String(b, UTF_8)).orElse(null);
    }

    @Test
    void setGetAppendDelete() {
        try (Registry reg = Hive.create().format(OPTIONS)) {
            assertTrue(reg.getValue("\\Software\\App", "Count").isEmpty());
            reg.setValue("\\Software\\App", "Count", bytes("1"));
            assertEquals("1", string(reg.getValue("\\Software\\App", "Count")));
            reg.appendValue("\\Software\\App", "Count", bytes("23"));
            assertEquals("123", string(reg.getValue("\\Software\\App", "Count")));
            reg.appendValue("\\Software\\App", "New", bytes("x"));
            assertEquals("x", string(reg.getValue("\\Software\\App", "New")));
            reg.setValue("\\Software\\App", "", new byte[0]);
            assertArrayEquals(new byte[0], reg.getValue("\\Software\\App", "").orElseThrow());
            assertEquals(3, reg.valueCount());
            reg.deleteValue("\\Software\\App", "Count");
            assertTrue(reg.getValue("\\Software\\App", "Count").isEmpty());
            reg.deleteValue("\\Software\\App", "Count");
            reg.deleteValue("\\Nothing\\Here", "x");
            assertEquals(2, reg.valueCount());
        }
    }

    @Test
    void namesCompareCaseInsensitivelyAndKeepTheirFirstSpelling() {
        try (Registry reg = Hive.create().format(OPTIONS)) {
            reg.setValue("\\Software\\App", "Count", bytes("1"));
            reg.setValue("\\SOFTWARE\\app", "COUNT", bytes("2"));
            assertEquals("2", string(reg.getValue("\\software\\APP", "count")));
            assertEquals(List.of("Count"), reg.valueNames("\\SoftWare\\App"));
            reg.setValue("\\Software\\App", "zeta", bytes("z"));
            reg.setValue("\\Software\\App", "Alpha", bytes("a"));
            reg.setValue("\\Software\\App", "", bytes("d"));
            reg.setValue("\\Software\\App\\Sub", "beta", bytes("b"));
            assertEquals(List.of("", "Alpha", "Count", "zeta"), reg.valueNames("\\software\\app"));
            assertEquals(List.of("beta"), reg.valueNames("\\software\\app\\SUB"));
            assertEquals(List.of(), reg.valueNames("\\Software"));
            // Upcasing char by char: the German sharp s has no one-char upper case and stays itself.
            reg.setValue("\\Stra\u00dfe", "n", bytes("1"));
            assertTrue(reg.getValue("\\STRASSE", "n").isEmpty());
            assertEquals("1", string(reg.getValue("\\STRA\u00dfE", "N")));
        }
    }

    @Test
    void badNamesAreRefused() {
        try (Registry reg = Hive.create().format(OPTIONS)) {
            for (String key : List.of("", "\\", "Software", "\\a\\", "\\a\\\\b", "\\a\u0001", "\\" + "x".repeat(256))) {
                assertThrows(InvalidRegistryNameException.class, () -> reg.setValue(key, "n", bytes("v")), key);
                assertThrows(InvalidRegistryNameException.class, () -> reg.getValue(key, "n"), key);
            }
            assertThrows(InvalidRegistryNameException.class, () -> reg.setValue("\\a", "n".repeat(256), bytes("v")));
            assertThrows(InvalidRegistryNameException.class, () -> reg.setValue("\\a", "x\ny", bytes("v")));
            String longest = ("\\" + "k".repeat(255)).repeat(4);
            reg.setValue(longest.substring(0, OPTIONS.keyCharsMax()), "n".repeat(255), bytes("v"));
            InvalidRegistryNameException e = assertThrows(InvalidRegistryNameException.class,
                    () -> reg.setValue(longest + "\\k", "n", bytes("v")));
            assertTrue(e.getMessage().contains("keyCharsMax=" + OPTIONS.keyCharsMax()), e.getMessage());
            assertEquals(1, reg.valueCount());
        }
    }

    @Test
    void aValueTooLargeChangesNothing() {
        try (Registry reg = Hive.create().format(OPTIONS)) {
            reg.setValue("\\a", "v", new byte[OPTIONS.valueBytesMax()]);
            ValueTooLargeException e = assertThrows(ValueTooLargeException.class,
                    () -> reg.setValue("\\a", "w", new byte[OPTIONS.valueBytesMax() + 1]));
            assertTrue(e.getMessage().contains("valueBytes=" + (OPTIONS.valueBytesMax() + 1)), e.getMessage());
            assertThrows(ValueTooLargeException.class, () -> reg.appendValue("\\a", "v", new byte[1]));
            assertEquals(OPTIONS.valueBytesMax(), reg.getValue("\\a", "v").orElseThrow().length);
            assertTrue(reg.getValue("\\a", "w").isEmpty());
        }
    }

    @Test
    void aFullHiveSaysSoAndChangesNothing() {
        try (Registry reg = Hive.create(256, 8).format(OPTIONS)) {
            int set = 0;
            RegistryFullException full = null;
            while (full == null) {
                try {
                    reg.setValue("\\k", "v" + set, new byte[300]);
                    set++;
                } catch (RegistryFullException e) {
                    full = e;
                }
            }
            assertEquals(7, set); // pages 1..7, one record each
            assertTrue(full.getMessage().contains("pagesFree=0"), full.getMessage());
            assertEquals(set, reg.valueNames("\\k").size());
            reg.deleteValue("\\k", "v0");
            reg.setValue("\\k", "again", new byte[300]);
        }
    }

    @Test
    void aFullHiveLogSaysSoAndChangesNothing() {
        try (Registry reg = Hive.create(12, 64).format(OPTIONS)) {
            RegistryFullException e = assertThrows(RegistryFullException.class,
                    () -> reg.setValue("\\k", "big", new byte[OPTIONS.valueBytesMax()]));
            assertTrue(e.getMessage().contains("hive log full"), e.getMessage());
            assertTrue(reg.getValue("\\k", "big").isEmpty());
            reg.setValue("\\k", "small", bytes("fits"));
            assertEquals("fits", string(reg.getValue("\\k", "small")));
        }
    }

    @Test
    void valuesMaxIsALimit() {
        RegistryOptions three = OPTIONS.withValuesMax(3);
        try (Registry reg = Hive.create().format(three)) {
            for (int i = 0; i < 3; i++) {
                reg.setValue("\\k", "v" + i, bytes("x"));
            }
            RegistryFullException e = assertThrows(RegistryFullException.class,
                    () -> reg.setValue("\\k", "v3", bytes("x")));
            assertTrue(e.getMessage().contains("valuesMax=3"), e.getMessage());
            reg.setValue("\\k", "v2", bytes("replaced: no new value"));
            assertEquals(3, reg.valueCount());
        }
    }

    @Test
    void largeValuesSpanPagesAndSurviveReopen() {
        Hive hive = Hive.create();
        byte[] big = new byte[OPTIONS.valueBytesMax()];
        new java.util.Random(7).nextBytes(big);
        try (Registry reg = hive.format(OPTIONS)) {
            reg.setValue("\\Big", "v", big);
            reg.setValue("\\Small", "", bytes("s"));
            reg.setValue("\\Gone", "g", bytes("g"));
            reg.deleteValue("\\Gone", "g");
            reg.setValue("\\Big", "v", big); // replaced: the old record's pages are freed
        }
        try (Registry reg = hive.open(OPTIONS)) {
            assertArrayEquals(big, reg.getValue("\\BIG", "V").orElseThrow());
            assertEquals("s", string(reg.getValue("\\small", "")));
            assertTrue(reg.getValue("\\Gone", "g").isEmpty());
            assertEquals(2, reg.valueCount());
            assertTrue(reg.inDoubt().isEmpty());
        }
    }

    @Test
    void aCrashAfterAPlainSetReturnedKeepsIt() {
        Hive hive = Hive.create();
        Registry reg = hive.format(OPTIONS);
        reg.setValue("\\a", "v", bytes("kept"));
        Hive crashed = hive.copy(); // not closed: only what the forced commit wrote
        try (Registry reopened = crashed.open(OPTIONS)) {
            assertEquals("kept", string(reopened.getValue("\\a", "v")));
        }
        reg.close();
    }

    @ParameterizedTest
    @CsvSource({
        "1, 20, 88", // a char of the record's key: its CRC fails
        "1, 0, 7",   // an unknown page kind
        "5, 0, 2",   // a free page marked as a record's following page: on no chain
        "1, 4, 9",   // the first page's next page: a chain the record's length does not match
        "1, 16, 1",  // the record's length: below the least
    })
    void corruptHiveBytesAreReported(int page, int offset, int value) {
        Hive hive = Hive.create();
        try (Registry reg = hive.format(OPTIONS)) {
            reg.setValue("\\a", "v", bytes("value"));
        }
        // Through the store, so that its page checks pass and the hive's own must catch it.
        RecoverableStore store = RecoverableStore.open(hive.log(), hive.data(), OPTIONS.storeOptions());
        txstack.implementation.recovery.Transaction st = store.begin();
        st.update(page, offset, new byte[] {(byte) value});
        st.commit();
        store.close();
        CorruptHiveException e = assertThrows(CorruptHiveException.class, () -> hive.open(OPTIONS));
        assertTrue(e.getMessage().contains("="), e.getMessage());
    }

    @Test
    void manyChangesOnASmallHiveLogMatchAModel() {
        long seed = 42;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        java.util.Map<String, byte[]> model = new java.util.TreeMap<>();
        Hive hive = Hive.create(48, 64);
        Registry reg = hive.format(OPTIONS);
        for (int step = 0; step < 1500; step++) {
            String name = "v" + random.nextInt(20);
            String where = "seed=" + seed + " step=" + step + " name=" + name;
            if (random.nextInt(5) == 0) {
                reg.deleteValue("\\Many", name);
                model.remove(name);
            } else {
                byte[] data = new byte[random.nextInt(600)];
                random.nextBytes(data);
                reg.setValue("\\Many", name, data);
                model.put(name, data);
            }
            if (step % 300 == 299) {
                reg.close();
                reg = hive.open(OPTIONS);
            }
            byte[] expected = model.get(name);
            assertArrayEquals(expected, reg.getValue("\\Many", name).orElse(null), where);
        }
        assertEquals(List.copyOf(model.keySet()), reg.valueNames("\\Many"));
        for (var e : model.entrySet()) {
            assertArrayEquals(e.getValue(), reg.getValue("\\MANY", e.getKey()).orElseThrow(), e.getKey());
        }
        reg.close();
    }

    @Test
    void aClosedRegistryRefusesCalls() {
        Registry reg = Hive.create().format(OPTIONS);
        reg.close();
        reg.close();
        assertThrows(IllegalStateException.class, () -> reg.getValue("\\a", "v"));
        assertThrows(IllegalStateException.class, () -> reg.setValue("\\a", "v", bytes("x")));
    }

    @Test
    void optionsCheckTheirLimits() {
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withName("Reg"));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withName(""));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withValueBytesMax(-1));
        assertThrows(IllegalArgumentException.class,
                () -> OPTIONS.withValueBytesMax(RegistryOptions.VALUE_BYTES_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withValuesMax(0));
        assertThrows(IllegalArgumentException.class,
                () -> OPTIONS.withKeyCharsMax(RegistryOptions.KEY_CHARS_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withTransactionBytesMax(63));
        assertEquals("reg", RegistryOptions.defaults().name());
    }

    @Test
    void theDefaultOptionsWork() {
        Hive hive = new Hive(MemoryBlockDevice.create(512, 2048), MemoryBlockDevice.create(4096, 64));
        try (Registry reg = hive.format(RegistryOptions.defaults())) {
            reg.setValue("\\Software\\App", "Big", new byte[4096]);
        }
        try (Registry reg = hive.open(RegistryOptions.defaults())) {
            assertEquals(4096, reg.getValue("\\Software\\App", "Big").orElseThrow().length);
        }
    }
}
