----------------------------- MODULE Transaction -----------------------------
(***************************************************************************)
(* The kernel transaction manager (KTM-1..5, KTM-7): a transaction manager *)
(* (TM) with its own durable log, resource managers (RMs: in our product   *)
(* the file system TxF and the registry TxR, KTM-3), transactions and      *)
(* their enlistments (KTM-2).                                              *)
(*                                                                          *)
(* Two-phase commit (KTM-4) by messages: the client asks to commit; the TM *)
(* sends prepare to every enlisted RM; an RM votes yes after forcing a     *)
(* prepare record to its log, or no (the transaction aborts everywhere);   *)
(* with every vote yes the TM forces a commit record naming the enlisted   *)
(* RMs, tells the client, and sends the outcome; an RM forces its commit   *)
(* record and acknowledges; once every RM acknowledged, the TM forgets the *)
(* transaction (drops its record). A transaction with one enlistment may   *)
(* commit in one phase: the RM commits when asked and the TM logs nothing. *)
(*                                                                          *)
(* The network (msgs) is a set of messages in flight: a message stays in   *)
(* it after delivery, so it may be delivered again (duplicates, late       *)
(* deliveries), and Lose removes one (bounded by MaxLosses). The TM resends *)
(* prepare and outcome messages after a timeout (any time the message is   *)
(* no longer in flight); an RM asks about an enlistment it cannot resolve. *)
(*                                                                          *)
(* Crashes (KTM-5): the TM and every RM crash independently between two    *)
(* steps. What survives a crash is the durable state: tmLog, rmLog,        *)
(* rmItems, committed. A crash freezes the volatile state (no action reads *)
(* it while down) and recovery overwrites it from the log. Presumed abort: *)
(* the TM logs commits only; after a crash it knows only the transactions  *)
(* with a commit record ("unknown" for the others) and answers "abort" to  *)
(* an RM in doubt about an unknown one, "unknown" to the client. An RM     *)
(* recovers its prepared (in-doubt) enlistments from its log, with their   *)
(* locks; work not prepared is rolled back.                                 *)
(*                                                                          *)
(* Isolation (KTM-7, simplified): a transaction changes an item in place   *)
(* under a lock held until its enlistment commits or aborts; a reader that *)
(* does not hold the lock sees the last committed version. Read records    *)
(* what a reader saw; ReadCommitted judges it.                             *)
(*                                                                          *)
(* Bugs (constants, FALSE in every model expected to pass) make the        *)
(* must-fail models. Transaction refines AtomicCommit (Refinement).        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    RM,                 \* resource managers, e.g. {fs, reg} (KTM-3)
    Tx,                 \* transactions; all exist from the start, "active"
    Item,               \* the items (files, keys) every RM holds (KTM-7)
    NoTx,               \* a model value: "no transaction" (free lock, initial version, plain reader)
    MaxTmCrashes,       \* bound for model checking: TM crashes
    MaxRmCrashes,       \* bound for model checking: RM crashes, all RMs together
    MaxLosses,          \* bound for model checking: messages lost
    OnePhase,           \* TRUE: a single-enlistment transaction commits in one phase
    CommitEarly,        \* bug: the TM decides commit once some RM (not every one) voted yes
    LazyDecision,       \* bug: the TM reports and sends commit before forcing its commit record
    RmVotesBeforeForce, \* bug: an RM votes yes before forcing its prepare record
    RecoveryDropsLocks, \* bug: RM recovery does not take the locks of in-doubt enlistments again
    RmNeverAsks,        \* bug: an RM in doubt (prepared) waits to be told, never asks the TM
    ForgetEarly,        \* bug: the TM forgets a commit once some RM (not every one) acknowledged
    AnswerUnknownAbort  \* bug: the TM answers "aborted" to a client asking about an unknown transaction

ASSUME MaxTmCrashes \in Nat /\ MaxRmCrashes \in Nat /\ MaxLosses \in Nat /\ NoTx \notin Tx
ASSUME \A b \in {OnePhase, CommitEarly, LazyDecision, RmVotesBeforeForce, RecoveryDropsLocks,
                  RmNeverAsks, ForgetEarly, AnswerUnknownAbort} :
           b \in BOOLEAN

VARIABLES
    \* TM, volatile
    tmUp,           \* FALSE between TmCrash and TmRecover
    tmState,        \* t -> "active", "preparing", "committed", "aborted" or "unknown" (not known)
    tmEnlisted,     \* t -> the RMs the TM knows enlisted in t
    tmVotes,        \* t -> the RMs whose yes vote the TM received
    tmAcks,         \* t -> the RMs whose commit the TM knows is durable
    \* TM, durable
    tmLog,          \* t -> commit record [commit, rms] (NoRecord: none; presumed abort)
    \* RMs, volatile
    rmUp,           \* r -> FALSE between RmCrash(r) and RmRecover(r)
    rmState,        \* r -> t -> "none", "working", "prepared", "committed" or "aborted"
    rmLocks,        \* r -> item -> the transaction holding its lock, or NoTx
    \* RMs, durable
    rmLog,          \* r -> t -> "none", "prepared", "committed" or "aborted" (the last record)
    rmItems,        \* r -> t -> items t changed at r (their undo/redo records)
    committed,      \* r -> item -> the transaction whose version is the last committed, or NoTx
    \* network
    msgs,           \* the messages in flight
    losses,         \* messages lost so far
    \* client and ghosts
    enlisted,       \* ghost: t -> every RM that ever enlisted in t
    reported,       \* t -> outcome the client was told: "none", "committed" or "aborted"
    obs,            \* ghost: what the last step observed (a read, an answer to the client), or NoObs
    tmCrashes,      \* TM crashes so far
    rmCrashes,      \* RM crashes so far
    tmCrashedInDoubt,   \* ghost: transactions with a commit record and an RM in doubt at a TM crash
    rmCrashedInDoubt    \* ghost: pairs <<r, t>> with r crashed while prepared in t

tmVars == <<tmUp, tmState, tmEnlisted, tmVotes, tmAcks, tmLog>>
rmVars == <<rmUp, rmState, rmLocks, rmLog, rmItems, committed>>
netVars == <<msgs, losses>>
ghostVars == <<enlisted, reported, tmCrashes, rmCrashes, tmCrashedInDoubt, rmCrashedInDoubt>>
vars == <<tmVars, rmVars, netVars, ghostVars, obs>>

NoRecord == [commit |-> FALSE, rms |-> {}]
CommitRecord(rms) == [commit |-> TRUE, rms |-> rms]
Decided == {"committed", "aborted"}

-----------------------------------------------------------------------------
(* Messages: [type, t, r, v]; t and r name the transaction and the RM (sender or receiver). *)

MsgTypes == {"prepare", "onephase", "vote", "outcome", "ask", "ack"}
MsgValues == {"none", "yes", "no", "committed", "aborted"}
Msg(type, t, r, v) == [type |-> type, t |-> t, r |-> r, v |-> v]
Prepare(t, r) == Msg("prepare", t, r, "none")     \* TM -> r: prepare t
OnePhaseReq(t, r) == Msg("onephase", t, r, "none") \* TM -> r: commit t in one phase
Vote(t, r, v) == Msg("vote", t, r, v)             \* r -> TM: "yes", "no", or "committed" (one phase)
Outcome(t, r, o) == Msg("outcome", t, r, o)       \* TM -> r: "committed" or "aborted"
AskMsg(t, r) == Msg("ask", t, r, "none")          \* r -> TM: what became of t?
Ack(t, r) == Msg("ack", t, r, "none")             \* r -> TM: my commit of t is durable

\* Send m: a message already in flight is not sent again (it is the same message).
Send(m) == m \notin msgs /\ msgs' = msgs \cup {m}

(* Observations (ghost): a read, or the TM's answer to a client's status query. *)
Obs(kind, x, r, i, v) == [kind |-> kind, tx |-> x, rm |-> r, item |-> i, val |-> v]
NoObs == Obs("none", NoTx, NoTx, NoTx, NoTx)

\* Every step that is not an observation clears obs, so obs holds only the observation of the
\* step that led to the state (the state it is judged in is the state it was made in).
Quiet == obs' = NoObs

-----------------------------------------------------------------------------
(* Helpers. *)

\* r's locks with those of t released.
Release(r, t) == [i \in Item |-> IF rmLocks[r][i] = t THEN NoTx ELSE rmLocks[r][i]]

\* r applies outcome o to t: forces the record, installs t's versions as committed (commit) or
\* undoes them (abort: the committed version stays), releases t's locks.
RmApply(r, t, o) ==
    /\ rmState' = [rmState EXCEPT ![r][t] = o]
    /\ rmLog' = [rmLog EXCEPT ![r][t] = o]
    /\ rmLocks' = [rmLocks EXCEPT ![r] = Release(r, t)]
    /\ committed' = IF o = "committed"
                    THEN [committed EXCEPT ![r] = [i \in Item |-> IF i \in rmItems[r][t] THEN t ELSE @[i]]]
                    ELSE committed

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

\* t's unresolved enlistment at r changed item i.
Holds(r, t, i) == rmState[r][t] \in {"working", "prepared"} /\ i \in rmItems[r][t]

\* The version of item i in place at r: that of an unresolved enlistment that changed it (its redo
\* and undo records keep it so across a crash), else the last committed one.
InPlace(r, i) ==
    IF \E t \in Tx : Holds(r, t, i) THEN CHOOSE t \in Tx : Holds(r, t, i) ELSE committed[r][i]

\* What reader x (a transaction, or NoTx: a plain reader) sees of item i at r (KTM-7): the version
\* in place if the item is not locked or x holds the lock, else the last committed version.
Seen(x, r, i) == IF rmLocks[r][i] \in {NoTx, x} THEN InPlace(r, i) ELSE committed[r][i]

\* The TM's answer to an RM asking about t (presumed abort): an unknown transaction is aborted.
\* "none": still deciding, no answer yet.
RmAnswer(t) ==
    CASE tmState[t] = "committed" -> "committed"
      [] tmState[t] \in {"aborted", "unknown"} -> "aborted"
      [] OTHER -> "none"

\* The TM's answer to the client asking about t: it knows only what it remembers.
ClientAnswer(t) ==
    CASE tmState[t] \in Decided -> tmState[t]
      [] OTHER -> IF AnswerUnknownAbort THEN "aborted" ELSE "unknown"

\* t commits in one phase if it commits at all (a single enlistment).
OnePhaseTx(t) == OnePhase /\ Cardinality(tmEnlisted[t]) = 1

-----------------------------------------------------------------------------
Init ==
    /\ tmUp = TRUE
    /\ tmState = [t \in Tx |-> "active"]
    /\ tmEnlisted = [t \in Tx |-> {}]
    /\ tmVotes = [t \in Tx |-> {}]
    /\ tmAcks = [t \in Tx |-> {}]
    /\ tmLog = [t \in Tx |-> NoRecord]
    /\ rmUp = [r \in RM |-> TRUE]
    /\ rmState = [r \in RM |-> [t \in Tx |-> "none"]]
    /\ rmLocks = [r \in RM |-> [i \in Item |-> NoTx]]
    /\ rmLog = [r \in RM |-> [t \in Tx |-> "none"]]
    /\ rmItems = [r \in RM |-> [t \in Tx |-> {}]]
    /\ committed = [r \in RM |-> [i \in Item |-> NoTx]]
    /\ msgs = {}
    /\ losses = 0
    /\ enlisted = [t \in Tx |-> {}]
    /\ reported = [t \in Tx |-> "none"]
    /\ obs = NoObs
    /\ tmCrashes = 0
    /\ rmCrashes = 0
    /\ tmCrashedInDoubt = {}
    /\ rmCrashedInDoubt = {}

(* The client. A transacted call is synchronous (client, RM and TM in one step): it is not *)
(* part of the commit protocol.                                                            *)

\* KTM-1, KTM-2, KTM-7: a transacted call of t changes item i at r under its lock; the first one
\* enlists r.
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
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmState, tmVotes, tmAcks, tmLog, rmUp, rmLog, committed, netVars,
                   reported, tmCrashes, rmCrashes, tmCrashedInDoubt, rmCrashedInDoubt>>

\* KTM-1: the client commits t; the TM starts phase one (or the one-phase commit).
RequestCommit(t) ==
    /\ tmUp
    /\ tmState[t] = "active"
    /\ tmEnlisted[t] /= {}
    /\ tmState' = [tmState EXCEPT ![t] = "preparing"]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmAcks, tmLog, rmVars, netVars, ghostVars>>

\* KTM-1: the client rolls t back; the TM tells the client at once and the RMs by SendOutcome.
Rollback(t) ==
    /\ tmUp
    /\ tmState[t] = "active"
    /\ tmState' = [tmState EXCEPT ![t] = "aborted"]
    /\ reported' = [reported EXCEPT ![t] = "aborted"]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmAcks, tmLog, rmVars, netVars, enlisted, tmCrashes,
                   rmCrashes, tmCrashedInDoubt, rmCrashedInDoubt>>

(* The TM. *)

\* KTM-4 phase one: the TM sends prepare to an enlisted RM whose vote it lacks; again after a
\* timeout if the request or the vote was lost.
SendPrepare(t, r) ==
    /\ tmUp
    /\ tmState[t] = "preparing" /\ ~OnePhaseTx(t)
    /\ r \in tmEnlisted[t] \ tmVotes[t]
    /\ Send(Prepare(t, r))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmVars, losses, ghostVars>>

\* KTM-4 one phase: the TM asks the only enlisted RM to commit t at once (again after a timeout).
SendOnePhase(t, r) ==
    /\ tmUp
    /\ tmState[t] = "preparing" /\ OnePhaseTx(t) /\ tmEnlisted[t] = {r}
    /\ Send(OnePhaseReq(t, r))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmVars, losses, ghostVars>>

\* KTM-4: the TM receives r's yes vote.
RcvYes(t, r) ==
    /\ tmUp
    /\ Vote(t, r, "yes") \in msgs
    /\ tmState[t] = "preparing" /\ r \in tmEnlisted[t] \ tmVotes[t]
    /\ tmVotes' = [tmVotes EXCEPT ![t] = @ \cup {r}]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmState, tmEnlisted, tmAcks, tmLog, rmVars, netVars, ghostVars>>

\* KTM-4: the TM receives a no vote: t aborts everywhere; the client is told.
RcvNo(t, r) ==
    /\ tmUp
    /\ Vote(t, r, "no") \in msgs
    /\ tmState[t] = "preparing" /\ r \in tmEnlisted[t]
    /\ tmState' = [tmState EXCEPT ![t] = "aborted"]
    /\ reported' = [reported EXCEPT ![t] = "aborted"]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmAcks, tmLog, rmVars, netVars, enlisted, tmCrashes,
                   rmCrashes, tmCrashedInDoubt, rmCrashedInDoubt>>

\* KTM-4 one phase: the RM's reply "committed"; the TM tells the client. The reply is also the
\* RM's acknowledgement (its commit record is forced).
RcvCommitted(t, r) ==
    /\ tmUp
    /\ Vote(t, r, "committed") \in msgs
    /\ tmState[t] = "preparing" /\ tmEnlisted[t] = {r}
    /\ tmState' = [tmState EXCEPT ![t] = "committed"]
    /\ tmAcks' = [tmAcks EXCEPT ![t] = {r}]
    /\ reported' = [reported EXCEPT ![t] = "committed"]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmLog, rmVars, netVars, enlisted, tmCrashes,
                   rmCrashes, tmCrashedInDoubt, rmCrashedInDoubt>>

\* KTM-4: every enlisted RM voted yes: the TM forces the commit record, then tells the client.
DecideCommit(t) ==
    /\ tmUp
    /\ tmState[t] = "preparing" /\ ~OnePhaseTx(t)
    /\ IF CommitEarly THEN tmVotes[t] /= {} ELSE tmVotes[t] = tmEnlisted[t]
    /\ tmLog' = IF LazyDecision THEN tmLog ELSE [tmLog EXCEPT ![t] = CommitRecord(tmEnlisted[t])]
    /\ tmState' = [tmState EXCEPT ![t] = "committed"]
    /\ reported' = [reported EXCEPT ![t] = "committed"]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmEnlisted, tmVotes, tmAcks, rmVars, netVars, enlisted, tmCrashes,
                   rmCrashes, tmCrashedInDoubt, rmCrashedInDoubt>>

\* Bug LazyDecision only: the commit record reaches the TM log after the client was told.
ForceDecision(t) ==
    /\ tmUp
    /\ tmState[t] = "committed" /\ tmVotes[t] /= {} /\ ~tmLog[t].commit
    /\ tmLog' = [tmLog EXCEPT ![t] = CommitRecord(tmEnlisted[t])]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmState, tmEnlisted, tmVotes, tmAcks, rmVars, netVars, ghostVars>>

\* KTM-4 phase two: the TM sends the decision to an enlisted RM (commit: one that has not
\* acknowledged); again after a timeout if the message or the acknowledgement was lost.
SendOutcome(t, r) ==
    /\ tmUp
    /\ r \in tmEnlisted[t]
    /\ \/ tmState[t] = "committed" /\ r \notin tmAcks[t] /\ Send(Outcome(t, r, "committed"))
       \/ tmState[t] = "aborted" /\ Send(Outcome(t, r, "aborted"))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmVars, losses, ghostVars>>

\* The TM receives r's acknowledgement of a commit.
RcvAck(t, r) ==
    /\ tmUp
    /\ Ack(t, r) \in msgs
    /\ tmState[t] = "committed" /\ r \in tmEnlisted[t] \ tmAcks[t]
    /\ tmAcks' = [tmAcks EXCEPT ![t] = @ \cup {r}]
    /\ Quiet
    /\ UNCHANGED <<tmUp, tmState, tmEnlisted, tmVotes, tmLog, rmVars, netVars, ghostVars>>

\* Every enlisted RM acknowledged the commit: the TM forgets t (an end record, then the log
\* space is reclaimed: the commit record is gone). Afterwards t is unknown to the TM.
Forget(t) ==
    /\ tmUp
    /\ tmState[t] = "committed"
    /\ IF ForgetEarly THEN tmAcks[t] /= {} ELSE tmAcks[t] = tmEnlisted[t]
    /\ tmLog' = [tmLog EXCEPT ![t] = NoRecord]
    /\ tmState' = [tmState EXCEPT ![t] = "unknown"]
    /\ tmEnlisted' = [tmEnlisted EXCEPT ![t] = {}]
    /\ tmVotes' = [tmVotes EXCEPT ![t] = {}]
    /\ tmAcks' = [tmAcks EXCEPT ![t] = {}]
    /\ Quiet
    /\ UNCHANGED <<tmUp, rmVars, netVars, ghostVars>>

\* KTM-5: the TM answers an RM's question about t from its state (rebuilt from its log after a
\* crash: without a commit record, t is unknown and, presumed abort, aborted).
Answer(t, r) ==
    /\ tmUp
    /\ AskMsg(t, r) \in msgs
    /\ RmAnswer(t) /= "none"
    /\ Send(Outcome(t, r, RmAnswer(t)))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmVars, losses, ghostVars>>

