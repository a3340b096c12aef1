package txstack.conformance.lfs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.Violated;
import txstack.conformance.explorer.Violation;
import txstack.conformance.rig.Rig;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;
import txstack.model.Bytes;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Record;
import txstack.model.lfs.Restart;

/**
 * Recovers the engine from one crash state and judges what it shows against the model (LFS-2, LFS-3, LFS-6,
 * DISK-3); the weaker DISK-4 check for images with a corrupted or unreadable sector: an error, or nothing but what
 * the client wrote; and for a durable log sector that does not read: an error, or the whole log.
 *
 * <p>How many records recovery may show is the model's business, never the engine's declared capacity: {@link
 * txstack.spi.lfs.LogSpace} bounds what an append must accept, and an engine whose ring holds more than it declares
 * may show more after falling back to an older restart area. So records are read up to one more than the most any
 * allowed state (or the lineage's records) explains: the extra one, if it comes, is judged as a record, not counted
 * against a capacity.
 */
final class RecoveryCheck {

    /** What recovery returned, matched to a model state, with the LSN names of the new incarnation. */
    record Recovered(LogService service, LogState state, LsnMap map, Map<Long, Bytes> written, int entries) {
    }

    private record Observed(RestartArea restart, List<LogRecord> records, long startLsn, long endLsn) {
    }

    /**
     * A resource guard, never a judgement: the most records one recovery check reads. Workloads are far shorter
     * ({@link LfsWorkloads}), so the model never explains as many.
     */
    private static final int RECORDS_READ_MAX = 1 << 20;

    private final LogEngine engine;
    private final CaseContext context;
    /** Every payload appended in the run, to name a stale record: e.g. {@code model LSN 6 of incarnation 0}. */
    private final Map<Bytes, String> everWritten;

    RecoveryCheck(LogEngine engine, CaseContext context, Map<Bytes, String> everWritten) {
        this.engine = engine;
        this.context = context;
        this.everWritten = everWritten;
    }

    /** Opens the engine on {@code rig} (its recovery) and matches it to {@code expected}; the caller closes it. */
    Recovered recover(Rig rig, Expectation expected) {
        Opened opened = open(rig);
        if (opened.failure() != null) {
            throw new Violated(Requirement.DISK_3, "recovery failed on a state a power loss may leave",
                    "expected: " + expected.summary() + "\nobserved: open threw " + opened.failure());
        }
        LogService service = opened.service();
        int entries = rig.size();
        try {
            Observed observed = observe(service, restart -> mostExplained(expected) + 1);
            LogState matched = match(observed, expected);
            checkAfterRecovery(service, observed);
            context.stats().checked(Requirement.DISK_3);
            LsnMap map = expected.map().truncatedAt(matched.nextLsn());
            for (int i = 0; i < observed.records().size(); i++) {
                map.record(matched.restart().startLsn() + i, observed.records().get(i).lsn());
            }
            map.position(matched.restart().startLsn(), observed.restart().startLsn());
            map.position(matched.nextLsn(), observed.endLsn());
            Map<Long, Bytes> written = new HashMap<>();
            expected.written().forEach((lsn, payload) -> {
                if (lsn < matched.nextLsn()) {
                    written.put(lsn, payload);
                }
            });
            return new Recovered(service, matched, map, written, entries);
        } catch (RuntimeException e) {
            closeQuietly(service);
            if (e instanceof Violated || e instanceof LimitExceededException) {
                throw e;
            }
            throw new Violated(Requirement.LFS_6, "reading the recovered log failed",
                    "expected: " + expected.summary() + "\nobserved: " + e);
        }
    }

    // ---- DISK-4: a corrupted sector ----

    /**
     * A rig with {@code fault} (e.g. {@code a corrupted sector}): recovery may fail or lose records, never return bad
     * ones.
     */
    Optional<Violation> checkCorrupted(Rig rig, Expectation expected, List<Restart> restartsWritten, String fault,
                                       Optional<Proof> proof) {
        try {
            checkCorruptedOrThrow(rig, expected, restartsWritten, fault, proof);
            return Optional.empty();
        } catch (Violated v) {
            return Optional.of(v.violation());
        }
    }

