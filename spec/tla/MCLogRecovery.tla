---------------------------- MODULE MCLogRecovery ----------------------------
(***************************************************************************)
(* LogRecovery bounded for model checking (Tx, Page, MaxVal, MaxUpdates,   *)
(* MaxCheckpoints and MaxCrashes bound it by themselves), plus:            *)
(* - Symmetry: permutations of the transactions and of the pages; every    *)
(*   invariant is symmetric in both (never used with liveness);            *)
(* - View: the state without the ghost tags, which no action reads, for    *)
(*   the models that check no "never reached" invariant;                   *)
(* - "never reached" invariants: each must fail, and its counterexample    *)
(*   shows that the scenario happens in the models that pass, so their     *)
(*   invariants are checked on it;                                         *)
(* - SpecWithoutAutoRecovery: FairSpec less the fairness of Analysis, for  *)
(*   the liveness must-fail model.                                         *)
(***************************************************************************)
EXTENDS LogRecovery, TLC

Symmetry == Permutations(Tx) \cup Permutations(Page)

View == <<log, flushed, start, rsBegin, rsEnd, cache, disk, txState, undoNext, ckptBegin,
          ckptDpt, ckptAtt, phase, crashes, redoNext, dptR, target, justRecovered>>

\* A crash during undo kept a CLR that recovery had written, the next analysis resumed the loser's
\* undo at it (undoNext), and recovery completed (REC-6, REC-7).
NeverRecoveredAfterUndoCrash == ~(justRecovered /\ {"undoClr", "clr"} \subseteq tags)

\* A crash during redo after a change was redone, then recovery completed (REC-5).
NeverRecoveredAfterRedoCrash == ~(justRecovered /\ "redo" \in tags)

\* A crash during a rollback kept one of its CLRs, analysis resumed the rollback at it, and
\* recovery completed (REC-6, REC-7).
NeverRecoveredAfterRollbackCrash == ~(justRecovered /\ {"rollback", "clr"} \subseteq tags)

\* Recovery completed from a checkpoint with non-empty tables and an update logged between its begin
\* and end records, the log start advanced past LSN 1 (REC-7).
NeverRecoveredFromFuzzyCheckpoint == ~(justRecovered /\ {"ckpt", "fuzzy"} \subseteq tags /\ start > 1)

\* Recovery from a checkpoint with non-empty tables was interrupted by a crash during undo, a
\* recovery completed writing a CLR, and a transaction updated a page afterwards (REC-4, REC-6).
NeverWorkAfterClrRecovery == ~({"ckpt", "undo", "undone", "work"} \subseteq tags)

\* FairSpec without fairness for Analysis: recovery that waits to be started (must fail
\* RecoveryCompletes: REC-4 says recovery starts by itself).
SpecWithoutAutoRecovery ==
    /\ Spec
    /\ WF_vars(RedoStep)
    /\ WF_vars(\E t \in Tx : UndoStep(t))
    /\ \A t \in Tx : WF_vars(RollbackStep(t))
=============================================================================
