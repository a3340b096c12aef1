---------------------------- MODULE AtomicCommit ----------------------------
(***************************************************************************)
(* What atomic commit means (KTM-1, KTM-4, KTM-5), with no protocol, no    *)
(* log, no message and no crash: the abstract spec Transaction.tla refines.*)
(*                                                                          *)
(* For every transaction t and resource manager r, st[t][r] is the state   *)
(* of t's enlistment at r: "none" (r not enlisted), "working", "prepared", *)
(* "committed" or "aborted". Every transaction has one decision dec[t]:    *)
(* "none", then "committed" or "aborted", never changed afterwards; rep[t] *)
(* is what the client was told, "none" or the decision.                    *)
(*                                                                          *)
(* An enlistment joins while t is undecided; it may prepare at any time.   *)
(* Commit may be decided only when every enlistment is prepared (or        *)
(* committed); abort may be decided at any time. An enlistment commits     *)
(* only once commit is decided, except the only enlistment of a one-phase  *)
(* commit, whose commit is the decision. An enlistment aborts while t is   *)
(* undecided or decided abort; an RM may abort enlistments of several     *)
(* transactions in one step (a crash rolls back all its work). The client  *)
(* is told the decision, in the step that takes it or later.               *)
(***************************************************************************)
CONSTANTS
    RM,     \* resource managers
    Tx      \* transactions

VARIABLES
    st,     \* t -> r -> enlistment state
    dec,    \* t -> "none", "committed" or "aborted": the decision
    rep     \* t -> "none", "committed" or "aborted": what the client was told

vars == <<st, dec, rep>>

States == {"none", "working", "prepared", "committed", "aborted"}
Decisions == {"none", "committed", "aborted"}

TypeOK ==
    /\ st \in [Tx -> [RM -> States]]
    /\ dec \in [Tx -> Decisions]
    /\ rep \in [Tx -> Decisions]

Enlisted(t) == {r \in RM : st[t][r] /= "none"}
\* Commit may be decided: every enlistment voted yes (KTM-4).
CanCommit(t) == Enlisted(t) /= {} /\ \A r \in Enlisted(t) : st[t][r] \in {"prepared", "committed"}

Set(t, r, s) == st' = [st EXCEPT ![t][r] = s]

Init ==
    /\ st = [t \in Tx |-> [r \in RM |-> "none"]]
    /\ dec = [t \in Tx |-> "none"]
    /\ rep = [t \in Tx |-> "none"]

Enlist(t, r) ==
    /\ st[t][r] = "none"
    /\ dec[t] = "none"
    /\ Set(t, r, "working")
    /\ UNCHANGED <<dec, rep>>

Prepare(t, r) ==
    /\ st[t][r] = "working"
    /\ Set(t, r, "prepared")
    /\ UNCHANGED <<dec, rep>>

\* The transactions of T are decided d at once (a recovering TM presumes abort for all it does
\* not know); told: the client learns it in the same step.
Decide(T, d, told) ==
    /\ T /= {}
    /\ \A t \in T : dec[t] = "none" /\ (d = "committed" => CanCommit(t))
    /\ dec' = [t \in Tx |-> IF t \in T THEN d ELSE dec[t]]
    /\ rep' = IF told THEN [t \in Tx |-> IF t \in T THEN d ELSE rep[t]] ELSE rep
    /\ UNCHANGED st

Commit(t, r) ==
    /\ st[t][r] = "prepared"
    /\ dec[t] = "committed"
    /\ Set(t, r, "committed")
    /\ UNCHANGED <<dec, rep>>

\* One-phase commit: the only enlistment commits without preparing; that is the decision.
CommitOnePhase(t, r) ==
    /\ st[t][r] = "working"
    /\ Enlisted(t) = {r}
    /\ dec[t] = "none"
    /\ Set(t, r, "committed")
    /\ dec' = [dec EXCEPT ![t] = "committed"]
    /\ UNCHANGED rep

\* r aborts its enlistments in every transaction of T at once.
Abort(T, r) ==
    /\ T /= {}
    /\ \A t \in T : st[t][r] \in {"working", "prepared"} /\ dec[t] /= "committed"
    /\ st' = [t \in Tx |-> IF t \in T THEN [st[t] EXCEPT ![r] = "aborted"] ELSE st[t]]
    /\ UNCHANGED <<dec, rep>>

\* The client is told the decision.
Report(t) ==
    /\ rep[t] = "none" /\ dec[t] /= "none"
    /\ rep' = [rep EXCEPT ![t] = dec[t]]
    /\ UNCHANGED <<st, dec>>

Next ==
    \/ \E t \in Tx, r \in RM :
        \/ Enlist(t, r)
        \/ Prepare(t, r)
        \/ Commit(t, r)
        \/ CommitOnePhase(t, r)
    \/ \E T \in SUBSET Tx, d \in {"committed", "aborted"}, told \in BOOLEAN : Decide(T, d, told)
    \/ \E T \in SUBSET Tx, r \in RM : Abort(T, r)
    \/ \E t \in Tx : Report(t)

Spec == Init /\ [][Next]_vars

\* KTM-5: no resource manager commits a transaction another one aborts.
Consistent ==
    \A t \in Tx : ~(\E r1, r2 \in RM : st[t][r1] = "committed" /\ st[t][r2] = "aborted")

\* KTM-1: the client is told the decision, nothing else; every enlistment follows it.
ReportIsDecision == \A t \in Tx : rep[t] /= "none" => rep[t] = dec[t]
FollowsDecision ==
    \A t \in Tx, r \in RM :
        /\ st[t][r] = "committed" => dec[t] = "committed"
        /\ st[t][r] = "aborted" => dec[t] /= "committed"

THEOREM Spec => [](TypeOK /\ Consistent /\ ReportIsDecision /\ FollowsDecision)
=============================================================================
