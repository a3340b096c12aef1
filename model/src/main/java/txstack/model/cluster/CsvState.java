package txstack.model.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import txstack.model.ModelException;

/**
 * Cluster Shared Volumes ownership of {@code spec/tla/CsvOwnership.tla} (CSV-1..7) as Java values. The state holds
 * every variable of the spec, ghosts included, under the same names; there is one method per spec action with the
 * same name and parameters (lower camel case), returning the next state, or empty when the spec disables the action
 * (the enabling condition fails, or a record argument is not in the set the spec's {@code Next} draws it from).
 * {@link #apply} takes an action by record, {@link #enabled()} lists every action enabled now, in a fixed order. The
 * spec's bugs ({@link CsvBug}) are off unless the bounds switch one on, to show that the invariants bite.
 *
 * <p>Nodes and files are names from {@link CsvBounds}; {@link CsvBounds#NO_NODE} is the spec's NoNode. A node name
 * the bounds do not know is a caller error ({@link ModelException}). Immutable from the outside (each action works on
 * a private deep copy) and pure: no I/O, threads, clocks or randomness.
 */
public final class CsvState {

    /** A data write in flight {@code [node, file, val, ep]}; it survives its writer's crash. */
    public record DiskIo(String node, String file, int val, int ep) {
    }

    /** A namespace log append in flight {@code [id, from, file, op, by, term]}; it survives its writer's crash. */
    public record Append(int id, String from, String file, String op, String by, int term) {
    }

    /** A message of the network (CSV-3): a request or an ack. */
    public sealed interface Msg permits Req, Ack {
        int id();
    }

    /** {@code [type |-> "req", id, from, file, op]}: a metadata request, also what its sender keeps pending. */
    public record Req(int id, String from, String file, String op) implements Msg {
    }

    /** {@code [type |-> "ack", id, to]}: the request id was applied. */
    public record Ack(int id, String to) implements Msg {
    }

    /** {@code [id, from]}: a request whose append the coordinator saw land, to be acknowledged. */
    public record AckDue(int id, String from) {
    }

    /** {@code [id, from, file, op]}: an entry of the namespace log. */
    public record LogEntry(int id, String from, String file, String op) {
    }

    /** {@code [by, term]}: who appended a log entry and the namespace's term when it landed (ghost nsHist). */
    public record HistEntry(String by, int term) {
    }

    /** The events of the spec's ghost {@code seen}. */
    public static final Set<String> EVENTS = Set.of("staleRefused", "zombieFenced", "migAfterCrash",
            "failoverAfterCrash", "termRefused");

    private static final Comparator<DiskIo> DIO_ORDER = Comparator.comparing(DiskIo::node)
            .thenComparing(DiskIo::file).thenComparingInt(DiskIo::val).thenComparingInt(DiskIo::ep);
    private static final Comparator<Append> APPEND_ORDER = Comparator.comparingInt(Append::id)
            .thenComparing(Append::from).thenComparing(Append::file).thenComparing(Append::op)
            .thenComparing(Append::by).thenComparingInt(Append::term);
    private static final Comparator<Req> REQ_ORDER = Comparator.comparingInt(Req::id).thenComparing(Req::from)
            .thenComparing(Req::file).thenComparing(Req::op);
    private static final Comparator<Msg> MSG_ORDER = (a, b) -> switch (a) {
        case Req ra -> b instanceof Req rb ? REQ_ORDER.compare(ra, rb) : -1;
        case Ack aa -> b instanceof Ack ab
                ? Comparator.comparingInt(Ack::id).thenComparing(Ack::to).compare(aa, ab) : 1;
    };
    private static final Comparator<AckDue> DUE_ORDER = Comparator.comparingInt(AckDue::id)
            .thenComparing(AckDue::from);

