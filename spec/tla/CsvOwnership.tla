---------------------------- MODULE CsvOwnership ----------------------------
(***************************************************************************)
(* Cluster shared volumes and live migration (CSV-1..7).                   *)
(*                                                                          *)
(* Nodes share one volume. One node, the coordinator, owns the namespace   *)
(* (CSV-1): the namespace log nsLog and the ownership table (owner, epoch,  *)
(* mig) live on the shared disk and only the coordinator changes them.     *)
(* Each file has an owner node that holds a token (the file's epoch) and   *)
(* writes the file's data straight to the disk (CSV-2) through its own     *)
(* write-back cache. The disk keeps each file's current epoch as a fence   *)
(* register and refuses a data write that carries another epoch (CSV-6).   *)
(*                                                                          *)
(* Metadata requests (create, delete, resize, timestamps: MetaOps) of a    *)
(* non-coordinator go to the coordinator over a network that may delay,    *)
(* reorder, duplicate and drop messages (CSV-3): net is a set, delivery    *)
(* does not consume a message (so it may be delivered again) and Drop      *)
(* loses one. The coordinator dedups by request id against the durable log.*)
(*                                                                          *)
(* Writes: Write puts a new value into the owner's cache and acknowledges  *)
(* it (write-back); Flush issues the disk write, tagged with the token's   *)
(* epoch; DiskWrite lands it (or refuses it) at any later time, even after *)
(* the writer crashed: in-flight disk I/O (dio) is what fencing is for.    *)
(* Values are the write numbers 1, 2, ... per file, so a newer write always *)
(* has a larger value and no value is ever written twice.                  *)
(*                                                                          *)
(* Migration (CSV-4/5): StartMigration stops the owner's writes; the old   *)
(* owner flushes and Release gives up its token; Handoff (coordinator)     *)
(* bumps the epoch (fence first) and gives the file to the target. The     *)
(* coordinator does not change. A crash loses only that node's cache,      *)
(* tokens and pending requests (CSV-7); the coordinator takes back a       *)
(* failed node's files (Takeback) and a surviving node takes over a failed *)
(* coordinator (Failover), recovering the namespace from the shared disk.  *)
(*                                                                          *)
(* The namespace log is written atomically and durably here: how a log    *)
(* survives a crash is Lfs.tla's business (LFS-1..6).                       *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Nodes,                  \* cluster nodes sharing the volume (CSV-1)
    Files,                  \* files on the volume (a VM's virtual disks)
    Coord0,                 \* the first coordinator
    Owner0,                 \* the first owner of every file
    NoNode,                 \* "no migration target"
    MetaOps,                \* metadata operations: a subset of {"create", "delete", "resize", "touch"}
    MaxCrashes,             \* bound: at most this many node crashes
    MigrateWithoutFlush,    \* bug: Release drops dirty data instead of flushing it (must fail CSV-5)
    DiskIgnoresEpoch,       \* bug: the disk accepts writes with a stale epoch (must fail CSV-6)
    NonCoordApplies,        \* bug: a non-coordinator applies its metadata change itself (must fail CSV-3)
    NoDedup,                \* bug: the coordinator applies a duplicated request again (must fail CSV-3)
    MigrationMovesNamespace \* bug: Handoff also moves the namespace to the target (must fail CSV-4)

ASSUME Coord0 \in Nodes /\ Owner0 \in Nodes /\ NoNode \notin Nodes
ASSUME MetaOps \subseteq {"create", "delete", "resize", "touch"} /\ MaxCrashes \in Nat
ASSUME \A b \in {MigrateWithoutFlush, DiskIgnoresEpoch, NonCoordApplies, NoDedup, MigrationMovesNamespace} :
           b \in BOOLEAN

VARIABLES
    up,         \* node -> FALSE while crashed
    coord,      \* the namespace owner (CSV-1)
    coordHist,  \* ghost: coordHist[t] is the coordinator of term t; Len(coordHist) is the term
    owner,      \* file -> owner node (ownership table, durable, changed by the coordinator)
    epoch,      \* file -> current ownership epoch, also the disk's fence register (CSV-6)
    mig,        \* file -> migration target or NoNode (durable)
    tok,        \* node -> file -> epoch of the token the node holds, 0 if none (volatile)
    cache,      \* node -> file -> dirty value in the node's cache, 0 if clean (volatile)
    disk,       \* file -> value on the shared disk
    dio,        \* in-flight disk writes [node, file, val, ep]; they survive the writer's crash
    net,        \* messages in the network (CSV-3)
    pend,       \* requests sent and not yet acknowledged (volatile at their sender)
    nsLog,      \* the namespace log: applied metadata requests (durable)
    nextReq,    \* id of the next metadata request
    nextVal,    \* file -> value of the next write
    crashes,    \* crashes so far
    ackd,       \* ghost: file -> the latest write acknowledged to a client
    durable,    \* ghost: file -> the latest write whose flush was acknowledged
    crashLost,  \* ghost: file -> the node holding ackd unflushed crashed (CSV-7 allows the loss)
    seen        \* ghost: events reached, for the reachability models

nodeVars == <<up, tok, cache, pend, crashes>>
nsVars == <<coord, coordHist, owner, epoch, mig, nsLog>>
ghostVars == <<ackd, durable, crashLost, seen>>
vars == <<up, coord, coordHist, owner, epoch, mig, tok, cache, disk, dio, net, pend, nsLog, nextReq,
          nextVal, crashes, ackd, durable, crashLost, seen>>

Term == Len(coordHist)
AppliedIds == {nsLog[i].id : i \in DOMAIN nsLog}
Entry(r, by) == [id |-> r.id, from |-> r.from, file |-> r.file, op |-> r.op, by |-> by, term |-> Term]
Ack(r) == [type |-> "ack", id |-> r.id, to |-> r.from]
\* No disk write of n for f is in flight.
Quiet(n, f) == \A w \in dio : w.node /= n \/ w.file /= f
\* What a reader sees: the owner's dirty cache, else the disk.
View(f) == IF up[owner[f]] /\ cache[owner[f]][f] /= 0 THEN cache[owner[f]][f] ELSE disk[f]

-----------------------------------------------------------------------------
Init ==
    /\ up = [n \in Nodes |-> TRUE]
    /\ coord = Coord0
    /\ coordHist = <<Coord0>>
    /\ owner = [f \in Files |-> Owner0]
    /\ epoch = [f \in Files |-> 1]
    /\ mig = [f \in Files |-> NoNode]
    /\ tok = [n \in Nodes |-> [f \in Files |-> IF n = Owner0 THEN 1 ELSE 0]]
    /\ cache = [n \in Nodes |-> [f \in Files |-> 0]]
    /\ disk = [f \in Files |-> 0]
    /\ dio = {}
    /\ net = {}
    /\ pend = {}
    /\ nsLog = << >>
    /\ nextReq = 1
    /\ nextVal = [f \in Files |-> 1]
    /\ crashes = 0
    /\ ackd = [f \in Files |-> 0]
    /\ durable = [f \in Files |-> 0]
    /\ crashLost = [f \in Files |-> FALSE]
    /\ seen = {}

(* Data path (CSV-2, CSV-6). *)

\* The owner takes a write into its cache and acknowledges it (write-back); stopped while migrating.
Write(n, f) ==
    /\ up[n] /\ tok[n][f] /= 0 /\ mig[f] = NoNode
    /\ cache' = [cache EXCEPT ![n][f] = nextVal[f]]
    /\ ackd' = [ackd EXCEPT ![f] = nextVal[f]]
    /\ crashLost' = [crashLost EXCEPT ![f] = FALSE]
    /\ nextVal' = [nextVal EXCEPT ![f] = nextVal[f] + 1]
    /\ UNCHANGED <<up, tok, pend, crashes, nsVars, disk, dio, net, nextReq, durable, seen>>

\* CSV-2: the owner writes dirty data straight to the shared disk, tagged with its token's epoch.
\* The data stays in the cache until the write completes; one write per node and file in flight.
Flush(n, f) ==
    /\ up[n] /\ cache[n][f] /= 0 /\ Quiet(n, f)
    /\ dio' = dio \cup {[node |-> n, file |-> f, val |-> cache[n][f], ep |-> tok[n][f]]}
    /\ UNCHANGED <<nodeVars, nsVars, disk, net, nextReq, nextVal, ghostVars>>

\* CSV-6: the disk accepts a write only with the file's current epoch (its fence). The flush is
\* acknowledged to the client if its node is still up with the same token.
DiskWrite(w) ==
    LET f == w.file
        ok == w.ep = epoch[f] \/ DiskIgnoresEpoch
        acked == ok /\ up[w.node] /\ tok[w.node][f] = w.ep
    IN /\ dio' = dio \ {w}
       /\ disk' = IF ok THEN [disk EXCEPT ![f] = w.val] ELSE disk
       /\ cache' = IF acked /\ cache[w.node][f] = w.val THEN [cache EXCEPT ![w.node][f] = 0] ELSE cache
       /\ durable' = IF acked THEN [durable EXCEPT ![f] = w.val] ELSE durable
       /\ seen' = IF ok THEN seen ELSE seen \cup {"staleRefused"}
       /\ UNCHANGED <<up, tok, pend, crashes, nsVars, net, nextReq, nextVal, ackd, crashLost>>

(* Migration (CSV-4, CSV-5): the namespace owner never changes. *)

\* The owner starts migrating f to t and stops taking writes; the coordinator records it.
StartMigration(f, t) ==
    /\ up[coord] /\ up[owner[f]] /\ tok[owner[f]][f] /= 0 /\ mig[f] = NoNode
    /\ up[t] /\ t /= owner[f]
    /\ mig' = [mig EXCEPT ![f] = t]
    /\ UNCHANGED <<nodeVars, coord, coordHist, owner, epoch, nsLog, disk, dio, net, nextReq, nextVal,
                   ghostVars>>

\* CSV-5: the old owner gives up its token once its dirty data of f is on disk (flushed and the
\* write completed). The bug drops the dirty data instead.
Release(n, f) ==
    /\ up[n] /\ n = owner[f] /\ tok[n][f] /= 0 /\ mig[f] /= NoNode
    /\ MigrateWithoutFlush \/ (cache[n][f] = 0 /\ Quiet(n, f))
    /\ tok' = [tok EXCEPT ![n][f] = 0]
    /\ cache' = [cache EXCEPT ![n][f] = 0]
    /\ UNCHANGED <<up, pend, crashes, nsVars, disk, dio, net, nextReq, nextVal, ghostVars>>

\* CSV-4, CSV-6: once the old owner holds no token (it released, or it failed: the coordinator
\* learns either), the coordinator sets a new epoch at the disk and gives f to the target.
Handoff(f) ==
    LET t == mig[f] IN
    /\ up[coord] /\ t /= NoNode /\ up[t] /\ tok[owner[f]][f] = 0
    /\ epoch' = [epoch EXCEPT ![f] = epoch[f] + 1]
    /\ owner' = [owner EXCEPT ![f] = t]
    /\ tok' = [tok EXCEPT ![t][f] = epoch[f] + 1]
    /\ mig' = [mig EXCEPT ![f] = NoNode]
    /\ seen' = IF up[owner[f]] THEN seen ELSE seen \cup {"migAfterCrash"}
    /\ IF MigrationMovesNamespace
       THEN coord' = t /\ coordHist' = Append(coordHist, t)
       ELSE UNCHANGED <<coord, coordHist>>
    /\ UNCHANGED <<up, cache, pend, crashes, nsLog, disk, dio, net, nextReq, nextVal, ackd, durable,
                   crashLost>>

\* The target failed before the handoff: the migration is abandoned.
AbortMigration(f) ==
    /\ up[coord] /\ mig[f] /= NoNode /\ ~up[mig[f]]
    /\ mig' = [mig EXCEPT ![f] = NoNode]
    /\ UNCHANGED <<nodeVars, coord, coordHist, owner, epoch, nsLog, disk, dio, net, nextReq, nextVal,
                   ghostVars>>

(* Failures (CSV-7). *)

\* A node fails: it loses its cache, tokens and pending requests, nothing else. Its disk writes
\* in flight may still land.
Crash(n) ==
    /\ up[n] /\ crashes < MaxCrashes
    /\ up' = [up EXCEPT ![n] = FALSE]
    /\ tok' = [tok EXCEPT ![n] = [f \in Files |-> 0]]
    /\ cache' = [cache EXCEPT ![n] = [f \in Files |-> 0]]
    /\ pend' = {r \in pend : r.from /= n}
    /\ crashLost' = [f \in Files |-> crashLost[f] \/ cache[n][f] /= 0]
    /\ crashes' = crashes + 1
    /\ UNCHANGED <<nsVars, disk, dio, net, nextReq, nextVal, ackd, durable, seen>>

\* The node comes back with an empty cache and no tokens.
Restart(n) ==
    /\ ~up[n]
    /\ up' = [up EXCEPT ![n] = TRUE]
    /\ UNCHANGED <<tok, cache, pend, crashes, nsVars, disk, dio, net, nextReq, nextVal, ghostVars>>

\* CSV-7: the coordinator takes back the files of a failed owner (not migrating) with a new epoch.
Takeback(f) ==
    /\ up[coord] /\ mig[f] = NoNode /\ tok[owner[f]][f] = 0
    /\ epoch' = [epoch EXCEPT ![f] = epoch[f] + 1]
    /\ owner' = [owner EXCEPT ![f] = coord]
    /\ tok' = [tok EXCEPT ![coord][f] = epoch[f] + 1]
    /\ UNCHANGED <<up, cache, pend, crashes, coord, coordHist, mig, nsLog, disk, dio, net, nextReq,
                   nextVal, ghostVars>>

\* CSV-7: a surviving node takes over the namespace of a failed coordinator; it recovers the
\* namespace (log, ownership table, migrations) from the shared disk, so nothing else changes.
Failover(n) ==
    /\ ~up[coord] /\ up[n]
    /\ coord' = n
    /\ coordHist' = Append(coordHist, n)
    /\ UNCHANGED <<nodeVars, owner, epoch, mig, nsLog, disk, dio, net, nextReq, nextVal, ghostVars>>

(* Metadata (CSV-1, CSV-3). *)

\* A node changes metadata of f: the coordinator applies it itself, any other node sends a request.
Issue(n, f, op) ==
    LET r == [type |-> "req", id |-> nextReq, from |-> n, file |-> f, op |-> op] IN
    /\ up[n]
    /\ nextReq' = nextReq + 1
    /\ IF n = coord \/ NonCoordApplies
       THEN /\ nsLog' = Append(nsLog, Entry(r, n))
            /\ UNCHANGED <<net, pend>>
       ELSE /\ net' = net \cup {r}
            /\ pend' = pend \cup {r}
            /\ UNCHANGED nsLog
    /\ UNCHANGED <<up, tok, cache, crashes, coord, coordHist, owner, epoch, mig, disk, dio, nextVal,
                   ghostVars>>

\* CSV-3: the coordinator handles a request (perhaps again: delivery does not consume it). A
\* request already in the log is only acknowledged again.
HandleRequest(m) ==
    /\ up[coord] /\ m \in net /\ m.type = "req"
    /\ nsLog' = IF m.id \in AppliedIds /\ ~NoDedup THEN nsLog ELSE Append(nsLog, Entry(m, coord))
    /\ net' = net \cup {Ack(m)}
    /\ UNCHANGED <<nodeVars, coord, coordHist, owner, epoch, mig, disk, dio, nextReq, nextVal, ghostVars>>

ReceiveAck(m) ==
    /\ m \in net /\ m.type = "ack" /\ up[m.to]
    /\ \E r \in pend : r.id = m.id
    /\ pend' = {r \in pend : r.id /= m.id}
    /\ UNCHANGED <<up, tok, cache, crashes, nsVars, disk, dio, net, nextReq, nextVal, ghostVars>>

\* The sender sends a pending request again (to whoever is coordinator now).
Retry(r) ==
    /\ r \in pend /\ r \notin net /\ up[r.from]
    /\ net' = net \cup {r}
    /\ UNCHANGED <<nodeVars, nsVars, disk, dio, nextReq, nextVal, ghostVars>>

Drop(m) ==
    /\ m \in net
    /\ net' = net \ {m}
    /\ UNCHANGED <<nodeVars, nsVars, disk, dio, pend, nextReq, nextVal, ghostVars>>

Next ==
    \/ \E n \in Nodes, f \in Files : Write(n, f) \/ Flush(n, f) \/ Release(n, f)
    \/ \E w \in dio : DiskWrite(w)
    \/ \E f \in Files, t \in Nodes : StartMigration(f, t)
    \/ \E f \in Files : Handoff(f) \/ AbortMigration(f) \/ Takeback(f)
    \/ \E n \in Nodes : Crash(n) \/ Restart(n) \/ Failover(n)
    \/ \E n \in Nodes, f \in Files, op \in MetaOps : Issue(n, f, op)
    \/ \E m \in net : HandleRequest(m) \/ ReceiveAck(m) \/ Drop(m)
    \/ \E r \in pend : Retry(r)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants. *)

Events == {"staleRefused", "migAfterCrash"}
Requests == [type : {"req"}, id : Nat, from : Nodes, file : Files, op : MetaOps]

TypeOK ==
    /\ up \in [Nodes -> BOOLEAN]
    /\ coord \in Nodes
    /\ owner \in [Files -> Nodes]
    /\ epoch \in [Files -> Nat \ {0}]
    /\ mig \in [Files -> Nodes \cup {NoNode}]
    /\ tok \in [Nodes -> [Files -> Nat]]
    /\ cache \in [Nodes -> [Files -> Nat]]
    /\ disk \in [Files -> Nat]
    /\ dio \subseteq [node : Nodes, file : Files, val : Nat \ {0}, ep : Nat \ {0}]
    /\ net \subseteq Requests \cup [type : {"ack"}, id : Nat, to : Nodes]
    /\ pend \subseteq Requests
    /\ crashes \in 0..MaxCrashes
    /\ seen \subseteq Events

\* CSV-6: at most one node may write f: a node up with a token for f is f's owner and holds the
\* current epoch; dirty data exists only under such a token.
OneWriter ==
    \A n \in Nodes, f \in Files :
        /\ up[n] /\ tok[n][f] /= 0 => n = owner[f] /\ tok[n][f] = epoch[f]
        /\ cache[n][f] /= 0 => tok[n][f] /= 0

\* CSV-6: a late write of a node that lost ownership never lands over newer flushed data: the disk
\* never goes back behind the latest acknowledged flush.
StaleWritesFenced == \A f \in Files : disk[f] >= durable[f]

\* CSV-5, CSV-7: every acknowledged write is on disk or in the current owner's cache; the latest
\* one may be missing only if the node that held it unflushed crashed, and then the file still
\* holds at least the latest acknowledged flush.
NoLostWrite ==
    \A f \in Files :
        IF crashLost[f] THEN durable[f] <= View(f) /\ View(f) <= ackd[f] ELSE View(f) = ackd[f]

\* CSV-1, CSV-3: every namespace change was made by the coordinator of its term.
OnlyCoordinatorChangesMetadata == \A i \in DOMAIN nsLog : nsLog[i].by = coordHist[nsLog[i].term]

\* CSV-3: a duplicated request is applied once.
AppliedOnce == \A i, j \in DOMAIN nsLog : i /= j => nsLog[i].id /= nsLog[j].id

\* CSV-3, CSV-7: a request acknowledged to its sender is in the namespace (also after failover).
AckedApplied == \A m \in net : m.type = "ack" => m.id \in AppliedIds

\* CSV-4 (action property): migration steps never change the namespace owner.
MigrationKeepsNamespace ==
    [][\A f \in Files : (\E t \in Nodes : StartMigration(f, t)) \/ Handoff(f) \/ AbortMigration(f)
                        \/ (\E n \in Nodes : Release(n, f))
                        => coord' = coord]_vars

(* Reachability: each must be violated, showing the scenario happens in the model. *)
NeverMigratedAfterCrash == "migAfterCrash" \notin seen
NeverFailover == Term = 1
NeverReordered ==
    ~\E i, j \in DOMAIN nsLog : i < j /\ nsLog[i].from = nsLog[j].from /\ nsLog[i].id > nsLog[j].id
NeverStaleRefused == "staleRefused" \notin seen

=============================================================================
