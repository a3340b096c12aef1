package txstack.model.recovery;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import txstack.model.Bytes;

/**
 * The reference model of write-ahead-logging recovery (REC-1..7) as a client of a recoverable page store sees it:
 * pages, and transactions that change them. One method per action of the spec ({@code spec/tla/LogRecovery.tla}):
 * {@link #begin}, {@link #update}, {@link #commit}, {@link #rollback}; checkpoints and page write-backs change
 * nothing a client sees. A power loss ({@link #crash()}, {@link #crashDuring}) gives the states recovery may return:
 * exactly the effects of the committed transactions (REC-5, REC-6), the one whose commit was in flight with or
 * without its effects, and no transaction active.
 *
 * <p>A page belongs to at most one active transaction at a time (page locking is the client's, as in NTFS, where a
 * structure's owner serialises its changes); {@link #update} refuses otherwise. Immutable.
 *
 * @param pageSizeBytes client bytes per page
 * @param committed     every page's content with exactly the committed transactions' effects
 * @param active        the active transactions' updates, in order, by transaction id
 */
public record StoreState(int pageSizeBytes, List<Bytes> committed, Map<Long, List<Update>> active) {

    public StoreState {
        require(pageSizeBytes > 0 && !committed.isEmpty(), "a store needs pages: pageSizeBytes=" + pageSizeBytes
                + " pageCount=" + committed.size());
        committed = List.copyOf(committed);
        Map<Long, List<Update>> copy = new LinkedHashMap<>();
        active.forEach((tx, updates) -> copy.put(tx, List.copyOf(updates)));
        active = java.util.Collections.unmodifiableMap(copy);
    }

    /** A freshly formatted store: every page zeros, no transaction. */
    public static StoreState formatted(int pageCount, int pageSizeBytes) {
        require(pageCount > 0, "pageCount=" + pageCount + " must be positive");
        List<Bytes> pages = new ArrayList<>();
        for (int i = 0; i < pageCount; i++) {
            pages.add(Bytes.of(new byte[pageSizeBytes]));
        }
        return new StoreState(pageSizeBytes, pages, Map.of());
    }

    public int pageCount() {
        return committed.size();
    }

    /** Spec action Begin: transaction {@code tx} starts. */
    public StoreState begin(long tx) {
        require(!active.containsKey(tx), "transaction already active: tx=" + tx);
        Map<Long, List<Update>> next = new LinkedHashMap<>(active);
        next.put(tx, List.of());
        return new StoreState(pageSizeBytes, committed, next);
    }

    /** Spec action Update: {@code tx} logs a change of a page it owns (or no active transaction owns) and makes it. */
    public StoreState update(long tx, Update update) {
        require(active.containsKey(tx), "transaction not active: tx=" + tx);
        require(update.page() >= 0 && update.page() < pageCount(), "page out of range: page=" + update.page());
        require(update.offset() >= 0 && update.offset() + update.bytes().length() <= pageSizeBytes,
                "update out of the page: offset=" + update.offset() + " lengthBytes=" + update.bytes().length());
        long owner = owner(update.page());
        require(owner < 0 || owner == tx, "page " + update.page() + " belongs to active transaction " + owner);
        Map<Long, List<Update>> next = new LinkedHashMap<>(active);
        List<Update> updates = new ArrayList<>(active.get(tx));
        updates.add(update);
        next.put(tx, updates);
        return new StoreState(pageSizeBytes, committed, next);
    }

    /** Spec action Commit: {@code tx}'s changes become the committed content (durable once commit returns). */
    public StoreState commit(long tx) {
        require(active.containsKey(tx), "transaction not active: tx=" + tx);
        List<Bytes> pages = new ArrayList<>(committed);
        for (Update u : active.get(tx)) {
            pages.set((int) u.page(), apply(pages.get((int) u.page()), u));
        }
        Map<Long, List<Update>> next = new LinkedHashMap<>(active);
        next.remove(tx);
        return new StoreState(pageSizeBytes, pages, next);
    }

    /** Spec action Rollback: {@code tx}'s changes are undone; it ends. */
    public StoreState rollback(long tx) {
        require(active.containsKey(tx), "transaction not active: tx=" + tx);
        Map<Long, List<Update>> next = new LinkedHashMap<>(active);
        next.remove(tx);
        return new StoreState(pageSizeBytes, committed, next);
    }

    /** The active transaction that owns {@code page} (has updated it), or -1. */
    public long owner(long page) {
        for (Map.Entry<Long, List<Update>> e : active.entrySet()) {
            for (Update u : e.getValue()) {
                if (u.page() == page) {
                    return e.getKey();
                }
            }
        }
        return -1;
    }

    /** What a read of the page returns now: the committed content with its owner's changes, committed or not. */
    public Bytes read(long page) {
        require(page >= 0 && page < pageCount(), "page out of range: page=" + page);
        Bytes value = committed.get((int) page);
        long owner = owner(page);
        if (owner >= 0) {
            for (Update u : active.get(owner)) {
                if (u.page() == page) {
                    value = apply(value, u);
                }
            }
        }
        return value;
    }

    /** Spec action Crash, between operations: recovery returns exactly the committed content. */
    public CrashedStore crash() {
        return new CrashedStore(this, List.of(new StoreState(pageSizeBytes, committed, Map.of())));
    }

    /** Spec action Crash while {@code inFlight} runs: a commit in flight may or may not have happened. */
    public CrashedStore crashDuring(Operation inFlight) {
        if (inFlight instanceof Operation.Commit c && active.containsKey(c.tx())) {
            return new CrashedStore(this, List.of(new StoreState(pageSizeBytes, committed, Map.of()),
                    new StoreState(pageSizeBytes, commit(c.tx()).committed, Map.of())));
        }
        return crash();
    }

    private static Bytes apply(Bytes page, Update u) {
        byte[] bytes = page.toArray();
        System.arraycopy(u.bytes().toArray(), 0, bytes, u.offset(), u.bytes().length());
        return Bytes.of(bytes);
    }
}