(* The RMs. *)

\* KTM-4: r receives prepare for t. Working: it forces a prepare record, keeps its locks and
\* votes yes. Already prepared: it votes yes again (its vote may have been lost).
RcvPrepare(r, t) ==
    /\ rmUp[r]
    /\ Prepare(t, r) \in msgs
    /\ \/ /\ rmState[r][t] = "working"
          /\ rmState' = [rmState EXCEPT ![r][t] = "prepared"]
          /\ rmLog' = IF RmVotesBeforeForce THEN rmLog ELSE [rmLog EXCEPT ![r][t] = "prepared"]
       \/ /\ rmState[r][t] = "prepared"
          /\ UNCHANGED <<rmState, rmLog>>
    /\ Send(Vote(t, r, "yes"))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmUp, rmLocks, rmItems, committed, losses, ghostVars>>

\* KTM-4: r cannot prepare t (working: it rolls back), or lost its work in a crash (aborted):
\* it votes no.
RefusePrepare(r, t) ==
    /\ rmUp[r]
    /\ Prepare(t, r) \in msgs
    /\ \/ rmState[r][t] = "working" /\ RmApply(r, t, "aborted")
       \/ rmState[r][t] = "aborted" /\ UNCHANGED <<rmState, rmLog, rmLocks, committed>>
    /\ Send(Vote(t, r, "no"))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmUp, rmItems, losses, ghostVars>>