    private final CsvBounds bounds;
    // node memory (volatile: a crash loses it)
    private final Map<String, Boolean> up = new TreeMap<>();
    private final Map<String, Integer> myTerm = new TreeMap<>();
    private final Map<String, Map<String, Integer>> tok = new TreeMap<>();
    private final Map<String, Map<String, Integer>> cache = new TreeMap<>();
    private final Map<String, Map<String, Boolean>> stopped = new TreeMap<>();
    private final Set<Req> pend = new TreeSet<>(REQ_ORDER);
    private final Map<String, Set<AckDue>> toAck = new TreeMap<>();
    // the namespace on the shared disk
    private final List<String> coordHist = new ArrayList<>();
    private final Map<String, String> owner = new TreeMap<>();
    private final Map<String, Integer> epoch = new TreeMap<>();
    private final Map<String, Boolean> granted = new TreeMap<>();
    private final Map<String, String> mig = new TreeMap<>();
    private final List<LogEntry> nsLog = new ArrayList<>();
    // the shared disk, the I/O in flight and the network
    private final Map<String, Integer> disk = new TreeMap<>();
    private final Set<DiskIo> dio = new TreeSet<>(DIO_ORDER);
    private final Set<Append> nsio = new TreeSet<>(APPEND_ORDER);
    private final Set<Msg> net = new TreeSet<>(MSG_ORDER);
    // counters for the bounds
    private int nextReq;
    private final Map<String, Integer> nextVal = new TreeMap<>();
    private int crashes;
    // ghosts
    private final List<HistEntry> nsHist = new ArrayList<>();
    private final Set<Integer> elected = new TreeSet<>();
    private final Map<String, Integer> migFrom = new TreeMap<>();
    private final Map<String, Integer> migTo = new TreeMap<>();
    private final Set<Integer> told = new TreeSet<>();
    private final Map<String, Integer> ackd = new TreeMap<>();
    private final Map<String, Integer> durable = new TreeMap<>();
    private final Map<String, Boolean> lost = new TreeMap<>();
    private final Set<String> seen = new TreeSet<>();

    private CsvState(CsvBounds bounds) {
        this.bounds = bounds;
    }

    /** Init. */
    public static CsvState initial(CsvBounds bounds) {
        CsvState s = new CsvState(bounds);
        for (String n : bounds.nodes()) {
            s.up.put(n, true);
            s.myTerm.put(n, n.equals(bounds.coord0()) ? 1 : 0);
            s.tok.put(n, overFiles(bounds, n.equals(bounds.owner0()) ? 1 : 0));
            s.cache.put(n, overFiles(bounds, 0));
            s.stopped.put(n, overFiles(bounds, false));
            s.toAck.put(n, new TreeSet<>(DUE_ORDER));
        }
        s.coordHist.add(bounds.coord0());
        for (String f : bounds.files()) {
            s.owner.put(f, bounds.owner0());
            s.epoch.put(f, 1);
            s.granted.put(f, true);
            s.mig.put(f, CsvBounds.NO_NODE);
            s.disk.put(f, 0);
            s.nextVal.put(f, 1);
            s.migFrom.put(f, 0);
            s.migTo.put(f, 0);
            s.ackd.put(f, 0);
            s.durable.put(f, 0);
            s.lost.put(f, false);
        }
        s.nextReq = 1;
        return s;
    }

    private static <V> Map<String, V> overFiles(CsvBounds bounds, V value) {
        Map<String, V> m = new TreeMap<>();
        bounds.files().forEach(f -> m.put(f, value));
        return m;
    }

    private CsvState copy() {
        CsvState s = new CsvState(bounds);
        s.up.putAll(up);
        s.myTerm.putAll(myTerm);
        tok.forEach((n, m) -> s.tok.put(n, new TreeMap<>(m)));
        cache.forEach((n, m) -> s.cache.put(n, new TreeMap<>(m)));
        stopped.forEach((n, m) -> s.stopped.put(n, new TreeMap<>(m)));
        s.pend.addAll(pend);
        toAck.forEach((n, due) -> {
            Set<AckDue> d = new TreeSet<>(DUE_ORDER);
            d.addAll(due);
            s.toAck.put(n, d);
        });
        s.coordHist.addAll(coordHist);
        s.owner.putAll(owner);
        s.epoch.putAll(epoch);
        s.granted.putAll(granted);
        s.mig.putAll(mig);
        s.nsLog.addAll(nsLog);
        s.disk.putAll(disk);
        s.dio.addAll(dio);
        s.nsio.addAll(nsio);
        s.net.addAll(net);
        s.nextReq = nextReq;
        s.nextVal.putAll(nextVal);
        s.crashes = crashes;
        s.nsHist.addAll(nsHist);
        s.elected.addAll(elected);
        s.migFrom.putAll(migFrom);
        s.migTo.putAll(migTo);
        s.told.addAll(told);
        s.ackd.putAll(ackd);
        s.durable.putAll(durable);
        s.lost.putAll(lost);
        s.seen.addAll(seen);
        return s;
    }

    // ---------------------------------------------------------------- helpers (the spec's operators)

    private static Optional<CsvState> when(boolean enabled, Supplier<CsvState> next) {
        return enabled ? Optional.of(next.get()) : Optional.empty();
    }

