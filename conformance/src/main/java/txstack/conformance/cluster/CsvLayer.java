package txstack.conformance.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.explorer.CallOutcome;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CrashAt;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.LayerRun;
import txstack.conformance.explorer.PowerLoss;
import txstack.conformance.explorer.Recovery;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Span;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.StepOutcome;
import txstack.conformance.explorer.Violated;
import txstack.conformance.rig.Rig;
import txstack.model.cluster.CsvAction;
import txstack.model.cluster.CsvBounds;
import txstack.model.cluster.CsvState;
import txstack.spi.cluster.ClusterEngine;
import txstack.spi.cluster.ClusterException;
import txstack.spi.cluster.ClusterMessage;
import txstack.spi.cluster.ClusterNetwork;
import txstack.spi.cluster.ClusterSession;
import txstack.spi.cluster.ClusterShape;
import txstack.spi.cluster.ClusterView;

/**
 * The CSV suite's side of one workload: the engine's cluster and the model of {@code CsvOwnership.tla} ({@link
 * CsvState}) side by side. Each step is one call on the engine and the sequence of spec actions it stands for; the
 * engine's result must be the model's (a write taken or refused, a flush landed or fenced, a resize applied or
 * refused for a stale term), and where the spec leaves a choice (a stale coordinator that still acks a request it
 * finds applied, or learns it was deposed) the engine's choice picks the action. After every step the namespace on
 * the shared disk (term, owners, sizes, the applied requests in order), every file's data on the disk, and every
 * node's view (up, believes it coordinates, its pending requests) must be the model's. After a power loss at any
 * moment the whole cluster starts again with node 0 taking over (another if node 0 was the target of the migration
 * the power loss interrupted), and what the shared disk holds must be one of the states the model passed through in
 * the interrupted step, after a failover. Messages go through the suite's own
 * network: delivered any number of times, lost, resent.
 */
final class CsvLayer implements LayerRun<CsvStep, List<CsvState>> {
    private static final String RESIZE = "resize";

    private final ClusterEngine engine;
    private final CsvSetup setup;
    private final CaseContext context;
    private final ClusterShape shape;
    private final CsvBounds bounds;
    /** What the engine handed the network during the current call. */
    private final List<ClusterMessage> sent = new ArrayList<>();
    private final ClusterNetwork network = sent::add;
    /** The suite's network: every message in flight, in the order sent; delivering one leaves it there. */
    private final List<ClusterMessage> inFlight = new ArrayList<>();
    /** The engine's request ids and the model's. */
    private final Map<Long, Integer> modelIds = new HashMap<>();
    private final Map<Integer, Long> sizes = new HashMap<>();
    /** Every request sent as a message, by the model's id. */
    private final Map<Integer, CsvState.Req> requests = new HashMap<>();
    private Rig rig;
    private ClusterSession session;
    private CsvState model;
    /** Requests the engine applied while formatting: not the workload's. */
    private int setupApplied;