\* Bug RmVotesBeforeForce only: the prepare record reaches r's log after the vote.
ForcePrepare(r, t) ==
    /\ rmUp[r]
    /\ rmState[r][t] = "prepared" /\ rmLog[r][t] = "none"
    /\ rmLog' = [rmLog EXCEPT ![r][t] = "prepared"]
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmUp, rmState, rmLocks, rmItems, committed, netVars, ghostVars>>

\* KTM-4 one phase: r commits t at once (forces its commit record) and replies "committed"; if it
\* lost the work in a crash it replies "no". Again if the reply was lost.
RcvOnePhase(r, t) ==
    /\ rmUp[r]
    /\ OnePhaseReq(t, r) \in msgs
    /\ \/ rmState[r][t] = "working" /\ RmApply(r, t, "committed") /\ Send(Vote(t, r, "committed"))
       \/ /\ rmState[r][t] = "committed"
          /\ UNCHANGED <<rmState, rmLog, rmLocks, committed>>
          /\ Send(Vote(t, r, "committed"))
       \/ /\ rmState[r][t] = "aborted"
          /\ UNCHANGED <<rmState, rmLog, rmLocks, committed>>
          /\ Send(Vote(t, r, "no"))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmUp, rmItems, losses, ghostVars>>

\* KTM-4 phase two, KTM-5: r receives an outcome (sent by the TM, or its answer to r's question).
\* Commit: r forces its commit record, releases the locks and acknowledges (again if it had
\* committed and its acknowledgement was lost). Abort: r forces an abort record and releases
\* the locks; presumed abort needs no acknowledgement.
RcvOutcome(r, t) ==
    /\ rmUp[r]
    /\ \/ /\ Outcome(t, r, "committed") \in msgs
          /\ rmState[r][t] \in {"working", "prepared"}
          /\ RmApply(r, t, "committed")
          /\ msgs' = msgs \cup {Ack(t, r)}
       \/ /\ Outcome(t, r, "committed") \in msgs
          /\ rmState[r][t] = "committed"
          /\ UNCHANGED <<rmState, rmLog, rmLocks, committed>>
          /\ Send(Ack(t, r))
       \/ /\ Outcome(t, r, "aborted") \in msgs
          /\ rmState[r][t] \in {"working", "prepared"}
          /\ RmApply(r, t, "aborted")
          /\ UNCHANGED msgs
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmUp, rmItems, losses, ghostVars>>

\* KTM-5: r asks the TM about an unresolved enlistment (in doubt after a crash of either or a
\* lost message, or working in a transaction it suspects the TM forgot). Again if lost.
Ask(r, t) ==
    /\ rmUp[r]
    /\ rmState[r][t] \in {"working", "prepared"}
    /\ ~(RmNeverAsks /\ rmState[r][t] = "prepared")
    /\ Send(AskMsg(t, r))
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmVars, losses, ghostVars>>

(* The network. *)

\* A message in flight is lost.
Lose(m) ==
    /\ losses < MaxLosses
    /\ msgs' = msgs \ {m}
    /\ losses' = losses + 1
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmVars, ghostVars>>

(* Crashes and recovery. *)

\* KTM-5: the TM crashes; its volatile state is lost (frozen until TmRecover rebuilds it).
TmCrash ==
    /\ tmUp
    /\ tmCrashes < MaxTmCrashes
    /\ tmUp' = FALSE
    /\ tmCrashes' = tmCrashes + 1
    /\ tmCrashedInDoubt' = tmCrashedInDoubt \cup
           {t \in Tx : tmLog[t].commit /\ \E r \in tmLog[t].rms : rmState[r][t] = "prepared"}
    /\ Quiet
    /\ UNCHANGED <<tmState, tmEnlisted, tmVotes, tmAcks, tmLog, rmVars, netVars, enlisted,
                   reported, rmCrashes, rmCrashedInDoubt>>

\* KTM-5: the TM rereads its log; it knows the transactions with a commit record (and must
\* finish them: no acknowledgement is remembered), the others are unknown.
TmRecover ==
    /\ ~tmUp
    /\ tmUp' = TRUE
    /\ tmState' = [t \in Tx |-> IF tmLog[t].commit THEN "committed" ELSE "unknown"]
    /\ tmEnlisted' = [t \in Tx |-> tmLog[t].rms]
    /\ tmVotes' = [t \in Tx |-> {}]
    /\ tmAcks' = [t \in Tx |-> {}]
    /\ Quiet
    /\ UNCHANGED <<tmLog, rmVars, netVars, ghostVars>>

\* KTM-5: r crashes; its volatile state (enlistments not prepared, locks) is lost.
RmCrash(r) ==
    /\ rmUp[r]
    /\ rmCrashes < MaxRmCrashes
    /\ rmUp' = [rmUp EXCEPT ![r] = FALSE]
    /\ rmCrashes' = rmCrashes + 1
    /\ rmCrashedInDoubt' = rmCrashedInDoubt \cup
           {<<r, t>> : t \in {u \in Tx : rmState[r][u] = "prepared"}}
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmState, rmLocks, rmLog, rmItems, committed, netVars, enlisted,
                   reported, tmCrashes, tmCrashedInDoubt>>

\* KTM-5, KTM-7: r rebuilds its enlistments and the locks of the in-doubt ones from its log;
\* work without a record is rolled back.
RmRecover(r) ==
    /\ ~rmUp[r]
    /\ rmUp' = [rmUp EXCEPT ![r] = TRUE]
    /\ rmState' = [rmState EXCEPT ![r] = [t \in Tx |-> Recovered(r, t)]]
    /\ rmLocks' = [rmLocks EXCEPT ![r] = RecoveredLocks(r)]
    /\ Quiet
    /\ UNCHANGED <<tmVars, rmLog, rmItems, committed, netVars, ghostVars>>

(* Observations: they change nothing but the ghost obs. At most one between two other steps *)
(* (so that a state stuck but for observations still has no successor after one: TLC's     *)
(* deadlock check keeps its meaning).                                                       *)

\* KTM-7: reader x (a transaction, or NoTx: a plain reader) reads item i at r while another
\* transaction's unresolved enlistment changed it; obs records the version x saw (the transaction
\* that wrote it, or NoTx for the initial one). Other reads are not modelled: they see the last
\* committed version, with nothing to judge, and would only multiply the states.
Read(x, r, i) ==
    /\ obs = NoObs
    /\ rmUp[r]
    /\ \E t \in Tx \ {x} : Holds(r, t, i)
    /\ obs' = Obs("read", x, r, i, Seen(x, r, i))
    /\ UNCHANGED <<tmVars, rmVars, netVars, ghostVars>>

\* KTM-1: the client asks the TM what became of t (after a crash, for instance). Only once the
\* TM no longer works on t ("pending" would be judged by nothing).
ClientQuery(t) ==
    /\ obs = NoObs
    /\ tmUp
    /\ tmState[t] \in {"committed", "aborted", "unknown"}
    /\ obs' = Obs("answer", t, NoTx, NoTx, ClientAnswer(t))
    /\ UNCHANGED <<tmVars, rmVars, netVars, ghostVars>>

\* Nothing left to do: every transaction decided (or forgotten), every enlistment resolved, all
\* up. A stuttering step, so that TLC's deadlock check flags only states stuck before that.
Done ==
    /\ tmUp
    /\ \A r \in RM : rmUp[r]
    /\ \A t \in Tx : tmState[t] \in {"committed", "aborted", "unknown"}
    /\ \A r \in RM, t \in Tx : rmState[r][t] \in {"none", "committed", "aborted"}
    /\ UNCHANGED vars

Next ==
    \/ \E t \in Tx, r \in RM, i \in Item : Work(t, r, i)
    \/ \E t \in Tx : RequestCommit(t) \/ Rollback(t) \/ DecideCommit(t) \/ ForceDecision(t)
                     \/ Forget(t)
    \/ \E t \in Tx, r \in RM :
           \/ SendPrepare(t, r) \/ SendOnePhase(t, r) \/ SendOutcome(t, r)
           \/ RcvYes(t, r) \/ RcvNo(t, r) \/ RcvCommitted(t, r) \/ RcvAck(t, r) \/ Answer(t, r)
           \/ RcvPrepare(r, t) \/ RefusePrepare(r, t) \/ ForcePrepare(r, t) \/ RcvOnePhase(r, t)
           \/ RcvOutcome(r, t) \/ Ask(r, t)
    \/ \E m \in msgs : Lose(m)
    \/ TmCrash \/ TmRecover
    \/ \E r \in RM : RmCrash(r) \/ RmRecover(r)
    \/ \E x \in Tx \cup {NoTx}, r \in RM, i \in Item : Read(x, r, i)
    \/ \E t \in Tx : ClientQuery(t)
    \/ Done

\* The steps that make progress: the client's decision, every protocol step and recovery.
Progress ==
    \/ \E t \in Tx : RequestCommit(t) \/ Rollback(t) \/ DecideCommit(t) \/ ForceDecision(t)
                     \/ Forget(t)
    \/ \E t \in Tx, r \in RM :
           \/ SendPrepare(t, r) \/ SendOnePhase(t, r) \/ SendOutcome(t, r)
           \/ RcvYes(t, r) \/ RcvNo(t, r) \/ RcvCommitted(t, r) \/ RcvAck(t, r) \/ Answer(t, r)
           \/ RcvPrepare(r, t) \/ RefusePrepare(r, t) \/ ForcePrepare(r, t) \/ RcvOnePhase(r, t)
           \/ RcvOutcome(r, t) \/ Ask(r, t)
    \/ TmRecover
    \/ \E r \in RM : RmRecover(r)

\* Work, reads, queries, losses and crashes need no fairness; the client eventually commits or
\* rolls back, every protocol and recovery step that stays enabled is taken (a resend is a timeout
\* that eventually fires). Losses and crashes are bounded, so they stop. One weak fairness
\* condition on all of Progress is enough, and much cheaper for TLC than one per action: every
\* step but a stuttering one changes a counter, a log or the set of messages in a way no other
\* step undoes (crashes and losses are bounded, msgs only grows otherwise), so a behaviour can
\* only end by stuttering forever, and it then violates the condition if any Progress step is
\* enabled, exactly as it would violate weak fairness of that step alone.
Fairness == WF_vars(Progress)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Invariants. *)