    private void checkNode(String n) {
        ModelException.require(bounds.nodes().contains(n), "unknown node: n=" + n + " nodes=" + bounds.nodes());
    }

    private void checkFile(String f) {
        ModelException.require(bounds.files().contains(f), "unknown file: f=" + f + " files=" + bounds.files());
    }

    private void check(String n, String f) {
        checkNode(n);
        checkFile(f);
    }

    /** The spec's Term: the namespace's current term. */
    public int term() {
        return coordHist.size();
    }

    /** The spec's Coord: the coordinator of the current term. */
    public String coord() {
        return coordHist.getLast();
    }

    /** c is up and believes it coordinates, and the namespace would accept its write. */
    private boolean current(String c) {
        return up.get(c) && myTerm.get(c) == term();
    }

    private Set<Integer> appliedIds() {
        Set<Integer> ids = new TreeSet<>();
        nsLog.forEach(e -> ids.add(e.id()));
        return ids;
    }

    /** No disk write of n for f is in flight. */
    private boolean quiet(String n, String f) {
        return dio.stream().noneMatch(w -> w.node().equals(n) && w.file().equals(f));
    }

    /** n holds f's current token. */
    private boolean holds(String n, String f) {
        return tok.get(n).get(f).intValue() == epoch.get(f).intValue();
    }

    /** What a reader sees: the dirty cache of the holder of the current token, else the disk. */
    public int view(String f) {
        String o = owner.get(f);
        int dirty = cache.get(o).get(f);
        return holds(o, f) && dirty != 0 ? dirty : disk.get(f);
    }

    /** The current holder of f has an acknowledged write of it unflushed. */
    private boolean dirtyHolder(String n, String f) {
        return holds(n, f) && cache.get(n).get(f) != 0;
    }

    private void setTok(String n, String f, int e) {
        tok.get(n).put(f, e);
    }

    private void setCache(String n, String f, int v) {
        cache.get(n).put(f, v);
    }

    private void setStopped(String n, String f, boolean b) {
        stopped.get(n).put(f, b);
    }

    // ---------------------------------------------------------------- the data path (CSV-2, CSV-6)

    /** CSV-2: a token holder (even a fenced one that does not know it) takes a write into its cache and acks it. */
    public Optional<CsvState> write(String n, String f) {
        check(n, f);
        return when(up.get(n) && tok.get(n).get(f) != 0 && !stopped.get(n).get(f)
                && nextVal.get(f) <= bounds.maxWrites(), () -> {
                    CsvState s = copy();
                    int v = nextVal.get(f);
                    s.setCache(n, f, v);
                    s.nextVal.put(f, v + 1);
                    if (holds(n, f)) {
                        s.ackd.put(f, v);
                        s.lost.put(f, false);
                    }
                    return s;
                });
    }

    /** CSV-2: the dirty data goes straight to the shared disk, tagged with the token's epoch; one write in flight. */
    public Optional<CsvState> flush(String n, String f) {
        check(n, f);
        return when(up.get(n) && cache.get(n).get(f) != 0 && quiet(n, f), () -> {
            CsvState s = copy();
            s.dio.add(new DiskIo(n, f, cache.get(n).get(f), tok.get(n).get(f)));
            return s;
        });
    }

    /**
     * CSV-6: the disk takes a write only with the file's current epoch (its fence) and answers the writer if it is
     * still the incarnation that issued it: accepted, the flush is acknowledged; refused, the writer drops the file.
     */
    public Optional<CsvState> diskWrite(DiskIo w) {
        check(w.node(), w.file());
        if (!dio.contains(w)) {
            return Optional.empty();
        }
        String f = w.file();
        String n = w.node();
        boolean ok = w.ep() == epoch.get(f) || bounds.has(CsvBug.DISK_IGNORES_EPOCH);
        boolean hears = up.get(n) && tok.get(n).get(f) == w.ep();
        boolean ackRefused = bounds.has(CsvBug.ACK_REFUSED_FLUSH);
        boolean acked = hears && (ok || ackRefused);
        boolean fenced = hears && !ok && !ackRefused;
        CsvState s = copy();
        s.dio.remove(w);
        if (ok) {
            s.disk.put(f, w.val());
        }
        if (acked) {
            s.durable.put(f, w.val());
        }
        if (acked && cache.get(n).get(f) == w.val() || fenced) {
            s.setCache(n, f, 0);
        }
        if (fenced) {
            s.setTok(n, f, 0);
            s.setStopped(n, f, false);
            s.seen.add("zombieFenced");
        } else if (!ok && !hears) {
            s.seen.add("staleRefused");
        }
        return Optional.of(s);
    }

