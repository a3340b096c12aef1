------------------------------- MODULE MCCsv -------------------------------
(***************************************************************************)
(* CsvOwnership bounded for model checking. Writes, epochs (every Handoff  *)
(* and Takeback takes a new one) and metadata requests grow without bound; *)
(* the constraint stops the search past MaxWrites writes per file, epoch   *)
(* MaxEpoch and MaxReqs requests. Crashes are bounded in the spec itself.  *)
(* The constraint only cuts: the first step past a bound still yields a    *)
(* state, so a state at a bound is never reported as a deadlock.           *)
(***************************************************************************)
EXTENDS CsvOwnership

CONSTANTS MaxWrites, MaxEpoch, MaxReqs

Bounds ==
    /\ \A f \in Files : nextVal[f] <= MaxWrites + 1 /\ epoch[f] <= MaxEpoch
    /\ nextReq <= MaxReqs + 1
=============================================================================