RmStates == {"none", "working", "prepared", "committed", "aborted"}
Messages == [type : MsgTypes, t : Tx, r : RM, v : MsgValues]
Observations ==
    {NoObs} \cup
    [kind : {"read"}, tx : Tx \cup {NoTx}, rm : RM, item : Item, val : Tx \cup {NoTx}] \cup
    [kind : {"answer"}, tx : Tx, rm : {NoTx}, item : {NoTx},
     val : {"committed", "aborted", "unknown"}]

TypeOK ==
    /\ tmUp \in BOOLEAN
    /\ tmState \in [Tx -> {"active", "preparing", "committed", "aborted", "unknown"}]
    /\ tmEnlisted \in [Tx -> SUBSET RM]
    /\ tmVotes \in [Tx -> SUBSET RM]
    /\ tmAcks \in [Tx -> SUBSET RM]
    /\ tmLog \in [Tx -> [commit : BOOLEAN, rms : SUBSET RM]]
    /\ rmUp \in [RM -> BOOLEAN]
    /\ rmState \in [RM -> [Tx -> RmStates]]
    /\ rmLocks \in [RM -> [Item -> Tx \cup {NoTx}]]
    /\ rmLog \in [RM -> [Tx -> {"none", "prepared", "committed", "aborted"}]]
    /\ rmItems \in [RM -> [Tx -> SUBSET Item]]
    /\ committed \in [RM -> [Item -> Tx \cup {NoTx}]]
    /\ msgs \subseteq Messages
    /\ losses \in 0..MaxLosses
    /\ enlisted \in [Tx -> SUBSET RM]
    /\ reported \in [Tx -> {"none", "committed", "aborted"}]
    /\ obs \in Observations
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