    // ---------------------------------------------------------------- migration (CSV-4, CSV-5)

    /** CSV-4: coordinator c moves the VM of n (every file n holds, none migrating) to t; n stops writing them. */
    public Optional<CsvState> startMigration(String c, String n, String t) {
        checkNode(c);
        checkNode(n);
        checkNode(t);
        List<String> moving = bounds.files().stream().filter(f -> owner.get(f).equals(n) && holds(n, f)
                && granted.get(f) && mig.get(f).equals(CsvBounds.NO_NODE)).toList();
        return when(current(c) && up.get(n) && up.get(t) && !n.equals(t) && !moving.isEmpty()
                && moving.stream().allMatch(f -> epoch.get(f) < bounds.maxEpoch()), () -> {
                    CsvState s = copy();
                    for (String f : moving) {
                        s.mig.put(f, t);
                        s.setStopped(n, f, true);
                        s.migFrom.put(f, term());
                        s.migTo.put(f, 0);
                    }
                    return s;
                });
    }

    /** CSV-5: the old owner gives up its token once its dirty data of f is on disk (flushed and landed). */
    public Optional<CsvState> release(String n, String f) {
        check(n, f);
        return when(up.get(n) && stopped.get(n).get(f) && tok.get(n).get(f) != 0
                && (bounds.has(CsvBug.MIGRATE_WITHOUT_FLUSH) || cache.get(n).get(f) == 0 && quiet(n, f)), () -> {
                    CsvState s = copy();
                    s.setTok(n, f, 0);
                    s.setCache(n, f, 0);
                    s.setStopped(n, f, false);
                    return s;
                });
    }

    /** The spec's Fence(f, to, ev), on this (a fresh copy) with {@code before} the state the step starts from. */
    private void fence(CsvState before, String f, String to, Set<String> ev) {
        epoch.put(f, before.epoch.get(f) + 1);
        owner.put(f, to);
        granted.put(f, false);
        lost.put(f, before.lost.get(f) || before.dirtyHolder(before.owner.get(f), f));
        seen.addAll(ev);
    }

    /** CSV-4, CSV-6: the coordinator fences f for the migration's target, at any time (every wrong suspicion). */
    public Optional<CsvState> handoff(String c, String f) {
        check(c, f);
        String t = mig.get(f);
        return when(current(c) && !t.equals(CsvBounds.NO_NODE), () -> {
            CsvState s = copy();
            s.fence(this, f, t, up.get(owner.get(f)) ? Set.of() : Set.of("migAfterCrash"));
            s.mig.put(f, CsvBounds.NO_NODE);
            if (bounds.has(CsvBug.MIGRATION_MOVES_NAMESPACE)) {
                s.coordHist.add(t);
                s.myTerm.put(c, 0);
                s.myTerm.put(t, term() + 1);
            }
            s.migTo.put(f, s.term());
            return s;
        });
    }

    /** The coordinator sends the new owner its token; the owner drops whatever it had of f from an older epoch. */
    public Optional<CsvState> grant(String c, String f) {
        check(c, f);
        String n = owner.get(f);
        return when(current(c) && !granted.get(f) && up.get(n), () -> {
            CsvState s = copy();
            s.granted.put(f, true);
            s.setTok(n, f, epoch.get(f));
            s.setCache(n, f, 0);
            s.setStopped(n, f, false);
            return s;
        });
    }

    /** The target failed before the handoff: the migration is abandoned; the owner may write again. */
    public Optional<CsvState> abortMigration(String c, String f) {
        check(c, f);
        String t = mig.get(f);
        return when(current(c) && !t.equals(CsvBounds.NO_NODE) && !up.get(t), () -> {
            CsvState s = copy();
            s.mig.put(f, CsvBounds.NO_NODE);
            s.setStopped(owner.get(f), f, false);
            return s;
        });
    }

    // ---------------------------------------------------------------- failures (CSV-7)

    /** CSV-7: a node fails: it loses its memory, nothing else; its disk and log writes in flight may still land. */
    public Optional<CsvState> crash(String n) {
        checkNode(n);
        return when(up.get(n) && crashes < bounds.maxCrashes(), () -> {
            CsvState s = copy();
            s.up.put(n, false);
            s.myTerm.put(n, 0);
            s.tok.put(n, overFiles(bounds, 0));
            s.cache.put(n, overFiles(bounds, 0));
            s.stopped.put(n, overFiles(bounds, false));
            s.pend.removeIf(r -> r.from().equals(n));
            s.toAck.get(n).clear();
            bounds.files().forEach(f -> s.lost.put(f, lost.get(f) || dirtyHolder(n, f)));
            s.crashes = crashes + 1;
            return s;
        });
    }

