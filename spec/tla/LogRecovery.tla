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
(* writes no page). Checkpoints write the dirty-page and transaction       *)
(* tables into a checkpoint record, point the restart area at it and       *)
(* advance the log start to the oldest record recovery may still need      *)
(* (REC-7). Recovery (REC-4): analysis from the restart area, redo forward *)
(* with the pageLSN check (REC-5), undo backward writing compensation      *)
(* records (CLRs) whose undoNext skips what is already undone (REC-6/7). A *)
(* crash may strike at any point, recovery included.                       *)
(*                                                                         *)
(* The log is abstracted (spec/doc/logrecovery.md says why and what this   *)
(* assumes of Lfs): a sequence of records, LSN = index, of which a prefix  *)
(* 1..flushed is durable, and a logical start below which records may be   *)
(* overwritten and are never read. A crash keeps every flushed record and  *)
(* possibly some unflushed ones, in order (LFS-6: Lfs!RecoveredLogIsPrefix *)
(* and Lfs!RecoveredLogHasFlushed). The start and the checkpoint LSN form  *)
(* the restart area, written atomically (LFS-2:                            *)
(* Lfs!RecoveredRestartIsNewest).                                          *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    NTx,                \* transactions 1..NTx (each runs at most once)
    NPage,              \* pages 1..NPage
    MaxVal,             \* page values 0..MaxVal; every page starts at 0
    MaxLog,             \* bound: Update and Checkpoint need a log shorter than this
    MaxCrashes,         \* bound: at most this many crashes
    WalOff,             \* bug: a page may reach the disk before its log record (must fail REC-3)
    StartPastNeeded,    \* bug: a checkpoint moves the start to itself (must fail REC-7)
    UndoWithoutClr,     \* bug: undo changes the page but logs nothing (must fail REC-6)
    RedoFromCheckpoint  \* bug: redo starts after the checkpoint, ignoring its DPT (must fail REC-5)

ASSUME NTx \in Nat \ {0} /\ NPage \in Nat \ {0} /\ MaxVal \in Nat \ {0}
ASSUME MaxLog \in Nat /\ MaxCrashes \in Nat
ASSUME {WalOff, StartPastNeeded, UndoWithoutClr, RedoFromCheckpoint} \subseteq BOOLEAN

VARIABLES
    log,            \* the log, LSN l is log[l]; records after a crash's cut are gone
    flushed,        \* LSNs 1..flushed are durable (LFS-4 flush)
    start,          \* the log's logical start in the restart area (LFS-4 advance start, REC-7)
    rsCkpt,         \* the checkpoint record the restart area points at, 0 for none (LFS-2)
    cache,          \* page -> [val, lsn]: the cached page (volatile)
    disk,           \* page -> [val, lsn]: the durable page
    txState,        \* tx -> "idle" | "active" | "committed" | "dead" (active at a crash)
    phase,          \* "up" | "down" | "redo" | "undo"
    crashes,        \* crashes so far
    redoNext,       \* redo: the next LSN to redo (0 outside redo)
    dptR,           \* redo: the dirty-page table from analysis, page -> recLSN (0: not dirty)
    undoNext,       \* undo: tx -> the LSN to undo next for a loser (0: nothing left)
    target,         \* ghost: page values of the committed txs at the crash that began this recovery
    crashedIn,      \* ghost: since the last crash while up: "redo"/"undo" a crash interrupted that phase,
                    \* "clr" an analysis found a loser whose undo resumes at a CLR
    fromCkpt,       \* ghost: analysis started from a checkpoint holding a dirty page or an active tx
    justRecovered   \* ghost: the last step completed recovery

vars == <<log, flushed, start, rsCkpt, cache, disk, txState, phase, crashes, redoNext, dptR,
          undoNext, target, crashedIn, fromCkpt, justRecovered>>
recVars == <<redoNext, dptR, undoNext>>
ghostVars == <<target, crashedIn, fromCkpt>>

Txs == 1..NTx
Pages == 1..NPage
Vals == 0..MaxVal
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : y <= x

NoPageTable == [p \in Pages |-> 0]
NoTxTable == [t \in Txs |-> 0]
\* Every record has the same fields (TLC compares them). prev: for "upd" the tx's previous
\* record (0: first), for "clr" the undoNext (the next record of the tx to undo).
\* dpt and att only matter in "ckpt" records.
Rec(type, t, p, before, after, prev) ==
    [type |-> type, tx |-> t, page |-> p, before |-> before, after |-> after, prev |-> prev,
     dpt |-> NoPageTable, att |-> NoTxTable]
CkptRec(dpt, att) == [Rec("ckpt", 0, 0, 0, 0, 0) EXCEPT !.dpt = dpt, !.att = att]
Clean == [val |-> 0, lsn |-> 0]

Lsns == 1..Len(log)
IsChange(l) == log[l].type \in {"upd", "clr"}
\* A record before the start may have been overwritten (LFS-5): recovery never reads it.
Readable(l) == start <= l /\ l <= Len(log)

\* The tx's last logged change (its undo chain's head), 0 if none.
TxLast(t) == Max({0} \cup {l \in Lsns : IsChange(l) /\ log[l].tx = t})
TxFirst(t) == Min({Len(log) + 1} \cup {l \in Lsns : IsChange(l) /\ log[l].tx = t})
Touched(t, p) == \E l \in Lsns : IsChange(l) /\ log[l].tx = t /\ log[l].page = p
HasRecord(t, type) == \E l \in Lsns : log[l].type = type /\ log[l].tx = t
Committed(t) == HasRecord(t, "commit")
Finished(t) == Committed(t) \/ HasRecord(t, "end")

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
\* first such LSN) and its tx a loser candidate (undo from here); commit and end retire the tx.
AnalyzeRec(tabs, l) ==
    LET r == log[l]
    IN CASE r.type \in {"upd", "clr"} ->
                [dpt |-> IF tabs.dpt[r.page] = 0 THEN [tabs.dpt EXCEPT ![r.page] = l] ELSE tabs.dpt,
                 att |-> [tabs.att EXCEPT ![r.tx] = l]]
         [] r.type \in {"commit", "end"} -> [tabs EXCEPT !.att[r.tx] = 0]
         [] OTHER -> tabs

