-------------------------------- MODULE Lfs --------------------------------
(***************************************************************************)
(* The NTFS-style log file service (LFS-1..6) on a disk with a volatile    *)
(* write cache (DISK-2/3).                                                  *)
(*                                                                          *)
(* One record per page: the circular logging area has N page slots and the *)
(* record with LSN l lives in slot l % N. A page is [lsn, ep]: its LSN and  *)
(* the epoch (incarnation) of the system that wrote it. The restart area   *)
(* has RestartCopies copies, each [seq, start, startEp, data, ep] or Torn; *)
(* recovery reads the valid copy with the highest seq (LFS-2). ep is the   *)
(* writer's epoch; startEp the epoch of the record at start (see ScanOk).  *)
(*                                                                          *)
(* Epochs: Recover starts a new incarnation whose epoch is one more than    *)
(* the largest epoch in a valid restart copy, and writes it (with the       *)
(* recovered start and data) into the older copy in the same atomic step,  *)
(* before any page carries it. The implementation writes and flushes that  *)
(* copy before it accepts an append; a crash during that write leaves the  *)
(* newest copy intact, so recovery repeats with the same result and only   *)
(* the older copy differs. Making the step atomic keeps the model small;   *)
(* an epoch kept only in memory would be reused after a second crash      *)
(* (MCLfsEpochInMemory). Append and Flush also run while a restart write  *)
(* is in flight. Pages of several records and sectors: LfsPages.tla.      *)
(*                                                                          *)
(* The Java reference model has one method per action, same names.          *)
(***************************************************************************)
EXTENDS Integers, FiniteSets
\* Sequences only through an instance: its Append would clash with the action Append.
Sq == INSTANCE Sequences

CONSTANTS
    N,                  \* page slots in the circular logging area
    MaxLsn,             \* bound for model checking: Append stops after LSN MaxLsn
    MaxCrashes,         \* bound for model checking: at most this many crashes
    Data,               \* abstract client-data values written to the restart area
    RestartCopies,      \* copies of the restart area on disk (2; 1 must fail)
    WrapIgnoresStart,   \* bug: Append ignores the durable start (must fail LFS-5)
    UseEpochs,          \* FALSE is a bug: the scan ignores epochs (must fail LFS-6)
    FlushSkipsWrite     \* bug: Flush advances flushedLsn without writing (must fail DISK-2)

ASSUME N \in Nat \ {0} /\ MaxLsn \in Nat /\ MaxCrashes \in Nat
ASSUME RestartCopies \in Nat \ {0} /\ 0 \notin Data
ASSUME WrapIgnoresStart \in BOOLEAN /\ UseEpochs \in BOOLEAN /\ FlushSkipsWrite \in BOOLEAN

VARIABLES
    cache,          \* slot -> page the running system last wrote (volatile)
    disk,           \* slot -> durable page
    pending,        \* slots written since their last flush
    nextLsn,        \* LSN the next Append gets (LFS-3)
    flushedLsn,     \* every record up to here is durable
    startLsn,       \* logical start in memory (LFS-4 advance start)
    rs,             \* copy index -> durable restart copy or Torn (LFS-2)
    inflight,       \* the restart copy being written, or NoWrite
    held,           \* [start, data]: the restart area the running system holds
    up,             \* FALSE between Crash and Recover
    epoch,          \* epoch of the running incarnation
    crashes,        \* crashes so far (bounded by MaxCrashes)
    history,        \* ghost: records appended in the current history, in order
    completedSeq,   \* ghost: highest seq of a restart write that landed whole
    lastRecovery    \* ghost: what held just before the last step, if it was Recover

logVars == <<cache, disk, pending, nextLsn, flushedLsn, startLsn>>
rsVars == <<rs, inflight, held>>
vars == <<cache, disk, pending, nextLsn, flushedLsn, startLsn, rs, inflight, held, up, epoch,
          crashes, history, completedSeq, lastRecovery>>

Slots == 0..(N - 1)
Copies == 1..RestartCopies
Slot(l) == l % N
Max(S) == CHOOSE x \in S : \A y \in S : y <= x

\* LSN 0 is never used, so a page with LSN 0 stands for "no page".
NoPage == [lsn |-> 0, ep |-> 0]
Page(l, e) == [lsn |-> l, ep |-> e]
\* A torn copy fails its checksum; start 0 is never a valid start.
Torn == [seq |-> 0, start |-> 0, startEp |-> 0, data |-> 0, ep |-> 0]
NoWrite == [idx |-> 0, copy |-> Torn]
NoRecovery == [happened |-> FALSE, history |-> << >>, flushedLsn |-> 0, readSeq |-> 0, newestSeq |-> 0]
\* What a freshly formatted log holds in every copy: start 1, no client data.
Formatted == [seq |-> 0, start |-> 1, startEp |-> 0, data |-> 0, ep |-> 0]

Valid(c) == c /= Torn
ValidCopies == {i \in Copies : Valid(rs[i])}
\* The valid copy with the highest seq (recovery reads it, LFS-2); ties go to the lowest index.
NewestCopy == CHOOSE i \in ValidCopies :
                  \A j \in ValidCopies : rs[j].seq < rs[i].seq \/ (rs[j].seq = rs[i].seq /\ i <= j)
\* The copy a restart write overwrites: a torn one first, else the lowest seq.
Age(c) == IF Valid(c) THEN c.seq + 1 ELSE 0
OlderCopy == CHOOSE i \in Copies :
                 \A j \in Copies : Age(rs[i]) < Age(rs[j]) \/ (Age(rs[i]) = Age(rs[j]) /\ i <= j)
\* The start in the newest durable restart copy: space below it may be reused (LFS-5).
DurableStart == rs[NewestCopy].start

\* Recovery's scan over disk d from the start of restart copy c: slot l must hold the page with
\* LSN l and, with UseEpochs, an epoch no smaller than the previous page's, or for the first page
\* than c.startEp (the epoch of the record at the start when c was written: a stale page of a dead
\* incarnation at the start has a smaller one). The end is the first l that fails.
ScanOk(d, c, l) ==
    /\ d[Slot(l)].lsn = l
    /\ UseEpochs => IF l = c.start THEN d[Slot(l)].ep >= c.startEp
                    ELSE d[Slot(l)].ep >= d[Slot(l - 1)].ep
ScanEnd(d, c) == Max({e \in c.start..(c.start + N) : \A l \in c.start..(e - 1) : ScanOk(d, c, l)})

\* The observable state the Java model reports after every step (trace checking). While down,
\* everything but up keeps its value from before the crash (the dead incarnation's memory).
Obs == [nextLsn |-> nextLsn, flushedLsn |-> flushedLsn, startLsn |-> startLsn,
        rsStart |-> held.start, rsData |-> held.data, up |-> up]

\* LFS-4 reads, as the running system serves them: no step, a read changes nothing. The LSNs of the
\* pages read from the cache, forward up to mx records from l (a record's LSN or the end), backward up
\* to mx records from l (a record's LSN) down to the start. A slot reused too early shows a wrong LSN.
Min(a, b) == IF a <= b THEN a ELSE b
CanReadForward(l) == up /\ startLsn <= l /\ l <= nextLsn
CanReadBackward(l) == up /\ startLsn <= l /\ l < nextLsn
ReadForward(l, mx) == [i \in 1..(Min(nextLsn, l + mx) - l) |-> cache[Slot(l + i - 1)].lsn]
ReadBackward(l, mx) == [i \in 1..Min(l - startLsn + 1, mx) |-> cache[Slot(l - i + 1)].lsn]

-----------------------------------------------------------------------------
Init ==
    /\ cache = [s \in Slots |-> NoPage]
    /\ disk = [s \in Slots |-> NoPage]
    /\ pending = {}
    /\ nextLsn = 1
    /\ flushedLsn = 0
    /\ startLsn = 1
    /\ rs = [i \in Copies |-> Formatted]
    /\ inflight = NoWrite
    /\ held = [start |-> 1, data |-> 0]
    /\ up = TRUE
    /\ epoch = 0
    /\ crashes = 0
    /\ history = << >>
    /\ completedSeq = 0
    /\ lastRecovery = NoRecovery

\* The running system is idle: up, and no restart write in flight. Append and Flush may also run while
\* a restart write is in flight (the log writer does not wait for it); AdvanceStart and another
\* restart write wait for it to complete.
Idle == up /\ inflight = NoWrite

\* The start that bounds an append's room (LFS-5): the durable one; the start of a restart write still
\* in flight does not count yet (MCLfs.tla has the must-fail variant that counts it).
AppendRoomStart == DurableStart

\* LFS-4 append, LFS-3 (the LSN is nextLsn), LFS-5 (no reuse at or after the durable start).
Append ==
    /\ up
    /\ nextLsn <= MaxLsn
    /\ WrapIgnoresStart \/ nextLsn - AppendRoomStart < N
    /\ cache' = [cache EXCEPT ![Slot(nextLsn)] = Page(nextLsn, epoch)]
    /\ pending' = pending \cup {Slot(nextLsn)}
    /\ history' = Sq!Append(history, Page(nextLsn, epoch))
    /\ nextLsn' = nextLsn + 1
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<disk, flushedLsn, startLsn, rsVars, up, epoch, crashes, completedSeq>>

\* LFS-4 flush, DISK-2: every pending slot holding an LSN <= l becomes durable.
Flush(l) ==
    /\ up
    /\ flushedLsn < l /\ l < nextLsn
    /\ LET written == {s \in pending : cache[s].lsn <= l}
       IN /\ disk' = IF FlushSkipsWrite THEN disk
                     ELSE [s \in Slots |-> IF s \in written THEN cache[s] ELSE disk[s]]
          /\ pending' = pending \ written
    /\ flushedLsn' = l
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<cache, nextLsn, startLsn, rsVars, up, epoch, crashes, history, completedSeq>>

\* LFS-4 advance the start, in memory only; it counts for reuse once a restart area holds it.
AdvanceStart(l) ==
    /\ Idle
    /\ startLsn < l /\ l <= nextLsn
    /\ startLsn' = l
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<cache, disk, pending, nextLsn, flushedLsn, rsVars, up, epoch, crashes, history,
                   completedSeq>>

\* LFS-2: write the restart area (start and client data d) into the older copy; first step.
BeginWriteRestart(d) ==
    /\ Idle
    /\ d \in Data
    /\ inflight' = [idx |-> OlderCopy,
                    copy |-> [seq |-> rs[NewestCopy].seq + 1, start |-> startLsn,
                              startEp |-> IF startLsn < nextLsn THEN cache[Slot(startLsn)].ep ELSE epoch,
                              data |-> d, ep |-> epoch]]
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<logVars, rs, held, up, epoch, crashes, history, completedSeq>>

\* LFS-2: the copy in flight becomes durable.
CompleteWriteRestart ==
    /\ up /\ inflight /= NoWrite
    /\ rs' = [rs EXCEPT ![inflight.idx] = inflight.copy]
    /\ held' = [start |-> inflight.copy.start, data |-> inflight.copy.data]
    /\ completedSeq' = inflight.copy.seq
    /\ inflight' = NoWrite
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<logVars, up, epoch, crashes, history>>

\* DISK-3: power loss. Every slot in persisted (a subset of pending) gets its cached page, the
\* other pending slots keep their old disk page; a restart copy in flight ends "old", "new" or
\* "torn" (restart is "none" when nothing is in flight). Volatile state is lost: cache is reset
\* to the disk and pending to {} (Recover would do the same), the rest is frozen until Recover.
CrashWith(persisted, restart) ==
    /\ up
    /\ crashes < MaxCrashes
    /\ persisted \subseteq pending
    /\ IF inflight = NoWrite THEN restart = "none" ELSE restart \in {"old", "new", "torn"}
    /\ disk' = [s \in Slots |-> IF s \in persisted THEN cache[s] ELSE disk[s]]
    /\ cache' = disk'
    /\ pending' = {}
    /\ rs' = CASE restart = "new" -> [rs EXCEPT ![inflight.idx] = inflight.copy]
               [] restart = "torn" -> [rs EXCEPT ![inflight.idx] = Torn]
               [] OTHER -> rs
    /\ completedSeq' = IF restart = "new" THEN inflight.copy.seq ELSE completedSeq
    /\ inflight' = NoWrite
    /\ up' = FALSE
    /\ crashes' = crashes + 1
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<nextLsn, flushedLsn, startLsn, held, epoch, history>>

Crash ==
    \E persisted \in SUBSET pending, restart \in {"none", "old", "new", "torn"} :
        CrashWith(persisted, restart)

\* The epoch of the next incarnation: one more than the largest in a valid restart copy.
NextEpoch == Max({rs[i].ep : i \in ValidCopies}) + 1

\* The reading half of Recover: from restart copy c, scan forward (LFS-6) and take up the log it
\* finds; the ghosts record what held before.
RecoverRead(c) ==
    LET e == ScanEnd(disk, c)
    IN /\ lastRecovery' = [happened |-> TRUE, history |-> history, flushedLsn |-> flushedLsn,
                           readSeq |-> c.seq, newestSeq |-> completedSeq]
       /\ history' = [i \in 1..(e - c.start) |-> disk[Slot(c.start + i - 1)]]
       /\ nextLsn' = e
       /\ flushedLsn' = e - 1
       /\ startLsn' = c.start
       /\ held' = [start |-> c.start, data |-> c.data]
       /\ cache' = disk
       /\ pending' = {}
       /\ up' = TRUE

\* LFS-6: read the newest valid restart copy (LFS-2), scan forward from its start, and begin a
\* new incarnation whose epoch is written into the older copy in the same step.
Recover ==
    /\ ~up
    /\ ValidCopies /= {}
    /\ RecoverRead(rs[NewestCopy])
    /\ LET written == [rs[NewestCopy] EXCEPT !.seq = @ + 1, !.ep = NextEpoch]
       IN /\ rs' = [rs EXCEPT ![OlderCopy] = written]
          /\ completedSeq' = written.seq
    /\ epoch' = NextEpoch
    /\ UNCHANGED <<disk, inflight, crashes>>

Next ==
    \/ Append
    \/ \E l \in (flushedLsn + 1)..(nextLsn - 1) : Flush(l)
    \/ \E l \in (startLsn + 1)..nextLsn : AdvanceStart(l)
    \/ \E d \in Data : BeginWriteRestart(d)
    \/ CompleteWriteRestart
    \/ Crash
    \/ Recover

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants. *)

Pages == [lsn : 0..MaxLsn, ep : 0..MaxCrashes]
RestartCopy == [seq : Nat, start : 0..(MaxLsn + 1), startEp : 0..MaxCrashes, data : Data \cup {0}, ep : 0..MaxCrashes]

TypeOK ==
    /\ cache \in [Slots -> Pages]
    /\ disk \in [Slots -> Pages]
    /\ pending \subseteq Slots
    /\ nextLsn \in 1..(MaxLsn + 1)
    /\ flushedLsn \in 0..MaxLsn
    /\ startLsn \in 1..(MaxLsn + 1)
    /\ rs \in [Copies -> RestartCopy]
    /\ inflight = NoWrite \/ (inflight.idx \in Copies /\ inflight.copy \in RestartCopy)
    /\ held \in [start : 1..(MaxLsn + 1), data : Data \cup {0}]
    /\ up \in BOOLEAN
    /\ epoch \in 0..MaxCrashes
    /\ crashes \in 0..MaxCrashes
    /\ history \in Sq!Seq(Pages)
    /\ completedSeq \in Nat

\* LFS-3: the LSNs of the current history strictly increase without gaps, and nextLsn (the next
\* append's LSN) exceeds them all; the start and the flushed LSN lie within [1, nextLsn].
LsnsGrow ==
    /\ \A i \in 1..(Sq!Len(history) - 1) : history[i + 1].lsn = history[i].lsn + 1
    /\ \A i \in DOMAIN history : history[i].lsn < nextLsn
    /\ history /= << >> => history[Sq!Len(history)].lsn = nextLsn - 1
    /\ flushedLsn < nextLsn
    /\ startLsn <= nextLsn

\* LFS-5: circular reuse never overwrites a record at or after the durable start: while the
\* system runs, every such record of the history is still in its slot of the cache.
NoOverwrite ==
    up => \A i \in DOMAIN history :
              history[i].lsn >= DurableStart => cache[Slot(history[i].lsn)] = history[i]

\* DISK-2, LFS-5: every flushed record at or after the durable start is on disk.
FlushedDurable ==
    ValidCopies /= {} => \A i \in DOMAIN history :
        DurableStart <= history[i].lsn /\ history[i].lsn <= flushedLsn => disk[Slot(history[i].lsn)] = history[i]

\* LFS-2: a destroyed copy does not lose the restart area: one copy always reads back.
RestartAreaReadable == ValidCopies /= {}

\* LFS-2: after Recover, the restart area read is the newest one written completely (the highest
\* seq of a completed write, or the one in flight at the crash if it landed whole).
RecoveredRestartIsNewest ==
    lastRecovery.happened => lastRecovery.readSeq = lastRecovery.newestSeq

\* LFS-6: after Recover, the recovered log (startLsn .. nextLsn - 1) is a gap-free prefix of the
\* pre-crash history from that start: the same LSNs with the same epochs, no stale page.
RecoveredLogIsPrefix ==
    lastRecovery.happened =>
        \A l \in startLsn..(nextLsn - 1) :
            \E i \in DOMAIN lastRecovery.history :
                /\ lastRecovery.history[i].lsn = l
                /\ history[l - startLsn + 1] = lastRecovery.history[i]

\* LFS-6: after Recover, every record flushed before the crash was recovered.
RecoveredLogHasFlushed ==
    lastRecovery.happened => nextLsn > lastRecovery.flushedLsn

\* The running system's restart area is the newest durable one (the Append bound uses it).
HeldIsDurable ==
    Idle => held = [start |-> DurableStart, data |-> rs[NewestCopy].data]

=============================================================================
