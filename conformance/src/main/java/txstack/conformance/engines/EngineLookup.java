package txstack.conformance.engines;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import txstack.spi.fs.FileSystemEngine;
import txstack.spi.ktm.TransactionEngine;
import txstack.spi.cluster.ClusterEngine;
import txstack.spi.mount.MountEngine;
import txstack.spi.lfs.LogEngine;
import txstack.spi.recovery.PageStoreEngine;
import txstack.spi.volume.VolumeEngine;

/**
 * Finds the engine of one layer that a user names, the same way for every suite. In order:
 * <ol>
 *   <li>a built-in name: {@code txstack}, or {@code txstack:<VARIANT>} for a deliberately broken variant;</li>
 *   <li>the {@code name()} of an engine registered through {@link ServiceLoader}
 *       ({@code META-INF/services/<interface>}, e.g. {@code META-INF/services/txstack.spi.lfs.LogEngine});</li>
 *   <li>the name of a class implementing the interface, with a public no-argument constructor.</li>
 * </ol>
 * The class loader says where outside engines come from: the command line's own, or one over its
 * {@code --class-path}. A name that matches nothing is an {@link IllegalArgumentException} listing what is there.
 *
 * @param <E> the engine interface of the layer, e.g. {@link LogEngine}
 */
public final class EngineLookup<E> {
    /** The built-in engines' name, and the prefix of their deliberately broken variants. */
    public static final String TXSTACK = "txstack";
    /** The most registered engines one lookup instantiates (a limit, as on everything). */
    public static final int PROVIDERS_MAX = 1_000;

    private final Class<E> type;
    private final Function<E, String> nameOf;
    private final Function<String, E> builtIn;
    private final List<String> builtInNames;
    private final ClassLoader loader;

    private EngineLookup(Class<E> type, Function<E, String> nameOf, Function<String, E> builtIn,
                         List<String> builtInNames, ClassLoader loader) {
        this.type = type;
        this.nameOf = nameOf;
        this.builtIn = builtIn;
        this.builtInNames = List.copyOf(builtInNames);
        this.loader = loader;
    }

    /** Log engines, outside ones loaded through {@code loader}. */
    public static EngineLookup<LogEngine> log(ClassLoader loader) {
        return new EngineLookup<>(LogEngine.class, LogEngine::name, EngineLookup::txstackLog, txstackLogNames(),
                loader);
    }

    /** Recoverable page-store engines, outside ones loaded through {@code loader}. */
    public static EngineLookup<PageStoreEngine> recovery(ClassLoader loader) {
        return new EngineLookup<>(PageStoreEngine.class, PageStoreEngine::name, TxstackPageStoreEngine::named,
                TxstackPageStoreEngine.names(), loader);
    }

    /** File-system engines, outside ones loaded through {@code loader}. */
    public static EngineLookup<FileSystemEngine> fs(ClassLoader loader) {
        return new EngineLookup<>(FileSystemEngine.class, FileSystemEngine::name, TxstackFileSystemEngine::named,
                TxstackFileSystemEngine.names(), loader);
    }

    /** Transaction engines, outside ones loaded through {@code loader}. */
    public static EngineLookup<TransactionEngine> ktm(ClassLoader loader) {
        return new EngineLookup<>(TransactionEngine.class, TransactionEngine::name, TxstackTransactionEngine::named,
                TxstackTransactionEngine.names(), loader);
    }

    /** Cluster-shared-volume engines, outside ones loaded through {@code loader}. */
    public static EngineLookup<ClusterEngine> cluster(ClassLoader loader) {
        return new EngineLookup<>(ClusterEngine.class, ClusterEngine::name, TxstackClusterEngine::named,
                TxstackClusterEngine.names(), loader);
    }

    /** Mount engines, outside ones loaded through {@code loader}. */
    public static EngineLookup<MountEngine> mount(ClassLoader loader) {
        return new EngineLookup<>(MountEngine.class, MountEngine::name, TxstackMountEngine::named,
                TxstackMountEngine.names(), loader);
    }

    /** Volume engines, outside ones loaded through {@code loader}. */
    public static EngineLookup<VolumeEngine> volume(ClassLoader loader) {
        return new EngineLookup<>(VolumeEngine.class, VolumeEngine::name, EngineLookup::txstackVolume,
                txstackVolumeNames(), loader);
    }