RECURSIVE Scan(_, _)
Scan(l, tabs) == IF l > Len(log) THEN tabs ELSE Scan(l + 1, AnalyzeRec(tabs, l))

-----------------------------------------------------------------------------
Init ==
    /\ log = << >>
    /\ flushed = 0
    /\ start = 1
    /\ rsCkpt = 0
    /\ cache = [p \in Pages |-> Clean]
    /\ disk = [p \in Pages |-> Clean]
    /\ txState = [t \in Txs |-> "idle"]
    /\ phase = "up"
    /\ crashes = 0
    /\ redoNext = 0
    /\ dptR = NoPageTable
    /\ undoNext = NoTxTable
    /\ target = [p \in Pages |-> 0]
    /\ crashedIn = {}
    /\ fromCkpt = FALSE
    /\ justRecovered = FALSE

\* REC-1, REC-2: log the change (redo = after, undo = before) in the cached log, then change the
\* cached page. Page locks held to the end of the tx: no other running tx has changed p.
Update(t, p, v) ==
    /\ phase = "up"
    /\ txState[t] \in {"idle", "active"}
    /\ Len(log) < MaxLog
    /\ v /= cache[p].val
    /\ \A u \in Txs \ {t} : txState[u] = "active" => ~Touched(u, p)
    /\ log' = Append(log, Rec("upd", t, p, cache[p].val, v, TxLast(t)))
    /\ cache' = [cache EXCEPT ![p] = [val |-> v, lsn |-> Len(log) + 1]]
    /\ txState' = [txState EXCEPT ![t] = "active"]
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<flushed, start, rsCkpt, disk, phase, crashes, recVars, ghostVars>>

\* A commit is a commit record flushed (no-force: no page is written).
Commit(t) ==
    /\ phase = "up"
    /\ txState[t] = "active"
    /\ log' = Append(log, Rec("commit", t, 0, 0, 0, 0))
    /\ flushed' = Len(log')
    /\ txState' = [txState EXCEPT ![t] = "committed"]
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<start, rsCkpt, cache, disk, phase, crashes, recVars, ghostVars>>

\* LFS-4 flush (all of the log: a crash may keep any longer prefix anyway). Also during recovery.
FlushLog ==
    /\ phase \in {"up", "redo", "undo"}
    /\ flushed < Len(log)
    /\ flushed' = Len(log)
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<log, start, rsCkpt, cache, disk, txState, phase, crashes, recVars, ghostVars>>

\* The cache manager writes a dirty page (steal: whoever changed it). REC-3: only once the log is
\* flushed up to the page's LSN.
FlushPage(p) ==
    /\ phase \in {"up", "redo", "undo"}
    /\ cache[p] /= disk[p]
    /\ WalOff \/ cache[p].lsn <= flushed
    /\ disk' = [disk EXCEPT ![p] = cache[p]]
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<log, flushed, start, rsCkpt, cache, txState, phase, crashes, recVars, ghostVars>>

