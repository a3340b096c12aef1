---------------------------- MODULE AtomicCommit ----------------------------
(***************************************************************************)
(* What atomic commit means (KTM-1, KTM-4, KTM-5), with no protocol, no    *)
(* log and no crash: the abstract spec Transaction.tla refines.            *)
(*                                                                          *)
(* For every transaction t and resource manager r, st[t][r] is the state   *)
(* of t's enlistment at r: "none" (r not enlisted), "working", "prepared", *)
(* "committed" or "aborted". An enlistment joins while nothing of t is     *)
(* committed; it may prepare at any time; it commits only when every       *)
(* enlistment of t is prepared or committed (or, one-phase, when it is the *)
(* only one); it aborts only while no enlistment of t is committed. An RM  *)
(* may abort enlistments of several transactions in one step (a crash     *)
(* rolls back all its work). In the style of the classic "transaction      *)
(* commit" spec, per transaction.                                           *)
(***************************************************************************)
CONSTANTS
    RM,     \* resource managers
    Tx      \* transactions

VARIABLE st     \* t -> r -> enlistment state

States == {"none", "working", "prepared", "committed", "aborted"}

TypeOK == st \in [Tx -> [RM -> States]]

Enlisted(t) == {r \in RM : st[t][r] /= "none"}
\* Commit is allowed: every enlistment voted yes (KTM-4).
CanCommit(t) == \A r \in Enlisted(t) : st[t][r] \in {"prepared", "committed"}
\* Abort is allowed: nothing is committed yet.
NotCommitted(t) == \A r \in RM : st[t][r] /= "committed"

Set(t, r, s) == st' = [st EXCEPT ![t][r] = s]

Init == st = [t \in Tx |-> [r \in RM |-> "none"]]

Enlist(t, r) ==
    /\ st[t][r] = "none"
    /\ NotCommitted(t)
    /\ Set(t, r, "working")

Prepare(t, r) ==
    /\ st[t][r] = "working"
    /\ Set(t, r, "prepared")

Commit(t, r) ==
    /\ st[t][r] = "prepared"
    /\ CanCommit(t)
    /\ Set(t, r, "committed")

\* One-phase commit: the only enlistment commits without preparing.
CommitOnePhase(t, r) ==
    /\ st[t][r] = "working"
    /\ Enlisted(t) = {r}
    /\ Set(t, r, "committed")

\* r aborts its enlistments in every transaction of T at once.
Abort(T, r) ==
    /\ T /= {}
    /\ \A t \in T : st[t][r] \in {"working", "prepared"} /\ NotCommitted(t)
    /\ st' = [t \in Tx |-> IF t \in T THEN [st[t] EXCEPT ![r] = "aborted"] ELSE st[t]]

Next ==
    \/ \E t \in Tx, r \in RM :
        \/ Enlist(t, r)
        \/ Prepare(t, r)
        \/ Commit(t, r)
        \/ CommitOnePhase(t, r)
    \/ \E T \in SUBSET Tx, r \in RM : Abort(T, r)

Spec == Init /\ [][Next]_st

\* KTM-5: no resource manager commits a transaction another one aborts.
Consistent ==
    \A t \in Tx : ~(\E r1, r2 \in RM : st[t][r1] = "committed" /\ st[t][r2] = "aborted")

THEOREM Spec => [](TypeOK /\ Consistent)
=============================================================================