    CsvLayer(ClusterEngine engine, CsvSetup setup, CaseContext context) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
        this.shape = setup.shape();
        List<String> nodes = new ArrayList<>();
        for (int n = 0; n < shape.nodes(); n++) {
            nodes.add(node(n));
        }
        List<String> files = new ArrayList<>();
        for (int f = 0; f < shape.files(); f++) {
            files.add(file(f));
        }
        int max = CsvBounds.BOUND_MAX;
        this.bounds = new CsvBounds(nodes, files, node(0), node(shape.firstOwner()), Set.of(RESIZE), max, max, max,
                max, max, Set.of());
    }

    static String node(int n) {
        return "n" + (n + 1);
    }

    static String file(int f) {
        return "f" + (f + 1);
    }

    private static int nodeIndex(String n) {
        return Integer.parseInt(n.substring(1)) - 1;
    }

    @Override
    public Start<List<CsvState>> start() {
        rig = setup.rig();
        try {
            session = engine.format(rig.devices(), shape, network);
            setupApplied = session.view().applied().size();
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format on " + setup + ": " + e, e);
        }
        sent.clear();
        model = CsvState.initial(bounds);
        List<CsvState> ready = List.of(model);
        compareDurable(session, model, "after format", Requirement.CSV_1);
        Span<List<CsvState>> span = new Span<>(-1, "format", 0, rig.size(), at -> ready, true, true, null);
        return new Start<>(rig, span, rig.size() + " device ops; " + setup);
    }

    /** A step the model cannot take here (a bound, a node already up, a migration it would not start) is skipped. */
    @Override
    public boolean applicable(CsvStep step) {
        return switch (step) {
            case CsvStep.Write w -> inRange(w.node(), w.file()) && model.nextVal(file(w.file())) <= bounds.maxWrites();
            case CsvStep.Flush f -> inRange(f.node(), f.file());
            case CsvStep.Resize r -> inRange(r.node(), r.file()) && model.nextReq() <= bounds.maxReqs()
                    && r.sizeBytes() >= 0 && r.sizeBytes() <= (long) shape.blocksPerFile() * setup.sectorSizeBytes();
            case CsvStep.Deliver d -> !inFlight.isEmpty();
            case CsvStep.Drop d -> !inFlight.isEmpty();
            case CsvStep.Retry r -> inRange(r.node(), 0);
            case CsvStep.Migrate m -> inRange(m.source(), 0) && inRange(m.target(), 0) && migrationStarts(m);
            case CsvStep.MigrateOwnerOf m -> inRange(0, m.file()) && inRange(m.target(), 0)
                    && migrationStarts(resolve(m));
            case CsvStep.TakeBack t -> inRange(0, t.file()) && model.takeback(model.coord(), file(t.file()))
                    .flatMap(s -> s.grant(model.coord(), file(t.file()))).isPresent();
            case CsvStep.Crash c -> inRange(c.node(), 0) && model.crash(node(c.node())).isPresent();
            case CsvStep.Restart r -> inRange(r.node(), 0) && model.restart(node(r.node())).isPresent();
            // The spec's coordinator never acks a request of its own: a node with requests pending is not elected.
            case CsvStep.Failover f -> inRange(f.node(), 0) && model.failover(node(f.node())).isPresent()
                    && pendingIds(node(f.node())).isEmpty();
            case CsvStep.PowerLoss p -> model.crashes() + shape.nodes() <= bounds.maxCrashes()
                    && model.term() < bounds.maxTerms();
            case CsvStep.Check c -> true;
        };
    }

    private boolean inRange(int n, int f) {
        return n >= 0 && n < shape.nodes() && f >= 0 && f < shape.files();
    }

    /** The migration of the files of {@code m.file()}'s owner, as the model's namespace says now. */
    private CsvStep.Migrate resolve(CsvStep.MigrateOwnerOf m) {
        return new CsvStep.Migrate(nodeIndex(model.owner(file(m.file()))), m.target());
    }

    /** The model starts it, and it moves every file the source owns (else the engine's and the spec's VM differ). */
    private boolean migrationStarts(CsvStep.Migrate m) {
        String n = node(m.source());
        Optional<CsvState> started = model.startMigration(model.coord(), n, node(m.target()));
        return started.isPresent() && bounds.files().stream().filter(f -> model.owner(f).equals(n))
                .allMatch(f -> !started.get().mig(f).equals(CsvBounds.NO_NODE));
    }

    @Override
    public Optional<PowerLoss> powerLoss(CsvStep step) {
        return step instanceof CsvStep.PowerLoss p ? Optional.of(new PowerLoss(p.entriesBack(), p.image()::choose))
                : Optional.empty();
    }

    @Override
    public StepOutcome<List<CsvState>> step(int index, CsvStep step) {
        List<CsvState> passed = new ArrayList<>();
        passed.add(model);
        String outcome;
        try {
            outcome = perform(step, passed);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (ClusterException e) {
            throw new Violated(requirementOf(step), step + " failed, the contract says it succeeds", "observed: " + e);
        } catch (RuntimeException e) {
            throw new Violated(requirementOf(step), step + " failed with an exception the contract does not name: "
                    + e);
        }
        List<CsvState> during = List.copyOf(passed);
        List<CsvState> after = List.of(model);
        Function<CrashAt, List<CsvState>> allowed = at -> at.last() ? after : during;
        return StepOutcome.of(outcome, allowed);
    }

    @Override
    public void afterStep(int index, CsvStep step) {
        String when = "after " + step;
        compareDurable(session, model, when, requirementOf(step));
        compareNodes(when, requirementOf(step));
        List<String> broken = model.violatedInvariants();
        if (!broken.isEmpty()) {
            throw new IllegalStateException("harness: the model broke its own invariants " + broken + " " + when);
        }
    }

    // ---- the steps ----

    private String perform(CsvStep step, List<CsvState> passed) {
        sent.clear();
        String outcome = switch (step) {
            case CsvStep.Write w -> write(w, passed);
            case CsvStep.Flush f -> flush(f, passed);
            case CsvStep.Resize r -> resize(r, passed);
            case CsvStep.Deliver d -> deliver(d, passed);
            case CsvStep.Drop d -> drop(d, passed);
            case CsvStep.Retry r -> retry(r, passed);
            case CsvStep.Migrate m -> migrate(m, passed);
            case CsvStep.MigrateOwnerOf m -> migrate(resolve(m), passed);
            case CsvStep.TakeBack t -> takeBack(t, passed);
            case CsvStep.Crash c -> {
                session.crash(c.node());
                advance(new CsvAction.Crash(node(c.node())), passed);
                yield "crashed";
            }
            case CsvStep.Restart r -> {
                session.restart(r.node());
                advance(new CsvAction.Restart(node(r.node())), passed);
                yield "up";
            }
            case CsvStep.Failover f -> {
                session.failover(f.node());
                advance(new CsvAction.Failover(node(f.node())), passed);
                context.stats().checked(Requirement.CSV_7);
                yield "term " + model.term();
            }
            case CsvStep.Check c -> "as expected";
            case CsvStep.PowerLoss p -> throw new IllegalStateException("harness: a power loss is not a call");
        };
        if (!(step instanceof CsvStep.Resize || step instanceof CsvStep.Deliver || step instanceof CsvStep.Retry)
                && !sent.isEmpty()) {
            throw new Violated(requirementOf(step), step + " sent messages the contract does not send",
                    "observed: " + sent);
        }
        return outcome;
    }

    private String write(CsvStep.Write w, List<CsvState> passed) {
        String n = node(w.node());
        String f = file(w.file());
        int value = model.nextVal(f);
        Optional<CsvState> next = model.write(n, f);
        Enum<?> expected = next.isPresent() ? null : !model.up(n) ? ClusterException.Kind.NODE_DOWN
                : ClusterException.Kind.NOT_OWNER;
        Optional<ClusterException> failure = attempt(() -> session.write(w.node(), w.file(), 0,
                block(w.file(), value, setup.sectorSizeBytes())));
        compareOutcome(w, Requirement.CSV_2, expected, failure);
        next.ifPresent(s -> record(s, passed));
        return next.isPresent() ? "value " + value + (model.tok(n, f) == model.epoch(f) ? "" : ", a zombie's")
                : "refused as expected: " + expected;
    }

    private String flush(CsvStep.Flush fl, List<CsvState> passed) {
        String n = node(fl.node());
        String f = file(fl.file());
        Optional<CsvState> issued = model.flush(n, f);
        Enum<?> expected;
        String note;
        CsvState.DiskIo io = null;
        if (!model.up(n)) {
            expected = ClusterException.Kind.NODE_DOWN;
            note = "refused as expected: node down";
        } else if (issued.isEmpty()) {
            expected = null;
            note = "nothing to flush";
        } else {
            io = new CsvState.DiskIo(n, f, model.cache(n, f), model.tok(n, f));
            boolean lands = io.ep() == model.epoch(f);
            expected = lands ? null : ClusterException.Kind.FENCED;
            note = lands ? "value " + io.val() + " landed" : "value " + io.val() + " fenced off (epoch " + io.ep()
                    + ", the file's " + model.epoch(f) + ")";
        }
        Optional<ClusterException> failure = attempt(() -> session.flush(fl.node(), fl.file()));
        compareOutcome(fl, Requirement.CSV_6, expected, failure);
        if (io != null) {
            record(issued.get(), passed);
            advance(new CsvAction.DiskWrite(io), passed);
        }
        return note;
    }

    private String resize(CsvStep.Resize r, List<CsvState> passed) {
        String n = node(r.node());
        String f = file(r.file());
        boolean up = model.up(n);
        boolean believes = up && model.myTerm(n) != 0;
        int id = model.nextReq();
        Enum<?> expected = !up ? ClusterException.Kind.NODE_DOWN
                : believes && model.myTerm(n) != model.term() ? ClusterException.Kind.FENCED : null;
        long[] engineId = new long[1];
        Optional<ClusterException> failure = attempt(() -> engineId[0] = session.requestResize(r.node(), r.file(),
                r.sizeBytes()));
        Requirement property = believes ? Requirement.CSV_1 : Requirement.CSV_3;
        compareOutcome(r, property, expected, failure);
        if (!up) {
            return "refused as expected: node down";
        }
        advance(new CsvAction.Issue(n, f, RESIZE), passed);
        sizes.put(id, r.sizeBytes());
        if (failure.isEmpty()) {
            if (modelIds.putIfAbsent(engineId[0], id) != null) {
                throw new Violated(Requirement.CSV_3, r + " gave a request id used before", "observed: id "
                        + engineId[0]);
            }
        }
        if (believes) {
            CsvState.Append a = new CsvState.Append(id, n, f, RESIZE, n, model.myTerm(n));
            advance(new CsvAction.LogWrite(a), passed);
            return expected == null ? "applied by the coordinator" : "refused: term " + a.term() + " is stale";
        }
        List<ClusterMessage> requests = sent.stream().filter(m -> m.kind() == ClusterMessage.Kind.REQUEST).toList();
        if (requests.size() != 1 || requests.getFirst().request() != engineId[0]
                || requests.getFirst().from() != r.node() || sent.size() != 1) {
            throw new Violated(Requirement.CSV_3, r + " did not send the one request it returned", "observed: "
                    + sent);
        }
        this.requests.put(id, new CsvState.Req(id, n, f, RESIZE));
        track(requests.getFirst());
        return "request " + id + " sent to N" + requests.getFirst().to();
    }

    private String deliver(CsvStep.Deliver d, List<CsvState> passed) {
        ClusterMessage m = inFlight.get(Math.floorMod(d.index(), inFlight.size()));
        CsvState.Msg msg = modelMessage(m);
        String to = node(m.to());
        session.deliver(m);
        List<ClusterMessage> acks = List.copyOf(sent);
        if (msg instanceof CsvState.Ack ack) {
            if (!acks.isEmpty()) {
                throw new Violated(Requirement.CSV_3, "delivering " + m + " made the engine send " + acks);
            }
            Optional<CsvState> next = model.receiveAck(ack);
            next.ifPresent(s -> record(s, passed));
            return next.isPresent() ? "request " + ack.id() + " settled" : "ignored";
        }
        CsvState.Req req = (CsvState.Req) msg;
        boolean handles = model.up(to) && model.myTerm(to) != 0;
        if (!handles) {
            if (!acks.isEmpty()) {
                throw new Violated(Requirement.CSV_1, m + " reached a node that does not coordinate, which acked it",
                        "observed: " + acks);
            }
            return "ignored: N" + m.to() + (model.up(to) ? " does not coordinate" : " is down");
        }
        boolean acked = acks.size() == 1 && acks.getFirst().kind() == ClusterMessage.Kind.ACK
                && acks.getFirst().request() == m.request() && acks.getFirst().to() == m.from()
                && acks.getFirst().from() == m.to();
        if (!acks.isEmpty() && !acked) {
            throw new Violated(Requirement.CSV_3, "delivering " + m + " made the engine send what the contract does "
                    + "not", "observed: " + acks);
        }
        if (acked) {
            boolean applied = model.nsLog().stream().anyMatch(e -> e.id() == req.id());
            advance(new CsvAction.HandleRequest(to, req), passed);
            if (!applied) {
                CsvState.Append a = new CsvState.Append(req.id(), req.from(), req.file(), req.op(), to,
                        model.myTerm(to));
                advance(new CsvAction.LogWrite(a), passed);
                CsvState.AckDue due = new CsvState.AckDue(req.id(), req.from());
                if (!model.toAck(to).contains(due)) {
                    throw new Violated(Requirement.CSV_1, "N" + m.to() + " acked request " + req.id()
                            + " although the namespace refused its term", "expected: no ack (term " + model.term()
                            + ", N" + m.to() + "'s " + a.term() + ")");
                }
                advance(new CsvAction.SendAck(to, due), passed);
            }
            track(acks.getFirst());
            context.stats().checked(Requirement.CSV_3);
            return applied ? "acked again (applied before)" : "applied and acked";
        }
        // No ack: a coordinator that learned it was deposed drops the request; a current one may drop it only if
        // its sender has crashed since (nobody waits for it: the spec's coordinator need not handle it).
        if (session.believesItCoordinates(m.to()) && !model.pend().contains(req)) {
            return "ignored: its sender restarted since";
        }
        if (session.believesItCoordinates(m.to())) {
            throw new Violated(Requirement.CSV_3, "N" + m.to() + ", the coordinator, neither applied nor acked "
                    + m, "expected: " + (model.myTerm(to) == model.term() ? "applied durably, then acked"
                    : "acked if applied, else refused by the disk (deposed)"));
        }
        Optional<CsvState> stepped = model.stepDown(to);
        if (stepped.isEmpty()) {
            throw new Violated(Requirement.CSV_3, "N" + m.to() + " gave up coordinating on " + m + " though it is "
                    + "the coordinator of the current term", "expected: applied durably, then acked");
        }
        record(stepped.get(), passed);
        context.stats().checked(Requirement.CSV_7);
        return "refused: N" + m.to() + " was deposed";
    }

    private String drop(CsvStep.Drop d, List<CsvState> passed) {
        ClusterMessage m = inFlight.remove(Math.floorMod(d.index(), inFlight.size()));
        CsvState.Msg msg = modelMessage(m);
        if (inFlight.stream().noneMatch(other -> modelMessage(other).equals(msg))) {
            advance(new CsvAction.Drop(msg), passed);
        }
        return "lost " + m;
    }

    private String retry(CsvStep.Retry r, List<CsvState> passed) {
        String n = node(r.node());
        Enum<?> expected = model.up(n) ? null : ClusterException.Kind.NODE_DOWN;
        Optional<ClusterException> failure = attempt(() -> session.retry(r.node()));
        compareOutcome(r, Requirement.CSV_3, expected, failure);
        if (expected != null) {
            return "refused as expected: node down";
        }
        Set<Integer> resent = new TreeSet<>();
        for (ClusterMessage m : sent) {
            if (m.kind() != ClusterMessage.Kind.REQUEST || m.from() != r.node()) {
                throw new Violated(Requirement.CSV_3, r + " sent what the contract does not", "observed: " + sent);
            }
            CsvState.Req req = (CsvState.Req) modelMessage(m);
            resent.add(req.id());
            if (!model.net().contains(req)) {
                advance(new CsvAction.Retry(req), passed);
            }
            track(m);
        }
        Set<Integer> pending = pendingIds(n);
        if (!resent.equals(pending)) {
            throw new Violated(Requirement.CSV_3, r + " did not send exactly its pending requests again",
                    "expected: " + pending + "\nobserved: " + resent);
        }
        return resent.isEmpty() ? "nothing pending" : "resent " + resent;
    }

    private String migrate(CsvStep.Migrate m, List<CsvState> passed) {
        String c = model.coord();
        String n = node(m.source());
        String t = node(m.target());
        session.migrate(m.source(), m.target());
        advance(new CsvAction.StartMigration(c, n, t), passed);
        List<String> moving = bounds.files().stream().filter(f -> model.mig(f).equals(t)).toList();
        for (String f : moving) {
            if (model.cache(n, f) != 0) {
                advance(new CsvAction.Flush(n, f), passed);
                advance(new CsvAction.DiskWrite(new CsvState.DiskIo(n, f, model.cache(n, f), model.tok(n, f))),
                        passed);
            }
            advance(new CsvAction.Release(n, f), passed);
            advance(new CsvAction.Handoff(c, f), passed);
            advance(new CsvAction.Grant(c, f), passed);
        }
        context.stats().checked(Requirement.CSV_4);
        context.stats().checked(Requirement.CSV_5);
        return moving.size() + " files moved";
    }

    private String takeBack(CsvStep.TakeBack t, List<CsvState> passed) {
        String c = model.coord();
        String f = file(t.file());
        String from = model.owner(f);
        boolean alive = model.up(from) && model.tok(from, f) != 0;
        session.takeBack(t.file());
        advance(new CsvAction.Takeback(c, f), passed);
        advance(new CsvAction.Grant(c, f), passed);
        context.stats().checked(Requirement.CSV_7);
        return "from N" + nodeIndex(from) + (alive && !from.equals(c) ? " (alive: a suspicion)" : "");
    }

    // ---- recovery ----

    @Override
    public Recovery<List<CsvState>> recover(Rig restored, List<CsvState> allowed, Depth depth, long seed) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        sent.clear();
        ClusterSession recovered;
        int coordinator = coordinatorAfterPowerLoss(allowed);
        try {
            recovered = engine.open(restored.devices(), shape, network, coordinator);
        } catch (Violated | LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.CSV_7, "starting the cluster again failed on a state a power loss may "
                    + "leave", "observed: " + e);
        }
        int entries = restored.size();
        CsvState matched = null;
        Violated last = null;
        for (int k = allowed.size() - 1; k >= 0 && matched == null; k--) {
            CsvState candidate = restarted(allowed.get(k), coordinator);
            try {
                compareDurable(recovered, candidate, "after the cluster started again", Requirement.CSV_7);
                matched = candidate;
            } catch (Violated v) {
                last = last == null ? v : last;
            }
        }
        if (matched == null) {
            throw new Violated(last.violation().property(), "after a power loss: " + last.violation().summary(),
                    last.violation().details() + "\nallowed: any of the " + allowed.size() + " states the model "
                    + "passed through in the interrupted step, then a failover to N" + coordinator);
        }
        context.stats().checked(Requirement.CSV_7);
        if (depth == Depth.CONTINUE) {
            rig = restored;
            session = recovered;
            model = matched;
            // Steps after the moment of the power loss never happened: neither did the messages they sent.
            CsvState now = matched;
            inFlight.removeIf(m -> !now.net().contains(modelMessage(m)));
            // Nor did their requests: a node whose boot never became durable may give one of their ids again.
            modelIds.values().removeIf(id -> id >= now.nextReq());
            requests.keySet().removeIf(id -> id >= now.nextReq());
            compareNodes("after the cluster started again", Requirement.CSV_7);
        }
        // A second power loss inside the recovery, or before its first write landed: what the first one allowed,
        // or what this recovery found (with its term raised once more by the next start).
        List<CsvState> during = new ArrayList<>(allowed);
        during.add(matched);
        return new Recovery<>(entries, List.copyOf(during), List.copyOf(during), "recovered: " + entries
                + " device ops, term " + matched.term());
    }

    /**
     * The node that takes over after a power loss: node 0, unless it is the target of a migration the power loss
     * interrupted (the engine forgets it; the spec abandons it only while its target is down), then the lowest other.
     */
    private int coordinatorAfterPowerLoss(List<CsvState> allowed) {
        Set<Integer> targets = new TreeSet<>();
        for (CsvState s : allowed) {
            bounds.files().stream().map(s::mig).filter(t -> !t.equals(CsvBounds.NO_NODE))
                    .forEach(t -> targets.add(nodeIndex(t)));
        }
        int c = 0;
        while (targets.contains(c)) {
            c++;
        }
        return c;
    }

    /**
     * The model after a power loss of the whole cluster: every node down, {@code coordinator} up and elected for a
     * new term, every interrupted migration abandoned while its target is still down, then the other nodes up.
     */
    private CsvState restarted(CsvState s, int coordinator) {
        CsvState out = s;
        for (String n : bounds.nodes()) {
            if (out.up(n)) {
                out = must(out.crash(n), "crash " + n);
            }
        }
        String c = node(coordinator);
        out = must(out.restart(c), "restart " + c);
        out = must(out.failover(c), "fail over to " + c);
        for (String f : bounds.files()) {
            if (!out.mig(f).equals(CsvBounds.NO_NODE)) {
                out = must(out.abortMigration(c, f), "abandon the migration of " + f);
            }
        }
        for (String n : bounds.nodes()) {
            if (!out.up(n)) {
                out = must(out.restart(n), "restart " + n);
            }
        }
        return out;
    }

    private static CsvState must(Optional<CsvState> s, String what) {
        return s.orElseThrow(() -> new IllegalStateException("harness: the model cannot " + what + " here"));
    }

    @Override
    public void abandon() {
        session = null; // power lost or the workload is over: dropped, not closed
    }

    @Override
    public int recoveryCrashPointsMax() {
        return 4;
    }

    @Override
    public void finish() {
        compareDurable(session, model, "at the end", Requirement.CSV_7);
    }

    // ---- comparing ----

    /** The namespace and the data on the shared disk against the model's (CSV-1, -3, -5, -6, -7). */
    private void compareDurable(ClusterSession s, CsvState expected, String when, Requirement stepProperty) {
        ClusterView view = s.view();
        if (view.term() != expected.term()) {
            throw new Violated(Requirement.CSV_7, "the namespace's term is not the model's " + when,
                    "expected: term " + expected.term() + "\nobserved: term " + view.term());
        }
        if (view.files().size() != shape.files()) {
            throw new Violated(Requirement.CSV_1, "the namespace has " + view.files().size() + " files " + when,
                    "expected: " + shape.files());
        }
        List<Integer> applied = new ArrayList<>();
        if (view.applied().size() < setupApplied) {
            throw new Violated(Requirement.CSV_7, "the namespace lost the requests of the format " + when,
                    "observed: " + view.applied());
        }
        for (long id : view.applied().subList(setupApplied, view.applied().size())) {
            Integer modelId = modelIds.get(id);
            if (modelId == null) {
                throw new Violated(Requirement.CSV_3, "the namespace holds a request nobody made " + when,
                        "observed: id " + id + " in " + view.applied());
            }
            applied.add(modelId);
        }
        List<Integer> expectedApplied = expected.nsLog().stream().map(CsvState.LogEntry::id).toList();
        if (!applied.equals(expectedApplied)) {
            throw new Violated(stepProperty == Requirement.CSV_7 ? Requirement.CSV_7 : Requirement.CSV_3,
                    "the applied requests are not the model's " + when, "expected: " + expectedApplied
                    + "\nobserved: " + applied);
        }
        Map<String, Long> expectedSizes = new HashMap<>();
        expected.nsLog().forEach(e -> expectedSizes.put(e.file(), sizes.get(e.id())));
        for (int f = 0; f < shape.files(); f++) {
            ClusterView.FileView v = view.files().get(f);
            String name = file(f);
            int owner = nodeIndex(expected.owner(name));
            long size = expectedSizes.getOrDefault(name, 0L);
            if (!v.exists() || v.owner() != owner || v.sizeBytes() != size) {
                throw new Violated(v.owner() != owner ? Requirement.CSV_6 : Requirement.CSV_3, "F" + f + " in the "
                        + "namespace is not the model's " + when, "expected: exists, owner N" + owner + ", "
                        + size + " bytes\nobserved: " + (v.exists() ? "exists" : "absent") + ", owner N" + v.owner()
                        + ", " + v.sizeBytes() + " bytes");
            }
            int onDisk = value(s.readDisk(f, 0), f);
            int want = expected.disk(name);
            if (onDisk != want) {
                Requirement property = onDisk < want ? Requirement.CSV_5 : Requirement.CSV_6;
                throw new Violated(property, "F" + f + "'s data on the shared disk is not the model's " + when,
                        "expected: value " + want + describeValue(expected, name, want) + "\nobserved: value "
                        + onDisk);
            }
        }
        context.stats().checked(Requirement.CSV_1);
        context.stats().checked(Requirement.CSV_6);
    }

    private static String describeValue(CsvState s, String f, int want) {
        return s.durable(f) == want && want != 0 ? " (its flush was acknowledged)" : "";
    }

    /** Every node's view: up, believes it coordinates, its pending requests; who was elected last. */
    private void compareNodes(String when, Requirement property) {
        int coordinator = session.coordinator();
        if (coordinator != nodeIndex(model.coord())) {
            throw new Violated(Requirement.CSV_7, "the coordinator is not the model's " + when, "expected: "
                    + model.coord() + "\nobserved: N" + coordinator);
        }
        for (int n = 0; n < shape.nodes(); n++) {
            String name = node(n);
            boolean up = model.up(name);
            boolean believes = up && model.myTerm(name) != 0;
            if (session.isUp(n) != up || session.believesItCoordinates(n) != believes) {
                throw new Violated(believes || session.believesItCoordinates(n) ? Requirement.CSV_1 : property, "N"
                        + n + " is not as the model says " + when, "expected: " + (up ? "up" : "down")
                        + (believes ? ", believes it coordinates" : "") + "\nobserved: "
                        + (session.isUp(n) ? "up" : "down") + (session.believesItCoordinates(n)
                        ? ", believes it coordinates" : ""));
            }
            if (!up) {
                continue;
            }
            Set<Integer> pending = new TreeSet<>();
            for (long id : session.pending(n)) {
                Integer modelId = modelIds.get(id);
                pending.add(modelId == null ? -1 : modelId);
            }
            if (!pending.equals(pendingIds(name))) {
                throw new Violated(Requirement.CSV_3, "N" + n + "'s pending requests are not the model's " + when,
                        "expected: " + pendingIds(name) + "\nobserved: " + pending);
            }
        }
    }

    private Set<Integer> pendingIds(String n) {
        Set<Integer> ids = new TreeSet<>();
        model.pend().stream().filter(r -> r.from().equals(n)).forEach(r -> ids.add(r.id()));
        return ids;
    }

    // ---- the network ----

    /** Puts a message the engine sent in flight, unless the same one is there already. */
    private void track(ClusterMessage m) {
        boolean known = inFlight.stream().anyMatch(o -> o.kind() == m.kind() && o.request() == m.request()
                && o.from() == m.from() && o.to() == m.to());
        if (!known) {
            inFlight.add(m);
        }
    }

    /** The model's message for one the engine sent. */
    private CsvState.Msg modelMessage(ClusterMessage m) {
        Integer id = modelIds.get(m.request());
        if (id == null) {
            throw new Violated(Requirement.CSV_3, "the engine sent " + m + " for a request it never returned");
        }
        if (m.kind() == ClusterMessage.Kind.ACK) {
            return new CsvState.Ack(id, node(m.to()));
        }
        CsvState.Req r = requests.get(id);
        if (r == null) {
            throw new Violated(Requirement.CSV_3, "the engine sent " + m + " for a request it applied at once");
        }
        return r;
    }

    // ---- helpers ----

    private void advance(CsvAction action, List<CsvState> passed) {
        record(model.apply(action).orElseThrow(() -> new IllegalStateException("harness: the model cannot take "
                + action + " here")), passed);
    }

    private void record(CsvState next, List<CsvState> passed) {
        model = next;
        passed.add(next);
    }

    private interface Call {
        void run();
    }

    private static Optional<ClusterException> attempt(Call call) {
        try {
            call.run();
            return Optional.empty();
        } catch (ClusterException e) {
            return Optional.of(e);
        }
    }

    private void compareOutcome(CsvStep step, Requirement property, Enum<?> expected,
                                Optional<ClusterException> observed) {
        CallOutcome.compare(context.stats(), property, step, expected, expected, observed.map(ClusterException::kind)
                .orElse(null), observed.map(Throwable::getMessage).orElse(null));
    }

    /** The requirement a step's outcome is evidence of. */
    private static Requirement requirementOf(CsvStep step) {
        return switch (step) {
            case CsvStep.Write w -> Requirement.CSV_2;
            case CsvStep.Flush f -> Requirement.CSV_6;
            case CsvStep.Resize r -> Requirement.CSV_3;
            case CsvStep.Deliver d -> Requirement.CSV_3;
            case CsvStep.Drop d -> Requirement.CSV_3;
            case CsvStep.Retry r -> Requirement.CSV_3;
            case CsvStep.Migrate m -> Requirement.CSV_5;
            case CsvStep.MigrateOwnerOf m -> Requirement.CSV_5;
            case CsvStep.TakeBack t -> Requirement.CSV_7;
            case CsvStep.Crash c -> Requirement.CSV_7;
            case CsvStep.Restart r -> Requirement.CSV_7;
            case CsvStep.Failover f -> Requirement.CSV_7;
            case CsvStep.PowerLoss p -> Requirement.CSV_7;
            case CsvStep.Check c -> Requirement.CSV_1;
        };
    }

    /** Block 0 of file {@code f} holding value {@code v}: the value, big-endian, then a pattern of the file and value. */
    static byte[] block(int f, int v, int sectorBytes) {
        ByteBuffer b = ByteBuffer.allocate(sectorBytes);
        b.putLong(v);
        while (b.hasRemaining()) {
            b.put((byte) (f * 31 + v + b.position()));
        }
        return b.array();
    }

    /** The value a block holds: 0 for zeros; a block that is neither is a violation (a write torn or mixed up). */
    private static int value(byte[] data, int f) {
        long v = ByteBuffer.wrap(data).getLong(0);
        if (v == 0 && java.util.Arrays.equals(data, new byte[data.length])) {
            return 0;
        }
        if (v < 1 || v > CsvBounds.BOUND_MAX || !java.util.Arrays.equals(data, block(f, (int) v, data.length))) {
            throw new Violated(Requirement.CSV_2, "F" + f + "'s block 0 holds bytes no write of it wrote",
                    "observed: first bytes " + java.util.HexFormat.of().formatHex(data, 0, Math.min(24,
                    data.length)));
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return "CsvLayer[" + engine.name() + ", " + setup + "]";
    }
}
