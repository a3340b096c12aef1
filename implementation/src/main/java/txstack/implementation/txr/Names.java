package txstack.implementation.txr;

import java.util.Objects;

/**
 * The syntax of key paths and value names, and how they compare. A key path is {@code \Component\Component...}: one
 * or more components, each 1 to {@link #COMPONENT_CHARS_MAX} chars, none a backslash or a control char. A value name
 * is 0 to {@link #VALUE_NAME_CHARS_MAX} chars, none a control char (the empty name is the key's default value). Both
 * compare case-insensitively: char by char through {@link Character#toUpperCase(char)}, so a spelling and its upcased
 * form have the same length.
 */
final class Names {
    static final int COMPONENT_CHARS_MAX = 255;
    static final int VALUE_NAME_CHARS_MAX = 255;

    private Names() {
    }

    /** @throws InvalidRegistryNameException unless {@code key} is a key path of at most {@code keyCharsMax} chars */
    static void checkKey(String key, int keyCharsMax) {
        Objects.requireNonNull(key, "key");
        if (key.length() < 2 || key.length() > keyCharsMax || key.charAt(0) != '\\') {
            throw new InvalidRegistryNameException("bad key path: key=" + printable(key) + " keyChars=" + key.length()
                    + " keyCharsMax=" + keyCharsMax + " (\\Component\\... expected)");
        }
        int componentStart = 1;
        for (int i = 1; i <= key.length(); i++) {
            if (i == key.length() || key.charAt(i) == '\\') {
                int componentChars = i - componentStart;
                if (componentChars < 1 || componentChars > COMPONENT_CHARS_MAX) {
                    throw new InvalidRegistryNameException("bad key component: key=" + printable(key) + " offset="
                            + componentStart + " componentChars=" + componentChars + " min=1 max="
                            + COMPONENT_CHARS_MAX);
                }
                componentStart = i + 1;
            } else if (Character.isISOControl(key.charAt(i))) {
                throw new InvalidRegistryNameException(String.format(
                        "control char in key: key=%s offset=%d char=0x%04X", printable(key), i, (int) key.charAt(i)));
            }
        }
    }

    /** @throws InvalidRegistryNameException unless {@code name} is a value name */
    static void checkValueName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.length() > VALUE_NAME_CHARS_MAX) {
            throw new InvalidRegistryNameException("value name too long: nameChars=" + name.length() + " max="
                    + VALUE_NAME_CHARS_MAX);
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidRegistryNameException(String.format(
                        "control char in value name: name=%s offset=%d char=0x%04X", printable(name), i,
                        (int) name.charAt(i)));
            }
        }
    }

    /** The form names compare by: every char through {@link Character#toUpperCase(char)}. */
    static String upcase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    /** The string for a message: control chars escaped, at most 80 chars. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
