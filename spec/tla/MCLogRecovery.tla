---------------------------- MODULE MCLogRecovery ----------------------------
(***************************************************************************)
(* LogRecovery bounded for model checking (NTx, NPage, MaxVal, MaxLog and *)
(* MaxCrashes bound it by themselves), plus "never reached" invariants:    *)
(* each must fail, and its counterexample shows that the scenario happens  *)
(* in the models that pass, so their invariants are checked on it.         *)
(***************************************************************************)
EXTENDS LogRecovery

\* A crash during undo left a CLR in the log, the next analysis resumed the loser's undo at it
\* (undoNext), and recovery completed (REC-6, REC-7).
NeverRecoveredAfterUndoCrash == ~(justRecovered /\ {"undo", "clr"} \subseteq crashedIn)

\* A crash during redo after a change was redone, then recovery completed (REC-5).
NeverRecoveredAfterRedoCrash == ~(justRecovered /\ "redo" \in crashedIn)

\* A checkpoint with a dirty page or a running tx, a crash, and recovery from that checkpoint
\* completed with the log start advanced past LSN 1 (REC-7).
NeverRecoveredFromCheckpoint == ~(justRecovered /\ fromCkpt /\ start > 1)
=============================================================================
