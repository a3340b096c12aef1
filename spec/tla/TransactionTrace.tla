-------------------------- MODULE TransactionTrace --------------------------
(***************************************************************************)
(* Trace validation of Transaction: every trace is a behaviour of it.      *)
(*                                                                         *)
(* The generated module TransactionTraces defines the constants (TraceRM,  *)
(* TraceTx, TraceItem: sets of strings; TraceNoTx, a string; the bounds    *)
(* and TraceOnePhase; TransactionTrace.cfg substitutes them) and Traces: a *)
(* sequence of traces, each a sequence of steps [op, args, state]. The     *)
(* first step of a trace is [op |-> "Init"]: its state must satisfy Init.  *)
(* Every other step names a Transaction action and its arguments, in the   *)
(* order of the action's parameters, and its state is every variable after *)
(* the step (StateOf). TLC reports a deadlock at the first step no         *)
(* Transaction step matches: tr is the trace, step the step, expected the  *)
(* step itself. Every invariant of the cfg is checked along every trace.   *)
(*                                                                         *)
(* The other way, when Enabled is not empty: Enabled[tr][k] is what the    *)
(* model had enabled in the state after step k: steps (a set of [op,       *)
(* args], every argument a name) and lose (the messages it could lose).    *)
(* EnabledAgree: in every state of every trace, the spec's step named by   *)
(* each candidate is enabled exactly when the model had it enabled.        *)
(***************************************************************************)
EXTENDS Transaction, TransactionTraces, Sequences

VARIABLES
    tr,         \* index of the trace being followed
    step,       \* index of the next step of that trace
    expected    \* that step (or NoStep), shown in TLC's counterexample

traceVars == <<vars, tr, step, expected>>

NoStep == [op |-> "none", args |-> << >>, state |-> << >>]
StepAt(t, i) == IF i <= Len(Traces[t]) THEN Traces[t][i] ELSE NoStep

\* Every variable of Transaction, as a record.
StateOf ==
    [tmUp |-> tmUp, tmState |-> tmState, tmEnlisted |-> tmEnlisted, tmVotes |-> tmVotes,
     tmAcks |-> tmAcks, tmLog |-> tmLog, rmUp |-> rmUp, rmState |-> rmState, rmLocks |-> rmLocks,
     rmLog |-> rmLog, rmItems |-> rmItems, committed |-> committed, msgs |-> msgs, losses |-> losses,
     enlisted |-> enlisted, reported |-> reported, obs |-> obs, tmCrashes |-> tmCrashes,
     rmCrashes |-> rmCrashes, tmCrashedInDoubt |-> tmCrashedInDoubt,
     rmCrashedInDoubt |-> rmCrashedInDoubt]

StepAction(s) ==
    LET a == s.args IN
    \/ s.op = "Work" /\ Work(a[1], a[2], a[3])
    \/ s.op = "RequestCommit" /\ RequestCommit(a[1])
    \/ s.op = "Rollback" /\ Rollback(a[1])
    \/ s.op = "SendPrepare" /\ SendPrepare(a[1], a[2])
    \/ s.op = "SendOnePhase" /\ SendOnePhase(a[1], a[2])
    \/ s.op = "RcvYes" /\ RcvYes(a[1], a[2])
    \/ s.op = "RcvNo" /\ RcvNo(a[1], a[2])
    \/ s.op = "RcvCommitted" /\ RcvCommitted(a[1], a[2])
    \/ s.op = "DecideCommit" /\ DecideCommit(a[1])
    \/ s.op = "ForceDecision" /\ ForceDecision(a[1])
    \/ s.op = "SendOutcome" /\ SendOutcome(a[1], a[2])
    \/ s.op = "RcvAck" /\ RcvAck(a[1], a[2])
    \/ s.op = "Forget" /\ Forget(a[1])
    \/ s.op = "Answer" /\ Answer(a[1], a[2])
    \/ s.op = "RcvPrepare" /\ RcvPrepare(a[1], a[2])
    \/ s.op = "RefusePrepare" /\ RefusePrepare(a[1], a[2])
    \/ s.op = "ForcePrepare" /\ ForcePrepare(a[1], a[2])
    \/ s.op = "RcvOnePhase" /\ RcvOnePhase(a[1], a[2])
    \/ s.op = "RcvOutcome" /\ RcvOutcome(a[1], a[2])
    \/ s.op = "Ask" /\ Ask(a[1], a[2])
    \/ s.op = "Lose" /\ Lose(a[1])
    \/ s.op = "TmCrash" /\ TmCrash
    \/ s.op = "TmRecover" /\ TmRecover
    \/ s.op = "RmCrash" /\ RmCrash(a[1])
    \/ s.op = "RmRecover" /\ RmRecover(a[1])
    \/ s.op = "Read" /\ Read(a[1], a[2], a[3])
    \/ s.op = "ClientQuery" /\ ClientQuery(a[1])

TraceInit ==
    /\ Init
    /\ tr \in 1..Len(Traces)
    /\ Traces[tr][1].op = "Init"
    /\ StateOf = Traces[tr][1].state
    /\ step = 2
    /\ expected = StepAt(tr, 2)

Replay ==
    /\ step <= Len(Traces[tr])
    /\ StepAction(Traces[tr][step])
    /\ StateOf' = Traces[tr][step].state
    /\ step' = step + 1
    /\ expected' = StepAt(tr, step + 1)
    /\ UNCHANGED tr

TraceDone ==
    /\ step > Len(Traces[tr])
    /\ UNCHANGED traceVars

TraceNext == Replay \/ TraceDone

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Every step the spec's Next tries, but Lose (its argument is a message) and Done (a stutter).
Named(op, args) == [op |-> op, args |-> args]
Agree(c, E) == (ENABLED StepAction(c)) = (c \in E)

EnabledAgree ==
    Len(Enabled) > 0 =>
        LET E == Enabled[tr][step - 1].steps
            L == Enabled[tr][step - 1].lose
        IN
        /\ \A t \in Tx, r \in RM, i \in Item : Agree(Named("Work", <<t, r, i>>), E)
        /\ \A t \in Tx, o \in {"RequestCommit", "Rollback", "DecideCommit", "ForceDecision", "Forget",
                            "ClientQuery"} :
               Agree(Named(o, <<t>>), E)
        /\ \A t \in Tx, r \in RM, o \in {"SendPrepare", "SendOnePhase", "SendOutcome", "RcvYes", "RcvNo",
                                     "RcvCommitted", "RcvAck", "Answer"} :
               Agree(Named(o, <<t, r>>), E)
        /\ \A t \in Tx, r \in RM, o \in {"RcvPrepare", "RefusePrepare", "ForcePrepare", "RcvOnePhase",
                                     "RcvOutcome", "Ask"} :
               Agree(Named(o, <<r, t>>), E)
        /\ \A o \in {"TmCrash", "TmRecover"} : Agree(Named(o, << >>), E)
        /\ \A r \in RM, o \in {"RmCrash", "RmRecover"} : Agree(Named(o, <<r>>), E)
        /\ \A x \in Tx \cup {NoTx}, r \in RM, i \in Item : Agree(Named("Read", <<x, r, i>>), E)
        /\ \A m \in msgs : (ENABLED Lose(m)) = (m \in L)
=============================================================================