    /** The node comes back with an empty memory. */
    public Optional<CsvState> restart(String n) {
        checkNode(n);
        return when(!up.get(n), () -> {
            CsvState s = copy();
            s.up.put(n, true);
            return s;
        });
    }

    /** CSV-7: the coordinator suspects f's owner (failed, or only slow) and fences f for itself. */
    public Optional<CsvState> takeback(String c, String f) {
        check(c, f);
        return when(current(c) && mig.get(f).equals(CsvBounds.NO_NODE) && granted.get(f)
                && epoch.get(f) < bounds.maxEpoch() && (!owner.get(f).equals(c) || !holds(c, f)), () -> {
                    CsvState s = copy();
                    s.fence(this, f, c, Set.of());
                    return s;
                });
    }

    /** CSV-7: n suspects the coordinator (failed, or only slow) and is elected for a new term. */
    public Optional<CsvState> failover(String n) {
        checkNode(n);
        return when(up.get(n) && myTerm.get(n) == 0 && term() < bounds.maxTerms(), () -> {
            CsvState s = copy();
            s.coordHist.add(n);
            s.myTerm.put(n, term() + 1);
            s.elected.add(term() + 1);
            if (!up.get(coord())) {
                s.seen.add("failoverAfterCrash");
            }
            return s;
        });
    }

    /** A deposed coordinator tries to write the namespace, is refused, and learns it no longer coordinates. */
    public Optional<CsvState> stepDown(String c) {
        checkNode(c);
        return when(up.get(c) && 0 < myTerm.get(c) && myTerm.get(c) < term(), () -> {
            CsvState s = copy();
            s.myTerm.put(c, 0);
            return s;
        });
    }

    // ---------------------------------------------------------------- metadata (CSV-1, CSV-3)

    /** CSV-3: n changes metadata of f: a node that believes it coordinates appends it, any other sends a request. */
    public Optional<CsvState> issue(String n, String f, String op) {
        check(n, f);
        ModelException.require(bounds.metaOps().contains(op), "unknown metadata operation: op=" + op);
        return when(up.get(n) && nextReq <= bounds.maxReqs(), () -> {
            CsvState s = copy();
            int id = nextReq;
            s.nextReq = id + 1;
            if (myTerm.get(n) != 0) {
                s.nsio.add(new Append(id, n, f, op, n, myTerm.get(n)));
            } else if (bounds.has(CsvBug.NON_COORD_APPLIES)) {
                s.nsLog.add(new LogEntry(id, n, f, op));
                s.nsHist.add(new HistEntry(n, term()));
            } else {
                Req r = new Req(id, n, f, op);
                s.net.add(r);
                s.pend.add(r);
            }
            return s;
        });
    }

    /**
     * CSV-3: c, believing it coordinates, receives a request (perhaps again). Already in the log: it acks it again;
     * else, unless its own append of it is in flight, it issues the append with its term. The ack waits for it.
     */
    public Optional<CsvState> handleRequest(String c, Msg m) {
        checkNode(c);
        if (!(m instanceof Req r) || !net.contains(m) || !up.get(c) || myTerm.get(c) == 0) {
            return Optional.empty();
        }
        boolean noDedup = bounds.has(CsvBug.NO_DEDUP);
        if (appliedIds().contains(r.id()) && !noDedup) {
            CsvState s = copy();
            s.net.add(new Ack(r.id(), r.from()));
            return Optional.of(s);
        }
        int t = myTerm.get(c);
        boolean mine = nsio.stream().anyMatch(a -> a.by().equals(c) && a.term() == t && a.id() == r.id());
        return when(noDedup || !mine, () -> {
            CsvState s = copy();
            s.nsio.add(new Append(r.id(), r.from(), r.file(), r.op(), c, t));
            if (bounds.has(CsvBug.ACK_BEFORE_DURABLE)) {
                s.net.add(new Ack(r.id(), r.from()));
            }
            return s;
        });
    }

