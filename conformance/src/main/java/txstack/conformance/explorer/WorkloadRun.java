package txstack.conformance.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import txstack.conformance.rig.CrashCut;
import txstack.conformance.rig.Moment;
import txstack.conformance.rig.Rig;

/**
 * The run skeleton every layer suite shares: one workload on one engine and the model side by side. It runs the
 * steps and writes the trace; after each step (or each incarnation, as the layer asks) it cuts the power at every
 * moment of the journal the steps issued (a seeded sample in random mode), checks the images each cut may leave
 * ({@link CaseContext#imageChoices}), crashes recoveries again at their own moments, lets the layer check fault images,
 * and turns the first violation into a {@link Failure} with evidence and a replay of its crash state. A power-loss
 * step recovers from one crash state and goes on from there. Single use; deterministic for the same steps and seed.
 *
 * @param <S> the layer's step type
 * @param <E> the layer's expectation type
 */
public final class WorkloadRun<S, E> {
    /** Images checked per crash point over all disks, in a rig of more than one disk. */
    public static final int COMBINATIONS_MAX = 16;

    /** The exploration's limits were hit: stop quietly. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private record Candidate<E>(Span<E> span, Moment moment, boolean last) {
    }

    private final LayerRun<S, E> layer;
    private final List<S> steps;
    private final CaseContext context;
    private final StringBuilder trace = new StringBuilder();
    private final List<Span<E>> spans = new ArrayList<>();
    private Rig rig;
    private int incarnation;
    private int sweptSpans;
    /** The earliest journal entry a power-loss step may cut at in this incarnation (right after the set-up). */
    private int lowestCut = -1;

    public WorkloadRun(LayerRun<S, E> layer, List<S> steps, CaseContext context) {
        this.layer = layer;
        this.steps = List.copyOf(steps);
        this.context = context;
    }

    /** Runs the workload; the first violation found, or empty (also when a limit of the exploration was hit). */
    public Optional<Failure<S>> execute() {
        Object where = "start";
        Object what = "";
        try {
            LayerRun.Start<E> start = layer.start();
            rig = start.rig();
            if (start.setup() != null) {
                spans.add(start.setup());
                lowestCut = start.setup().to() - 1;
                line(start.setup().label(), start.outcome());
            } else if (!start.outcome().isEmpty()) {
                line("set-up", start.outcome()); // a set-up without crash points still says what it did
            }
            for (int i = 0; i < steps.size(); i++) {
                if (context.exhausted()) {
                    return Optional.empty();
                }
                where = i;
                what = steps.get(i);
                runStep(i, steps.get(i));
            }
            where = "end";
            what = "the last incarnation";
            sweep();
            context.stats().add(Stats.Counter.DEVICE_OPS, rig.size());
            layer.finish();
            return Optional.empty();
        } catch (Violated v) {
            line(where, what, "!! " + v.violation().property() + ": " + v.violation().summary());
            return Optional.of(new Failure<>(v.violation(), steps, trace.toString(), v.replay()));
        } catch (Stop stop) {
            return Optional.empty();
        } finally {
            layer.abandon();
        }
    }

    private void runStep(int index, S step) {
        if (!layer.applicable(step)) {
            line(index, step, "skipped: not applicable");
            return;
        }
        context.stats().increment(Stats.Counter.STEPS);
        Optional<PowerLoss> loss = layer.powerLoss(step);
        if (loss.isPresent()) {
            powerLoss(index, step, loss.get());
            return;
        }
        int from = rig.size();
        StepOutcome<E> outcome = layer.step(index, step);
        spans.add(new Span<>(index, "step " + index + " (" + step + ")", from, rig.size(), outcome.allowed(), false,
                false, outcome.tag()));
        line(index, step, outcome.outcome());
        layer.afterStep(index, step);
        if (layer.sweepEachStep()) {
            sweep();
        }
    }

    // ---- a power-loss step: recover from one crash state and go on ----

