package txstack.model.ktm;

import static txstack.model.ModelException.require;

import java.util.Objects;
import txstack.model.Bytes;

/**
 * A call of the transactions contract. Transactions are named by the caller ({@code t1}, ...); {@code tx} is null
 * for a plain call. Items are named {@code rm:name} ({@link #rmOf}).
 */
public sealed interface KtmOp {

    /** Starts an active transaction named {@code tx}. */
    record Begin(String tx) implements KtmOp {
        public Begin {
            requireName(tx);
        }
    }

    /** Reads an item: {@code tx}'s own value if it changed it, else the last committed one. */
    record Read(String tx, String item) implements KtmOp {
        public Read {
            requireItem(item);
        }
    }

    /** Replaces an item's value. */
    record Write(String tx, String item, Bytes value) implements KtmOp {
        public Write {
            requireItem(item);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Appends to an item's value. */
    record Append(String tx, String item, Bytes bytes) implements KtmOp {
        public Append {
            requireItem(item);
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** Commits {@code tx} in every resource manager it enlisted at, or fails with {@code ABORTED}. */
    record Commit(String tx) implements KtmOp {
        public Commit {
            requireName(tx);
        }
    }

    /** Drops every change of {@code tx}. */
    record Rollback(String tx) implements KtmOp {
        public Rollback {
            requireName(tx);
        }
    }

    /**
     * The resource manager {@code rm} will refuse the next prepare asked of it (a test resource manager's switch,
     * KTM-4): the next commit of a transaction enlisted there fails with {@code ABORTED}.
     */
    record RefuseNextPrepare(String rm) implements KtmOp {
        public RefuseNextPrepare {
            requireName(rm);
        }
    }

    /** The resource manager of an item {@code rm:name}. */
    static String rmOf(String item) {
        return item.substring(0, item.indexOf(':'));
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name");
        require(!name.isEmpty(), "an empty name");
    }

    private static void requireItem(String item) {
        Objects.requireNonNull(item, "item");
        int colon = item.indexOf(':');
        require(colon > 0 && colon < item.length() - 1, "an item is named rm:name: item=" + item);
    }
}
