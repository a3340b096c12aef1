package txstack.model.fs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Path syntax and name comparison of the file-system contract ("Namespace"). */
final class FsPaths {
    static final String ROOT = "\\";
    private static final String BAD_CHARS = "\\/:*?\"<>|";

    /** Paths compared component by component by upcased name: a directory right before its entries. */
    static final Comparator<String> CANONICAL = FsPaths::compare;

    private FsPaths() {
    }

    /** Each char upcased with {@code Character.toUpperCase(char)}: two names are the same if this is equal. */
    static String upcase(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    /**
     * The syntax error of {@code path}, or null: first anything making it {@code INVALID_NAME} (not absolute, an
     * empty component, a trailing {@code \}, a bad char, {@code .} or {@code ..}), then a name longer than
     * {@code nameLengthMax} ({@code NAME_TOO_LONG}).
     */
    static FsError syntaxError(String path, int nameLengthMax) {
        if (!path.startsWith(ROOT)) {
            return FsError.of(FsErrorKind.INVALID_NAME, "not absolute: path=" + path);
        }
        if (path.equals(ROOT)) {
            return null;
        }
        List<String> names = split(path);
        for (String name : names) {
            String why = nameError(name);
            if (why != null) {
                return FsError.of(FsErrorKind.INVALID_NAME, why + ": path=" + path);
            }
        }
        for (String name : names) {
            if (name.length() > nameLengthMax) {
                return FsError.of(FsErrorKind.NAME_TOO_LONG, "name longer than " + nameLengthMax + ": nameLength="
                        + name.length() + " path=" + path);
            }
        }
        return null;
    }

    private static String nameError(String name) {
        if (name.isEmpty()) {
            return "empty component or trailing \\";
        }
        if (name.equals(".") || name.equals("..")) {
            return "name is " + name;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || BAD_CHARS.indexOf(c) >= 0) {
                return String.format("bad char U+%04X in name", (int) c);
            }
        }
        return null;
    }

    /** The components of an absolute path, as spelled; none for the root. Syntax is not checked. */
    static List<String> split(String path) {
        if (path.equals(ROOT)) {
            return List.of();
        }
        return Arrays.asList(path.substring(1).split("\\\\", -1));
    }

    static String join(List<String> components) {
        return ROOT + String.join(ROOT, components);
    }

    /** The key two paths share if they name the same node: the upcased path. */
    static String key(String path) {
        return upcase(path);
    }

    private static int compare(String a, String b) {
        List<String> x = split(a);
        List<String> y = split(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = upcase(x.get(i)).compareTo(upcase(y.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