    /**
     * CSV-1, CSV-7: the namespace log takes an append only with the current term, and answers the writer if it is
     * the incarnation that issued it: landed, the request is to be acked; refused, it steps down.
     */
    public Optional<CsvState> logWrite(Append a) {
        checkNode(a.by());
        if (!nsio.contains(a)) {
            return Optional.empty();
        }
        boolean ok = a.term() == term() || bounds.has(CsvBug.LOG_IGNORES_TERM);
        boolean hears = up.get(a.by()) && myTerm.get(a.by()) == a.term();
        CsvState s = copy();
        s.nsio.remove(a);
        if (ok) {
            s.nsLog.add(new LogEntry(a.id(), a.from(), a.file(), a.op()));
            s.nsHist.add(new HistEntry(a.by(), term()));
            if (hears && !a.from().equals(a.by())) {
                s.toAck.get(a.by()).add(new AckDue(a.id(), a.from()));
            }
        } else if (hears) {
            s.myTerm.put(a.by(), 0);
            s.seen.add("termRefused");
        }
        return Optional.of(s);
    }

    /** CSV-3: the coordinator acknowledges a request whose append it saw land. */
    public Optional<CsvState> sendAck(String c, AckDue r) {
        checkNode(c);
        return when(up.get(c) && toAck.get(c).contains(r), () -> {
            CsvState s = copy();
            s.toAck.get(c).remove(r);
            s.net.add(new Ack(r.id(), r.from()));
            return s;
        });
    }

    /** The sender learns its request was applied (ghost told); the ack stays in the network. */
    public Optional<CsvState> receiveAck(Msg m) {
        if (!(m instanceof Ack k) || !net.contains(m)) {
            return Optional.empty();
        }
        checkNode(k.to());
        return when(up.get(k.to()) && pend.stream().anyMatch(r -> r.id() == k.id()), () -> {
            CsvState s = copy();
            s.pend.removeIf(r -> r.id() == k.id());
            s.told.add(k.id());
            return s;
        });
    }

    /** The sender sends a pending request again. */
    public Optional<CsvState> retry(Req r) {
        return when(pend.contains(r) && !net.contains(r) && up.get(r.from()), () -> {
            CsvState s = copy();
            s.net.add(r);
            return s;
        });
    }

    /** The network loses a message. */
    public Optional<CsvState> drop(Msg m) {
        return when(net.contains(m), () -> {
            CsvState s = copy();
            s.net.remove(m);
            return s;
        });
    }

    // ---------------------------------------------------------------- actions by record

    /** The action's next state, or empty if the spec disables it here. */
    public Optional<CsvState> apply(CsvAction a) {
        return switch (a) {
            case CsvAction.Write x -> write(x.n(), x.f());
            case CsvAction.Flush x -> flush(x.n(), x.f());
            case CsvAction.DiskWrite x -> diskWrite(x.w());
            case CsvAction.StartMigration x -> startMigration(x.c(), x.n(), x.t());
            case CsvAction.Release x -> release(x.n(), x.f());
            case CsvAction.Handoff x -> handoff(x.c(), x.f());
            case CsvAction.Grant x -> grant(x.c(), x.f());
            case CsvAction.AbortMigration x -> abortMigration(x.c(), x.f());
            case CsvAction.Crash x -> crash(x.n());
            case CsvAction.Restart x -> restart(x.n());
            case CsvAction.Takeback x -> takeback(x.c(), x.f());
            case CsvAction.Failover x -> failover(x.n());
            case CsvAction.StepDown x -> stepDown(x.c());
            case CsvAction.Issue x -> issue(x.n(), x.f(), x.op());
            case CsvAction.HandleRequest x -> handleRequest(x.c(), x.m());
            case CsvAction.LogWrite x -> logWrite(x.a());
            case CsvAction.SendAck x -> sendAck(x.c(), x.r());
            case CsvAction.ReceiveAck x -> receiveAck(x.m());
            case CsvAction.Retry x -> retry(x.r());
            case CsvAction.Drop x -> drop(x.m());
        };
    }

