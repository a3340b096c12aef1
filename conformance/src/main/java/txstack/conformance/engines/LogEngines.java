package txstack.conformance.engines;

import java.lang.reflect.InvocationTargetException;
import txstack.spi.lfs.LogEngine;

/** Finds an engine by name: {@code txstack}, {@code txstack:<VARIANT>}, or a class implementing {@link LogEngine}. */
public final class LogEngines {
    public static final String TXSTACK = "txstack";

    private LogEngines() {
    }

    /**
     * @throws IllegalArgumentException with the valid names, if {@code spec} names no engine
     */
    public static LogEngine resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no engine named; " + help());
        }
        if (spec.equals(TXSTACK) || spec.startsWith(TXSTACK + ":")) {
            try {
                return TxstackLogEngine.named(spec);
            } catch (LinkageError e) {
                throw new IllegalArgumentException("engine '" + spec + "' needs the txstack implementation on the "
                        + "class path: " + e, e);
            }
        }
        return byClassName(spec);
    }

    private static LogEngine byClassName(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("no engine '" + className + "': not a built-in name and no such "
                    + "class on the class path; " + help(), e);
        }
        if (!LogEngine.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class " + className + " does not implement "
                    + LogEngine.class.getName());
        }
        try {
            return (LogEngine) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("class " + className + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("class " + className + " failed to construct: " + e.getCause(),
                    e.getCause());
        }
    }

    /** The valid names, for messages. */
    public static String help() {
        return "use one of "
                + TxstackLogEngine.names() + ", or the fully qualified name of a class implementing "
                + LogEngine.class.getName() + " with a public no-argument constructor";
    }
}
