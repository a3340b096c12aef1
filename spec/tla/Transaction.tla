----------------------------- MODULE Transaction -----------------------------
(***************************************************************************)
(* The kernel transaction manager (KTM-1..5, KTM-7): a transaction manager *)
(* (TM) with its own durable log, resource managers (RMs: in our product   *)
(* the file system TxF and the registry TxR, KTM-3), transactions and      *)
(* their enlistments (KTM-2).                                              *)
(*                                                                          *)
(* Two-phase commit (KTM-4): the client asks to commit; the TM asks every  *)
(* enlisted RM to prepare; an RM votes yes after forcing a prepare record  *)
(* to its log, or no (it cannot prepare: the transaction aborts            *)
(* everywhere); with every vote yes the TM forces a commit record, naming  *)
(* the enlisted RMs, to its log, tells the client, then notifies the RMs.  *)
(* A transaction with one enlistment may commit in one phase: the RM       *)
(* commits at once and the TM logs nothing.                                 *)
(*                                                                          *)
(* Crashes (KTM-5): the TM and every RM crash independently, at any point  *)
(* between two steps. A request and its reply are one step (a message lost *)
(* is a crash before or after that step). What survives a crash is the     *)
(* durable state: tmLog, rmLog, rmItems. Everything else is volatile: a    *)
(* crash freezes it (no action reads it while down) and recovery overwrites *)
(* it from the log. Presumed abort: the TM logs commits only; on recovery  *)
(* a transaction without a commit record is aborted. An RM recovers its    *)
(* prepared (in-doubt) enlistments from its log, with their locks, and     *)
(* asks the TM for the outcome; work not prepared is lost (rolled back).   *)
(*                                                                          *)
(* Isolation (KTM-7, simplified): a transaction changes an item of an RM   *)
(* under a lock held until its enlistment commits or aborts; the locks are *)
(* volatile, and RM recovery takes them again for in-doubt enlistments.    *)
(*                                                                          *)
(* Bugs (constants, FALSE in every model expected to pass) make the        *)
(* must-fail models. Transaction refines AtomicCommit (Refinement).        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    RM,                 \* resource managers, e.g. {fs, reg} (KTM-3)
    Tx,                 \* transactions; all exist from the start, "active"
    Item,               \* the items (files, keys) every RM holds (KTM-7)
    NoTx,               \* a model value: "no transaction" in a lock table
    MaxTmCrashes,       \* bound for model checking: TM crashes
    MaxRmCrashes,       \* bound for model checking: RM crashes, all RMs together
    OnePhase,           \* TRUE: a single-enlistment transaction may commit in one phase
    CommitEarly,        \* bug: the TM decides commit once some RM (not every one) voted yes
    LazyDecision,       \* bug: the TM notifies and reports before forcing its commit record
    RmVotesBeforeForce, \* bug: an RM votes yes before forcing its prepare record
    RecoveryDropsLocks, \* bug: RM recovery does not take the locks of in-doubt enlistments again
    RmNeverAsks         \* bug: an RM in doubt (prepared) waits to be notified, never asks the TM

ASSUME MaxTmCrashes \in Nat /\ MaxRmCrashes \in Nat /\ NoTx \notin Tx
ASSUME \A b \in {OnePhase, CommitEarly, LazyDecision, RmVotesBeforeForce, RecoveryDropsLocks,
                  RmNeverAsks} :
           b \in BOOLEAN

VARIABLES
    \* TM, volatile
    tmUp,           \* FALSE between TmCrash and TmRecover
    tmState,        \* t -> "active", "preparing", "committed" or "aborted"
    tmEnlisted,     \* t -> the RMs the TM knows enlisted in t
    tmVotes,        \* t -> the RMs that voted yes in this prepare
    \* TM, durable
    tmLog,          \* t -> commit record [commit, rms] (NoRecord: none; presumed abort)
    \* RMs, volatile
    rmUp,           \* r -> FALSE between RmCrash(r) and RmRecover(r)
    rmState,        \* r -> t -> "none", "working", "prepared", "committed" or "aborted"
    rmLocks,        \* r -> item -> the transaction holding its lock, or NoTx
    \* RMs, durable
    rmLog,          \* r -> t -> "none", "prepared", "committed" or "aborted" (the last record)
    rmItems,        \* r -> t -> items t changed at r (their undo/redo records)
    \* client and ghosts
    enlisted,       \* ghost: t -> every RM that ever enlisted in t
    reported,       \* t -> outcome the client was told: "none", "committed" or "aborted"
    tmCrashes,      \* TM crashes so far
    rmCrashes,      \* RM crashes so far
    tmCrashedInDoubt,   \* ghost: transactions with a commit record and an RM in doubt at a TM crash
    rmCrashedInDoubt    \* ghost: pairs <<r, t>> with r crashed while prepared in t

tmVars == <<tmUp, tmState, tmEnlisted, tmVotes, tmLog>>
rmVars == <<rmUp, rmState, rmLocks, rmLog, rmItems>>
ghostVars == <<enlisted, reported, tmCrashes, rmCrashes, tmCrashedInDoubt, rmCrashedInDoubt>>
vars == <<tmVars, rmVars, ghostVars>>

NoRecord == [commit |-> FALSE, rms |-> {}]
CommitRecord(rms) == [commit |-> TRUE, rms |-> rms]
Decided == {"committed", "aborted"}
\* The outcome the TM gives for a decided transaction.
Outcome(t) == tmState[t]

-----------------------------------------------------------------------------
(* Helpers. *)

\* r's locks with those of t released.
Release(r, t) == [i \in Item |-> IF rmLocks[r][i] = t THEN NoTx ELSE rmLocks[r][i]]

\* r applies outcome o to t: forces the record, releases t's locks.
RmApply(r, t, o) ==
    /\ rmState' = [rmState EXCEPT ![r][t] = o]
    /\ rmLog' = [rmLog EXCEPT ![r][t] = o]
    /\ rmLocks' = [rmLocks EXCEPT ![r] = Release(r, t)]

\* What r's recovery rebuilds for t from its log (KTM-5): a prepare, commit or abort record
\* stands; an enlistment without a record (working, or prepared without a forced record) is lost,
\* that is rolled back: "aborted".
Recovered(r, t) ==
    CASE rmLog[r][t] /= "none" -> rmLog[r][t]
      [] rmState[r][t] = "none" -> "none"
      [] OTHER -> "aborted"

\* The locks r's recovery takes: those of its in-doubt enlistments (KTM-7).
RecoveredLocks(r) ==
    [i \in Item |->
        IF \E t \in Tx : Recovered(r, t) = "prepared" /\ i \in rmItems[r][t] /\ ~RecoveryDropsLocks
        THEN CHOOSE t \in Tx : Recovered(r, t) = "prepared" /\ i \in rmItems[r][t]
        ELSE NoTx]

\* r's enlistment in t can take the TM's decision.
Resolvable(r, t) ==
    \/ tmState[t] = "committed" /\ rmState[r][t] = "prepared"
    \/ tmState[t] = "aborted" /\ rmState[r][t] \in {"working", "prepared"}

-----------------------------------------------------------------------------
Init ==
    /\ tmUp = TRUE
    /\ tmState = [t \in Tx |-> "active"]
    /\ tmEnlisted = [t \in Tx |-> {}]
    /\ tmVotes = [t \in Tx |-> {}]
    /\ tmLog = [t \in Tx |-> NoRecord]
    /\ rmUp = [r \in RM |-> TRUE]
    /\ rmState = [r \in RM |-> [t \in Tx |-> "none"]]
    /\ rmLocks = [r \in RM |-> [i \in Item |-> NoTx]]
    /\ rmLog = [r \in RM |-> [t \in Tx |-> "none"]]
    /\ rmItems = [r \in RM |-> [t \in Tx |-> {}]]
    /\ enlisted = [t \in Tx |-> {}]
    /\ reported = [t \in Tx |-> "none"]
    /\ tmCrashes = 0
    /\ rmCrashes = 0
    /\ tmCrashedInDoubt = {}
    /\ rmCrashedInDoubt = {}

\* KTM-1, KTM-2, KTM-7: a transacted call of t changes item i at r; the first one enlists r.
Work(t, r, i) ==
    /\ tmUp /\ rmUp[r]
    /\ tmState[t] = "active"
    /\ rmState[r][t] \in {"none", "working"}
    /\ i \notin rmItems[r][t]
    /\ rmLocks[r][i] = NoTx
    /\ rmState' = [rmState EXCEPT ![r][t] = "working"]
    /\ rmItems' = [rmItems EXCEPT ![r][t] = @ \cup {i}]
    /\ rmLocks' = [rmLocks EXCEPT ![r][i] = t]
    /\ tmEnlisted' = [tmEnlisted EXCEPT ![t] = @ \cup {r}]
    /\ enlisted' = [enlisted EXCEPT ![t] = @ \cup {r}]
    /\ UNCHANGED <<tmUp, tmState, tmVotes, tmLog, rmUp, rmLog, reported, tmCrashes, rmCrashes,
                   tmCrashedInDoubt, rmCrashedInDoubt>>

\* KTM-1: the client commits t; phase one starts.
RequestCommit(t) ==
    /\ tmUp
    /\ tmState[t] = "active"
    /\ tmEnlisted[t] /= {}
    /\ tmState' = [tmState EXCEPT ![t] = "preparing"]
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmLog, rmVars, ghostVars>>

\* KTM-1: the client rolls t back (the RMs learn it by Notify).
Rollback(t) ==
    /\ tmUp
    /\ tmState[t] = "active"
    /\ tmState' = [tmState EXCEPT ![t] = "aborted"]
    /\ reported' = [reported EXCEPT ![t] = "aborted"]
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmLog, rmVars, enlisted, tmCrashes, rmCrashes,
                   tmCrashedInDoubt, rmCrashedInDoubt>>

\* KTM-4 phase one: r prepares t (forces a prepare record, keeps the locks) and votes yes.
VoteYes(t, r) ==
    /\ tmUp /\ rmUp[r]
    /\ tmState[t] = "preparing"
    /\ r \in tmEnlisted[t] \ tmVotes[t]
    /\ rmState[r][t] = "working"
    /\ rmState' = [rmState EXCEPT ![r][t] = "prepared"]
    /\ rmLog' = IF RmVotesBeforeForce THEN rmLog ELSE [rmLog EXCEPT ![r][t] = "prepared"]
    /\ tmVotes' = [tmVotes EXCEPT ![t] = @ \cup {r}]
    /\ UNCHANGED <<tmUp, tmState, tmEnlisted, tmLog, rmUp, rmLocks, rmItems, ghostVars>>

\* Bug RmVotesBeforeForce only: the prepare record reaches r's log after the vote.
ForcePrepare(r, t) ==
    /\ rmUp[r]
    /\ rmState[r][t] = "prepared" /\ rmLog[r][t] = "none"
    /\ rmLog' = [rmLog EXCEPT ![r][t] = "prepared"]
    /\ UNCHANGED <<tmVars, rmUp, rmState, rmLocks, rmItems, ghostVars>>

\* KTM-4: r cannot prepare t (or lost its work in a crash) and votes no: t aborts everywhere.
VoteNo(t, r) ==
    /\ tmUp /\ rmUp[r]
    /\ tmState[t] = "preparing"
    /\ r \in tmEnlisted[t] \ tmVotes[t]
    /\ rmState[r][t] \in {"working", "aborted"}
    /\ RmApply(r, t, "aborted")
    /\ tmState' = [tmState EXCEPT ![t] = "aborted"]
    /\ reported' = [reported EXCEPT ![t] = "aborted"]
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmLog, rmUp, rmItems, enlisted, tmCrashes, rmCrashes,
                   tmCrashedInDoubt, rmCrashedInDoubt>>

\* KTM-4: every enlisted RM voted yes: the TM forces the commit record, then tells the client.
DecideCommit(t) ==
    /\ tmUp
    /\ tmState[t] = "preparing"
    /\ IF CommitEarly THEN tmVotes[t] /= {} ELSE tmVotes[t] = tmEnlisted[t]
    /\ tmLog' = IF LazyDecision THEN tmLog ELSE [tmLog EXCEPT ![t] = CommitRecord(tmEnlisted[t])]
    /\ tmState' = [tmState EXCEPT ![t] = "committed"]
    /\ reported' = [reported EXCEPT ![t] = "committed"]
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, rmVars, enlisted, tmCrashes, rmCrashes,
                   tmCrashedInDoubt, rmCrashedInDoubt>>

\* Bug LazyDecision only: the commit record reaches the TM log after the client was told.
ForceDecision(t) ==
    /\ tmUp
    /\ tmState[t] = "committed" /\ tmVotes[t] /= {} /\ ~tmLog[t].commit
    /\ tmLog' = [tmLog EXCEPT ![t] = CommitRecord(tmEnlisted[t])]
    /\ UNCHANGED <<tmUp, tmState, tmEnlisted, tmVotes, rmVars, ghostVars>>

\* KTM-4 one-phase commit: the only enlisted RM commits at once; the TM logs nothing.
CommitOnePhase(t, r) ==
    /\ OnePhase
    /\ tmUp /\ rmUp[r]
    /\ tmState[t] = "preparing"
    /\ tmEnlisted[t] = {r} /\ tmVotes[t] = {}
    /\ rmState[r][t] = "working"
    /\ RmApply(r, t, "committed")
    /\ tmState' = [tmState EXCEPT ![t] = "committed"]
    /\ reported' = [reported EXCEPT ![t] = "committed"]
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmLog, rmUp, rmItems, enlisted, tmCrashes, rmCrashes,
                   tmCrashedInDoubt, rmCrashedInDoubt>>

\* KTM-4 phase two: the TM notifies an RM it knows enlisted of the decision.
Notify(t, r) ==
    /\ tmUp /\ rmUp[r]
    /\ r \in tmEnlisted[t]
    /\ Resolvable(r, t)
    /\ RmApply(r, t, Outcome(t))
    /\ UNCHANGED <<tmVars, rmUp, rmItems, ghostVars>>

\* KTM-5: an RM asks the TM about an unresolved enlistment (in doubt after a crash of either,
\* or working in a transaction the TM aborted); the TM answers from its state, rebuilt from
\* its log after a crash: no commit record, abort.
Ask(r, t) ==
    /\ ~(RmNeverAsks /\ rmState[r][t] = "prepared")
    /\ tmUp /\ rmUp[r]
    /\ Resolvable(r, t)
    /\ RmApply(r, t, Outcome(t))
    /\ UNCHANGED <<tmVars, rmUp, rmItems, ghostVars>>

\* KTM-5: the TM crashes; its volatile state is lost (frozen until TmRecover rebuilds it).
TmCrash ==
    /\ tmUp
    /\ tmCrashes < MaxTmCrashes
    /\ tmUp' = FALSE
    /\ tmCrashes' = tmCrashes + 1
    /\ tmCrashedInDoubt' = tmCrashedInDoubt \cup
           {t \in Tx : tmLog[t].commit /\ \E r \in tmLog[t].rms : rmState[r][t] = "prepared"}
    /\ UNCHANGED <<tmState, tmEnlisted, tmVotes, tmLog, rmVars, enlisted, reported, rmCrashes,
                   rmCrashedInDoubt>>

\* KTM-5: the TM rereads its log; presumed abort: no commit record, aborted.
TmRecover ==
    /\ ~tmUp
    /\ tmUp' = TRUE
    /\ tmState' = [t \in Tx |-> IF tmLog[t].commit THEN "committed" ELSE "aborted"]
    /\ tmEnlisted' = [t \in Tx |-> tmLog[t].rms]
    /\ tmVotes' = [t \in Tx |-> {}]
    /\ UNCHANGED <<tmLog, rmVars, ghostVars>>

\* KTM-5: r crashes; its volatile state (enlistments not prepared, locks) is lost.
RmCrash(r) ==
    /\ rmUp[r]
    /\ rmCrashes < MaxRmCrashes
    /\ rmUp' = [rmUp EXCEPT ![r] = FALSE]
    /\ rmCrashes' = rmCrashes + 1
    /\ rmCrashedInDoubt' = rmCrashedInDoubt \cup
           {<<r, t>> : t \in {u \in Tx : rmState[r][u] = "prepared"}}
    /\ UNCHANGED <<tmVars, rmState, rmLocks, rmLog, rmItems, enlisted, reported, tmCrashes,
                   tmCrashedInDoubt>>

\* KTM-5, KTM-7: r rebuilds its enlistments and the locks of the in-doubt ones from its log.
RmRecover(r) ==
    /\ ~rmUp[r]
    /\ rmUp' = [rmUp EXCEPT ![r] = TRUE]
    /\ rmState' = [rmState EXCEPT ![r] = [t \in Tx |-> Recovered(r, t)]]
    /\ rmLocks' = [rmLocks EXCEPT ![r] = RecoveredLocks(r)]
    /\ UNCHANGED <<tmVars, rmLog, rmItems, ghostVars>>

\* Nothing left to do: every transaction decided, every enlistment resolved, all up. A
\* stuttering step, so that TLC's deadlock check flags only states stuck before that.
Done ==
    /\ tmUp
    /\ \A r \in RM : rmUp[r]
    /\ \A t \in Tx : tmState[t] \in Decided
    /\ \A r \in RM, t \in Tx : rmState[r][t] \in {"none", "committed", "aborted"}
    /\ UNCHANGED vars

Next ==
    \/ \E t \in Tx, r \in RM, i \in Item : Work(t, r, i)
    \/ \E t \in Tx : RequestCommit(t) \/ Rollback(t) \/ DecideCommit(t) \/ ForceDecision(t)
    \/ \E t \in Tx, r \in RM :
           \/ VoteYes(t, r) \/ VoteNo(t, r) \/ ForcePrepare(r, t) \/ CommitOnePhase(t, r)
           \/ Notify(t, r) \/ Ask(r, t)
    \/ TmCrash \/ TmRecover
    \/ \E r \in RM : RmCrash(r) \/ RmRecover(r)
    \/ Done

\* Work and crashes need no fairness; the client eventually commits or rolls back, and every
\* protocol and recovery step that stays enabled is taken. Crashes are bounded, so they stop.
Fairness ==
    /\ WF_vars(TmRecover)
    /\ \A r \in RM : WF_vars(RmRecover(r))
    /\ \A t \in Tx : WF_vars(RequestCommit(t) \/ Rollback(t))
    /\ \A t \in Tx : WF_vars(DecideCommit(t)) /\ WF_vars(ForceDecision(t))
    /\ \A t \in Tx, r \in RM :
           /\ WF_vars(VoteYes(t, r) \/ VoteNo(t, r))
           /\ WF_vars(ForcePrepare(r, t))
           /\ WF_vars(Notify(t, r))
           /\ WF_vars(Ask(r, t))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Invariants. *)

