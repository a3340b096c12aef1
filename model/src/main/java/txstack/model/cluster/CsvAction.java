package txstack.model.cluster;

import java.util.List;
import txstack.model.cluster.CsvState.AckDue;
import txstack.model.cluster.CsvState.Append;
import txstack.model.cluster.CsvState.DiskIo;
import txstack.model.cluster.CsvState.Msg;
import txstack.model.cluster.CsvState.Req;

/**
 * One step of {@link CsvState}: one record per action of {@code CsvOwnership.tla}, named as the action, its
 * components the action's parameters in order (nodes, files and operations are names; a write in flight, a log
 * append in flight, a message or a pending ack is the spec's record as a {@link CsvState} value).
 */
public sealed interface CsvAction {

    /** The spec action's name. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The arguments, in the order of the action's parameters. */
    List<Object> args();

    /** CSV-2: a token holder takes a write into its cache and acknowledges it. */
    record Write(String n, String f) implements CsvAction {
        public List<Object> args() {
            return List.of(n, f);
        }
    }

    /** CSV-2: the owner issues a disk write of its dirty data, tagged with its token's epoch. */
    record Flush(String n, String f) implements CsvAction {
        public List<Object> args() {
            return List.of(n, f);
        }
    }

    /** CSV-6: a write in flight lands, or the fence refuses it. */
    record DiskWrite(DiskIo w) implements CsvAction {
        public List<Object> args() {
            return List.of(w);
        }
    }

    /** CSV-4: coordinator c moves the VM of n (every file n holds) to t. */
    record StartMigration(String c, String n, String t) implements CsvAction {
        public List<Object> args() {
            return List.of(c, n, t);
        }
    }

    /** CSV-5: the old owner gives up its token once its dirty data is on disk. */
    record Release(String n, String f) implements CsvAction {
        public List<Object> args() {
            return List.of(n, f);
        }
    }

    /** CSV-4, CSV-6: the coordinator fences f for the migration's target. */
    record Handoff(String c, String f) implements CsvAction {
        public List<Object> args() {
            return List.of(c, f);
        }
    }

    /** The coordinator sends the new owner its token. */
    record Grant(String c, String f) implements CsvAction {
        public List<Object> args() {
            return List.of(c, f);
        }
    }

    /** The target failed before the handoff: the migration is abandoned. */
    record AbortMigration(String c, String f) implements CsvAction {
        public List<Object> args() {
            return List.of(c, f);
        }
    }

    /** CSV-7: a node fails and loses its memory. */
    record Crash(String n) implements CsvAction {
        public List<Object> args() {
            return List.of(n);
        }
    }

    /** The node comes back with an empty memory. */
    record Restart(String n) implements CsvAction {
        public List<Object> args() {
            return List.of(n);
        }
    }

    /** CSV-7: the coordinator suspects f's owner and fences f for itself. */
    record Takeback(String c, String f) implements CsvAction {
        public List<Object> args() {
            return List.of(c, f);
        }
    }

    /** CSV-7: n suspects the coordinator and is elected for a new term. */
    record Failover(String n) implements CsvAction {
        public List<Object> args() {
            return List.of(n);
        }
    }

    /** A deposed coordinator learns from a refused namespace write that it no longer coordinates. */
    record StepDown(String c) implements CsvAction {
        public List<Object> args() {
            return List.of(c);
        }
    }

    /** CSV-3: n changes metadata of f: the coordinator appends it, any other node sends a request. */
    record Issue(String n, String f, String op) implements CsvAction {
        public List<Object> args() {
            return List.of(n, f, op);
        }
    }

    /** CSV-3: a node that believes it coordinates receives a request (perhaps again). */
    record HandleRequest(String c, Msg m) implements CsvAction {
        public List<Object> args() {
            return List.of(c, m);
        }
    }

    /** CSV-1, CSV-7: a namespace log append lands, or the term fence refuses it. */
    record LogWrite(Append a) implements CsvAction {
        public List<Object> args() {
            return List.of(a);
        }
    }

    /** CSV-3: the coordinator acknowledges a request whose append it saw land. */
    record SendAck(String c, AckDue r) implements CsvAction {
        public List<Object> args() {
            return List.of(c, r);
        }
    }

    /** The sender learns its request was applied. */
    record ReceiveAck(Msg m) implements CsvAction {
        public List<Object> args() {
            return List.of(m);
        }
    }

    /** The sender sends a pending request again. */
    record Retry(Req r) implements CsvAction {
        public List<Object> args() {
            return List.of(r);
        }
    }

    /** The network loses a message. */
    record Drop(Msg m) implements CsvAction {
        public List<Object> args() {
            return List.of(m);
        }
    }
}
