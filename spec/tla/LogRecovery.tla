---------------------------- MODULE LogRecovery ----------------------------
(***************************************************************************)
(* Log-based recovery (REC-1..7) over the log file service (LFS-1..6).     *)
(*                                                                         *)
(* Pages live in a cache and on disk; each carries the LSN of its last     *)
(* change (pageLSN). Transactions log an update record (tx, page, before,  *)
(* after, prev) before they change the cached page (REC-1/2); a page       *)
(* reaches the disk only once the log is flushed up to its pageLSN (REC-3, *)
(* the write-ahead rule). Commit appends a commit record and flushes it.   *)
(* Steal (an uncommitted change may reach the disk) and no-force (commit   *)
(* writes no page). A running transaction may also roll back: its updates  *)
(* are undone newest first, each by a compensation record (CLR), then an   *)
(* end record retires it.                                                  *)
(*                                                                         *)
(* Checkpoints are fuzzy (REC-7), as in NTFS and ARIES: a begin record,    *)
(* the dirty-page and transaction tables copied then, work going on, an    *)
(* end record carrying the copy, and only then the restart area pointing   *)
(* at the begin, with the log start advanced to the oldest record          *)
(* recovery may still need. Recovery (REC-4): analysis from the            *)
(* checkpoint's begin, seeded with its tables; redo forward with the       *)
(* pageLSN check (REC-5); undo backward writing CLRs whose undoNext skips  *)
(* what is already undone (REC-6/7), so a rollback or a recovery a crash   *)
(* interrupted is finished, never repeated. A crash may strike at any      *)
(* point, rollback, checkpoint and recovery included.                      *)
(*                                                                         *)
(* The log is abstracted (spec/doc/logrecovery.md says why and what this   *)
(* assumes of Lfs): a sequence of records, LSN = index, of which a prefix  *)
(* 1..flushed is durable, and a logical start below which records may be   *)
(* overwritten and are never read. A crash keeps every flushed record and  *)
(* possibly some unflushed ones, in order (LFS-6: Lfs!RecoveredLogIsPrefix *)
(* and Lfs!RecoveredLogHasFlushed). The restart area (start, checkpoint    *)
(* begin and end) is written atomically (LFS-2:                            *)
(* Lfs!RecoveredRestartIsNewest).                                          *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Tx,                 \* transactions (model values; each runs at most once)
    Page,               \* pages (model values)
    MaxVal,             \* page values 0..MaxVal; every page starts at 0
    MaxUpdates,         \* bound: Update needs fewer update records than this in the log
    MaxCheckpoints,     \* bound: BeginCheckpoint needs fewer begin records than this in the log
    MaxCrashes,         \* bound: at most this many crashes
    WalOff,             \* bug: a page may reach the disk before its log record (must fail REC-3)
    StartPastNeeded,    \* bug: a checkpoint moves the start to its begin record (must fail REC-7)
    UndoWithoutClr,     \* bug: undo changes the page but logs nothing (must fail REC-6)
    RedoFromCheckpoint, \* bug: redo starts at the checkpoint, ignoring its DPT (must fail REC-5)
    AnalysisFromEnd,    \* bug: analysis scans from the checkpoint's end, not its begin (must fail REC-7)
    IgnoreCkptTxTable,  \* bug: analysis ignores the checkpoint's transaction table (must fail REC-6/7)
    AnalysisSkipsClrs   \* bug: undo resumes at a loser's last update, not its last CLR (must fail REC-7)

Flags == {WalOff, StartPastNeeded, UndoWithoutClr, RedoFromCheckpoint, AnalysisFromEnd,
          IgnoreCkptTxTable, AnalysisSkipsClrs}
ASSUME Tx /= {} /\ Page /= {} /\ MaxVal \in Nat \ {0}
ASSUME MaxUpdates \in Nat /\ MaxCheckpoints \in Nat /\ MaxCrashes \in Nat
ASSUME Flags \subseteq BOOLEAN

VARIABLES
    \* The log and its restart area (durable, but see flushed).
    log,            \* the log, LSN l is log[l]; records after a crash's cut are gone
    flushed,        \* LSNs 1..flushed are durable (LFS-4 flush)
    start,          \* restart area: the log's logical start (LFS-4 advance start, REC-7)
    rsBegin,        \* restart area: the last complete checkpoint's begin record, 0 for none (LFS-2)
    rsEnd,          \* restart area: that checkpoint's end record, 0 for none
    \* Pages.
    cache,          \* page -> [val, lsn]: the cached page (volatile)
    disk,           \* page -> [val, lsn]: the durable page
    \* Volatile state of the running system (lost at a crash).
    txState,        \* tx -> "idle" | "active" | "aborting" | "committed" | "aborted" | "dead"
    undoNext,       \* tx -> the LSN to undo next, while it rolls back or is a loser in undo (0: none)
    ckptBegin,      \* the open checkpoint's begin record (0: no checkpoint open)
    ckptDpt,        \* the dirty-page table copied at the open checkpoint's begin, page -> recLSN
    ckptAtt,        \* the transaction table copied then, tx -> last change of each running tx
    \* Recovery.
    phase,          \* "up" | "down" | "redo" | "undo"
    crashes,        \* crashes so far
    redoNext,       \* redo: the next LSN to redo (0 outside redo)
    dptR,           \* redo: the dirty-page table from analysis, page -> recLSN (0: not dirty)
    \* Ghosts (no action reads them except to update them).
    target,         \* page values of the committed txs at the crash that began this recovery
    tags,           \* what happened since the last crash while up (the reachability models read it)
    justRecovered   \* the last step completed recovery

vars == <<log, flushed, start, rsBegin, rsEnd, cache, disk, txState, undoNext, ckptBegin,
          ckptDpt, ckptAtt, phase, crashes, redoNext, dptR, target, tags, justRecovered>>
rsVars == <<start, rsBegin, rsEnd>>
ckptVars == <<ckptBegin, ckptDpt, ckptAtt>>
recVars == <<redoNext, dptR>>

Vals == 0..MaxVal
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : y <= x

NoPageTable == [p \in Page |-> 0]
NoTxTable == [t \in Tx |-> 0]

\* Log records. upd: a change with redo (after) and undo (before) value, prev = the tx's previous
\* update (0: its first). clr: compensation, redo-only, undoNext = the tx's next update to undo.
\* eckpt: the tables copied at its begin record (begin = that record's LSN).
UpdRec(t, p, before, after, prev) ==
    [type |-> "upd", tx |-> t, page |-> p, before |-> before, after |-> after, prev |-> prev]
ClrRec(t, p, after, next) == [type |-> "clr", tx |-> t, page |-> p, after |-> after, undoNext |-> next]
CommitRec(t) == [type |-> "commit", tx |-> t]
EndRec(t) == [type |-> "end", tx |-> t]
BeginCkptRec == [type |-> "bckpt"]
EndCkptRec(b, dpt, att) == [type |-> "eckpt", begin |-> b, dpt |-> dpt, att |-> att]
Clean == [val |-> 0, lsn |-> 0]

Lsns == 1..Len(log)
IsChange(l) == log[l].type \in {"upd", "clr"}
IsTxRec(l) == log[l].type \in {"upd", "clr", "commit", "end"}
\* A record before the start may have been overwritten (LFS-5): recovery never reads it.
Readable(l) == start <= l /\ l <= Len(log)
Count(type) == Cardinality({l \in Lsns : log[l].type = type})

\* The tx's last logged change (its undo chain's head), 0 if none; its first.
TxLast(t) == Max({0} \cup {l \in Lsns : IsChange(l) /\ log[l].tx = t})
TxFirst(t) == Min({Len(log) + 1} \cup {l \in Lsns : IsChange(l) /\ log[l].tx = t})
Touched(t, p) == \E l \in Lsns : IsChange(l) /\ log[l].tx = t /\ log[l].page = p
HasRecord(t, type) == \E l \in Lsns : log[l].type = type /\ log[l].tx = t
Finished(t) == HasRecord(t, "commit") \/ HasRecord(t, "end")
Running == {t \in Tx : txState[t] \in {"active", "aborting"}}

\* The cache manager's recLSN: the first change to p not on disk yet (0 if p is clean).
RecLsn(p) ==
    LET ls == {l \in Lsns : IsChange(l) /\ log[l].page = p /\ l > disk[p].lsn}
    IN IF ls = {} THEN 0 ELSE Min(ls)

\* The value of p after the committed txs' updates in log lg, applied in log order (0 if none).
CommittedValueIn(lg, p) ==
    LET committed(t) == \E l \in 1..Len(lg) : lg[l].type = "commit" /\ lg[l].tx = t
        ls == {l \in 1..Len(lg) : lg[l].type = "upd" /\ lg[l].page = p /\ committed(lg[l].tx)}
    IN IF ls = {} THEN 0 ELSE lg[Max(ls)].after
CommittedValue(p) == CommittedValueIn(log, p)

\* The oldest record recovery may still need (REC-7): the oldest change not on disk (redo) and the
\* first change of a tx that has neither committed nor ended (undo); the end of the log if none.
NeededLsn ==
    Min({Len(log) + 1}
        \cup {l \in Lsns : IsChange(l) /\ l > disk[log[l].page].lsn}
        \cup {l \in Lsns : IsChange(l) /\ ~Finished(log[l].tx)})

\* Analysis (REC-4, REC-7): the tables after one record. A change makes its page dirty (from the
\* first such LSN) and its tx a loser candidate (undo resumes here: an update is undone, a CLR
\* skipped via its undoNext); commit and end retire the tx. Checkpoint records change nothing.
AnalyzeRec(tabs, l) ==
    LET r == log[l]
    IN CASE r.type \in {"upd", "clr"} ->
                [dpt |-> IF tabs.dpt[r.page] = 0 THEN [tabs.dpt EXCEPT ![r.page] = l] ELSE tabs.dpt,
                 att |-> IF AnalysisSkipsClrs /\ r.type = "clr" THEN tabs.att
                         ELSE [tabs.att EXCEPT ![r.tx] = l]]
         [] r.type \in {"commit", "end"} -> [tabs EXCEPT !.att[r.tx] = 0]
         [] OTHER -> tabs

RECURSIVE Scan(_, _)
Scan(l, tabs) == IF l > Len(log) THEN tabs ELSE Scan(l + 1, AnalyzeRec(tabs, l))

-----------------------------------------------------------------------------
Init ==
    /\ log = << >>
    /\ flushed = 0
    /\ start = 1
    /\ rsBegin = 0
    /\ rsEnd = 0
    /\ cache = [p \in Page |-> Clean]
    /\ disk = [p \in Page |-> Clean]
    /\ txState = [t \in Tx |-> "idle"]
    /\ undoNext = NoTxTable
    /\ ckptBegin = 0
    /\ ckptDpt = NoPageTable
    /\ ckptAtt = NoTxTable
    /\ phase = "up"
    /\ crashes = 0
    /\ redoNext = 0
    /\ dptR = NoPageTable
    /\ target = [p \in Page |-> 0]
    /\ tags = {}
    /\ justRecovered = FALSE

\* REC-1, REC-2: log the change (redo = after, undo = before) in the cached log, then change the
\* cached page. A tx begins with its first update. Page locks are held to the end of the tx: no
\* other running tx has changed p.
Update(t, p, v) ==
    /\ phase = "up"
    /\ txState[t] \in {"idle", "active"}
    /\ Count("upd") < MaxUpdates
    /\ v /= cache[p].val
    /\ \A u \in Running \ {t} : ~Touched(u, p)
    /\ log' = Append(log, UpdRec(t, p, cache[p].val, v, TxLast(t)))
    /\ cache' = [cache EXCEPT ![p] = [val |-> v, lsn |-> Len(log) + 1]]
    /\ txState' = [txState EXCEPT ![t] = "active"]
    /\ tags' = IF "undone" \in tags THEN tags \cup {"work"} ELSE tags
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<flushed, rsVars, disk, undoNext, ckptVars, phase, crashes, recVars, target>>

\* A commit is a commit record flushed (no-force: no page is written).
Commit(t) ==
    /\ phase = "up"
    /\ txState[t] = "active"
    /\ log' = Append(log, CommitRec(t))
    /\ flushed' = Len(log')
    /\ txState' = [txState EXCEPT ![t] = "committed"]
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<rsVars, cache, disk, undoNext, ckptVars, phase, crashes, recVars, target, tags>>

\* REC-6 during normal operation: the tx (or its client) gives up; undo starts at its last update.
Rollback(t) ==
    /\ phase = "up"
    /\ txState[t] = "active"
    /\ txState' = [txState EXCEPT ![t] = "aborting"]
    /\ undoNext' = [undoNext EXCEPT ![t] = TxLast(t)]
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<log, flushed, rsVars, cache, disk, ckptVars, phase, crashes, recVars, target, tags>>

\* Undo the record undoNext[t] names (rollback and recovery alike): an update is undone by a CLR
\* (after = the update's before, undoNext = the update's prev) and the page gets the CLR's LSN; a
\* CLR (left by a rollback or recovery a crash interrupted) is skipped via its undoNext, so nothing
\* is undone twice. When the chain is done, an end record retires the tx.
UndoRecord(t) ==
    LET l == undoNext[t]
        r == log[l]
        lost == ~Readable(l)  \* only with StartPastNeeded: the chain is gone, give up on it
        isUpd == ~lost /\ r.type = "upd"
        nxt == CASE lost -> 0 [] r.type = "upd" -> r.prev [] OTHER -> r.undoNext
        clr == IF isUpd /\ ~UndoWithoutClr THEN << ClrRec(t, r.page, r.before, nxt) >> ELSE << >>
        endRec == IF nxt = 0 THEN << EndRec(t) >> ELSE << >>
    IN /\ log' = log \o clr \o endRec
       /\ cache' = IF ~isUpd THEN cache
                   ELSE [cache EXCEPT ![r.page] =
                            [val |-> r.before,
                             lsn |-> IF UndoWithoutClr THEN cache[r.page].lsn ELSE Len(log) + 1]]
       /\ undoNext' = [undoNext EXCEPT ![t] = nxt]

\* One step of a rollback during normal operation; the last one (end record) ends the tx.
RollbackStep(t) ==
    /\ phase = "up"
    /\ txState[t] = "aborting"
    /\ UndoRecord(t)
    /\ txState' = IF undoNext'[t] = 0 THEN [txState EXCEPT ![t] = "aborted"] ELSE txState
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<flushed, rsVars, disk, ckptVars, phase, crashes, recVars, target, tags>>

\* LFS-4 flush (all of the log: a crash may keep any longer prefix anyway). Also during recovery.
FlushLog ==
    /\ phase \in {"up", "redo", "undo"}
    /\ flushed < Len(log)
    /\ flushed' = Len(log)
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<log, rsVars, cache, disk, txState, undoNext, ckptVars, phase, crashes, recVars,
                   target, tags>>

\* The cache manager writes a dirty page (steal: whoever changed it). REC-3: only once the log is
\* flushed up to the page's LSN.
FlushPage(p) ==
    /\ phase \in {"up", "redo", "undo"}
    /\ cache[p] /= disk[p]
    /\ WalOff \/ cache[p].lsn <= flushed
    /\ disk' = [disk EXCEPT ![p] = cache[p]]
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<log, flushed, rsVars, cache, txState, undoNext, ckptVars, phase, crashes, recVars,
                   target, tags>>

\* REC-7, fuzzy checkpoint, first step: append the begin record and copy the dirty-page table
\* (recLSNs) and the transaction table (each running tx's last change). Work goes on while the copy
\* waits to be written: it may miss changes, commits and ends logged after the begin record, which
\* is why analysis starts there.
BeginCheckpoint ==
    /\ phase = "up"
    /\ ckptBegin = 0
    /\ Count("bckpt") < MaxCheckpoints
    /\ log' = Append(log, BeginCkptRec)
    /\ ckptBegin' = Len(log) + 1
    /\ ckptDpt' = [p \in Page |-> RecLsn(p)]
    /\ ckptAtt' = [t \in Tx |-> IF t \in Running THEN TxLast(t) ELSE 0]
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<flushed, rsVars, cache, disk, txState, undoNext, phase, crashes, recVars, target,
                   tags>>

\* Second step: append the end record carrying the copy, flush the log through it, and write the
\* restart area (LFS-2): the checkpoint's begin and end records, and the new start, the oldest record
\* recovery may need (LFS-4 advance start): the begin, the copied recLSNs, the first change of each
\* tx in the copied table. One step: a crash between the flush and the restart write leaves the old
\* restart area, from which analysis reads the new begin and end records as records that change
\* nothing, as it does after a crash that interrupts a checkpoint between its begin and end.
EndCheckpoint ==
    /\ phase = "up"
    /\ ckptBegin /= 0
    /\ log' = Append(log, EndCkptRec(ckptBegin, ckptDpt, ckptAtt))
    /\ flushed' = Len(log')
    /\ LET oldest == Min({ckptBegin} \cup {ckptDpt[p] : p \in {q \in Page : ckptDpt[q] /= 0}}
                                     \cup {TxFirst(t) : t \in {u \in Tx : ckptAtt[u] /= 0}})
       IN start' = IF StartPastNeeded THEN ckptBegin ELSE Max({start, oldest})
    /\ rsBegin' = ckptBegin
    /\ rsEnd' = Len(log')
    /\ ckptBegin' = 0
    /\ ckptDpt' = NoPageTable
    /\ ckptAtt' = NoTxTable
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<cache, disk, txState, undoNext, phase, crashes, recVars, target, tags>>

