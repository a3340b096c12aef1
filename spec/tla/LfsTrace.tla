------------------------------ MODULE LfsTrace ------------------------------
(***************************************************************************)
(* Trace validation: every trace in LfsTraces!Traces is a behaviour of Lfs. *)
(*                                                                          *)
(* The generated module LfsTraces defines TraceN, TraceMaxLsn,              *)
(* TraceMaxCrashes, TraceData (LfsTrace.cfg substitutes them for the       *)
(* constants of Lfs) and Traces: a sequence of traces, each a sequence of  *)
(* steps [op, arg, obs] (format in spec/README.md). Init picks a trace;    *)
(* each step must be the named Lfs action with that argument and must      *)
(* leave Obs equal to the step's obs; a finished trace stutters. So TLC    *)
(* finds no error iff every trace is accepted, and reports a deadlock in   *)
(* the state before the first step that no Lfs step matches: tr is the     *)
(* trace index, step the index of that step, expected the step itself.     *)
(*                                                                          *)
(* Every Lfs action but Crash is deterministic; a Crash step names its     *)
(* outcome in arg, so a trace has at most one matching behaviour and a     *)
(* deadlock always means a real mismatch.                                  *)
(***************************************************************************)
EXTENDS Lfs, LfsTraces

VARIABLES
    tr,         \* index of the trace being followed
    step,       \* index of the next step of that trace
    expected    \* that step (or Done), shown in TLC's counterexample

traceVars == <<vars, tr, step, expected>>

Done == [op |-> "Done", arg |-> 0, obs |-> [up |-> FALSE]]
StepAt(t, i) == IF i <= Sq!Len(Traces[t]) THEN Traces[t][i] ELSE Done

\* arg of a Crash step: [lsns |-> LSNs of the pending pages that reached the disk,
\*                       restart |-> "none" | "old" | "new" | "torn"].
CrashStep(a) ==
    /\ a.lsns \subseteq {cache[s].lsn : s \in pending}
    /\ CrashWith({s \in pending : cache[s].lsn \in a.lsns}, a.restart)

StepAction(s) ==
    \/ s.op = "Append" /\ Append
    \/ s.op = "Flush" /\ Flush(s.arg)
    \/ s.op = "AdvanceStart" /\ AdvanceStart(s.arg)
    \/ s.op = "BeginWriteRestart" /\ BeginWriteRestart(s.arg)
    \/ s.op = "CompleteWriteRestart" /\ CompleteWriteRestart
    \/ s.op = "Crash" /\ CrashStep(s.arg)
    \/ s.op = "Recover" /\ Recover

TraceInit ==
    /\ Init
    /\ tr \in 1..Sq!Len(Traces)
    /\ step = 1
    /\ expected = StepAt(tr, 1)

TraceNext ==
    \/ /\ step <= Sq!Len(Traces[tr])
       /\ StepAction(Traces[tr][step])
       /\ Obs' = Traces[tr][step].obs
       /\ step' = step + 1
       /\ expected' = StepAt(tr, step + 1)
       /\ UNCHANGED tr
    \/ /\ step > Sq!Len(Traces[tr])
       /\ UNCHANGED traceVars

TraceSpec == TraceInit /\ [][TraceNext]_traceVars
=============================================================================
