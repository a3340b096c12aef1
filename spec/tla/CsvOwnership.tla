---------------------------- MODULE CsvOwnership ----------------------------
(***************************************************************************)
(* Cluster shared volumes and live migration (CSV-1..7).                   *)
(*                                                                          *)
(* Nodes share one volume. One node, the coordinator, owns the namespace   *)
(* (CSV-1): the namespace log nsLog and the ownership table (owner, epoch,  *)
(* mig, granted) live on the shared disk, with the namespace's term: a     *)
(* write to the namespace carries its writer's term and the disk refuses   *)
(* it unless that is the current term (the namespace's fence). Each file   *)
(* has an owner node that holds a token (the file's epoch) and writes the  *)
(* file's data straight to the disk (CSV-2) through its own write-back     *)
(* cache. The disk keeps each file's current epoch as a fence register and *)
(* refuses a data write that carries another epoch (CSV-6).                *)
(*                                                                          *)
(* The failure detector is not perfect: nobody reads another node's       *)
(* memory. The coordinator may fence a file away from its owner (Handoff,  *)
(* Takeback) while the owner is alive and still holds its token; the old   *)
(* owner learns it only when the disk refuses its write. Any node may      *)
(* suspect the coordinator and take the namespace (Failover, a new term)   *)
(* while the old coordinator is alive and still believes it coordinates;   *)
(* it learns it only when the namespace refuses its write. Only what is    *)
(* durable (the namespace, the disk) is shared.                            *)
(*                                                                          *)
(* Metadata requests (create, delete, resize, timestamps: MetaOps) of a    *)
(* non-coordinator go to the coordinator over a network that may delay,    *)
(* reorder, duplicate and drop messages (CSV-3): net is a set, delivery    *)
(* does not consume a message (so it may be delivered again) and Drop      *)
(* loses one. The coordinator dedups by request id against the durable log *)
(* and its own appends in flight; it acknowledges only once the log append *)
(* is durable (LogWrite, then SendAck: two steps).                         *)
(*                                                                          *)
(* Writes: Write puts a new value into the owner's cache and acknowledges  *)
(* it (write-back); Flush issues the disk write, tagged with the token's   *)
(* epoch; DiskWrite lands it (or refuses it) at any later time, even after *)
(* the writer crashed: in-flight disk I/O (dio) is what fencing is for.    *)
(* The flush is acknowledged only if the disk accepted it. Values are the  *)
(* write numbers 1, 2, ... per file, so a newer write always has a larger  *)
(* value and no value is ever written twice.                               *)
(*                                                                          *)
(* Migration (CSV-4/5): StartMigration moves a node's VM (every file it    *)
(* owns) to a target and stops its writes; the old owner flushes and       *)
(* Release gives up its tokens; Handoff (coordinator) sets a new epoch at  *)
(* the disk (the fence) and Grant then gives the token to the target: two  *)
(* steps. A careful coordinator hands off after the release, or when it    *)
(* suspects the old owner failed; the model lets it hand off at any time,  *)
(* which covers every wrong suspicion. The coordinator does not change. A  *)
(* crash loses only that node's memory (CSV-7).                            *)
(*                                                                          *)
(* The namespace log is written atomically and durably here: how a log    *)
(* survives a crash is Lfs.tla's business (LFS-1..6). Bounds (MaxCrashes,  *)
(* MaxWrites, MaxEpoch, MaxReqs, MaxTerms) are guards, so that the        *)
(* liveness model needs no constraint. Bugs (constants, FALSE in every     *)
(* model expected to pass) make the must-fail models.                      *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Nodes,                  \* cluster nodes sharing the volume (CSV-1)
    Files,                  \* files on the volume (virtual disks of the VMs)
    Coord0,                 \* the first coordinator
    Owner0,                 \* the first owner of every file (one VM with every file)
    NoNode,                 \* "no migration target"
    MetaOps,                \* metadata operations: a subset of {"create", "delete", "resize", "touch"}
    MaxCrashes,             \* bound: node crashes
    MaxWrites,              \* bound: writes per file
    MaxEpoch,               \* bound: epochs per file (every Handoff and Takeback takes one)
    MaxReqs,                \* bound: metadata requests
    MaxTerms,               \* bound: namespace terms (every Failover takes one)
    MigrateWithoutFlush,    \* bug: Release drops dirty data instead of flushing it (CSV-5)
    DiskIgnoresEpoch,       \* bug: the disk accepts writes with a stale epoch (CSV-6)
    AckRefusedFlush,        \* bug: the owner acks a flush by its token, not by the disk's answer (CSV-6)
    NonCoordApplies,        \* bug: a non-coordinator applies its metadata change itself (CSV-3)
    NoDedup,                \* bug: the coordinator applies a duplicated request again (CSV-3)
    AckBeforeDurable,       \* bug: the coordinator acks a request when it issues the log append (CSV-3)
    LogIgnoresTerm,         \* bug: the namespace log accepts an append of a deposed coordinator (CSV-7)
    MigrationMovesNamespace \* bug: Handoff also moves the namespace to the target (CSV-4)

Bugs == {MigrateWithoutFlush, DiskIgnoresEpoch, AckRefusedFlush, NonCoordApplies, NoDedup,
         AckBeforeDurable, LogIgnoresTerm, MigrationMovesNamespace}
ASSUME Coord0 \in Nodes /\ Owner0 \in Nodes /\ NoNode \notin Nodes
ASSUME MetaOps \subseteq {"create", "delete", "resize", "touch"}
ASSUME \A k \in {MaxCrashes, MaxWrites, MaxEpoch, MaxReqs, MaxTerms} : k \in Nat
ASSUME MaxEpoch >= 1 /\ MaxTerms >= 1 /\ \A b \in Bugs : b \in BOOLEAN

VARIABLES
    \* node memory (volatile: a crash loses it)
    up,         \* node -> FALSE while crashed
    myTerm,     \* node -> the term in which it believes it is the coordinator, 0 if none
    tok,        \* node -> file -> epoch of the token the node holds, 0 if none
    cache,      \* node -> file -> dirty value in the node's cache, 0 if clean
    stopped,    \* node -> file -> writes stopped for a migration
    pend,       \* requests sent and not yet acknowledged (at their sender)
    toAck,      \* node -> requests whose log append it saw land, not yet acknowledged
    \* the namespace on the shared disk (durable, written by the coordinator of the current term)
    coordHist,  \* coordHist[t] is the coordinator of term t; Len(coordHist) is the current term
    owner,      \* file -> owner node
    epoch,      \* file -> current ownership epoch, also the disk's fence register (CSV-6)
    granted,    \* file -> the owner was sent its token for the current epoch
    mig,        \* file -> migration target or NoNode
    nsLog,      \* the namespace log: applied metadata requests
    \* the shared disk, the I/O in flight and the network
    disk,       \* file -> value on the shared disk
    dio,        \* data writes in flight [node, file, val, ep]; they survive the writer's crash
    nsio,       \* namespace log appends in flight [id, from, file, op, by, term]; they survive too
    net,        \* messages in the network (CSV-3)
    \* counters for the bounds
    nextReq,    \* id of the next metadata request
    nextVal,    \* file -> value of the next write
    crashes,    \* crashes so far
    \* ghosts: what happened, for the invariants
    nsHist,     \* nsHist[i]: who appended nsLog[i], and the namespace's term when it landed
    elected,    \* the terms begun by an election (Failover)
    migFrom,    \* file -> the term at the start of its latest migration, 0 if none
    migTo,      \* file -> the term right after that migration's handoff, 0 until then
    told,       \* request ids whose sender received an ack
    ackd,       \* file -> the latest write acknowledged under the current epoch
    durable,    \* file -> the latest write whose flush was acknowledged
    lost,       \* file -> ackd may be lost: its node crashed or was fenced with it unflushed
    seen        \* events reached, for the reachability models

nodeVars == <<up, myTerm, tok, cache, stopped, pend, toAck>>
nsVars == <<coordHist, owner, epoch, granted, mig, nsLog>>
ioVars == <<disk, dio, nsio, net>>
ctrVars == <<nextReq, nextVal, crashes>>
ghostVars == <<nsHist, elected, migFrom, migTo, told, ackd, durable, lost, seen>>
vars == <<nodeVars, nsVars, ioVars, ctrVars, ghostVars>>

Term == Len(coordHist)
Coord == coordHist[Term]
\* c is up and believes it coordinates, and the namespace would accept its write.
Current(c) == up[c] /\ myTerm[c] = Term
AppliedIds == {nsLog[i].id : i \in DOMAIN nsLog}
Ack(r) == [type |-> "ack", id |-> r.id, to |-> r.from]
\* No disk write of n for f is in flight.
Quiet(n, f) == \A w \in dio : w.node /= n \/ w.file /= f
\* n holds f's current token.
Holds(n, f) == tok[n][f] = epoch[f]
\* What a reader sees: the dirty cache of the holder of the current token, else the disk.
View(f) == IF Holds(owner[f], f) /\ cache[owner[f]][f] /= 0 THEN cache[owner[f]][f] ELSE disk[f]
\* The current holder of f has an acknowledged write of it unflushed.
DirtyHolder(n, f) == Holds(n, f) /\ cache[n][f] /= 0

-----------------------------------------------------------------------------
Init ==
    /\ up = [n \in Nodes |-> TRUE]
    /\ myTerm = [n \in Nodes |-> IF n = Coord0 THEN 1 ELSE 0]
    /\ tok = [n \in Nodes |-> [f \in Files |-> IF n = Owner0 THEN 1 ELSE 0]]
    /\ cache = [n \in Nodes |-> [f \in Files |-> 0]]
    /\ stopped = [n \in Nodes |-> [f \in Files |-> FALSE]]
    /\ pend = {}
    /\ toAck = [n \in Nodes |-> {}]
    /\ coordHist = <<Coord0>>
    /\ owner = [f \in Files |-> Owner0]
    /\ epoch = [f \in Files |-> 1]
    /\ granted = [f \in Files |-> TRUE]
    /\ mig = [f \in Files |-> NoNode]
    /\ nsLog = << >>
    /\ disk = [f \in Files |-> 0]
    /\ dio = {}
    /\ nsio = {}
    /\ net = {}
    /\ nextReq = 1
    /\ nextVal = [f \in Files |-> 1]
    /\ crashes = 0
    /\ nsHist = << >>
    /\ elected = {}
    /\ migFrom = [f \in Files |-> 0]
    /\ migTo = [f \in Files |-> 0]
    /\ told = {}
    /\ ackd = [f \in Files |-> 0]
    /\ durable = [f \in Files |-> 0]
    /\ lost = [f \in Files |-> FALSE]
    /\ seen = {}

(* Data path (CSV-2, CSV-6): no coordinator involved. *)

\* A token holder takes a write into its cache and acknowledges it (write-back). A node fenced
\* without knowing it (a zombie) still does: its client's writes are acknowledged in an epoch
\* that is over, and the ghost ackd does not count them.
Write(n, f) ==
    /\ up[n] /\ tok[n][f] /= 0 /\ ~stopped[n][f] /\ nextVal[f] <= MaxWrites
    /\ cache' = [cache EXCEPT ![n][f] = nextVal[f]]
    /\ nextVal' = [nextVal EXCEPT ![f] = nextVal[f] + 1]
    /\ IF Holds(n, f)
       THEN /\ ackd' = [ackd EXCEPT ![f] = nextVal[f]]
            /\ lost' = [lost EXCEPT ![f] = FALSE]
       ELSE UNCHANGED <<ackd, lost>>
    /\ UNCHANGED <<up, myTerm, tok, stopped, pend, toAck, nsVars, ioVars, nextReq, crashes,
                   nsHist, elected, migFrom, migTo, told, durable, seen>>

\* CSV-2: the owner writes dirty data straight to the shared disk, tagged with its token's epoch.
\* The data stays in the cache until the write completes; one write per node and file in flight.
Flush(n, f) ==
    /\ up[n] /\ cache[n][f] /= 0 /\ Quiet(n, f)
    /\ dio' = dio \cup {[node |-> n, file |-> f, val |-> cache[n][f], ep |-> tok[n][f]]}
    /\ UNCHANGED <<nodeVars, nsVars, disk, nsio, net, ctrVars, ghostVars>>

\* CSV-6: the disk accepts a write only with the file's current epoch (its fence) and answers the
\* writer, if it is still the incarnation that issued it (up, same token). Accepted: the flush is
\* acknowledged (ghost durable). Refused: the writer learns it was fenced and drops the file.
DiskWrite(w) ==
    LET f == w.file
        n == w.node
        ok == w.ep = epoch[f] \/ DiskIgnoresEpoch
        hears == up[n] /\ tok[n][f] = w.ep
        acked == hears /\ (ok \/ AckRefusedFlush)
        fenced == hears /\ ~ok /\ ~AckRefusedFlush
    IN /\ dio' = dio \ {w}
       /\ disk' = IF ok THEN [disk EXCEPT ![f] = w.val] ELSE disk
       /\ durable' = IF acked THEN [durable EXCEPT ![f] = w.val] ELSE durable
       /\ cache' = IF (acked /\ cache[n][f] = w.val) \/ fenced THEN [cache EXCEPT ![n][f] = 0] ELSE cache
       /\ tok' = IF fenced THEN [tok EXCEPT ![n][f] = 0] ELSE tok
       /\ stopped' = IF fenced THEN [stopped EXCEPT ![n][f] = FALSE] ELSE stopped
       /\ seen' = CASE fenced -> seen \cup {"zombieFenced"}
                   [] ~ok /\ ~hears -> seen \cup {"staleRefused"}
                   [] OTHER -> seen
       /\ UNCHANGED <<up, myTerm, pend, toAck, nsVars, nsio, net, ctrVars, nsHist, elected, migFrom,
                      migTo, told, ackd, lost>>

(* Migration (CSV-4, CSV-5): the namespace owner never changes. *)

\* The coordinator moves the VM of n (every file n holds, none migrating) to t; n stops writing them.
StartMigration(c, n, t) ==
    LET F == {f \in Files : owner[f] = n /\ Holds(n, f) /\ granted[f] /\ mig[f] = NoNode}
    IN /\ Current(c) /\ up[n] /\ up[t] /\ n /= t /\ F /= {}
       /\ \A f \in F : epoch[f] < MaxEpoch
       /\ mig' = [f \in Files |-> IF f \in F THEN t ELSE mig[f]]
       /\ stopped' = [stopped EXCEPT ![n] = [f \in Files |-> stopped[n][f] \/ f \in F]]
       /\ migFrom' = [f \in Files |-> IF f \in F THEN Term ELSE migFrom[f]]
       /\ migTo' = [f \in Files |-> IF f \in F THEN 0 ELSE migTo[f]]
       /\ UNCHANGED <<up, myTerm, tok, cache, pend, toAck, coordHist, owner, epoch, granted, nsLog,
                      ioVars, ctrVars, nsHist, elected, told, ackd, durable, lost, seen>>

\* CSV-5: the old owner gives up its token once its dirty data of f is on disk (flushed and the
\* write completed). The bug drops the dirty data instead.
Release(n, f) ==
    /\ up[n] /\ stopped[n][f] /\ tok[n][f] /= 0
    /\ MigrateWithoutFlush \/ (cache[n][f] = 0 /\ Quiet(n, f))
    /\ tok' = [tok EXCEPT ![n][f] = 0]
    /\ cache' = [cache EXCEPT ![n][f] = 0]
    /\ stopped' = [stopped EXCEPT ![n][f] = FALSE]
    /\ UNCHANGED <<up, myTerm, pend, toAck, nsVars, ioVars, ctrVars, ghostVars>>

\* The fence, the first half of a change of owner: the coordinator sets f's new epoch at the disk
\* and the new owner in the table. Nothing tells the old owner. If it held unflushed acknowledged
\* data, that data is lost (as in a crash).
Fence(f, to, ev) ==
    /\ epoch' = [epoch EXCEPT ![f] = epoch[f] + 1]
    /\ owner' = [owner EXCEPT ![f] = to]
    /\ granted' = [granted EXCEPT ![f] = FALSE]
    /\ lost' = [lost EXCEPT ![f] = lost[f] \/ DirtyHolder(owner[f], f)]
    /\ seen' = seen \cup ev

\* CSV-4, CSV-6: the coordinator fences f for the migration's target. A careful one waits for the
\* release, or suspects the old owner failed; any time covers both, and every wrong suspicion. If
\* the target is down by then, the grant waits for it (or a takeback moves f on).
Handoff(c, f) ==
    LET t == mig[f] IN
    /\ Current(c) /\ t /= NoNode
    /\ Fence(f, t, IF up[owner[f]] THEN {} ELSE {"migAfterCrash"})
    /\ mig' = [mig EXCEPT ![f] = NoNode]
    /\ IF MigrationMovesNamespace
       THEN /\ coordHist' = Append(coordHist, t)
            /\ myTerm' = [myTerm EXCEPT ![c] = 0, ![t] = Term + 1]
       ELSE UNCHANGED <<coordHist, myTerm>>
    /\ migTo' = [migTo EXCEPT ![f] = Len(coordHist')]
    /\ UNCHANGED <<up, tok, cache, stopped, pend, toAck, nsLog, ioVars, ctrVars, nsHist, elected,
                   migFrom, told, ackd, durable>>

\* The grant, the second half: the coordinator sends the new owner its token. The owner drops
\* whatever it still had of f from an older epoch.
Grant(c, f) ==
    LET n == owner[f] IN
    /\ Current(c) /\ ~granted[f] /\ up[n]
    /\ granted' = [granted EXCEPT ![f] = TRUE]
    /\ tok' = [tok EXCEPT ![n][f] = epoch[f]]
    /\ cache' = [cache EXCEPT ![n][f] = 0]
    /\ stopped' = [stopped EXCEPT ![n][f] = FALSE]
    /\ UNCHANGED <<up, myTerm, pend, toAck, coordHist, owner, epoch, mig, nsLog, ioVars, ctrVars,
                   ghostVars>>

\* The target failed before the handoff: the migration is abandoned; the owner may write again.
AbortMigration(c, f) ==
    /\ Current(c) /\ mig[f] /= NoNode /\ ~up[mig[f]]
    /\ mig' = [mig EXCEPT ![f] = NoNode]
    /\ stopped' = [stopped EXCEPT ![owner[f]][f] = FALSE]
    /\ UNCHANGED <<up, myTerm, tok, cache, pend, toAck, coordHist, owner, epoch, granted, nsLog,
                   ioVars, ctrVars, ghostVars>>

(* Failures (CSV-7). *)

\* A node fails: it loses its memory, nothing else. Its disk and log writes in flight may still land.
Crash(n) ==
    /\ up[n] /\ crashes < MaxCrashes
    /\ up' = [up EXCEPT ![n] = FALSE]
    /\ myTerm' = [myTerm EXCEPT ![n] = 0]
    /\ tok' = [tok EXCEPT ![n] = [f \in Files |-> 0]]
    /\ cache' = [cache EXCEPT ![n] = [f \in Files |-> 0]]
    /\ stopped' = [stopped EXCEPT ![n] = [f \in Files |-> FALSE]]
    /\ pend' = {r \in pend : r.from /= n}
    /\ toAck' = [toAck EXCEPT ![n] = {}]
    /\ lost' = [f \in Files |-> lost[f] \/ DirtyHolder(n, f)]
    /\ crashes' = crashes + 1
    /\ UNCHANGED <<nsVars, ioVars, nextReq, nextVal, nsHist, elected, migFrom, migTo, told, ackd,
                   durable, seen>>

\* The node comes back with an empty memory.
Restart(n) ==
    /\ ~up[n]
    /\ up' = [up EXCEPT ![n] = TRUE]
    /\ UNCHANGED <<myTerm, tok, cache, stopped, pend, toAck, nsVars, ioVars, ctrVars, ghostVars>>

\* CSV-7: the coordinator suspects the owner of f (failed, or only slow: it may be alive with its
\* token) and fences f for itself.
Takeback(c, f) ==
    /\ Current(c) /\ mig[f] = NoNode /\ granted[f] /\ epoch[f] < MaxEpoch
    /\ owner[f] /= c \/ ~Holds(c, f)
    /\ Fence(f, c, {})
    /\ UNCHANGED <<nodeVars, coordHist, mig, nsLog, ioVars, ctrVars, nsHist, elected, migFrom,
                   migTo, told, ackd, durable>>

\* CSV-7: a node suspects the coordinator (failed, or only slow: it may be alive) and is elected
\* for a new term, written to the namespace; it recovers the namespace (log, ownership table,
\* migrations, grants still to send) from the shared disk, so nothing else changes.
Failover(n) ==
    /\ up[n] /\ myTerm[n] = 0 /\ Term < MaxTerms
    /\ coordHist' = Append(coordHist, n)
    /\ myTerm' = [myTerm EXCEPT ![n] = Term + 1]
    /\ elected' = elected \cup {Term + 1}
    /\ seen' = seen \cup (IF up[Coord] THEN {} ELSE {"failoverAfterCrash"})
    /\ UNCHANGED <<up, tok, cache, stopped, pend, toAck, owner, epoch, granted, mig, nsLog, ioVars,
                   ctrVars, nsHist, migFrom, migTo, told, ackd, durable, lost>>

\* A deposed coordinator tries to write the namespace (any change of the ownership table) and
\* the disk refuses it: it learns it is no longer the coordinator.
StepDown(c) ==
    /\ up[c] /\ 0 < myTerm[c] /\ myTerm[c] < Term
    /\ myTerm' = [myTerm EXCEPT ![c] = 0]
    /\ UNCHANGED <<up, tok, cache, stopped, pend, toAck, nsVars, ioVars, ctrVars, ghostVars>>

(* Metadata (CSV-1, CSV-3). *)

\* A node changes metadata of f: a node that believes it coordinates appends the change to the log
\* itself (the append is in flight), any other node sends a request. The bug lets a non-coordinator
\* write the log directly.
Issue(n, f, op) ==
    LET r == [type |-> "req", id |-> nextReq, from |-> n, file |-> f, op |-> op] IN
    /\ up[n] /\ nextReq <= MaxReqs
    /\ nextReq' = nextReq + 1
    /\ CASE myTerm[n] /= 0 ->
              /\ nsio' = nsio \cup {[id |-> r.id, from |-> n, file |-> f, op |-> op, by |-> n,
                                     term |-> myTerm[n]]}
              /\ UNCHANGED <<net, pend, nsLog, nsHist>>
         [] NonCoordApplies ->
              /\ nsLog' = Append(nsLog, [id |-> r.id, from |-> n, file |-> f, op |-> op])
              /\ nsHist' = Append(nsHist, [by |-> n, term |-> Term])
              /\ UNCHANGED <<net, pend, nsio>>
         [] OTHER ->
              /\ net' = net \cup {r}
              /\ pend' = pend \cup {r}
              /\ UNCHANGED <<nsLog, nsHist, nsio>>
    /\ UNCHANGED <<up, myTerm, tok, cache, stopped, toAck, coordHist, owner, epoch, granted, mig,
                   disk, dio, nextVal, crashes, elected, migFrom, migTo, told, ackd, durable, lost, seen>>

\* CSV-3: a node that believes it coordinates receives a request (perhaps again: delivery does
\* not consume it). Already in the log: it acks it again. Else, unless its own append of it is in
\* flight, it issues the append, tagged with its term. The ack waits for the append to land.
HandleRequest(c, m) ==
    LET a == [id |-> m.id, from |-> m.from, file |-> m.file, op |-> m.op, by |-> c, term |-> myTerm[c]]
        mine == {x.id : x \in {y \in nsio : y.by = c /\ y.term = myTerm[c]}}
    IN /\ up[c] /\ myTerm[c] /= 0 /\ m.type = "req"
       /\ IF m.id \in AppliedIds /\ ~NoDedup
          THEN /\ net' = net \cup {Ack(m)}
               /\ UNCHANGED nsio
          ELSE /\ NoDedup \/ m.id \notin mine
               /\ nsio' = nsio \cup {a}
               /\ net' = IF AckBeforeDurable THEN net \cup {Ack(m)} ELSE net
       /\ UNCHANGED <<nodeVars, nsVars, disk, dio, ctrVars, ghostVars>>

\* The namespace log takes an append only with the current term. It answers the writer, if it is
\* the incarnation that issued it: landed, the request is to be acked; refused, it steps down.
LogWrite(a) ==
    LET ok == a.term = Term \/ LogIgnoresTerm
        hears == up[a.by] /\ myTerm[a.by] = a.term
    IN /\ nsio' = nsio \ {a}
       /\ IF ok
          THEN /\ nsLog' = Append(nsLog, [id |-> a.id, from |-> a.from, file |-> a.file, op |-> a.op])
               /\ nsHist' = Append(nsHist, [by |-> a.by, term |-> Term])
               /\ toAck' = IF hears /\ a.from /= a.by
                           THEN [toAck EXCEPT ![a.by] = @ \cup {[id |-> a.id, from |-> a.from]}]
                           ELSE toAck
               /\ UNCHANGED myTerm
          ELSE /\ myTerm' = IF hears THEN [myTerm EXCEPT ![a.by] = 0] ELSE myTerm
               /\ UNCHANGED <<nsLog, nsHist, toAck>>
       /\ seen' = IF ~ok /\ hears THEN seen \cup {"termRefused"} ELSE seen
       /\ UNCHANGED <<up, tok, cache, stopped, pend, coordHist, owner, epoch, granted, mig, disk,
                      dio, net, ctrVars, elected, migFrom, migTo, told, ackd, durable, lost>>

\* The coordinator acknowledges a request whose append it saw land.
SendAck(c, r) ==
    /\ up[c] /\ r \in toAck[c]
    /\ toAck' = [toAck EXCEPT ![c] = @ \ {r}]
    /\ net' = net \cup {Ack(r)}
    /\ UNCHANGED <<up, myTerm, tok, cache, stopped, pend, nsVars, disk, dio, nsio, ctrVars, ghostVars>>

\* The sender learns its request was applied (ghost told: what it was told).
ReceiveAck(m) ==
    /\ m.type = "ack" /\ up[m.to]
    /\ \E r \in pend : r.id = m.id
    /\ pend' = {r \in pend : r.id /= m.id}
    /\ told' = told \cup {m.id}
    /\ UNCHANGED <<up, myTerm, tok, cache, stopped, toAck, nsVars, ioVars, ctrVars, nsHist, elected,
                   migFrom, migTo, ackd, durable, lost, seen>>

\* The sender sends a pending request again (to whoever believes it coordinates).
Retry(r) ==
    /\ r \notin net /\ up[r.from]
    /\ net' = net \cup {r}
    /\ UNCHANGED <<nodeVars, nsVars, disk, dio, nsio, ctrVars, ghostVars>>

Drop(m) ==
    /\ net' = net \ {m}
    /\ UNCHANGED <<nodeVars, nsVars, disk, dio, nsio, ctrVars, ghostVars>>

Next ==
    \/ \E n \in Nodes, f \in Files : Write(n, f) \/ Flush(n, f) \/ Release(n, f)
    \/ \E w \in dio : DiskWrite(w)
    \/ \E c, n, t \in Nodes : StartMigration(c, n, t)
    \/ \E c \in Nodes, f \in Files : Handoff(c, f) \/ Grant(c, f) \/ AbortMigration(c, f) \/ Takeback(c, f)
    \/ \E n \in Nodes : Crash(n) \/ Restart(n) \/ Failover(n) \/ StepDown(n)
    \/ \E n \in Nodes, f \in Files, op \in MetaOps : Issue(n, f, op)
    \/ \E c \in Nodes, m \in net : HandleRequest(c, m)
    \/ \E a \in nsio : LogWrite(a)
    \/ \E c \in Nodes : \E r \in toAck[c] : SendAck(c, r)
    \/ \E m \in net : ReceiveAck(m) \/ Drop(m)
    \/ \E r \in pend : Retry(r)

Spec == Init /\ [][Next]_vars

\* Liveness: the coordinator eventually hands off and grants (it need not wait for the release).
Fairness == \A f \in Files : WF_vars(\E c \in Nodes : Handoff(c, f)) /\ WF_vars(\E c \in Nodes : Grant(c, f))
LiveSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Invariants. *)

Events == {"staleRefused", "zombieFenced", "migAfterCrash", "failoverAfterCrash", "termRefused"}
Requests == [type : {"req"}, id : Nat, from : Nodes, file : Files, op : MetaOps]

TypeOK ==
    /\ up \in [Nodes -> BOOLEAN]
    /\ myTerm \in [Nodes -> 0..MaxTerms]
    /\ tok \in [Nodes -> [Files -> 0..MaxEpoch]]
    /\ cache \in [Nodes -> [Files -> Nat]]
    /\ stopped \in [Nodes -> [Files -> BOOLEAN]]
    /\ pend \subseteq Requests
    /\ toAck \in [Nodes -> SUBSET [id : Nat, from : Nodes]]
    /\ coordHist \in Seq(Nodes) /\ 1 <= Term /\ Term <= MaxTerms
    /\ owner \in [Files -> Nodes]
    /\ epoch \in [Files -> 1..MaxEpoch]
    /\ granted \in [Files -> BOOLEAN]
    /\ mig \in [Files -> Nodes \cup {NoNode}]
    /\ disk \in [Files -> Nat]
    /\ dio \subseteq [node : Nodes, file : Files, val : Nat \ {0}, ep : 1..MaxEpoch]
    /\ nsio \subseteq [id : Nat, from : Nodes, file : Files, op : MetaOps, by : Nodes, term : 1..MaxTerms]
    /\ net \subseteq Requests \cup [type : {"ack"}, id : Nat, to : Nodes]
    /\ crashes \in 0..MaxCrashes
    /\ Len(nsHist) = Len(nsLog)
    /\ elected \subseteq 2..MaxTerms
    /\ told \subseteq Nat
    /\ seen \subseteq Events

\* CSV-6: at most one node writes f in the current epoch: only the owner holds the current token
\* (a fenced node may still hold an older one), only the owner's writes can pass the fence, and
\* dirty data exists only under a token.
OneWriter ==
    \A f \in Files :
        /\ \A n \in Nodes : Holds(n, f) => n = owner[f]
        /\ \A w \in dio : w.file = f /\ w.ep = epoch[f] => w.node = owner[f]
        /\ \A n \in Nodes : cache[n][f] /= 0 => tok[n][f] /= 0

\* CSV-6: no write of an epoch that is over reaches the disk: the disk holds nothing newer than
\* the latest write acknowledged under the current epoch (a fenced node's later writes are newer).
StaleWritesFenced == \A f \in Files : disk[f] <= ackd[f]

\* CSV-5, CSV-7: a reader sees at least the latest acknowledged flush and nothing newer than the
\* latest acknowledged write; exactly that write, unless the node holding it unflushed crashed or
\* was fenced (lost).
NoLostWrite ==
    \A f \in Files :
        /\ durable[f] <= View(f) /\ View(f) <= ackd[f]
        /\ ~lost[f] => View(f) = ackd[f]

\* CSV-1, CSV-3: every entry of the namespace log was written by the coordinator of the term in
\* which it landed (nsHist records who wrote it, and the namespace's term at that moment).
OnlyCoordinatorChangesMetadata == \A i \in DOMAIN nsHist : nsHist[i].by = coordHist[nsHist[i].term]

\* CSV-3: a duplicated request is applied once.
AppliedOnce == \A i, j \in DOMAIN nsLog : i /= j => nsLog[i].id /= nsLog[j].id

\* CSV-3, CSV-7: a request whose sender was told it is done is in the namespace log.
AckedApplied == told \subseteq AppliedIds

\* CSV-4: during a migration, the namespace changed hands only by elections: every term begun
\* between its start and its handoff was begun by a Failover.
MigrationKeepsNamespace ==
    \A f \in Files : migTo[f] /= 0 => \A t \in (migFrom[f] + 1)..migTo[f] : t \in elected

(* Liveness (LiveSpec, no crashes): a migration started completes: the target holds the token. *)
MigrationCompletes ==
    \A f \in Files, t \in Nodes : mig[f] = t ~> (owner[f] = t /\ Holds(t, f))

(* Reachability: each must be violated, showing the scenario happens in the model. *)
NeverMigratedAfterCrash == "migAfterCrash" \notin seen
NeverFailoverAfterCrash == "failoverAfterCrash" \notin seen
\* (two requests sent over the network by one node, applied in the opposite order)
NeverReordered ==
    ~\E i, j \in DOMAIN nsLog : i < j /\ nsLog[i].from = nsLog[j].from /\ nsLog[i].id > nsLog[j].id
                               /\ nsHist[i].by /= nsLog[i].from /\ nsHist[j].by /= nsLog[j].from
NeverStaleRefused == "staleRefused" \notin seen
NeverZombieFenced == "zombieFenced" \notin seen
NeverTermRefused == "termRefused" \notin seen

=============================================================================