\* DISK-3, LFS-6: power loss, at any point (recovery included). The log keeps its flushed records
\* and maybe some more, a prefix in order (the cut k); cached pages and all volatile tables are lost;
\* running txs are dead. A crash while up fixes the target: what committed at that point.
Crash(k) ==
    /\ phase /= "down"
    /\ crashes < MaxCrashes
    /\ k \in flushed..Len(log)
    /\ log' = SubSeq(log, 1, k)
    /\ flushed' = k
    /\ cache' = disk
    /\ txState' = [t \in Tx |-> IF t \in Running THEN "dead" ELSE txState[t]]
    /\ undoNext' = NoTxTable
    /\ ckptBegin' = 0
    /\ ckptDpt' = NoPageTable
    /\ ckptAtt' = NoTxTable
    /\ phase' = "down"
    /\ crashes' = crashes + 1
    /\ redoNext' = 0
    /\ dptR' = NoPageTable
    /\ target' = IF phase = "up" THEN [p \in Page |-> CommittedValueIn(SubSeq(log, 1, k), p)]
                ELSE target
    \* "rollback": a rollback was under way and one of its CLRs survives the cut. "redo": redo had
    \* redone a change (the cache differs from the disk only by redone changes then). "undo": in
    \* undo; "undoClr": and the cut keeps the CLR this recovery wrote ("undone").
    /\ tags' = CASE phase = "up" ->
                      IF \E l \in 1..k : log[l].type = "clr" /\ txState[log[l].tx] = "aborting"
                      THEN {"rollback"} ELSE {}
                 [] phase = "redo" /\ cache /= disk -> tags \cup {"redo"}
                 [] phase = "undo" /\ "undone" \in tags /\ k = Len(log) -> tags \cup {"undo", "undoClr"}
                 [] phase = "undo" -> tags \cup {"undo"}
                 [] OTHER -> tags
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<rsVars, disk>>