    /** Every action with every argument the spec's {@code Next} tries here, in {@code Next}'s order. */
    public List<CsvAction> candidates() {
        List<String> nodes = bounds.nodes();
        List<String> files = bounds.files();
        List<CsvAction> all = new ArrayList<>();
        for (String n : nodes) {
            for (String f : files) {
                all.add(new CsvAction.Write(n, f));
                all.add(new CsvAction.Flush(n, f));
                all.add(new CsvAction.Release(n, f));
            }
        }
        dio.forEach(w -> all.add(new CsvAction.DiskWrite(w)));
        for (String c : nodes) {
            for (String n : nodes) {
                for (String t : nodes) {
                    all.add(new CsvAction.StartMigration(c, n, t));
                }
            }
        }
        for (String c : nodes) {
            for (String f : files) {
                all.add(new CsvAction.Handoff(c, f));
                all.add(new CsvAction.Grant(c, f));
                all.add(new CsvAction.AbortMigration(c, f));
                all.add(new CsvAction.Takeback(c, f));
            }
        }
        for (String n : nodes) {
            all.add(new CsvAction.Crash(n));
            all.add(new CsvAction.Restart(n));
            all.add(new CsvAction.Failover(n));
            all.add(new CsvAction.StepDown(n));
        }
        for (String n : nodes) {
            for (String f : files) {
                bounds.metaOps().stream().sorted().forEach(op -> all.add(new CsvAction.Issue(n, f, op)));
            }
        }
        for (String c : nodes) {
            net.forEach(m -> all.add(new CsvAction.HandleRequest(c, m)));
        }
        nsio.forEach(a -> all.add(new CsvAction.LogWrite(a)));
        for (String c : nodes) {
            toAck.get(c).forEach(r -> all.add(new CsvAction.SendAck(c, r)));
        }
        for (Msg m : net) {
            all.add(new CsvAction.ReceiveAck(m));
            all.add(new CsvAction.Drop(m));
        }
        pend.forEach(r -> all.add(new CsvAction.Retry(r)));
        return all;
    }

    /** The actions enabled now, in the order of {@link #candidates()}. */
    public List<CsvAction> enabled() {
        return candidates().stream().filter(a -> apply(a).isPresent()).toList();
    }

    // ---------------------------------------------------------------- invariants (names as in the spec)

    /** TypeOK, the parts that Java's types do not already say: every number within its bound. */
    public boolean typeOK() {
        int maxE = bounds.maxEpoch();
        boolean nodesOk = bounds.nodes().stream().allMatch(n -> myTerm.get(n) >= 0 && myTerm.get(n) <= bounds.maxTerms()
                && bounds.files().stream().allMatch(f -> tok.get(n).get(f) >= 0 && tok.get(n).get(f) <= maxE
                        && cache.get(n).get(f) >= 0));
        boolean filesOk = bounds.files().stream().allMatch(f -> epoch.get(f) >= 1 && epoch.get(f) <= maxE
                && disk.get(f) >= 0 && (bounds.nodes().contains(mig.get(f)) || mig.get(f).equals(CsvBounds.NO_NODE)));
        return nodesOk && filesOk && term() >= 1 && term() <= bounds.maxTerms()
                && dio.stream().allMatch(w -> w.val() != 0 && w.ep() >= 1 && w.ep() <= maxE)
                && nsio.stream().allMatch(a -> a.term() >= 1 && a.term() <= bounds.maxTerms())
                && crashes >= 0 && crashes <= bounds.maxCrashes() && nsHist.size() == nsLog.size()
                && elected.stream().allMatch(t -> t >= 2 && t <= bounds.maxTerms()) && EVENTS.containsAll(seen);
    }

    /**
     * CSV-6: at most one node writes f in the current epoch: only the owner holds the current token, only the
     * owner's writes can pass the fence, and dirty data exists only under a token.
     */
    public boolean oneWriter() {
        for (String f : bounds.files()) {
            String o = owner.get(f);
            for (String n : bounds.nodes()) {
                if (holds(n, f) && !n.equals(o) || cache.get(n).get(f) != 0 && tok.get(n).get(f) == 0) {
                    return false;
                }
            }
            if (dio.stream().anyMatch(w -> w.file().equals(f) && w.ep() == epoch.get(f) && !w.node().equals(o))) {
                return false;
            }
        }
        return true;
    }

    /** CSV-6: no write of an epoch that is over reaches the disk: nothing newer than the latest acknowledged write. */
    public boolean staleWritesFenced() {
        return bounds.files().stream().allMatch(f -> disk.get(f) <= ackd.get(f));
    }

    /**
     * CSV-5, CSV-7: a reader sees at least the latest acknowledged flush and nothing newer than the latest
     * acknowledged write; exactly that write unless it was lost (its holder crashed or was fenced with it unflushed).
     */
    public boolean noLostWrite() {
        return bounds.files().stream().allMatch(f -> durable.get(f) <= view(f) && view(f) <= ackd.get(f)
                && (lost.get(f) || view(f) == ackd.get(f)));
    }

    /** CSV-1, CSV-3: every log entry was written by the coordinator of the term in which it landed. */
    public boolean onlyCoordinatorChangesMetadata() {
        return nsHist.stream().allMatch(h -> h.by().equals(coordHist.get(h.term() - 1)));
    }

    /** CSV-3: a duplicated request is applied once. */
    public boolean appliedOnce() {
        return appliedIds().size() == nsLog.size();
    }