    private void powerLoss(int index, S step, PowerLoss loss) {
        sweep();
        context.stats().add(Stats.Counter.DEVICE_OPS, rig.size());
        Moment moment = new Moment(Math.max(lowestCut, rig.size() - 1 - loss.entriesBack()), false);
        Candidate<E> at = locate(moment);
        CrashAt crashAt = new CrashAt(moment, at.last(), where(at));
        E allowed = at.span().allowed().apply(crashAt);
        if (allowed == null) {
            throw new IllegalStateException("harness: a power-loss step cut at an unchecked moment: " + crashAt);
        }
        CrashCut cut = rig.cut(moment, Set.of());
        int[][] choice = loss.image().apply(cut);
        layer.abandon();
        Rig next = loss.processOnly() ? cut.restoreKeepingCache() : cut.restore(choice);
        int cached = loss.processOnly() ? next.size() : 0; // the journal holds only the cached writes yet
        Recovery<E> recovery;
        try {
            recovery = layer.recover(next, allowed, LayerRun.Depth.CONTINUE, Seeds.derive(context.caseSeed(), index));
        } catch (Violated v) {
            if (loss.processOnly()) {
                throw v.at(crashAt.where() + "; the process died, every write issued is readable, "
                        + cached + " of them still in the devices' caches", replayOf(new int[0], c ->
                        recheckProcessCrash(cut, allowed, index)));
            }
            throw v.at(evidence(crashAt.where(), cut, choice), replay(cut, choice, allowed, crashAt.where(),
                    LayerRun.Depth.CHECK, Seeds.derive(context.caseSeed(), index)));
        }
        context.stats().increment(loss.processOnly() ? Stats.Counter.PROCESS_CRASHES
                : Stats.Counter.EXPLICIT_CRASHES);
        context.stats().increment(Stats.Counter.CRASH_STATES);
        rig = next;
        incarnation++;
        spans.clear();
        sweptSpans = 0;
        // After a process crash the journal starts with the writes the devices still cache: before the first of them
        // the disks hold less than the recovery read, so a later cut goes no further back than that write.
        lowestCut = loss.processOnly() && rig.size() > 0 ? 0 : -1;
        spans.add(new Span<>(index, "recovery", 0, recovery.entries(),
                a -> a.last() ? recovery.afterReturn() : recovery.during(), false, true, Span.RECOVERY));
        line(index, step, crashAt.where() + "; " + (loss.processOnly() ? "the process died, the devices kept "
                + "their caches (" + cached + " writes not yet durable)" : "persisted: " + cut.describe(choice).replace('\n', ' ')) + "; "
                + recovery.outcome());
        if (layer.sweepAfterRecovery()) {
            sweep();
        }
    }

    /** The recovery after a process crash, checked again (it has no image to choose). */
    private Optional<Violation> recheckProcessCrash(CrashCut cut, E allowed, int index) {
        try {
            layer.recover(cut.restoreKeepingCache(), allowed, LayerRun.Depth.CHECK, Seeds.derive(context.caseSeed(),
                    index));
            return Optional.empty();
        } catch (Violated v) {
            return Optional.of(v.violation());
        }
    }

    /** The span a moment falls in; a moment before the first entry falls in a span that covers the start. */
    private Candidate<E> locate(Moment moment) {
        for (Span<E> s : spans) {
            if (moment.entry() < 0 ? s.coversStart() : moment.entry() >= s.from() && moment.entry() < s.to()) {
                return new Candidate<>(s, moment, moment.entry() < 0 || moment.entry() == s.to() - 1);
            }
        }
        throw new IllegalStateException("harness: no span holds " + moment + " (journal " + rig.size() + ")");
    }

    // ---- the crash sweep ----

    private void sweep() {
        List<Candidate<E>> candidates = new ArrayList<>();
        int firstFrom = sweptSpans < spans.size() ? spans.get(sweptSpans).from() : rig.size();
        for (Span<E> s : spans.subList(sweptSpans, spans.size())) {
            for (Moment m : rig.moments(s.from(), s.to(), Set.of())) {
                boolean last = !m.during() && m.entry() == s.to() - 1;
                if (last || !s.onlyLast()) {
                    candidates.add(new Candidate<>(s, m, last));
                }
            }
        }
        sweptSpans = spans.size();
        for (Candidate<E> c : context.sampleCrashPoints(candidates, incarnation, firstFrom)) {
            checkPoint(c);
        }
    }

    private void checkPoint(Candidate<E> candidate) {
        if (context.exhausted()) {
            throw new Stop();
        }
        Moment m = candidate.moment();
        CrashAt at = new CrashAt(m, candidate.last(), where(candidate));
        E allowed = candidate.span().allowed().apply(at);
        if (allowed == null) {
            return;
        }
        context.stats().increment(Stats.Counter.CRASH_POINTS);
        CrashCut cut = rig.cut(m, Set.of());
        long during = m.during() ? 1 : 0;
        // A rig of one disk checks that disk's images as the image policy picks them; a rig of several combines them.
        int combinationsMax = rig.disks().size() > 1 ? COMBINATIONS_MAX : Integer.MAX_VALUE;
        List<int[][]> choices = cut.choices(i -> context.imageChoices(cut.points().get(i), incarnation, m.entry(),
                during, i), combinationsMax, context.random(incarnation, m.entry(), during, -1));
        for (int k = 0; k < choices.size(); k++) {
            context.stats().increment(Stats.Counter.CRASH_STATES);
            checkState(cut, choices.get(k), allowed, at.where(), context.crashDuringRecovery(k),
                    new long[] {incarnation, m.entry(), during, k});
        }
        layer.faults(new FaultPoint<>(cut, candidate.span(), allowed, at.where(), choices, context));
    }