\* KTM-1: a commit the client was told of is durable (a commit record in the TM log, or an RM's
\* commit record) and no RM aborted it, so it survives every crash.
ReportedCommitDurable ==
    \A t \in Tx :
        reported[t] = "committed" =>
            /\ tmLog[t].commit \/ \E r \in RM : rmLog[r][t] = "committed"
            /\ \A r \in RM : rmState[r][t] /= "aborted"

\* KTM-1: a rollback or abort the client was told of holds: no RM commits the transaction.
ReportedAbortHolds ==
    \A t \in Tx : reported[t] = "aborted" => \A r \in RM : rmState[r][t] /= "committed"

\* KTM-5 (forgetting): a two-phase commit is durable somewhere until every enlisted RM has its
\* commit record: once some RM committed, the TM's record is dropped only after all did.
ForgetSafe ==
    \A t \in Tx :
        (\E r \in RM : rmLog[r][t] = "committed") /\ ~tmLog[t].commit
            => \A r \in enlisted[t] : rmLog[r][t] = "committed"

\* KTM-1: the TM's answer to a client's query agrees with the RMs (made in this very state):
\* "committed" only if no RM aborted, "aborted" only if no RM committed.
AnswerTrue ==
    obs.kind = "answer" =>
        /\ obs.val = "committed" => \A r \in RM : rmState[r][obs.tx] /= "aborted"
        /\ obs.val = "aborted" => \A r \in RM : rmLog[r][obs.tx] /= "committed"

