package txstack.conformance.engines;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.ktm.BrokenKtm;
import txstack.implementation.ktm.ResourceManager;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionAbortedException;
import txstack.implementation.ktm.TransactionId;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.ktm.TransactionNotActiveException;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.txf.BrokenTxf;
import txstack.implementation.txf.TransactionalFileSystem;
import txstack.implementation.txr.BrokenTxr;
import txstack.implementation.txr.Registry;
import txstack.implementation.txr.RegistryOptions;
import txstack.spi.disk.Devices;
import txstack.spi.ktm.Participant;
import txstack.spi.ktm.ParticipantHost;
import txstack.spi.ktm.TransactionEngine;
import txstack.spi.ktm.TransactionException;
import txstack.spi.ktm.TransactionSession;

/**
 * txstack's kernel transaction manager ({@link TransactionManager}) with TxF ({@link TransactionalFileSystem}) on a
 * txstack file system and TxR ({@link Registry}), bound to the SPI on the devices the suite hands it: the TM's log on
 * {@link #TM_LOG}, the file system on {@link #VOLUME} (bound as the file-system suite binds it), the hive and its log
 * on {@link #HIVE} and {@link #HIVE_LOG}. Items {@code fs:\name} are TxF's files, {@code reg:\Key:value} TxR's
 * values. Sessions are {@link ParticipantHost}s: a participant from outside is registered with the transaction
 * manager as any resource manager is ({@link ResourceManager}), transaction handles being transaction ids.
 */
public final class TxstackTransactionEngine implements TransactionEngine {
    private final Optional<String> variant;

    /** The correct implementation. */
    public TxstackTransactionEngine() {
        this(Optional.empty());
    }

    private TxstackTransactionEngine(Optional<String> variant) {
        this.variant = variant;
    }

    /**
     * The engine named {@code txstack} or {@code txstack:<VARIANT>} (a broken transaction manager, {@code
     * BrokenKtm}, a broken TxF, {@code BrokenTxf}, or a broken TxR, {@code BrokenTxr}); case does not matter.
     *
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of {@link #names()}
     */
    public static TxstackTransactionEngine named(String name) {
        return new TxstackTransactionEngine(TxstackNames.variantOf(name, variants()));
    }

    /** Every name {@link #named} accepts, {@code txstack} first, then each broken variant. */
    public static List<String> names() {
        return TxstackNames.names(variants());
    }

    /** The transaction manager's broken variants, then TxF's, then TxR's. */
    private static List<String> variants() {
        List<String> all = new ArrayList<>(BrokenKtm.names());
        all.addAll(BrokenTxf.names());
        all.addAll(BrokenTxr.names());
        return all;
    }

    @Override
    public String name() {
        return TxstackNames.canonical(variant);
    }

    @Override
    public TransactionSession format(Devices devices) {
        SpiBlockDevice volume = new SpiBlockDevice(devices.get(VOLUME));
        FileSystem fs = FileSystem.format(volume, fsOptions(volume));
        SpiBlockDevice hiveLog = new SpiBlockDevice(devices.get(HIVE_LOG));
        SpiBlockDevice hive = new SpiBlockDevice(devices.get(HIVE));
        Optional<String> txr = variant.filter(BrokenTxr.names()::contains);
        Registry registry = txr.isEmpty() ? Registry.format(hiveLog, hive, RegistryOptions.defaults())
                : BrokenTxr.format(hiveLog, hive, RegistryOptions.defaults(), txr.get());
        SpiBlockDevice log = new SpiBlockDevice(devices.get(TM_LOG));
        TransactionManager tm = ktmVariant().isEmpty() ? TransactionManager.format(log, LogOptions.defaults())
                : BrokenKtm.format(log, LogOptions.defaults(), ktmVariant().get());
        return new Session(tm, fs, txfOn(fs), registry);
    }

    @Override
    public TransactionSession open(Devices devices) {
        SpiBlockDevice volume = new SpiBlockDevice(devices.get(VOLUME));
        FileSystem fs = FileSystem.mount(volume, fsOptions(volume));
        SpiBlockDevice hiveLog = new SpiBlockDevice(devices.get(HIVE_LOG));
        SpiBlockDevice hive = new SpiBlockDevice(devices.get(HIVE));
        Optional<String> txr = variant.filter(BrokenTxr.names()::contains);
        Registry registry = txr.isEmpty() ? Registry.open(hiveLog, hive, RegistryOptions.defaults())
                : BrokenTxr.open(hiveLog, hive, RegistryOptions.defaults(), txr.get());
        SpiBlockDevice log = new SpiBlockDevice(devices.get(TM_LOG));
        TransactionManager tm = ktmVariant().isEmpty() ? TransactionManager.open(log, LogOptions.defaults())
                : BrokenKtm.open(log, LogOptions.defaults(), ktmVariant().get());
        return new Session(tm, fs, txfOn(fs), registry);
    }

    private TransactionalFileSystem txfOn(FileSystem fs) {
        Optional<String> txfVariant = variant.filter(BrokenTxf.names()::contains);
        return txfVariant.isEmpty() ? TransactionalFileSystem.on(fs) : BrokenTxf.on(fs, "fs", txfVariant.get());
    }

    private Optional<String> ktmVariant() {
        return variant.filter(BrokenKtm.names()::contains);
    }

    private static FsOptions fsOptions(SpiBlockDevice volume) {
        FsOptions options = TxstackFileSystemEngine.OPTIONS;
        return options.withClusterBytes(Math.max(options.clusterBytes(), volume.sectorSizeBytes()));
    }