    private void checkCorruptedOrThrow(Rig rig, Expectation expected, List<Restart> restartsWritten, String fault,
                                       Optional<Proof> proof) {
        Opened opened = open(rig);
        if (opened.failure() != null) {
            context.stats().checked(Requirement.DISK_4); // detected
            proof.ifPresent(p -> context.stats().increment(Stats.Counter.ROT_BEFORE_PROVEN_RECORDS_REPORTED));
            return;
        }
        LogService service = opened.service();
        try {
            Observed observed;
            try {
                observed = observe(service, restart -> lineageRecordsFrom(restart, expected) + 1);
            } catch (Violated | LimitExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                context.stats().checked(Requirement.DISK_4); // detected while reading
                proof.ifPresent(p -> context.stats().increment(Stats.Counter.ROT_BEFORE_PROVEN_RECORDS_REPORTED));
                return;
            }
            requireNoBadData(observed, expected, restartsWritten, fault);
            if (proof.isPresent()) {
                requireProven(observed, expected, fault, proof.get());
            }
            context.stats().checked(Requirement.DISK_4);
        } finally {
            closeQuietly(service);
        }
    }

    /**
     * Why damage cannot pass for a torn tail: the engine acknowledged every record through model LSN {@code modelLsn}
     * as durable by journal entry {@code ackedAt}, and device write {@code writeIndex}, issued after that and durable,
     * is intact in {@code sector}, another than the damaged one.
     */
    record Proof(long modelLsn, int ackedAt, int writeIndex, long sector) {
        @Override
        public String toString() {
            return "records through model LSN " + modelLsn + " were acknowledged durable by op #" + ackedAt
                    + "; write #" + writeIndex + ", issued after that, is durable and intact in sector " + sector
                    + ": the damage is no torn tail";
        }
    }

    /** The damage lost no record {@code proof} says was durable, unless it was below the recovered start. */
    private static void requireProven(Observed observed, Expectation expected, String fault, Proof proof) {
        long start = expected.map().toModel(observed.restart().startLsn()).orElseThrow(); // no bad data: a model LSN
        long last = start + observed.records().size() - 1;
        if (start <= proof.modelLsn() && last < proof.modelLsn()) {
            throw new Violated(Requirement.DISK_4, "with " + fault + ", recovery lost records a later durable write "
                    + "shows were durable, without an error: the damage passed for the end of the log",
                    "observed: " + observed.records().size() + " records from model LSN " + start + " (through model LSN "
                            + last + ")\n" + proof + " (an error is allowed; losing them silently is not)");
        }
    }

    // ---- DISK-4: a durable log sector that does not read ----

    /**
     * A rig where one durable sector the client's appends and flushes wrote no longer reads (a medium error):
     * recovery, or reading the recovered log, must fail; or the log must be whole, as a power loss alone
     * leaves it. Never may the damage pass for the end of the log, the durable records after it lost without a word:
     * unlike a torn page, a sector that does not read is damage, whatever a power loss did.
     */
    Optional<Violation> checkUnreadableDurable(Rig rig, Expectation expected) {
        context.stats().increment(Stats.Counter.DURABLE_SECTORS_UNREADABLE);
        Opened opened = open(rig);
        if (opened.failure() != null) {
            return reported();
        }
        LogService service = opened.service();
        try {
            Observed observed;
            try {
                observed = observe(service, restart -> mostExplained(expected) + 1);
            } catch (Violated | LimitExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                return reported();
            }
            match(observed, expected);
            context.stats().checked(Requirement.DISK_4);
            return Optional.empty();
        } catch (Violated v) {
            return Optional.of(new Violation(Requirement.DISK_4, "with a durable log sector unreadable, recovery "
                    + "neither reported it nor showed the whole log (" + v.violation().property() + ": "
                    + v.violation().summary() + ")", v.violation().details()));
        } finally {
            closeQuietly(service);
        }
    }

    /** What {@code open} did: the service, or what it threw (a resource limit is rethrown, never returned). */
    private record Opened(LogService service, RuntimeException failure) {
    }