\* KTM-7: a change of t is not seen outside t before t committed: a reader other than t that saw
\* t's version of an item saw it when t's commit at that RM was done (judged in the state the
\* read was made in).
ReadCommitted ==
    obs.kind = "read" /\ obs.val \in Tx /\ obs.val /= obs.tx =>
        rmState[obs.rm][obs.val] = "committed"

\* KTM-7: two transactions do not change the same item at once.
NoConcurrentChange ==
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

\* A transaction with two enlistments committed everywhere, every RM acknowledged, and the TM
\* forgot it.
NeverForgotten ==
    ~(\E t \in Tx : Cardinality(enlisted[t]) > 1 /\ tmState[t] = "unknown"
                   /\ \A r \in enlisted[t] : rmState[r][t] = "committed")

-----------------------------------------------------------------------------
(* Liveness, under Fairness with bounded crashes and losses. *)

\* Every transaction is eventually decided (or forgotten after its commit), and stays so.
EveryTxDecided == \A t \in Tx : <>[](tmUp /\ tmState[t] \in {"committed", "aborted", "unknown"})

\* Every enlistment is eventually resolved (committed or aborted) at a running RM.
EveryEnlistmentResolved ==
    \A t \in Tx, r \in RM : <>[](rmUp[r] /\ rmState[r][t] \in {"none", "committed", "aborted"})