\* REC-7: append a checkpoint record with the dirty-page table (recLSNs) and the transaction table
\* (each running tx's last change), flush it, and write the restart area (LFS-2): the checkpoint's
\* LSN and the new start, the oldest record recovery may need (LFS-4 advance start). One atomic
\* step: a crash between the flush and the restart write leaves the old restart area, i.e. a state
\* reached by FlushLog then Crash with an extra, unreferenced checkpoint record analysis skips.
Checkpoint ==
    /\ phase = "up"
    /\ Len(log) < MaxLog
    /\ LET c == Len(log) + 1
           dpt == [p \in Pages |-> RecLsn(p)]
           att == [t \in Txs |-> IF txState[t] = "active" THEN TxLast(t) ELSE 0]
           oldest == Min({c} \cup {dpt[p] : p \in {q \in Pages : dpt[q] /= 0}}
                             \cup {TxFirst(t) : t \in {u \in Txs : att[u] /= 0}})
       IN /\ log' = Append(log, CkptRec(dpt, att))
          /\ flushed' = c
          /\ rsCkpt' = c
          /\ start' = IF StartPastNeeded THEN c ELSE Max({start, oldest})
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<cache, disk, txState, phase, crashes, recVars, ghostVars>>

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
    /\ txState' = [t \in Txs |-> IF txState[t] = "active" THEN "dead" ELSE txState[t]]
    /\ phase' = "down"
    /\ crashes' = crashes + 1
    /\ redoNext' = 0
    /\ dptR' = NoPageTable
    /\ undoNext' = NoTxTable
    /\ target' = IF phase = "up" THEN [p \in Pages |-> CommittedValueIn(SubSeq(log, 1, k), p)] ELSE target
    \* "redo" after a change was redone (the cache differs from the disk only by redone changes then).
    /\ crashedIn' = CASE phase = "up" -> {}
                      [] phase = "redo" /\ cache /= disk -> crashedIn \cup {"redo"}
                      [] phase = "undo" -> crashedIn \cup {"undo"}
                      [] OTHER -> crashedIn
    /\ fromCkpt' = FALSE
    /\ justRecovered' = FALSE
    /\ UNCHANGED <<start, rsCkpt, disk>>

\* The first change at or after LSN l (redo visits only changes), or the end of the log + 1.
NextChange(l) == Min({Len(log) + 1} \cup {m \in l..Len(log) : IsChange(m)})

\* Where recovery goes once redo is over: undo if there is a loser, else it is complete.
AfterRedo(att) == IF att = NoTxTable THEN "up" ELSE "undo"

\* REC-4 analysis (reads only, so one step): from the restart area's checkpoint (its tables) or
\* from the start, scan forward to the end of the log. Redo starts at the smallest recLSN.
Analysis ==
    /\ phase = "down"
    /\ LET tabs0 == IF rsCkpt = 0 THEN [dpt |-> NoPageTable, att |-> NoTxTable]
                    ELSE [dpt |-> log[rsCkpt].dpt, att |-> log[rsCkpt].att]
           tabs == Scan(IF rsCkpt = 0 THEN start ELSE rsCkpt + 1, tabs0)
           recs == {tabs.dpt[p] : p \in {q \in Pages : tabs.dpt[q] /= 0}}
           first == IF RedoFromCheckpoint /\ rsCkpt /= 0 THEN NextChange(rsCkpt + 1)
                    ELSE Min({Len(log) + 1} \cup recs)
       IN /\ redoNext' = IF first <= Len(log) THEN first ELSE 0
          /\ dptR' = IF first <= Len(log) THEN tabs.dpt ELSE NoPageTable
          /\ undoNext' = tabs.att
          /\ phase' = IF first <= Len(log) THEN "redo" ELSE AfterRedo(tabs.att)
          /\ fromCkpt' = (rsCkpt /= 0 /\ (tabs0.dpt /= NoPageTable \/ tabs0.att /= NoTxTable))
          \* "clr": some loser's undo resumes at a CLR a crash during undo left in the log.
          /\ crashedIn' = IF \E t \in Txs : tabs.att[t] /= 0 /\ log[tabs.att[t]].type = "clr"
                          THEN crashedIn \cup {"clr"} ELSE crashedIn
    /\ justRecovered' = (phase' = "up")
    /\ UNCHANGED <<log, flushed, start, rsCkpt, cache, disk, txState, crashes, target>>

\* REC-5: redo one change: reapply it unless the page already has it (pageLSN >= LSN) or the page
\* was clean from before it (recLSN > LSN). Redo repeats history, losers included; it logs nothing.
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
    /\ UNCHANGED <<log, flushed, start, rsCkpt, disk, txState, crashes, undoNext, ghostVars>>

