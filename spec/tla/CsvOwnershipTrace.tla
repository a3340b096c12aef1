------------------------- MODULE CsvOwnershipTrace -------------------------
(***************************************************************************)
(* Trace validation of CsvOwnership (CSV-1..7): every trace is a behaviour *)
(* of it.                                                                  *)
(*                                                                         *)
(* The generated module CsvOwnershipTraces defines the constants           *)
(* (TraceNodes, TraceFiles, TraceMetaOps: sets of strings; TraceCoord0,    *)
(* TraceOwner0, TraceNoNode: strings; the bounds; CsvOwnershipTrace.cfg    *)
(* substitutes them, bugs off) and Traces: a sequence of traces, each a    *)
(* sequence of steps [op, args, state]. The first step of a trace is [op   *)
(* |-> "Init"]: its state must satisfy Init. Every other step names a      *)
(* CsvOwnership action and its arguments in the order of the action's      *)
(* parameters (a record argument, such as DiskWrite's write in flight, is  *)
(* the spec's record and must be in the set Next draws it from); its state *)
(* is every variable after the step (StateOf). TLC reports a deadlock at   *)
(* the first step no CsvOwnership step matches: tr is the trace, step the  *)
(* step, expected the step itself. Every invariant of the cfg is checked   *)
(* along every trace.                                                      *)
(*                                                                         *)
(* The other way, when Enabled is not empty: Enabled[tr][k] is what the    *)
(* model had enabled in the state after step k: named (a set of [op, args] *)
(* whose arguments are all names) and, per action with a record argument,  *)
(* the arguments it had enabled (diskWrite, handle as [c, m], logWrite,    *)
(* sendAck as [c, r], receiveAck, drop, retry). EnabledAgree: in every     *)
(* state of every trace, each step of Next is enabled in the spec exactly  *)
(* when the model had it enabled.                                          *)
(***************************************************************************)
EXTENDS CsvOwnership, CsvOwnershipTraces, Sequences

VARIABLES
    tr,         \* index of the trace being followed
    step,       \* index of the next step of that trace
    expected    \* that step (or NoStep), shown in TLC's counterexample

traceVars == <<vars, tr, step, expected>>

NoStep == [op |-> "none", args |-> << >>, state |-> << >>]
StepAt(t, i) == IF i <= Len(Traces[t]) THEN Traces[t][i] ELSE NoStep

\* Every variable of CsvOwnership, as a record.
StateOf ==
    [up |-> up, myTerm |-> myTerm, tok |-> tok, cache |-> cache, stopped |-> stopped, pend |-> pend,
     toAck |-> toAck, coordHist |-> coordHist, owner |-> owner, epoch |-> epoch, granted |-> granted,
     mig |-> mig, nsLog |-> nsLog, disk |-> disk, dio |-> dio, nsio |-> nsio, net |-> net,
     nextReq |-> nextReq, nextVal |-> nextVal, crashes |-> crashes, nsHist |-> nsHist,
     elected |-> elected, migFrom |-> migFrom, migTo |-> migTo, told |-> told, ackd |-> ackd,
     durable |-> durable, lost |-> lost, seen |-> seen]

\* A step of Next with the trace's arguments, each drawn from the set Next draws it from.
StepAction(s) ==
    LET a == s.args IN
    \/ s.op = "Write" /\ a[1] \in Nodes /\ a[2] \in Files /\ Write(a[1], a[2])
    \/ s.op = "Flush" /\ a[1] \in Nodes /\ a[2] \in Files /\ Flush(a[1], a[2])
    \/ s.op = "Release" /\ a[1] \in Nodes /\ a[2] \in Files /\ Release(a[1], a[2])
    \/ s.op = "DiskWrite" /\ a[1] \in dio /\ DiskWrite(a[1])
    \/ s.op = "StartMigration" /\ {a[1], a[2], a[3]} \subseteq Nodes /\ StartMigration(a[1], a[2], a[3])
    \/ s.op = "Handoff" /\ a[1] \in Nodes /\ a[2] \in Files /\ Handoff(a[1], a[2])
    \/ s.op = "Grant" /\ a[1] \in Nodes /\ a[2] \in Files /\ Grant(a[1], a[2])
    \/ s.op = "AbortMigration" /\ a[1] \in Nodes /\ a[2] \in Files /\ AbortMigration(a[1], a[2])
    \/ s.op = "Takeback" /\ a[1] \in Nodes /\ a[2] \in Files /\ Takeback(a[1], a[2])
    \/ s.op = "Crash" /\ a[1] \in Nodes /\ Crash(a[1])
    \/ s.op = "Restart" /\ a[1] \in Nodes /\ Restart(a[1])
    \/ s.op = "Failover" /\ a[1] \in Nodes /\ Failover(a[1])
    \/ s.op = "StepDown" /\ a[1] \in Nodes /\ StepDown(a[1])
    \/ s.op = "Issue" /\ a[1] \in Nodes /\ a[2] \in Files /\ a[3] \in MetaOps /\ Issue(a[1], a[2], a[3])
    \/ s.op = "HandleRequest" /\ a[1] \in Nodes /\ a[2] \in net /\ HandleRequest(a[1], a[2])
    \/ s.op = "LogWrite" /\ a[1] \in nsio /\ LogWrite(a[1])
    \/ s.op = "SendAck" /\ a[1] \in Nodes /\ a[2] \in toAck[a[1]] /\ SendAck(a[1], a[2])
    \/ s.op = "ReceiveAck" /\ a[1] \in net /\ ReceiveAck(a[1])
    \/ s.op = "Drop" /\ a[1] \in net /\ Drop(a[1])
    \/ s.op = "Retry" /\ a[1] \in pend /\ Retry(a[1])

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

Named(op, args) == [op |-> op, args |-> args]
Agree(c, E) == (ENABLED StepAction(c)) = (c \in E)

EnabledAgree ==
    Len(Enabled) > 0 =>
        LET E == Enabled[tr][step - 1] IN
        /\ \A n \in Nodes, f \in Files, o \in {"Write", "Flush", "Release", "Handoff", "Grant",
                                            "AbortMigration", "Takeback"} :
               Agree(Named(o, <<n, f>>), E.named)
        /\ \A c, n, t \in Nodes : Agree(Named("StartMigration", <<c, n, t>>), E.named)
        /\ \A n \in Nodes, o \in {"Crash", "Restart", "Failover", "StepDown"} : Agree(Named(o, <<n>>), E.named)
        /\ \A n \in Nodes, f \in Files, o \in MetaOps : Agree(Named("Issue", <<n, f, o>>), E.named)
        /\ E.diskWrite \subseteq dio /\ \A w \in dio : (ENABLED DiskWrite(w)) = (w \in E.diskWrite)
        /\ E.handle \subseteq [c : Nodes, m : net]
        /\ \A c \in Nodes, m \in net : (ENABLED HandleRequest(c, m)) = ([c |-> c, m |-> m] \in E.handle)
        /\ E.logWrite \subseteq nsio /\ \A x \in nsio : (ENABLED LogWrite(x)) = (x \in E.logWrite)
        /\ \A d \in E.sendAck : d.c \in Nodes /\ d.r \in toAck[d.c]
        /\ \A c \in Nodes : \A r \in toAck[c] : (ENABLED SendAck(c, r)) = ([c |-> c, r |-> r] \in E.sendAck)
        /\ E.receiveAck \subseteq net /\ \A m \in net : (ENABLED ReceiveAck(m)) = (m \in E.receiveAck)
        /\ E.drop \subseteq net /\ \A m \in net : (ENABLED Drop(m)) = (m \in E.drop)
        /\ E.retry \subseteq pend /\ \A r \in pend : (ENABLED Retry(r)) = (r \in E.retry)
=============================================================================