\* Every commit record is eventually dropped (every RM acknowledged, the TM forgot).
EveryCommitForgotten == \A t \in Tx : <>[](~tmLog[t].commit)

\* KTM-5: every in-doubt enlistment is resolved.
InDoubtResolved ==
    \A t \in Tx, r \in RM : rmState[r][t] = "prepared" ~> rmState[r][t] \in Decided

-----------------------------------------------------------------------------
(* Refinement: every behaviour is one of AtomicCommit. Enlistment state = the RM's state;     *)
(* the decision is commit once a commit record is durable anywhere (TM log, or an RM's: a     *)
(* one-phase commit, or a commit forgotten by the TM), abort once the client was told abort or *)
(* the TM does not know a two-phase transaction (presumed abort: it can no longer commit);    *)
(* what the client was told is reported.                                                      *)

TwoPhase(t) == ~OnePhase \/ Cardinality(enlisted[t]) /= 1
AcState == [t \in Tx |-> [r \in RM |-> rmState[r][t]]]
AcDecision ==
    [t \in Tx |->
        CASE tmLog[t].commit \/ (\E r \in RM : rmLog[r][t] = "committed") -> "committed"
          [] reported[t] = "aborted" -> "aborted"
          [] tmState[t] = "unknown" /\ TwoPhase(t) -> "aborted"
          [] OTHER -> "none"]
AC == INSTANCE AtomicCommit WITH st <- AcState, dec <- AcDecision, rep <- reported
Refinement == AC!Spec
\* The step part of Refinement under a name of its own, so that TLC names it when it is violated
\* (for AC!Spec it prints a source location inside AtomicCommit).
RefinementSteps == [][AC!Next]_<<AcState, AcDecision, reported>>

THEOREM Spec => [](TypeOK /\ Consistent /\ CommitNeedsAllPrepared /\ ReportedCommitDurable /\
                   ReportedAbortHolds /\ ForgetSafe /\ AnswerTrue /\ ReadCommitted /\
                   NoConcurrentChange)
THEOREM Spec => EveryTxDecided /\ EveryEnlistmentResolved /\ EveryCommitForgotten /\ InDoubtResolved
THEOREM Spec => Refinement
=============================================================================
