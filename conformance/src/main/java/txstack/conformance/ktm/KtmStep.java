package txstack.conformance.ktm;

import java.nio.charset.StandardCharsets;
import txstack.conformance.explorer.ImageSpec;

/**
 * One step of a transaction workload. Transactions are named by labels ({@code t1}); a null label makes a call
 * plain. Every change writes a token that names it ({@code t1.7;} or {@code p7;}), so a report can say which change
 * a byte came from. Immutable; {@code toString} is what traces and reports show.
 */
public sealed interface KtmStep {

    record Begin(String tx) implements KtmStep {
        @Override
        public String toString() {
            return "begin " + tx;
        }
    }

    record Read(String tx, String item) implements KtmStep {
        @Override
        public String toString() {
            return "read " + item + who(tx);
        }
    }

    /** Appends the token of {@code tag}. */
    record Append(String tx, String item, int tag) implements KtmStep {
        @Override
        public String toString() {
            return "append " + item + " '" + token(tx, tag) + "'" + who(tx);
        }
    }

    /** Replaces the value with the token of {@code tag}. */
    record Write(String tx, String item, int tag) implements KtmStep {
        @Override
        public String toString() {
            return "write " + item + " '" + token(tx, tag) + "'" + who(tx);
        }
    }

    record Commit(String tx) implements KtmStep {
        @Override
        public String toString() {
            return "commit " + tx;
        }
    }

    record Rollback(String tx) implements KtmStep {
        @Override
        public String toString() {
            return "roll back " + tx;
        }
    }

    /** The resource manager {@code rm} (the suite's own participant) refuses its next prepare (KTM-4). */
    record Refuse(String rm) implements KtmStep {
        @Override
        public String toString() {
            return rm + " will refuse its next prepare";
        }
    }

    /** Every item read plainly: exactly the committed values. */
    record Check() implements KtmStep {
        @Override
        public String toString() {
            return "read everything back";
        }
    }

    /** A clean restart: close, then open; active transactions roll back. */
    record Restart() implements KtmStep {
        @Override
        public String toString() {
            return "close and open";
        }
    }

    /** Power lost on every device {@code entriesBack} device operations before the newest one. */
    record Crash(int entriesBack, ImageSpec image) implements KtmStep {
        @Override
        public String toString() {
            return "crash " + entriesBack + " ops back, " + image;
        }
    }

    /** The token a change of {@code tx} (null: plain) with {@code tag} writes. */
    static String token(String tx, int tag) {
        return (tx == null ? "p" : tx + ".") + tag + ";";
    }

    static byte[] tokenBytes(String tx, int tag) {
        return token(tx, tag).getBytes(StandardCharsets.US_ASCII);
    }

    private static String who(String tx) {
        return tx == null ? " (plain)" : " in " + tx;
    }
}