\* The first change at or after LSN l (redo visits only changes), or the end of the log + 1.
NextChange(l) == Min({Len(log) + 1} \cup {m \in l..Len(log) : IsChange(m)})

\* Where recovery goes once redo is over: undo if there is a loser, else it is complete.
AfterRedo(att) == IF att = NoTxTable THEN "up" ELSE "undo"

\* REC-4 analysis (reads only, so one step): seed the tables with the restart area's checkpoint
\* (its end record), scan forward from its begin record to the end of the log (from the start if
\* there is no checkpoint). Redo starts at the smallest recLSN.
Analysis ==
    /\ phase = "down"
    /\ LET tabs0 == IF rsBegin = 0 THEN [dpt |-> NoPageTable, att |-> NoTxTable]
                    ELSE [dpt |-> log[rsEnd].dpt,
                          att |-> IF IgnoreCkptTxTable THEN NoTxTable ELSE log[rsEnd].att]
           from == CASE rsBegin = 0 -> start
                     [] AnalysisFromEnd -> rsEnd + 1
                     [] OTHER -> rsBegin + 1
           tabs == Scan(from, tabs0)
           recs == {tabs.dpt[p] : p \in {q \in Page : tabs.dpt[q] /= 0}}
           first == IF RedoFromCheckpoint /\ rsBegin /= 0 THEN NextChange(rsBegin + 1)
                    ELSE Min({Len(log) + 1} \cup recs)
       IN /\ redoNext' = IF first <= Len(log) THEN first ELSE 0
          /\ dptR' = IF first <= Len(log) THEN tabs.dpt ELSE NoPageTable
          /\ undoNext' = tabs.att
          /\ phase' = IF first <= Len(log) THEN "redo" ELSE AfterRedo(tabs.att)
          \* "ckpt": from a checkpoint whose tables are not empty; "fuzzy": from one with an update
          \* logged between its begin and end; "clr": some loser's undo resumes at a CLR. "undone"
          \* (this recovery wrote a CLR) is reset.
          /\ tags' = (tags \ {"undone"})
                     \cup (IF rsBegin /= 0 /\ (tabs0.dpt /= NoPageTable \/ tabs0.att /= NoTxTable)
                           THEN {"ckpt"} ELSE {})
                     \cup (IF rsBegin /= 0 /\ \E l \in rsBegin..rsEnd : log[l].type = "upd"
                           THEN {"fuzzy"} ELSE {})
                     \cup (IF \E t \in Tx : tabs.att[t] /= 0 /\ log[tabs.att[t]].type = "clr"
                           THEN {"clr"} ELSE {})
    /\ justRecovered' = (phase' = "up")
    /\ UNCHANGED <<log, flushed, rsVars, cache, disk, txState, ckptVars, crashes, target>>

