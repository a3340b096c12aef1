package txstack.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import txstack.implementation.lfs.LogFile;
import txstack.implementation.volume.Volume;

/**
 * The deliberately broken behaviours (STYLE 10) are out of reach of the production API: no public or protected type,
 * constructor, method, field or record component of a public type of the implementation's main classes mentions a
 * fault type, or anything named like a variant or a fault, or a fault's constant; the fault enums are not public. The
 * conformance suite reaches them through the test fixtures ({@code BrokenLogs}, {@code BrokenVolumes}) only.
 */
class NoBrokenVariantInPublicApiTest {
    /** The package-private hooks: they must exist (else this test checks nothing) and must not be public. */
    private static final List<String> FAULT_TYPES = List.of("txstack.implementation.lfs.LogFault",
            "txstack.implementation.volume.VolumeFault", "txstack.implementation.recovery.RecoveryFault",
            "txstack.implementation.mount.MountFault", "txstack.implementation.cluster.ClusterFault");
    /** "Variant" or "Fault" as a word of a camelCase or UPPER_SNAKE name; "defaults" does not match. */
    private static final Pattern FORBIDDEN_NAME = Pattern.compile(
            "(^|[^A-Za-z])(variant|fault)|Variant|Fault|(^|_)(VARIANT|FAULT)(_|$)");

    private static List<Class<?>> mainClasses;
    private static Set<Class<?>> faultTypes;
    /** The broken behaviours' constant names (all but CORRECT): none may name a public member either. */
    private static Set<String> faultConstants;

    @BeforeAll
    static void loadMainClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path location = Path.of(LogFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        mainClasses = new ArrayList<>();
        if (Files.isDirectory(location)) {
            loadClasses(location);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                loadClasses(jar.getPath("/"));
            }
        }
        faultTypes = new LinkedHashSet<>();
        faultConstants = new LinkedHashSet<>();
        for (String name : FAULT_TYPES) {
            Class<?> fault = Class.forName(name, false, LogFile.class.getClassLoader());
            faultTypes.add(fault);
            Arrays.stream(fault.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .filter(c -> !c.equals("CORRECT")).forEach(faultConstants::add);
        }
    }