    /** Opens the engine on {@code rig}, counting the recovery. */
    private Opened open(Rig rig) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        try {
            return new Opened(engine.open(rig.devices()), null);
        } catch (LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            return new Opened(null, e);
        }
    }

    /** The most records any allowed state holds: reading one more judges an extra record instead of counting it. */
    private static int mostExplained(Expectation expected) {
        return expected.allowed().stream().mapToInt(st -> st.records().size()).max().orElseThrow();
    }

    private Optional<Violation> reported() {
        context.stats().checked(Requirement.DISK_4);
        context.stats().increment(Stats.Counter.DURABLE_SECTORS_UNREADABLE_REPORTED);
        return Optional.empty();
    }

    /** Records of the crashed lineage from {@code restart}'s start on: the most a recovery from it can explain. */
    private static int lineageRecordsFrom(RestartArea restart, Expectation expected) {
        OptionalLong start = expected.map().toModel(restart.startLsn());
        if (start.isEmpty()) {
            return 0; // the restart area itself is judged next
        }
        long last = expected.written().keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        return (int) Math.max(0, last - start.getAsLong() + 1);
    }

    private void requireNoBadData(Observed observed, Expectation expected, List<Restart> restartsWritten,
                                  String fault) {
        OptionalLong start = expected.map().toModel(observed.restart().startLsn());
        Restart restart = start.isPresent()
                ? new Restart(start.getAsLong(), Bytes.of(observed.restart().clientData())) : null;
        if (restart == null || !restartsWritten.contains(restart)) {
            throw new Violated(Requirement.DISK_4, "with " + fault + ", recovery returned a restart area the "
                    + "client never wrote", "observed: " + observed.restart() + (start.isPresent() ? " (start = model "
                    + start.getAsLong() + ")" : " (start is no LSN the client used)") + "\nwritten restart areas: "
                    + restartsWritten);
        }
        for (int i = 0; i < observed.records().size(); i++) {
            long lsn = restart.startLsn() + i;
            Bytes payload = Bytes.of(observed.records().get(i).payload());
            if (!payload.equals(expected.written().get(lsn))) {
                throw new Violated(Requirement.DISK_4, "with " + fault + ", recovery returned a record the client "
                        + "never wrote there", "observed: record " + i + " from the start, model LSN " + lsn
                        + " engine LSN " + observed.records().get(i).lsn() + ", payload " + payload
                        + "\nwritten there: " + expected.written().get(lsn));
            }
        }
    }

    // ---- observing and matching ----

    /**
     * The restart area and up to {@code limit.applyAsInt(restart area)} records forward from its start: one more
     * than the expectation explains is enough to judge (the extra record is then a stale or garbage one).
     */
    private Observed observe(LogService service, ToIntFunction<RestartArea> limit) {
        RestartArea restart = service.readRestartArea();
        int maxRecords = Math.max(1, limit.applyAsInt(restart));
        if (maxRecords > RECORDS_READ_MAX) {
            throw new ExplorationException("harness limit: a recovery check would read " + maxRecords
                    + " records, more than RECORDS_READ_MAX=" + RECORDS_READ_MAX + " (a resource guard, not a "
                    + "violation: run shorter workloads)", null);
        }
        List<LogRecord> records = service.readForward(restart.startLsn(), maxRecords);
        if (records.size() > maxRecords) {
            throw new Violated(Requirement.LFS_4, "readForward returned more records than asked for",
                    "observed: " + records.size() + " records for maxRecords=" + maxRecords);
        }
        return new Observed(restart, List.copyOf(records), service.startLsn(), service.endLsn());
    }

    private LogState match(Observed observed, Expectation expected) {
        OptionalLong start = expected.map().toModel(observed.restart().startLsn());
        if (start.isEmpty()) {
            throw new Violated(Requirement.LFS_2, "the recovered restart area names an LSN the client never used",
                    "expected: " + expected.summary() + "\nobserved: " + observed.restart());
        }
        Restart restart = new Restart(start.getAsLong(), Bytes.of(observed.restart().clientData()));
        List<LogState> sameRestart = expected.allowed().stream().filter(s -> s.restart().equals(restart)).toList();
        if (sameRestart.isEmpty()) {
            throw new Violated(Requirement.LFS_2, "the recovered restart area is not the newest one written completely",
                    "expected: " + expected.summary() + "\nobserved: restart area start=" + expected.map()
                            .describe(restart.startLsn()) + " clientData=" + restart.clientData());
        }
        context.stats().checked(Requirement.LFS_2);
        List<byte[]> payloads = observed.records().stream().map(LogRecord::payload).toList();
        for (LogState candidate : sameRestart) {
            if (samePayloads(candidate.records(), payloads)) {
                context.stats().checked(Requirement.LFS_6);
                checkLsns(observed, restart.startLsn(), expected);
                return candidate;
            }
        }
        throw recordsViolation(observed, payloads.stream().map(Bytes::of).toList(), sameRestart, expected);
    }

    private static boolean samePayloads(List<Record> records, List<byte[]> payloads) {
        if (records.size() != payloads.size()) {
            return false;
        }
        for (int i = 0; i < records.size(); i++) {
            if (!records.get(i).payload().contentEquals(payloads.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Violated recordsViolation(Observed observed, List<Bytes> payloads, List<LogState> sameRestart,
                                            Expectation expected) {
        LogState longest = sameRestart.getLast();
        LogState shortest = sameRestart.getFirst();
        List<Record> written = longest.records();
        long start = longest.restart().startLsn();
        int common = 0;
        while (common < payloads.size() && common < written.size()
                && payloads.get(common).equals(written.get(common).payload())) {
            common++;
        }
        String what;
        if (common == payloads.size()) {
            what = "lost a record that was flushed: recovered " + payloads.size() + " records (through model LSN "
                    + (start + payloads.size() - 1) + ") but every record through model LSN "
                    + (shortest.nextLsn() - 1) + " must survive";
        } else if (common == written.size()) {
            LogRecord extra = observed.records().get(common);
            what = "returned " + (payloads.size() - common) + " record(s) after the last one written (model LSN "
                    + (start + written.size() - 1) + "): a stale or garbage record at engine LSN " + extra.lsn()
                    + ", payload " + Bytes.of(extra.payload()) + staleHint(payloads.get(common), expected);
        } else {
            LogRecord bad = observed.records().get(common);
            what = "record " + common + " from the start (model LSN " + (start + common) + ", engine LSN " + bad.lsn()
                    + ") is not the record written there: payload " + payloads.get(common) + ", written "
                    + written.get(common).payload() + staleHint(payloads.get(common), expected);
        }
        return new Violated(Requirement.LFS_6, "after a crash, the records read forward from the restart area are "
                + "not the ones written", "expected: " + expected.summary() + "\nobserved: restart area start="
                + expected.map().describe(start) + ", " + payloads.size() + " records " + lsnRange(observed)
                + "\n  " + what);
    }

    private String staleHint(Bytes payload, Expectation expected) {
        for (Map.Entry<Long, Bytes> e : new TreeMap<>(expected.written()).entrySet()) { // lowest LSN first
            if (e.getValue().equals(payload)) {
                return " (the payload of model LSN " + e.getKey() + ")";
            }
        }
        String earlier = everWritten.get(payload);
        return earlier != null ? " (stale: the payload of " + earlier + ", lost in a crash)"
                : " (garbage: a payload the client never wrote)";
    }

    private static String lsnRange(Observed observed) {
        if (observed.records().isEmpty()) {
            return "(none)";
        }
        return "(engine LSNs " + observed.records().getFirst().lsn() + ".." + observed.records().getLast().lsn() + ")";
    }

    private void checkLsns(Observed observed, long modelStart, Expectation expected) {
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < observed.records().size(); i++) {
            long lsn = observed.records().get(i).lsn();
            OptionalLong before = expected.map().engineRecord(modelStart + i);
            if (lsn <= previous || (before.isPresent() && before.getAsLong() != lsn)) {
                throw new Violated(Requirement.LFS_3, "after a crash, a record's LSN is not the one it was appended with",
                        "observed: model LSN " + (modelStart + i) + " read back with engine LSN " + lsn
                                + (before.isPresent() ? ", appended with engine LSN " + before.getAsLong() : "")
                                + ", previous record engine LSN " + previous);
            }
            previous = lsn;
        }
        if (observed.endLsn() <= previous) {
            throw new Violated(Requirement.LFS_3, "after a crash, the end LSN is not above the last record's",
                    "observed: endLsn=" + observed.endLsn() + " last record lsn=" + previous);
        }
        context.stats().checked(Requirement.LFS_3);
    }

    private void checkAfterRecovery(LogService service, Observed observed) {
        if (observed.startLsn() != observed.restart().startLsn()) {
            throw new Violated(Requirement.LFS_2, "after recovery the log's start is not the restart area's",
                    "observed: startLsn()=" + observed.startLsn() + " restart area " + observed.restart());
        }
        List<LogRecord> scanned = Scans.scan(service, observed.restart().startLsn(), observed.endLsn(),
                observed.records().size());
        if (!scanned.equals(observed.records())) {
            throw new Violated(Requirement.LFS_4, "after recovery, a scan from the restart area's start to the end "
                    + "does not return the records read forward", "observed: forward " + observed.records()
                    + "\n  scanned " + scanned);
        }
        context.stats().increment(Stats.Counter.LOG_SCANS);
        if (!observed.records().isEmpty()) {
            List<LogRecord> backward = service.readBackward(observed.records().getLast().lsn(),
                    observed.records().size() + 1);
            List<LogRecord> reversed = new ArrayList<>(observed.records()).reversed();
            if (!backward.equals(reversed)) {
                throw new Violated(Requirement.LFS_4, "after recovery, reading backward does not return the records "
                        + "read forward, reversed", "observed: forward " + observed.records() + "\n  backward "
                        + backward);
            }
            context.stats().checked(Requirement.LFS_4);
        }
    }

    static void closeQuietly(LogService service) {
        try {
            service.close();
        } catch (RuntimeException ignored) {
            // The state was judged already; a failing close is not what this check is about.
        }
    }
}