\* REC-5: redo one change: reapply it unless the page already has it (pageLSN >= LSN) or the page
\* was clean from before it (recLSN > LSN). Redo repeats history, losers and CLRs included; it
\* logs nothing.
RedoStep ==
    /\ phase = "redo"
    /\ LET l == redoNext
           r == log[l]
           nxt == NextChange(l + 1)
       IN /\ cache' = IF /\ Readable(l) /\ IsChange(l)
                         /\ dptR[r.page] /= 0 /\ dptR[r.page] <= l
                         /\ cache[r.page].lsn < l
                      THEN [cache EXCEPT ![r.page] = [val |-> r.after, lsn |-> l]]
                      ELSE cache
          /\ redoNext' = IF nxt <= Len(log) THEN nxt ELSE 0
          /\ dptR' = IF nxt <= Len(log) THEN dptR ELSE NoPageTable
          /\ phase' = IF nxt <= Len(log) THEN "redo" ELSE AfterRedo(undoNext)
    /\ justRecovered' = (phase' = "up")
    /\ UNCHANGED <<log, flushed, rsVars, disk, txState, undoNext, ckptVars, crashes, target, tags>>

\* REC-6: undo the loser whose next record to undo is the newest (one backward pass). Recovery is
\* complete when no loser is left.
UndoStep(t) ==
    /\ phase = "undo"
    /\ undoNext[t] /= 0
    /\ \A u \in Tx : undoNext[u] <= undoNext[t]
    /\ UndoRecord(t)
    /\ phase' = IF undoNext' = NoTxTable THEN "up" ELSE "undo"
    /\ tags' = IF log[undoNext[t]].type = "upd" THEN tags \cup {"undone"} ELSE tags
    /\ justRecovered' = (phase' = "up")
    /\ UNCHANGED <<flushed, rsVars, disk, txState, ckptVars, crashes, recVars, target>>

