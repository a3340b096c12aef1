package txstack.model.lfs;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A log after a crash (spec {@code Crash}), before recovery (spec {@code Recover}). Recovery may return any of
 * {@link #recoveries()}, and nothing else:
 * <ul>
 *   <li>the restart area is the newest one written completely: the durable one, or the one in flight if its
 *       write landed whole (LFS-2);</li>
 *   <li>the records are those from that restart area's start up to some end: a gap-free prefix of what was
 *       written, holding at least every record up to the last flush (LFS-6);</li>
 *   <li>the recovered log is durable as a whole, and its start is the restart area's start.</li>
 * </ul>
 * A crash during recovery leaves the same set: recovering twice must be no different from recovering once.
 *
 * @param before the state at the crash, including a volatile append or restart write in flight
 */
public record CrashedLog(LogState before) {

    /** Every state recovery is allowed to return, ordered by restart area and then by end. */
    public List<LogState> recoveries() {
        List<Restart> restarts = new ArrayList<>();
        restarts.add(before.restart());
        before.inFlightRestart().ifPresent(restarts::add);
        List<LogState> out = new ArrayList<>();
        for (Restart rs : restarts) {
            long firstEnd = Math.max(rs.startLsn(), before.flushedLsn() + 1);
            for (long end = firstEnd; end <= before.nextLsn(); end++) {
                out.add(recovered(rs, end));
            }
        }
        return out;
    }

    /** Spec {@code Recover} with a given outcome: the state if recovery may return it. */
    public Optional<LogState> recover(LogState observed) {
        return recoveries().contains(observed) ? Optional.of(observed) : Optional.empty();
    }

    /**
     * Spec {@code CrashWith(persisted, restart)} followed by {@code Recover}: the one state recovery returns when
     * exactly the unflushed records {@code persistedLsns} reached the disk and the restart copy in flight ended as
     * {@code restart}. The log ends before the first record from the recovered start on that is neither flushed nor
     * persisted; a record persisted beyond it stays on the disk, behind the recovered end, and is never read
     * (LFS-6: its epoch is older than the next incarnation's pages). The result is one of {@link #recoveries()}.
     *
     * @param persistedLsns unflushed records (LSNs in {@code flushedLsn+1 .. nextLsn-1}) whose page reached the disk
     * @param restart       {@link RestartOutcome#NONE} iff no restart write was in flight
     */
    public LogState recover(Set<Long> persistedLsns, RestartOutcome restart) {
        for (long lsn : persistedLsns) {
            require(lsn > before.flushedLsn() && lsn < before.nextLsn(), "persisted LSN was not pending: lsn=" + lsn
                    + " flushed=" + before.flushedLsn() + " next=" + before.nextLsn());
        }
        require((restart == RestartOutcome.NONE) == before.inFlightRestart().isEmpty(),
                "restart outcome does not fit the crash: restart=" + restart + " inFlight="
                        + before.inFlightRestart().isPresent());
        Restart rs = restart == RestartOutcome.NEW ? before.inFlightRestart().orElseThrow() : before.restart();
        long end = Math.max(rs.startLsn(), before.flushedLsn() + 1);
        while (end < before.nextLsn() && persistedLsns.contains(end)) {
            end++;
        }
        return recovered(rs, end);
    }

    private LogState recovered(Restart rs, long end) {
        long from = rs.startLsn() - before.restart().startLsn();
        List<Record> kept = before.records().subList((int) from, (int) (end - before.restart().startLsn()));
        return new LogState(before.geometry(), end, end - 1, rs.startLsn(), rs, Optional.empty(), kept);
    }
}
