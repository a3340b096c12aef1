--------------------------- MODULE LogRecoveryTrace ---------------------------
(***************************************************************************)
(* Trace validation of LogRecovery, both ways.                             *)
(*                                                                         *)
(* The generated module LogRecoveryTraces defines the constants (TraceTx,  *)
(* TracePage, TraceMaxVal, TraceMaxUpdates, TraceMaxCheckpoints,           *)
(* TraceMaxCrashes; LogRecoveryTrace.cfg substitutes them), Traces (a      *)
(* sequence of traces, each a sequence of steps [op, args, obs]; format in *)
(* spec/README.md), CrashPoints (a sequence of <<trace, step>>) and        *)
(* ExploreCrashes.                                                         *)
(*                                                                         *)
(* One way (cp = 0): every trace is a behaviour of LogRecovery. Each step  *)
(* names its action and arguments, the crash cut included, so at most one  *)
(* LogRecovery step matches it, and it must leave ObsOf equal to the       *)
(* step's obs. TLC reports a deadlock at the first step of a trace that no *)
(* step matches: tr is the trace, step the step, expected the step itself. *)
(*                                                                         *)
(* Other way (cp = i > 0): replay trace CrashPoints[i][1] up to (not       *)
(* including) step CrashPoints[i][2], then crash with every cut and run    *)
(* recovery to completion in every way the spec allows (analysis, redo,    *)
(* undo, log and page flushes, and crashes during recovery), up to         *)
(* ExploreCrashes crashes in all; no new client work. OutcomeReported      *)
(* prints <<"outcome", i, page values, committed txs>> at each state where *)
(* recovery completed; Java compares the set per crash point with the      *)
(* model's allowed outcomes.                                               *)
(***************************************************************************)
EXTENDS LogRecovery, LogRecoveryTraces, TLC

VARIABLES
    tr,         \* index of the trace being followed
    cp,         \* 0: replay the whole trace; i: replay up to crash point i, then explore
    step,       \* index of the next step of that trace
    expected,   \* that step (or NoStep), shown in TLC's counterexample
    xcrashes    \* crashes taken while exploring

traceVars == <<vars, tr, cp, step, expected, xcrashes>>

NoStep == [op |-> "none", args |-> << >>, obs |-> [phase |-> "none"]]
StepAt(t, i) == IF i <= Len(Traces[t]) THEN Traces[t][i] ELSE NoStep

\* The steps to replay: all of them, or those before the crash point.
ReplayLen == IF cp = 0 THEN Len(Traces[tr]) ELSE CrashPoints[cp][2] - 1

\* What a step's obs shows: every variable but the ghosts, the log as its length and last two records
\* (a step appends at most two, so every record is checked once, when it is appended).
ObsOf ==
    [len |-> Len(log), tail |-> SubSeq(log, Max({1, Len(log) - 1}), Len(log)),
     flushed |-> flushed, start |-> start, rsBegin |-> rsBegin, rsEnd |-> rsEnd,
     cache |-> cache, disk |-> disk, txState |-> txState, undoNext |-> undoNext,
     ckptBegin |-> ckptBegin, ckptDpt |-> ckptDpt, ckptAtt |-> ckptAtt,
     phase |-> phase, crashes |-> crashes, redoNext |-> redoNext, dptR |-> dptR]

StepAction(s) ==
    LET a == s.args IN
    \/ s.op = "Update" /\ Update(a[1], a[2], a[3])
    \/ s.op = "Commit" /\ Commit(a[1])
    \/ s.op = "Rollback" /\ Rollback(a[1])
    \/ s.op = "RollbackStep" /\ RollbackStep(a[1])
    \/ s.op = "FlushLog" /\ FlushLog
    \/ s.op = "FlushPage" /\ FlushPage(a[1])
    \/ s.op = "BeginCheckpoint" /\ BeginCheckpoint
    \/ s.op = "EndCheckpoint" /\ EndCheckpoint
    \/ s.op = "Crash" /\ Crash(a[1])
    \/ s.op = "Analysis" /\ Analysis
    \/ s.op = "RedoStep" /\ RedoStep
    \/ s.op = "UndoStep" /\ UndoStep(a[1])

TraceInit ==
    /\ Init
    /\ \/ tr \in 1..Len(Traces) /\ cp = 0
       \/ cp \in 1..Len(CrashPoints) /\ tr = CrashPoints[cp][1]
    /\ step = 1
    /\ expected = StepAt(tr, 1)
    /\ xcrashes = 0

Replay ==
    /\ step <= ReplayLen
    /\ StepAction(Traces[tr][step])
    /\ ObsOf' = Traces[tr][step].obs
    /\ step' = step + 1
    /\ expected' = StepAt(tr, step + 1)
    /\ UNCHANGED <<tr, cp, xcrashes>>

\* Recovery completed after the crash point's crash.
Recovered == xcrashes > 0 /\ phase = "up"

Explore ==
    /\ cp /= 0 /\ step > ReplayLen /\ ~Recovered
    /\ \/ /\ xcrashes < ExploreCrashes
          /\ \E k \in flushed..Len(log) : Crash(k)
          /\ xcrashes' = xcrashes + 1
       \/ /\ xcrashes > 0
          /\ \/ Analysis \/ RedoStep \/ \E t \in Tx : UndoStep(t)
             \/ FlushLog \/ \E p \in Page : FlushPage(p)
          /\ UNCHANGED xcrashes
    /\ UNCHANGED <<tr, cp, step, expected>>

TraceDone ==
    /\ step > ReplayLen
    /\ cp = 0 \/ Recovered
    /\ UNCHANGED traceVars

TraceNext == Replay \/ Explore \/ TraceDone

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Prints each completed recovery's outcome once per distinct state (always true).
OutcomeReported ==
    (cp /= 0 /\ Recovered) =>
        PrintT(<<"outcome", cp, [p \in Page |-> cache[p].val], {t \in Tx : HasRecord(t, "commit")}>>)
=============================================================================