RmStates == {"none", "working", "prepared", "committed", "aborted"}

TypeOK ==
    /\ tmUp \in BOOLEAN
    /\ tmState \in [Tx -> {"active", "preparing", "committed", "aborted"}]
    /\ tmEnlisted \in [Tx -> SUBSET RM]
    /\ tmVotes \in [Tx -> SUBSET RM]
    /\ tmLog \in [Tx -> [commit : BOOLEAN, rms : SUBSET RM]]
    /\ rmUp \in [RM -> BOOLEAN]
    /\ rmState \in [RM -> [Tx -> RmStates]]
    /\ rmLocks \in [RM -> [Item -> Tx \cup {NoTx}]]
    /\ rmLog \in [RM -> [Tx -> {"none", "prepared", "committed", "aborted"}]]
    /\ rmItems \in [RM -> [Tx -> SUBSET Item]]
    /\ enlisted \in [Tx -> SUBSET RM]
    /\ reported \in [Tx -> {"none", "committed", "aborted"}]
    /\ tmCrashes \in 0..MaxTmCrashes
    /\ rmCrashes \in 0..MaxRmCrashes
    /\ tmCrashedInDoubt \subseteq Tx
    /\ rmCrashedInDoubt \subseteq RM \X Tx

\* KTM-5 (atomicity): no RM commits a transaction another RM aborts, and no RM aborts a
\* transaction the TM logged as committed.
Consistent ==
    \A t \in Tx :
        /\ ~(\E r1, r2 \in RM : rmState[r1][t] = "committed" /\ rmState[r2][t] = "aborted")
        /\ tmLog[t].commit => \A r \in RM : rmState[r][t] /= "aborted"