\* REC-6: undo the loser whose next record to undo is the newest (one backward pass). An update is
\* undone by a CLR (after = the update's before, undoNext = the update's prev) and the page gets
\* the CLR's LSN; a CLR (left by a recovery a crash interrupted) is skipped via its undoNext, so
\* nothing is undone twice (REC-7 extension). When the chain is done, an end record retires the tx.
UndoStep(t) ==
    /\ phase = "undo"
    /\ undoNext[t] /= 0
    /\ \A u \in Txs : undoNext[u] <= undoNext[t]
    /\ LET l == undoNext[t]
           r == log[l]
           lost == ~Readable(l)  \* only with StartPastNeeded: the chain is gone, give up on it
           nxt == IF lost THEN 0 ELSE r.prev
           clr == r.type = "upd" /\ ~lost /\ ~UndoWithoutClr
           endRec == IF nxt = 0 THEN << Rec("end", t, 0, 0, 0, 0) >> ELSE << >>
       IN /\ log' = log \o (IF clr THEN << Rec("clr", t, r.page, r.after, r.before, nxt) >> ELSE << >>)
                        \o endRec
          /\ cache' = IF lost \/ r.type /= "upd" THEN cache
                      ELSE [cache EXCEPT ![r.page] =
                               [val |-> r.before,
                                lsn |-> IF UndoWithoutClr THEN cache[r.page].lsn ELSE Len(log) + 1]]
          /\ undoNext' = [undoNext EXCEPT ![t] = nxt]
    \* Recovery is complete when no loser is left.
    /\ phase' = IF undoNext' = NoTxTable THEN "up" ELSE "undo"
    /\ justRecovered' = (phase' = "up")
    /\ UNCHANGED <<flushed, start, rsCkpt, disk, txState, crashes, redoNext, dptR, ghostVars>>

\* Nothing left to do while up (bounds reached): not a deadlock. Stuck in recovery is one.
Done ==
    /\ phase = "up"
    /\ UNCHANGED vars

Next ==
    \/ \E t \in Txs, p \in Pages, v \in Vals : Update(t, p, v)
    \/ \E t \in Txs : Commit(t)
    \/ FlushLog
    \/ \E p \in Pages : FlushPage(p)
    \/ Checkpoint
    \/ \E k \in flushed..Len(log) : Crash(k)
    \/ Analysis
    \/ RedoStep
    \/ \E t \in Txs : UndoStep(t)
    \/ Done

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants. *)

PageT == [val : Vals, lsn : Nat]

TypeOK ==
    /\ flushed \in 0..Len(log)
    /\ start \in 1..(Len(log) + 1)
    /\ rsCkpt \in 0..Len(log)
    /\ cache \in [Pages -> PageT] /\ disk \in [Pages -> PageT]
    /\ txState \in [Txs -> {"idle", "active", "committed", "dead"}]
    /\ phase \in {"up", "down", "redo", "undo"}
    /\ crashes \in 0..MaxCrashes
    /\ dptR \in [Pages -> Nat] /\ undoNext \in [Txs -> Nat]

\* REC-3: no page on disk is newer than the flushed log.
WriteAheadLog == \A p \in Pages : disk[p].lsn <= flushed

\* A commit told to the client is durable: its commit record is flushed.
CommitIsDurable ==
    \A t \in Txs : txState[t] = "committed" =>
        \E l \in 1..flushed : log[l].type = "commit" /\ log[l].tx = t

\* Every page (cached and on disk) is what its pageLSN's record made it (REC-1/2): the pageLSN
\* names a change to that page whose after value is the page's value (LSN 0: the initial 0).
PagesMatchLog ==
    \A p \in Pages : \A pg \in {cache[p], disk[p]} :
        IF pg.lsn = 0 THEN pg.val = 0
        ELSE pg.lsn <= Len(log) /\ IsChange(pg.lsn) /\ log[pg.lsn].page = p /\ log[pg.lsn].after = pg.val

\* REC-7, LFS-5: the start never passes a record recovery still needs (redo: the oldest change not
\* on disk; undo: the first change of a tx not finished), nor the checkpoint analysis reads.
StartNeverPassesNeeded ==
    /\ start <= NeededLsn
    /\ rsCkpt /= 0 => start <= rsCkpt

\* REC-4/5/6: when recovery completes, every page holds exactly the effects of the committed txs
\* (those whose commit record survived), applied in log order; the losers left no trace.
RecoveredIsCommitted ==
    justRecovered => \A p \in Pages : cache[p].val = CommittedValue(p)

\* Recovering twice equals recovering once: however many crashes interrupted recovery, when it
\* completes the pages are what the crash that began it determined (the committed values then).
RecoveryIdempotent ==
    justRecovered => \A p \in Pages : cache[p].val = target[p]

\* After recovery no tx is left running: the losers are retired by end records.
LosersRetired ==
    justRecovered => \A t \in Txs : txState[t] = "dead" /\ TxLast(t) /= 0 => Finished(t)

=============================================================================
