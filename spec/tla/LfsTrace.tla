------------------------------ MODULE LfsTrace ------------------------------
(***************************************************************************)
(* Trace validation of Lfs, both ways.                                     *)
(*                                                                          *)
(* The generated module LfsTraces defines TraceN, TraceMaxLsn,              *)
(* TraceMaxCrashes, TraceData (LfsTrace.cfg substitutes them for the       *)
(* constants of Lfs), Traces (a sequence of traces, each a sequence of     *)
(* steps [op, arg, obs]; format in spec/README.md) and CrashPoints (a      *)
(* sequence of <<trace, step>>).                                           *)
(*                                                                          *)
(* One way (cp = 0): every trace is a behaviour of Lfs. Each step must be  *)
(* the named Lfs action with that argument and must leave Obs equal to the *)
(* step's obs; a read step changes nothing and must return the LSNs the    *)
(* spec reads. Every Lfs action but Crash is deterministic; a Crash step   *)
(* names its outcome in arg, so a trace has at most one matching behaviour *)
(* and a deadlock always means a real mismatch: TLC reports it in the      *)
(* state before the first step that no Lfs step matches (tr is the trace,  *)
(* step that step, expected the step itself).                             *)
(*                                                                          *)
(* Other way (cp = i > 0): replay trace CrashPoints[i][1] up to (not       *)
(* including) step CrashPoints[i][2], then crash with every outcome Lfs    *)
(* allows (any subset of the pending pages, a restart copy in flight old,  *)
(* new or torn) and recover. OutcomeReported prints                        *)
(* <<"outcome", i, nextLsn, flushedLsn, startLsn, rsStart, rsData>> for    *)
(* every recovered state; Java compares the set per crash point with the  *)
(* model's allowed recoveries. Recover is one atomic step in Lfs, so a     *)
(* crash during recovery adds no outcome (the model says the same).        *)
(***************************************************************************)
EXTENDS Lfs, LfsTraces, TLC

VARIABLES
    tr,         \* index of the trace being followed
    cp,         \* 0: replay the whole trace; i: replay up to crash point i, then explore
    step,       \* index of the next step of that trace
    expected,   \* that step (or Done), shown in TLC's counterexample
    explored    \* at a crash point: 0 before its crash, 1 after it, 2 after the recovery

traceVars == <<vars, tr, cp, step, expected, explored>>

Done == [op |-> "Done", arg |-> 0, obs |-> [up |-> FALSE]]
StepAt(t, i) == IF i <= Sq!Len(Traces[t]) THEN Traces[t][i] ELSE Done

\* The steps to replay: all of them, or those before the crash point.
ReplayLen == IF cp = 0 THEN Sq!Len(Traces[tr]) ELSE CrashPoints[cp][2] - 1

\* arg of a Crash step: [lsns |-> LSNs of the pending pages that reached the disk,
\*                       restart |-> "none" | "old" | "new" | "torn"].
CrashStep(a) ==
    /\ a.lsns \subseteq {cache[s].lsn : s \in pending}
    /\ CrashWith({s \in pending : cache[s].lsn \in a.lsns}, a.restart)

\* arg of a read step: [from |-> l, max |-> mx, lsns |-> the LSNs the read returned, in order].
StepAction(s) ==
    \/ s.op = "Append" /\ Append
    \/ s.op = "Flush" /\ Flush(s.arg)
    \/ s.op = "AdvanceStart" /\ AdvanceStart(s.arg)
    \/ s.op = "BeginWriteRestart" /\ BeginWriteRestart(s.arg)
    \/ s.op = "CompleteWriteRestart" /\ CompleteWriteRestart
    \/ s.op = "Crash" /\ CrashStep(s.arg)
    \/ s.op = "Recover" /\ Recover
    \/ /\ s.op = "ReadForward"
       /\ CanReadForward(s.arg.from) /\ ReadForward(s.arg.from, s.arg.max) = s.arg.lsns
       /\ UNCHANGED vars
    \/ /\ s.op = "ReadBackward"
       /\ CanReadBackward(s.arg.from) /\ ReadBackward(s.arg.from, s.arg.max) = s.arg.lsns
       /\ UNCHANGED vars

TraceInit ==
    /\ Init
    /\ \/ tr \in 1..Sq!Len(Traces) /\ cp = 0
       \/ cp \in 1..Sq!Len(CrashPoints) /\ tr = CrashPoints[cp][1]
    /\ step = 1
    /\ expected = StepAt(tr, 1)
    /\ explored = 0

Replay ==
    /\ step <= ReplayLen
    /\ StepAction(Traces[tr][step])
    /\ Obs' = Traces[tr][step].obs
    /\ step' = step + 1
    /\ expected' = StepAt(tr, step + 1)
    /\ UNCHANGED <<tr, cp, explored>>

Explore ==
    /\ cp /= 0 /\ step > ReplayLen
    /\ \/ explored = 0 /\ Crash /\ explored' = 1
       \/ explored = 1 /\ Recover /\ explored' = 2
    /\ UNCHANGED <<tr, cp, step, expected>>

TraceDone ==
    /\ step > ReplayLen
    /\ cp = 0 \/ explored = 2
    /\ UNCHANGED traceVars

TraceNext == Replay \/ Explore \/ TraceDone

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Prints each recovered state at a crash point once per distinct state (always true).
OutcomeReported ==
    (cp /= 0 /\ explored = 2) =>
        PrintT(<<"outcome", cp, nextLsn, flushedLsn, startLsn, held.start, held.data>>)
=============================================================================