    private static LogEngine txstackLog(String name) {
        return TxstackLogEngine.named(name);
    }

    private static List<String> txstackLogNames() {
        return TxstackLogEngine.names();
    }

    private static VolumeEngine txstackVolume(String name) {
        return TxstackVolumeEngine.named(name);
    }

    private static List<String> txstackVolumeNames() {
        return TxstackVolumeEngine.names();
    }

    /** The built-in names: {@code txstack} and one {@code txstack:<VARIANT>} per broken variant. */
    public List<String> builtInNames() {
        return builtInNames;
    }

    /**
     * The engine {@code name} names.
     *
     * @throws IllegalArgumentException saying what is available, if nothing matches or the match cannot be built
     */
    public E find(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no engine named; " + available(registered()));
        }
        if (name.equals(TXSTACK) || name.startsWith(TXSTACK + ":")) {
            return builtIn(name);
        }
        Registered<E> registered = registered();
        List<E> matches = registered.engines().stream().filter(e -> nameOf.apply(e).equals(name)).toList();
        if (matches.size() > 1) {
            throw new IllegalArgumentException("engine name '" + name + "' is registered by more than one class: "
                    + matches.stream().map(e -> e.getClass().getName()).toList() + "; name one by its class name");
        }
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        Class<?> named = classNamed(name);
        if (named == null) {
            throw new IllegalArgumentException("no engine '" + name + "': not a built-in name, no registered "
                    + type.getSimpleName() + " has that name, and no class of that name is on the class path; "
                    + available(registered));
        }
        return instantiate(named);
    }

    private E builtIn(String name) {
        try {
            return builtIn.apply(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown txstack variant '" + name.substring(TXSTACK.length() + 1)
                    + "'; the built-in " + type.getSimpleName() + "s are " + builtInNames, e);
        }
    }

    /** The engines registered through {@link ServiceLoader}, and the registrations that failed (named, not fatal). */
    private record Registered<E>(List<E> engines, List<String> failures) {
    }

    private Registered<E> registered() {
        List<E> engines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<ServiceLoader.Provider<E>> providers;
        try {
            providers = ServiceLoader.load(type, loader).stream().iterator();
            while (providers.hasNext() && engines.size() + failures.size() < PROVIDERS_MAX) {
                ServiceLoader.Provider<E> provider = providers.next();
                try {
                    engines.add(provider.get());
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    failures.add(provider.type().getName() + ": " + e.getMessage());
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            failures.add(e.getMessage()); // a registration naming a missing class, or one of another type
        }
        return new Registered<>(engines, failures);
    }

    /** The class {@code name}, or null if there is none (a name that is no class name is none either). */
    private Class<?> classNamed(String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (LinkageError e) {
            throw new IllegalArgumentException("class " + name + " cannot be loaded (built for a newer Java, or a "
                    + "class it needs is missing from the class path): " + e, e);
        }
    }

    private E instantiate(Class<?> named) {
        String name = named.getName();
        if (!type.isAssignableFrom(named)) {
            throw new IllegalArgumentException("class " + name + " does not implement " + type.getName());
        }
        if (named.isInterface() || Modifier.isAbstract(named.getModifiers())) {
            throw new IllegalArgumentException("class " + name + " is abstract: name a concrete " + type.getName());
        }
        try {
            return type.cast(named.getConstructor().newInstance());
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IllegalArgumentException("class " + name + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("class " + name + " failed to construct: " + e.getCause(),
                    e.getCause());
        } catch (LinkageError e) {
            throw new IllegalArgumentException("class " + name + " cannot be initialised: " + e, e);
        }
    }

    /** What can be named, for messages and {@code --help}. */
    public String available() {
        return available(registered());
    }

    private String available(Registered<E> registered) {
        List<String> names = registered.engines().stream()
                .map(e -> nameOf.apply(e) + " (" + e.getClass().getName() + ")").toList();
        return "use a built-in name " + builtInNames + ", the name of a registered " + type.getSimpleName()
                + " (found: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")"
                + (registered.failures().isEmpty() ? "" : "; registrations that failed: " + registered.failures())
                + ", or the fully qualified name of a class implementing " + type.getName()
                + " with a public no-argument constructor";
    }
}