    /** CSV-3, CSV-7: a request whose sender was told it is done is in the namespace log. */
    public boolean ackedApplied() {
        return appliedIds().containsAll(told);
    }

    /** CSV-4: during a migration the namespace changed hands only by elections. */
    public boolean migrationKeepsNamespace() {
        for (String f : bounds.files()) {
            for (int t = migFrom.get(f) + 1; migTo.get(f) != 0 && t <= migTo.get(f); t++) {
                if (!elected.contains(t)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The invariants that do not hold, by their spec names (empty: all hold). */
    public List<String> violatedInvariants() {
        List<String> violated = new ArrayList<>();
        Map<String, Boolean> checks = new java.util.LinkedHashMap<>();
        checks.put("TypeOK", typeOK());
        checks.put("OneWriter", oneWriter());
        checks.put("StaleWritesFenced", staleWritesFenced());
        checks.put("NoLostWrite", noLostWrite());
        checks.put("OnlyCoordinatorChangesMetadata", onlyCoordinatorChangesMetadata());
        checks.put("AppliedOnce", appliedOnce());
        checks.put("AckedApplied", ackedApplied());
        checks.put("MigrationKeepsNamespace", migrationKeepsNamespace());
        checks.forEach((name, holds) -> {
            if (!holds) {
                violated.add(name);
            }
        });
        return violated;
    }

    // ---------------------------------------------------------------- the variables, read-only

    public CsvBounds bounds() {
        return bounds;
    }

    public boolean up(String n) {
        return up.get(n);
    }

    public int myTerm(String n) {
        return myTerm.get(n);
    }

    public int tok(String n, String f) {
        return tok.get(n).get(f);
    }

    public int cache(String n, String f) {
        return cache.get(n).get(f);
    }

    public boolean stopped(String n, String f) {
        return stopped.get(n).get(f);
    }

    public Set<Req> pend() {
        return Collections.unmodifiableSet(pend);
    }

    public Set<AckDue> toAck(String n) {
        return Collections.unmodifiableSet(toAck.get(n));
    }

    public List<String> coordHist() {
        return Collections.unmodifiableList(coordHist);
    }

    public String owner(String f) {
        return owner.get(f);
    }

    public int epoch(String f) {
        return epoch.get(f);
    }

    public boolean granted(String f) {
        return granted.get(f);
    }

    public String mig(String f) {
        return mig.get(f);
    }

    public List<LogEntry> nsLog() {
        return Collections.unmodifiableList(nsLog);
    }

    public int disk(String f) {
        return disk.get(f);
    }

    public Set<DiskIo> dio() {
        return Collections.unmodifiableSet(dio);
    }

    public Set<Append> nsio() {
        return Collections.unmodifiableSet(nsio);
    }

    public Set<Msg> net() {
        return Collections.unmodifiableSet(net);
    }

    public int nextReq() {
        return nextReq;
    }

    public int nextVal(String f) {
        return nextVal.get(f);
    }

    public int crashes() {
        return crashes;
    }

    public List<HistEntry> nsHist() {
        return Collections.unmodifiableList(nsHist);
    }

    public Set<Integer> elected() {
        return Collections.unmodifiableSet(elected);
    }

    public int migFrom(String f) {
        return migFrom.get(f);
    }

    public int migTo(String f) {
        return migTo.get(f);
    }

    public Set<Integer> told() {
        return Collections.unmodifiableSet(told);
    }

    public int ackd(String f) {
        return ackd.get(f);
    }

    public int durable(String f) {
        return durable.get(f);
    }

    public boolean lost(String f) {
        return lost.get(f);
    }

    public Set<String> seen() {
        return Collections.unmodifiableSet(seen);
    }

    @Override
    public String toString() {
        return "CsvState[up=" + up + " myTerm=" + myTerm + " tok=" + tok + " cache=" + cache + " stopped=" + stopped
                + " pend=" + pend + " toAck=" + toAck + " coordHist=" + coordHist + " owner=" + owner + " epoch="
                + epoch + " granted=" + granted + " mig=" + mig + " nsLog=" + nsLog + " disk=" + disk + " dio=" + dio
                + " nsio=" + nsio + " net=" + net + " nextReq=" + nextReq + " nextVal=" + nextVal + " crashes="
                + crashes + " nsHist=" + nsHist + " elected=" + elected + " migFrom=" + migFrom + " migTo=" + migTo
                + " told=" + told + " ackd=" + ackd + " durable=" + durable + " lost=" + lost + " seen=" + seen + "]";
    }
}