    private static void loadClasses(Path root) throws IOException, ClassNotFoundException {
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.map(root::relativize).map(Path::toString).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    .sorted().toList();
        }
        for (String name : names) {
            mainClasses.add(Class.forName(name, false, LogFile.class.getClassLoader()));
        }
    }

    @Test
    void thePublicApiMentionsNoBrokenVariant() {
        List<Class<?>> exposed = mainClasses.stream().filter(NoBrokenVariantInPublicApiTest::exposed).toList();
        assertTrue(exposed.stream().map(Class::getSimpleName).toList().containsAll(
                List.of("LogFile", "LogOptions", "Volumes", "VolumeOptions", "Volume", "RecoverableStore")),
                "main classes not found: "
                + exposed);
        List<String> violations = exposed.stream().flatMap(type -> violations(type).stream()).toList();
        assertEquals(List.of(), violations);
    }

    @Test
    void theFaultEnumsArePackagePrivate() {
        assertEquals(FAULT_TYPES.size(), faultTypes.size());
        for (Class<?> fault : faultTypes) {
            assertTrue(fault.isEnum() && !exposed(fault), fault + " must be a package-private enum");
            assertTrue(mainClasses.contains(fault), fault + " is not among the main classes");
        }
        assertTrue(faultConstants.containsAll(List.of("NO_EPOCH", "NO_WRITE_HOLE_PROTECTION")), faultConstants
                .toString());
        List<Class<?>> namedLikeFaults = mainClasses.stream()
                .filter(type -> FORBIDDEN_NAME.matcher(type.getSimpleName()).find()).toList();
        assertTrue(namedLikeFaults.containsAll(faultTypes), namedLikeFaults.toString());
        assertEquals(List.of(), namedLikeFaults.stream().filter(NoBrokenVariantInPublicApiTest::exposed).toList());
    }

    /** The check bites: run on small public types built the way the old API was, it reports each leak. */
    @Test
    void theCheckFlagsALeakyApi() {
        assertTrue(exposed(LogFile.class) && exposed(Volume.class));
        assertFalse(exposed(Outer.Hidden.class), "a public type nested in a private one is not exposed");
        assertTrue(violations(Leaky.Variant.class).stream().anyMatch(v -> v.startsWith("type ")),
                violations(Leaky.Variant.class).toString());
        List<String> leaks = violations(Leaky.class);
        for (String member : List.of("open", "withVariant", "variant", "mode", "NO_EPOCH", "Leaky(")) {
            assertTrue(leaks.stream().anyMatch(v -> v.contains(member)), member + " not flagged: " + leaks);
        }
        assertFalse(leaks.stream().anyMatch(v -> v.contains("hidden")), "a private member flagged: " + leaks);
        assertTrue(violations(LeakyOptions.class).stream().anyMatch(v -> v.startsWith("record component variant")),
                violations(LeakyOptions.class).toString());
        assertEquals(List.of(), violations(Clean.class), "defaults() and a private fault are fine");
    }

    /** True if code outside the package can name {@code type}: it and every enclosing type public or protected. */
    private static boolean exposed(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            int m = t.getModifiers();
            if (!Modifier.isPublic(m) && !(t.isMemberClass() && Modifier.isProtected(m))) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isLocalClass() && !type.isSynthetic();
    }

    private static boolean visible(Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }

    /** What {@code type}, an exposed type, says about broken variants in its own name and its visible members. */
    static List<String> violations(Class<?> type) {
        List<String> out = new ArrayList<>();
        if (FORBIDDEN_NAME.matcher(type.getSimpleName()).find() || faultTypes.contains(type)) {
            out.add("type " + type.getName());
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c)) {
                check(out, type.getSimpleName() + "(", c, List.of());
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m)) {
                check(out, m.getName(), m, List.of(m.getGenericReturnType()));
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f) && (forbiddenName(f.getName()) || mentionsFault(f.getGenericType()))) {
                out.add("field " + type.getName() + "." + f.getName() + ": " + f.getGenericType().getTypeName());
            }
        }
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                if (forbiddenName(rc.getName()) || mentionsFault(rc.getGenericType())) {
                    out.add("record component " + rc.getName() + " of " + type.getName() + ": "
                            + rc.getGenericType().getTypeName());
                }
            }
        }
        return out;
    }

    private static void check(List<String> out, String name, Executable e, List<Type> returned) {
        List<Type> types = new ArrayList<>(returned);
        types.addAll(List.of(e.getGenericParameterTypes()));
        types.addAll(List.of(e.getGenericExceptionTypes()));
        if (forbiddenName(name) || types.stream().anyMatch(NoBrokenVariantInPublicApiTest::mentionsFault)) {
            out.add((e instanceof Constructor ? "constructor " : "method ") + e.getDeclaringClass().getName() + "."
                    + name + ": " + e.toGenericString());
        }
    }

    private static boolean forbiddenName(String name) {
        return FORBIDDEN_NAME.matcher(name).find() || faultConstants.contains(name);
    }

    /** True if {@code type} is, or is built from, a fault type or a type named like one. */
    private static boolean mentionsFault(Type type) {
        return switch (type) {
            case Class<?> c when c.isArray() -> mentionsFault(c.getComponentType());
            case Class<?> c -> faultTypes.contains(c) || FORBIDDEN_NAME.matcher(c.getSimpleName()).find();
            case ParameterizedType p -> mentionsFault(p.getRawType()) || anyMentionsFault(p.getActualTypeArguments());
            case GenericArrayType g -> mentionsFault(g.getGenericComponentType());
            case WildcardType w -> anyMentionsFault(w.getUpperBounds()) || anyMentionsFault(w.getLowerBounds());
            case TypeVariable<?> v -> anyMentionsFault(v.getBounds());
            default -> false;
        };
    }

    private static boolean anyMentionsFault(Type[] types) {
        return Arrays.stream(types).anyMatch(NoBrokenVariantInPublicApiTest::mentionsFault);
    }

    /** What the production API must never look like again: the old public variant enum and what used it. */
    public static final class Leaky {
        public static final String NO_EPOCH = "the name of a fault's constant";

        public enum Variant { CORRECT, NO_EPOCH }

        public enum Mode { FAST }

        public Leaky(List<Variant> variants) {
        }

        public static void open(Object device, Variant variant) {
        }

        public static Leaky withVariant(String name) {
            return null;
        }

        public Variant[] variant() {
            return null;
        }

        public void mode(Set<? extends Variant> variants) {
        }

        private void hidden(Variant variant) {
        }
    }

    /** A record with a variant component, as {@code LogOptions} had. */
    public record LeakyOptions(int sizeBytes, Leaky.Mode variant) {
    }

    /** Nothing to flag: "defaults" is not "fault", and private members are nobody's business. */
    public static final class Clean {
        private Leaky.Variant fault;

        public static Clean defaults() {
            return new Clean();
        }

        private static Leaky.Variant faultOf(Clean clean) {
            return clean.fault;
        }
    }

    private static final class Outer {
        /** Public, but nobody outside can name it. */
        public static final class Hidden {
        }
    }
}