\* Nothing left to do while up (bounds reached): not a deadlock. Stuck in recovery is one.
Done ==
    /\ phase = "up"
    /\ UNCHANGED vars

Next ==
    \/ \E t \in Tx, p \in Page, v \in Vals : Update(t, p, v)
    \/ \E t \in Tx : Commit(t) \/ Rollback(t) \/ RollbackStep(t)
    \/ FlushLog
    \/ \E p \in Page : FlushPage(p)
    \/ BeginCheckpoint \/ EndCheckpoint
    \/ \E k \in flushed..Len(log) : Crash(k)
    \/ Analysis
    \/ RedoStep
    \/ \E t \in Tx : UndoStep(t)
    \/ Done

Spec == Init /\ [][Next]_vars

\* REC-4 "recovery starts by itself": every recovery step, and every step of a rollback, is taken
\* once it is enabled for good. Crashes are bounded, so the last recovery runs to its end.
FairSpec ==
    /\ Spec
    /\ WF_vars(Analysis)
    /\ WF_vars(RedoStep)
    /\ WF_vars(\E t \in Tx : UndoStep(t))
    /\ \A t \in Tx : WF_vars(RollbackStep(t))

-----------------------------------------------------------------------------
(* Invariants. *)

PageT == [val : Vals, lsn : Nat]