    private void checkState(CrashCut cut, int[][] choice, E allowed, String where, boolean crashRecovery,
                            long[] keys) {
        long seed = Seeds.derive(context.caseSeed(), keys);
        try {
            Rig restored = cut.restore(choice);
            Recovery<E> recovery = layer.recover(restored, allowed, LayerRun.Depth.CHECK, seed);
            if (crashRecovery && recovery.entries() > 0) {
                crashDuringRecovery(restored, recovery, keys);
            }
        } catch (Violated v) {
            throw v.at(evidence(where, cut, choice), replay(cut, choice, allowed, where, LayerRun.Depth.CHECK, seed));
        }
    }

    /**
     * Cuts the power again at the moments of one recovery (every one, or a seeded sample of {@link
     * LayerRun#recoveryCrashPointsMax()}): inside it, the first crash's allowance still holds; right after it
     * returned, what it returned.
     */
    private void crashDuringRecovery(Rig restored, Recovery<E> recovery, long[] keys) {
        // On the disks as the recovery found them: a disk the layer failed after recovery returned is still there.
        List<Moment> moments = new ArrayList<>(restored.moments(0, recovery.entries(), Set.of(), true));
        RandomGenerator random = context.random(append(keys, -2));
        int max = layer.recoveryCrashPointsMax();
        while (max > 0 && moments.size() > max) {
            moments.remove(random.nextInt(moments.size()));
        }
        for (Moment m : moments) {
            if (context.exhausted()) {
                return;
            }
            boolean last = !m.during() && m.entry() == recovery.entries() - 1;
            E inner = last ? recovery.afterReturn() : recovery.during();
            String where = (last ? "right after that recovery returned, " : "during that recovery, ") + m.label()
                    + " (" + restored.entry(m.entry()) + ")";
            CrashCut cut = restored.cut(m, Set.of(), true);
            long during = m.during() ? 1 : 0;
            List<int[][]> choices = cut.choices(i -> context.recoveryImageChoices(cut.points().get(i),
                    append(keys, m.entry(), during, i)), layer.recoveryCombinationsMax(), random);
            for (int c = 0; c < choices.size(); c++) {
                int[][] choice = choices.get(c);
                long seed = Seeds.derive(context.caseSeed(), append(keys, m.entry(), during, c));
                context.stats().increment(Stats.Counter.RECOVERY_CRASH_STATES);
                try {
                    layer.recover(cut.restore(choice), inner, LayerRun.Depth.INNER, seed);
                } catch (Violated v) {
                    throw v.at("recovery crashed " + evidence(where, cut, choice), replay(cut, choice, inner, where,
                            LayerRun.Depth.INNER, seed));
                }
            }
        }
    }

    private CrashStateReplay replay(CrashCut cut, int[][] choice, E allowed, String where, LayerRun.Depth depth,
                                    long seed) {
        return replayOf(CrashCut.flatten(choice), flat -> {
            int[][] c = CrashCut.split(flat, choice);
            try {
                layer.recover(cut.restore(c), allowed, depth, seed);
                return Optional.empty();
            } catch (Violated v) {
                return Optional.of(Violated.prefixed(v.violation(), evidence(where, cut, c)));
            }
        });
    }

    /** A replay of one crash state: its flat choice, re-checked with others by {@code check}. */
    public static CrashStateReplay replayOf(int[] choice, Function<int[], Optional<Violation>> check) {
        int[] original = choice.clone();
        return new CrashStateReplay() {
            @Override
            public int[] choice() {
                return original.clone();
            }

            @Override
            public Optional<Violation> recheck(int[] other) {
                return check.apply(other);
            }
        };
    }

    /** The evidence lines of a crash state: where, and what persisted on each disk. */
    public static String evidence(String where, CrashCut cut, int[][] choice) {
        return "crash point: " + where + "\npersisted: " + cut.describe(choice).replace("\n", "\n           ");
    }

    private String where(Candidate<E> c) {
        Moment m = c.moment();
        String op = m.label() + (m.entry() >= 0 ? " (" + rig.entry(m.entry()) + ")" : "");
        return c.last() ? "right after " + c.span().label() + " returned, " + op
                : "during " + c.span().label() + ", " + op;
    }

    private static long[] append(long[] keys, long... more) {
        long[] out = java.util.Arrays.copyOf(keys, keys.length + more.length);
        System.arraycopy(more, 0, out, keys.length, more.length);
        return out;
    }

    private void line(Object index, Object step, String outcome) {
        trace.append(String.format("%4s  %-44s %s%n", index, step, outcome));
    }

    private void line(String what, String outcome) {
        line("", what, outcome);
    }
}
