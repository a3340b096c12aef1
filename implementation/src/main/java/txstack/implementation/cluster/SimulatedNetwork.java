package txstack.implementation.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A deterministic {@link Transport} for tests and simulators: messages wait in one in-flight list with the tick at
 * which they may be delivered, and nothing happens to them but what a caller asks: {@link #drop}, {@link
 * #duplicate}, {@link #delay}, {@link #reorder}, {@link #partition}, {@link #tick}. The {@code *Random} calls pick
 * their message with the seeded generator passed in, so a run is replayed by its seed and its list of calls.
 *
 * <p>A message sent across a partition is lost; one already in flight when the link is cut waits until it heals.
 * Delivery takes the first deliverable message for the node in list order (send order unless reordered) and
 * consumes it. Not thread-safe: a simulation runs on one thread.
 */
public final class SimulatedNetwork implements Transport {
    /** Bound on messages in flight; a send beyond it is a {@link ClusterLimitException}, never a silent loss. */
    public static final int IN_FLIGHT_MAX = 4096;

    private record Envelope(Message message, long deliverAtTick) {
    }

    private record Link(int a, int b) {
        static Link of(int x, int y) {
            return new Link(Math.min(x, y), Math.max(x, y));
        }
    }

    private final RandomGenerator random;
    private final List<Envelope> inFlight = new ArrayList<>();
    private final Set<Link> cut = new HashSet<>();
    private long nowTick;
    private long sentCount;
    private long droppedCount;

    public SimulatedNetwork(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public void send(Message message) {
        sentCount++;
        if (cut.contains(Link.of(message.from(), message.to()))) {
            droppedCount++;
            return;
        }
        enqueue(new Envelope(message, nowTick));
    }

    @Override
    public Optional<Message> receive(int node) {
        for (int i = 0; i < inFlight.size(); i++) {
            Envelope e = inFlight.get(i);
            Message m = e.message();
            if (m.to() == node && e.deliverAtTick() <= nowTick && !cut.contains(Link.of(m.from(), m.to()))) {
                inFlight.remove(i);
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The messages in flight, in delivery order. */
    public List<Message> inFlight() {
        return inFlight.stream().map(Envelope::message).toList();
    }

    public long nowTick() {
        return nowTick;
    }

    public long sentCount() {
        return sentCount;
    }

    public long droppedCount() {
        return droppedCount;
    }

    /** Advances the clock: messages delayed until then become deliverable. */
    public void tick(long ticks) {
        if (ticks < 0) {
            throw new IllegalArgumentException("time goes forward: ticks=" + ticks);
        }
        nowTick += ticks;
    }

    /** Loses the message at {@code index} of {@link #inFlight()}. */
    public void drop(int index) {
        inFlight.remove(checkIndex(index));
        droppedCount++;
    }

    /** Puts a second copy of the message at {@code index} at the end of the list. */
    public void duplicate(int index) {
        enqueue(inFlight.get(checkIndex(index)));
    }

    /** Holds the message at {@code index} back for {@code ticks} from now. */
    public void delay(int index, long ticks) {
        if (ticks < 0) {
            throw new IllegalArgumentException("invalid delay: ticks=" + ticks);
        }
        Envelope e = inFlight.get(checkIndex(index));
        inFlight.set(index, new Envelope(e.message(), nowTick + ticks));
    }

    /** Shuffles the messages in flight with the seeded generator. */
    public void reorder() {
        for (int i = inFlight.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            inFlight.set(i, inFlight.set(j, inFlight.get(i)));
        }
    }

    /** Cuts the link between {@code a} and {@code b}, both ways. */
    public void partition(int a, int b) {
        cut.add(Link.of(a, b));
    }

    public void heal(int a, int b) {
        cut.remove(Link.of(a, b));
    }

    public void healAll() {
        cut.clear();
    }

    /** Drops a message picked by the seeded generator; false if none is in flight. */
    public boolean dropRandom() {
        if (inFlight.isEmpty()) {
            return false;
        }
        drop(random.nextInt(inFlight.size()));
        return true;
    }

    /** Duplicates a message picked by the seeded generator; false if none is in flight. */
    public boolean duplicateRandom() {
        if (inFlight.isEmpty()) {
            return false;
        }
        duplicate(random.nextInt(inFlight.size()));
        return true;
    }

    /** Delays a message picked by the seeded generator by 1..{@code ticksMax} ticks; false if none is in flight. */
    public boolean delayRandom(long ticksMax) {
        if (inFlight.isEmpty()) {
            return false;
        }
        delay(random.nextInt(inFlight.size()), 1 + random.nextLong(ticksMax));
        return true;
    }

    private void enqueue(Envelope e) {
        if (inFlight.size() >= IN_FLIGHT_MAX) {
            throw new ClusterLimitException("too many messages in flight: max=" + IN_FLIGHT_MAX);
        }
        inFlight.add(e);
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= inFlight.size()) {
            throw new IndexOutOfBoundsException("no message in flight: index=" + index + " size=" + inFlight.size());
        }
        return index;
    }
}
