------------------------------- MODULE MCLfs -------------------------------
(***************************************************************************)
(* Lfs bounded for model checking. Every restart write (and every Recover) *)
(* takes a new seq, so seqs grow without bound; the constraint stops the   *)
(* search after MaxRestartWrites client restart writes: a Recover writes   *)
(* at most one seq per crash, so crashes do not use up the client's room.  *)
(* LSNs and crashes are bounded in Lfs itself (MaxLsn, MaxCrashes).        *)
(***************************************************************************)
EXTENDS Lfs

CONSTANT MaxRestartWrites

\* A must-fail variant (MCLfsFirstPage.cfg substitutes it for ScanOk): epochs compared only between
\* neighbours, the first page of the scan unchecked. A stale page at the restart start is then read
\* as part of the log (LFS-6); the copy's startEp exists to reject it.
ScanOkFirstPageUnchecked(d, c, l) ==
    /\ d[Slot(l)].lsn = l
    /\ (UseEpochs /\ l > c.start) => d[Slot(l)].ep >= d[Slot(l - 1)].ep

\* A must-fail variant (MCLfsEpochInMemory.cfg substitutes it for Recover): the new epoch is kept in
\* memory only, not written into a restart copy. After a second crash the next recovery computes the
\* same epoch again, so the pages of two incarnations look alike and a third recovery reads a stale
\* page of the earlier one as log (LFS-6).
RecoverEpochInMemory ==
    /\ ~up
    /\ ValidCopies /= {}
    /\ RecoverRead(rs[NewestCopy])
    /\ epoch' = NextEpoch
    /\ UNCHANGED <<disk, inflight, crashes, rs, completedSeq>>

\* A must-fail variant (MCLfsInFlightStart.cfg substitutes it for AppendRoomStart): an append while a
\* restart write is in flight counts that write's start as if it were durable. It may then reuse the
\* slot of a record the durable start still needs (LFS-5), lost if the write does not land.
AppendRoomStartInFlight == IF inflight = NoWrite THEN DurableStart ELSE inflight.copy.start

SeqBound ==
    /\ \A i \in Copies : rs[i].seq <= MaxRestartWrites + crashes
    /\ inflight.copy.seq <= MaxRestartWrites + crashes
=============================================================================