TypeOK ==
    /\ \A l \in Lsns : log[l].type \in {"upd", "clr", "commit", "end", "bckpt", "eckpt"}
    /\ \A l \in Lsns : IsTxRec(l) => log[l].tx \in Tx
    /\ flushed \in 0..Len(log)
    /\ start \in 1..(Len(log) + 1)
    /\ rsBegin \in 0..Len(log) /\ rsEnd \in 0..Len(log)
    /\ (rsBegin = 0) = (rsEnd = 0)
    /\ rsBegin /= 0 =>
           log[rsBegin].type = "bckpt" /\ log[rsEnd].type = "eckpt" /\ log[rsEnd].begin = rsBegin
    /\ cache \in [Page -> PageT] /\ disk \in [Page -> PageT]
    /\ txState \in [Tx -> {"idle", "active", "aborting", "committed", "aborted", "dead"}]
    /\ undoNext \in [Tx -> Nat]
    /\ ckptBegin \in 0..Len(log)
    /\ ckptDpt \in [Page -> Nat] /\ ckptAtt \in [Tx -> Nat]
    /\ phase \in {"up", "down", "redo", "undo"}
    /\ crashes \in 0..MaxCrashes
    /\ dptR \in [Page -> Nat]

\* REC-3: no page on disk is newer than the flushed log.
WriteAheadLog == \A p \in Page : disk[p].lsn <= flushed