\* KTM-4: nothing is committed (decided by the TM or by an RM) unless every enlisted RM
\* prepared (or, one-phase, committed).
CommitNeedsAllPrepared ==
    \A t \in Tx :
        (tmLog[t].commit \/ tmState[t] = "committed" \/ \E r \in RM : rmState[r][t] = "committed")
            => \A r \in enlisted[t] : rmState[r][t] \in {"prepared", "committed"}

\* KTM-1: a commit the client was told of is durable (a commit record in the TM log, or the
\* one-phase RM's commit record) and no RM aborted it, so it survives every crash.
ReportedCommitDurable ==
    \A t \in Tx :
        reported[t] = "committed" =>
            /\ tmLog[t].commit \/ \E r \in RM : rmLog[r][t] = "committed"
            /\ \A r \in RM : rmState[r][t] /= "aborted"

\* KTM-1: a rollback or abort the client was told of holds: no RM commits the transaction.
ReportedAbortHolds ==
    \A t \in Tx : reported[t] = "aborted" => \A r \in RM : rmState[r][t] /= "committed"

\* KTM-7: no item is changed by two unresolved enlistments at once.
Holds(r, t, i) == rmState[r][t] \in {"working", "prepared"} /\ i \in rmItems[r][t]
Isolation ==
    \A r \in RM, i \in Item, t1, t2 \in Tx : Holds(r, t1, i) /\ Holds(r, t2, i) => t1 = t2

(* Never-reached invariants: models expected to violate them show the scenario is reached. *)

\* The TM crashed after logging the commit of a transaction with two or more enlistments while
\* an RM was in doubt; after recovery every enlisted RM committed.
NeverCommitDecidedThenTmCrash ==
    \A t \in tmCrashedInDoubt :
        ~(tmUp /\ Cardinality(enlisted[t]) > 1 /\ \A r \in enlisted[t] : rmState[r][t] = "committed")

\* An RM crashed while prepared, recovered, and resolved its in-doubt enlistment to commit.
NeverPreparedRmCrashResolved ==
    \A p \in rmCrashedInDoubt : ~(rmUp[p[1]] /\ rmState[p[1]][p[2]] = "committed")

-----------------------------------------------------------------------------
(* Liveness, under Fairness with bounded crashes. *)

\* Every transaction is eventually decided, and stays so.
EveryTxDecided == \A t \in Tx : <>[](tmUp /\ tmState[t] \in Decided)

\* Every enlistment is eventually resolved (committed or aborted) at a running RM.
EveryEnlistmentResolved ==
    \A t \in Tx, r \in RM : <>[](rmUp[r] /\ rmState[r][t] \in {"none", "committed", "aborted"})

\* KTM-5: every in-doubt enlistment is resolved.
InDoubtResolved ==
    \A t \in Tx, r \in RM : rmState[r][t] = "prepared" ~> rmState[r][t] \in Decided

-----------------------------------------------------------------------------
(* Refinement: every behaviour is one of AtomicCommit, enlistment state = the RM's state. *)

AcState == [t \in Tx |-> [r \in RM |-> rmState[r][t]]]
AC == INSTANCE AtomicCommit WITH st <- AcState
Refinement == AC!Spec
\* The step part of Refinement under a name of its own, so that TLC names it when it is violated
\* (for AC!Spec it prints a source location inside AtomicCommit).
RefinementSteps == [][AC!Next]_AcState

THEOREM Spec => [](TypeOK /\ Consistent /\ CommitNeedsAllPrepared /\ ReportedCommitDurable /\
                   ReportedAbortHolds /\ Isolation)
THEOREM Spec => EveryTxDecided /\ EveryEnlistmentResolved /\ InDoubtResolved
THEOREM Spec => Refinement
=============================================================================
