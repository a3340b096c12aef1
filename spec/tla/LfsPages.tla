------------------------------ MODULE LfsPages ------------------------------
(***************************************************************************)
(* The logging area below Lfs's abstraction: pages of K sectors holding up *)
(* to R records each, the partly filled tail page rewritten in place as    *)
(* records are appended, and a crash that tears a page (DISK-3: each       *)
(* sector of a written page keeps its old content or gets the new one).    *)
(*                                                                          *)
(* Lfs assumes one record per page and atomic pages. This module checks    *)
(* what that assumption stands for: with the implementation's layout (a    *)
(* page is one sector, so a page write cannot tear; the tail page is       *)
(* rewritten in place at every flush), recovery's scan still returns a     *)
(* prefix of what was appended that holds every flushed record, the two    *)
(* LFS-6 properties Lfs proves of its abstraction (RecoveredLogIsPrefix,   *)
(* RecoveredLogHasFlushed). With pages of two sectors and the tail         *)
(* rewritten in place, a torn rewrite destroys flushed records on the tail *)
(* page (MCLfsPagesTorn must fail); closing the tail page at every flush   *)
(* (the next record starts a new page, PadTail) makes multi-sector pages   *)
(* safe again.                                                             *)
(*                                                                          *)
(* Left to Lfs (checked there, held fixed here): the restart area and the  *)
(* start (here always LSN 1, page 1), circular reuse (here every page has  *)
(* a slot of its own), and the epoch's durability (here Recover takes      *)
(* epoch + 1, which Lfs's Recover writes before any page carries it).      *)
(* A page is checked as a whole (its checksum): a torn page, whose sectors *)
(* come from different writes, reads as invalid. A crash lands the latest  *)
(* version of a page or keeps the old one, sector by sector; an earlier    *)
(* unflushed version of the tail page is a prefix of the latest, so it     *)
(* adds no outcome for K = 1.                                              *)
(***************************************************************************)
EXTENDS Integers
\* Sequences only through an instance: its Append would clash with the action Append.
Sq == INSTANCE Sequences

CONSTANTS
    K,          \* sectors per page (the implementation: 1)
    R,          \* records per page
    MaxLsn,     \* Append stops after LSN MaxLsn
    MaxCrashes, \* at most this many crashes
    PadTail     \* TRUE: a flush closes the tail page; the next record starts a new page

ASSUME K \in Nat \ {0} /\ R \in Nat \ {0} /\ MaxLsn \in Nat /\ MaxCrashes \in Nat /\ PadTail \in BOOLEAN

\* Every page has a slot of its own: with padding a page may hold a single record.
MaxPages == MaxLsn
Pages == 1..MaxPages
Sectors == 1..K

VARIABLES
    cache,          \* page -> the version the running system last wrote (volatile)
    disk,           \* page -> sector -> the version that sector holds durably
    pending,        \* pages written since the last flush
    tail,           \* the page receiving appends (0: none yet)
    tailOpen,       \* the tail page may take more records
    nextLsn,        \* LSN of the next append
    flushedLsn,     \* every record up to here is durable
    up,
    epoch,          \* epoch of the running incarnation
    crashes,
    history,        \* ghost: records appended in the current history, [lsn, ep] each
    lastRecovery    \* ghost: what held before the last step, if it was Recover

vars == <<cache, disk, pending, tail, tailOpen, nextLsn, flushedLsn, up, epoch, crashes, history,
          lastRecovery>>

\* A page version: its page number, the epoch of the writer and its records (a record is [lsn, ep],
\* ep the epoch of the incarnation that appended it). NoPage: never written.
NoPage == [pg |-> 0, ep |-> 0, recs |-> << >>]
NoRecovery == [happened |-> FALSE, history |-> << >>, flushedLsn |-> 0]

LastLsn(v) == v.recs[Sq!Len(v.recs)].lsn

\* A page reads back iff every sector holds the same version (the page checksum) and it was written.
Readable(n) == (\A k \in Sectors : disk[n][k] = disk[n][1]) /\ disk[n][1] /= NoPage
PageAt(n) == disk[n][1]

\* Recovery's scan (LFS-6): page n continues the log iff it reads back, carries its own page number,
\* an epoch no smaller than the previous page's and the LSN after the previous page's last.
ScanOk(n) ==
    /\ Readable(n)
    /\ PageAt(n).pg = n
    /\ IF n = 1 THEN PageAt(n).recs[1].lsn = 1
       ELSE /\ PageAt(n).ep >= PageAt(n - 1).ep
            /\ PageAt(n).recs[1].lsn = LastLsn(PageAt(n - 1)) + 1
\* A must-fail variant (MCLfsPagesNoEpochs.cfg substitutes it for ScanOk): epochs ignored. A page of a
\* dead incarnation that continues the LSNs of the recovered tail page is then read as log.
ScanOkNoEpochs(n) ==
    /\ Readable(n)
    /\ PageAt(n).pg = n
    /\ IF n = 1 THEN PageAt(n).recs[1].lsn = 1
       ELSE PageAt(n).recs[1].lsn = LastLsn(PageAt(n - 1)) + 1
\* The last page of the scan (0: none).
ScanEnd == CHOOSE m \in 0..MaxPages : (\A n \in 1..m : ScanOk(n)) /\ (m < MaxPages => ~ScanOk(m + 1))

RECURSIVE RecordsOf(_)
RecordsOf(m) == IF m = 0 THEN << >> ELSE Sq!\o(RecordsOf(m - 1), PageAt(m).recs)

-----------------------------------------------------------------------------
Init ==
    /\ cache = [n \in Pages |-> NoPage]
    /\ disk = [n \in Pages |-> [k \in Sectors |-> NoPage]]
    /\ pending = {}
    /\ tail = 0
    /\ tailOpen = FALSE
    /\ nextLsn = 1
    /\ flushedLsn = 0
    /\ up = TRUE
    /\ epoch = 0
    /\ crashes = 0
    /\ history = << >>
    /\ lastRecovery = NoRecovery

\* LFS-4 append: into the tail page, rewritten in place with the running epoch, or a new page.
Append ==
    /\ up
    /\ nextLsn <= MaxLsn
    /\ LET rec == [lsn |-> nextLsn, ep |-> epoch]
           inPlace == tail > 0 /\ tailOpen /\ Sq!Len(cache[tail].recs) < R
           page == IF inPlace THEN tail ELSE tail + 1
           version == [pg |-> page, ep |-> epoch,
                       recs |-> IF inPlace THEN Sq!Append(cache[tail].recs, rec) ELSE <<rec>>]
       IN /\ cache' = [cache EXCEPT ![page] = version]
          /\ pending' = pending \cup {page}
          /\ tail' = page
          /\ history' = Sq!Append(history, rec)
    /\ tailOpen' = TRUE
    /\ nextLsn' = nextLsn + 1
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<disk, flushedLsn, up, epoch, crashes>>

\* LFS-4 flush (DISK-2): every page written since the last flush becomes durable.
Flush ==
    /\ up
    /\ flushedLsn < nextLsn - 1
    /\ disk' = [n \in Pages |-> IF n \in pending THEN [k \in Sectors |-> cache[n]] ELSE disk[n]]
    /\ pending' = {}
    /\ flushedLsn' = nextLsn - 1
    /\ tailOpen' = tailOpen /\ ~PadTail
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<cache, tail, nextLsn, up, epoch, crashes, history>>

\* DISK-3: each sector of a pending page keeps its durable version or gets the cached one.
Crash ==
    /\ up
    /\ crashes < MaxCrashes
    /\ \E landed \in [pending -> SUBSET Sectors] :
           disk' = [n \in Pages |-> IF n \in pending
                                    THEN [k \in Sectors |-> IF k \in landed[n] THEN cache[n] ELSE disk[n][k]]
                                    ELSE disk[n]]
    /\ pending' = {}
    /\ up' = FALSE
    /\ crashes' = crashes + 1
    /\ lastRecovery' = NoRecovery
    /\ UNCHANGED <<cache, tail, tailOpen, nextLsn, flushedLsn, epoch, history>>

\* LFS-6: scan from page 1, take up the records found; the next append goes into the last page read
\* (in place) unless PadTail closes it; a new incarnation begins.
Recover ==
    /\ ~up
    /\ LET m == ScanEnd
           recs == RecordsOf(m)
       IN /\ lastRecovery' = [happened |-> TRUE, history |-> history, flushedLsn |-> flushedLsn]
          /\ history' = recs
          /\ nextLsn' = Sq!Len(recs) + 1
          /\ flushedLsn' = Sq!Len(recs)
          /\ tail' = m
          /\ tailOpen' = (m > 0 /\ ~PadTail)
    /\ cache' = [n \in Pages |-> disk[n][1]]
    /\ epoch' = epoch + 1
    /\ up' = TRUE
    /\ UNCHANGED <<disk, pending, crashes>>

Next == Append \/ Flush \/ Crash \/ Recover

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants: the LFS-6 properties Lfs proves of its one-record, atomic pages. *)

TypeOK ==
    /\ pending \subseteq Pages
    /\ tail \in 0..MaxPages
    /\ nextLsn \in 1..(MaxLsn + 1)
    /\ flushedLsn \in 0..MaxLsn
    /\ epoch \in 0..MaxCrashes
    /\ crashes \in 0..MaxCrashes
    /\ Sq!Len(history) = nextLsn - 1

\* After Recover, the recovered records are a prefix of the pre-crash history: the same LSNs written
\* by the same incarnations (no stale or torn record).
RecoveredLogIsPrefix ==
    lastRecovery.happened =>
        /\ Sq!Len(history) <= Sq!Len(lastRecovery.history)
        /\ \A i \in 1..Sq!Len(history) : history[i] = lastRecovery.history[i]

\* After Recover, every record flushed before the crash was recovered.
RecoveredLogHasFlushed ==
    lastRecovery.happened => nextLsn > lastRecovery.flushedLsn
=============================================================================