\* A commit told to the client is durable: its commit record is flushed.
CommitIsDurable ==
    \A t \in Tx : txState[t] = "committed" =>
        \E l \in 1..flushed : log[l].type = "commit" /\ log[l].tx = t

\* Every page (cached and on disk) is what its pageLSN's record made it (REC-1/2): the pageLSN
\* names a change to that page whose after value is the page's value (LSN 0: the initial 0).
PagesMatchLog ==
    \A p \in Page : \A pg \in {cache[p], disk[p]} :
        IF pg.lsn = 0 THEN pg.val = 0
        ELSE pg.lsn <= Len(log) /\ IsChange(pg.lsn) /\ log[pg.lsn].page = p /\ log[pg.lsn].after = pg.val

\* REC-7, LFS-5: the start never passes a record recovery still needs (redo: the oldest change not
\* on disk; undo: the first change of a tx not finished), nor the checkpoint analysis starts at.
StartNeverPassesNeeded ==
    /\ start <= NeededLsn
    /\ rsBegin /= 0 => start <= rsBegin

\* REC-4/5/6: when recovery completes, every page holds exactly the effects of the committed txs
\* (those whose commit record survived), applied in log order; the losers left no trace.
RecoveredIsCommitted ==
    justRecovered => \A p \in Page : cache[p].val = CommittedValue(p)

\* Recovering twice equals recovering once: however many crashes interrupted recovery, when it
\* completes the pages are what the crash that began it determined (the committed values then).
RecoveryIdempotent ==
    justRecovered => \A p \in Page : cache[p].val = target[p]

\* After recovery no tx is left running: every tx with a change in the log committed or ended
\* (the losers are retired by end records, whether they died running or rolling back).
LosersRetired ==
    justRecovered => \A t \in Tx : TxLast(t) /= 0 => Finished(t)

\* REC-6 in normal operation too: while up, a page no running tx has changed holds the committed
\* value, so a finished rollback (and a finished recovery) leaves exactly the committed work.
UnlockedPagesCommitted ==
    phase = "up" =>
        \A p \in Page : (\A t \in Running : ~Touched(t, p)) => cache[p].val = CommittedValue(p)

\* No update is undone twice: no two CLRs of a tx carry the same undoNext (a tx's updates form one
\* chain through prev, so the undoNext names the update undone). Undo with physical before-images
\* would hide a repeated undo from the value invariants; a logical undo would not survive it.
UndoneOnce ==
    \A l, m \in Lsns :
        l < m /\ log[l].type = "clr" /\ log[m].type = "clr" /\ log[l].tx = log[m].tx
            => log[l].undoNext /= log[m].undoNext

\* Liveness (with FairSpec): once crashes stop, recovery completes, and a rollback ends.
RecoveryCompletes == (phase /= "up") ~> (phase = "up")
RollbackCompletes == \A t \in Tx : (txState[t] = "aborting") ~> (txState[t] /= "aborting")

=============================================================================