    @Override
    public String toString() {
        return name();
    }

    /** The running set: handles are transaction ids (never reused, also across restarts). */
    private static final class Session implements TransactionSession, ParticipantHost {
        private final TransactionManager tm;
        private final FileSystem fs;
        private final TransactionalFileSystem txf;
        private final Registry registry;
        private final Map<Long, Transaction> transactions = new HashMap<>();
        private final Map<Participant, ResourceManager> participants = new HashMap<>();

        Session(TransactionManager tm, FileSystem fs, TransactionalFileSystem txf, Registry registry) {
            this.tm = tm;
            this.fs = fs;
            this.txf = txf;
            this.registry = registry;
            tm.register(txf);
            tm.register(registry);
        }

        @Override
        public List<String> resourceManagers() {
            return List.of("fs", "reg");
        }

        @Override
        public long begin() {
            Transaction t = tm.createTransaction();
            transactions.put(t.id().value(), t);
            return t.id().value();
        }

        @Override
        public byte[] read(long tx, String item) {
            if (isValue(item)) {
                String[] v = valueOf(item);
                return call(() -> (tx == PLAIN ? registry.getValue(v[0], v[1])
                        : registry.getValue(v[0], v[1], transaction(tx))).orElse(new byte[0]));
            }
            String path = pathOf(item);
            return call(() -> tx == PLAIN ? txf.read(path) : txf.read(path, transaction(tx)));
        }

        @Override
        public void write(long tx, String item, byte[] value) {
            call(() -> {
                if (isValue(item)) {
                    String[] v = valueOf(item);
                    if (tx == PLAIN) {
                        registry.setValue(v[0], v[1], value);
                    } else {
                        registry.setValue(v[0], v[1], value, transaction(tx));
                    }
                } else if (tx == PLAIN) {
                    txf.write(pathOf(item), value);
                } else {
                    txf.write(pathOf(item), value, transaction(tx));
                }
                return null;
            });
        }

        @Override
        public void append(long tx, String item, byte[] bytes) {
            call(() -> {
                if (isValue(item)) {
                    String[] v = valueOf(item);
                    if (tx == PLAIN) {
                        registry.appendValue(v[0], v[1], bytes);
                    } else {
                        registry.appendValue(v[0], v[1], bytes, transaction(tx));
                    }
                } else if (tx == PLAIN) {
                    txf.append(pathOf(item), bytes);
                } else {
                    txf.append(pathOf(item), bytes, transaction(tx));
                }
                return null;
            });
        }

        @Override
        public void commit(long tx) {
            call(() -> {
                transaction(tx).commit();
                return null;
            });
        }

        @Override
        public void rollback(long tx) {
            call(() -> {
                transaction(tx).rollback();
                return null;
            });
        }

        @Override
        public void close() {
            tm.close();
            registry.close();
            fs.close();
        }

        @Override
        public void register(Participant participant) {
            ResourceManager rm = new ParticipantRm(participant);
            tm.register(rm);
            participants.put(participant, rm);
        }

        @Override
        public void enlist(long tx, Participant participant) {
            ResourceManager rm = participants.get(participant);
            if (rm == null) {
                throw new IllegalArgumentException("the participant is not registered: name=" + participant.name());
            }
            call(() -> {
                transaction(tx).enlist(rm);
                return null;
            });
        }

        @Override
        public boolean isActive(long tx) {
            Transaction t = transactions.get(tx);
            return t != null && t.isActive();
        }

        private Transaction transaction(long tx) {
            Transaction t = transactions.get(tx);
            if (t == null) {
                throw new TransactionException(TransactionException.Kind.NOT_ACTIVE, "no transaction of this "
                        + "session: handle=" + tx);
            }
            return t;
        }

        private static String pathOf(String item) {
            if (!item.startsWith("fs:")) {
                throw new IllegalArgumentException("items are fs:<path> or reg:<key>:<value>: item=" + item);
            }
            return item.substring(3);
        }

        private static boolean isValue(String item) {
            return item.startsWith("reg:");
        }

        /** {@code reg:\Key\Sub:name} as {key, name}: the value's name follows the last colon. */
        private static String[] valueOf(String item) {
            int colon = item.lastIndexOf(':');
            if (colon <= 3) {
                throw new IllegalArgumentException("a registry item is reg:<key>:<value>: item=" + item);
            }
            return new String[] {item.substring(4, colon), item.substring(colon + 1)};
        }

        private static <T> T call(Supplier<T> call) {
            try {
                return call.get();
            } catch (TransactionNotActiveException e) {
                throw new TransactionException(TransactionException.Kind.NOT_ACTIVE, e.getMessage());
            } catch (SharingViolationException e) {
                throw new TransactionException(TransactionException.Kind.SHARING_VIOLATION, e.getMessage());
            } catch (TransactionAbortedException e) {
                throw new TransactionException(TransactionException.Kind.ABORTED, e.getMessage());
            }
        }
    }

    /** A participant as the transaction manager's resource manager: handles are transaction ids. */
    private record ParticipantRm(Participant participant) implements ResourceManager {
        @Override
        public String name() {
            return participant.name();
        }

        @Override
        public boolean prepare(TransactionId tx) {
            return participant.prepare(tx.value());
        }

        @Override
        public void commit(TransactionId tx) {
            participant.commit(tx.value());
        }

        @Override
        public void rollback(TransactionId tx) {
            participant.rollback(tx.value());
        }

        @Override
        public Set<TransactionId> inDoubt() {
            return participant.inDoubt().stream().map(TransactionId::new).collect(Collectors.toUnmodifiableSet());
        }
    }
}
