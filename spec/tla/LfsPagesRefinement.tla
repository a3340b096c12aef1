------------------------- MODULE LfsPagesRefinement -------------------------
(***************************************************************************)
(* LfsPages refines Lfs: every behaviour of the page layer, seen through   *)
(* the mapping below, is a behaviour of Lfs (Refinement == L!Spec, checked *)
(* as a PROPERTY of LfsPages's Spec; stuttering steps are allowed).        *)
(*                                                                         *)
(* Lfs is instanced with one slot per LSN and no wrap (N = MaxLsn + 1,     *)
(* slot 0 never used), the start fixed at 1 and no client restart write:   *)
(* LfsPages has neither (see LfsPages.tla), so these are the Lfs           *)
(* behaviours it can refine. The mapping:                                  *)
(*   - a record [lsn, ep] of a page version is Lfs's page of that LSN;     *)
(*   - Lfs's cache: the records on the cache pages 1..tail while up (what  *)
(*     the running system wrote), the disk's mapping while down (Lfs's     *)
(*     Crash resets the cache to the disk);                                *)
(*   - Lfs's disk: the records on the pages recovery's scan reads now      *)
(*     (ScanEnd: whole, readable pages, with their page numbers, epochs    *)
(*     and LSNs continuing), NoPage for every other LSN;                   *)
(*   - Lfs's pending: the unflushed records on pending pages;              *)
(*   - nextLsn, flushedLsn, up, epoch, crashes, history: the same;         *)
(*   - the restart area: what Lfs's recoveries write with no client write: *)
(*     copy seq s has ep s, start 1, data 0; the newest seq is the epoch.  *)
(* What the mapping drops: records on disk that the scan does not read     *)
(* (stale pages, torn pages, pages behind a torn or missing one). To Lfs   *)
(* they are pages that did not land. Lfs cannot drop a page once it is on  *)
(* its disk, so a durable record the scan stops reading (a torn rewrite of *)
(* the tail page), or a page the scan reads that the running system did    *)
(* not write (a stale page), is a step Lfs does not allow: the must-fail   *)
(* models MCLfsPagesRefinesTorn and MCLfsPagesRefinesNoEpochs.             *)
(***************************************************************************)
EXTENDS LfsPages

\* Lfs's values, defined again: the instance's own cannot be used in its substitutions.
LNoPage == [lsn |-> 0, ep |-> 0]
LTorn == [seq |-> 0, start |-> 0, startEp |-> 0, data |-> 0, ep |-> 0]
LNoWrite == [idx |-> 0, copy |-> LTorn]
LNoRecovery == [happened |-> FALSE, history |-> << >>, flushedLsn |-> 0, readSeq |-> 0, newestSeq |-> 0]
LSlots == 0..MaxLsn

\* Lfs's one-record pages of a sequence of records from LSN 1 on: record i in slot i, NoPage after them.
SlotsOf(recs) == [s \in LSlots |-> IF s \in 1..Sq!Len(recs) THEN recs[s] ELSE LNoPage]
RecordsOfPage(v) == {v.recs[i] : i \in 1..Sq!Len(v.recs)}

\* The records on the disk pages recovery's scan reads now: RecordsOf(ScanEnd), in one pass (ViewIsScan). The
\* scan starts at LSN 1 and the LSNs continue, so index = LSN.
RECURSIVE ViewFrom(_, _)
ViewFrom(n, recs) == IF n <= MaxPages /\ ScanOk(n) THEN ViewFrom(n + 1, Sq!\o(recs, PageAt(n).recs)) ELSE recs

\* Each mapped value is bound by \in, so TLC computes it once: in a primed expression (the mapping in the next
\* state, under L!Next) TLC evaluates a LET or an operator argument again at every use.
LDisk == CHOOSE d \in {SlotsOf(recs) : recs \in {ViewFrom(1, << >>)}} : TRUE

\* While up: the records on the cache pages 1..tail, in order (the pages after tail hold what Recover read
\* of stale disk pages, not the log).
RECURSIVE CacheFrom(_, _)
CacheFrom(n, recs) == IF n <= tail THEN CacheFrom(n + 1, Sq!\o(recs, cache[n].recs)) ELSE recs
CacheUp == CHOOSE c \in {SlotsOf(recs) : recs \in {CacheFrom(1, << >>)}} : TRUE
LCache == IF up THEN CacheUp ELSE LDisk

\* Pending pages hold flushed records too (the tail page is rewritten in place); Lfs's pending are the others.
LPending == {r.lsn : r \in UNION {RecordsOfPage(cache[n]) : n \in pending}} \ (0..flushedLsn)

\* Copy 1 holds the newest odd seq, copy 2 the newest even one (Lfs's Recover writes the older copy).
LCopy(s) == [seq |-> s, start |-> 1, startEp |-> 0, data |-> 0, ep |-> s]
LRs == <<LCopy(IF epoch % 2 = 1 THEN epoch ELSE IF epoch = 0 THEN 0 ELSE epoch - 1),
         LCopy(IF epoch % 2 = 0 THEN epoch ELSE epoch - 1)>>

\* Lfs's Recover reads the newest copy, seq epoch - 1 after it, which was also the newest complete write.
LLastRecovery ==
    IF lastRecovery.happened
    THEN [happened |-> TRUE, history |-> lastRecovery.history, flushedLsn |-> lastRecovery.flushedLsn,
          readSeq |-> epoch - 1, newestSeq |-> epoch - 1]
    ELSE LNoRecovery

L == INSTANCE Lfs WITH
        N <- MaxLsn + 1, Data <- {1}, RestartCopies <- 2,
        WrapIgnoresStart <- FALSE, UseEpochs <- TRUE, FlushSkipsWrite <- FALSE,
        cache <- LCache, disk <- LDisk, pending <- LPending, startLsn <- 1,
        rs <- LRs, inflight <- LNoWrite, held <- [start |-> 1, data |-> 0],
        completedSeq <- epoch, lastRecovery <- LLastRecovery

Refinement == L!Spec
\* The step part of Refinement under a name of its own, so that TLC names it when it is violated
\* (for L!Spec it prints a source location inside Lfs).
RefinementSteps == [][L!Next]_(L!vars)

\* Lfs's invariants of the mapped state (they follow from the refinement; checked as a cross-check).
LfsInvariants ==
    /\ L!TypeOK
    /\ L!LsnsGrow
    /\ L!NoOverwrite
    /\ L!FlushedDurable
    /\ L!RestartAreaReadable
    /\ L!RecoveredRestartIsNewest
    /\ L!RecoveredLogIsPrefix
    /\ L!RecoveredLogHasFlushed
    /\ L!HeldIsDurable

\* The one-pass scan of the mapping is LfsPages's scan.
ViewIsScan == ViewFrom(1, << >>) = RecordsOf(ScanEnd)

THEOREM Spec => Refinement
=============================================================================
