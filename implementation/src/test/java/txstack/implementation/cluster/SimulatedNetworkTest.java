package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGeneratorFactory;

import org.junit.jupiter.api.Test;

/** The simulated network does only what it is told, and the same thing for the same seed. */
class SimulatedNetworkTest {
    private static SimulatedNetwork network(long seed) {
        return new SimulatedNetwork(RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
    }

    private static Message ack(int seq, int from, int to) {
        return new Message.MetaAck(new RequestId(from, 0, seq), from, to);
    }

    @Test
    void messagesArriveInSendOrderUnlessToldOtherwise() {
        SimulatedNetwork n = network(1);
        n.send(ack(1, 0, 1));
        n.send(ack(2, 0, 1));
        n.send(ack(3, 0, 2));
        assertEquals(Optional.of(ack(1, 0, 1)), n.receive(1));
        assertEquals(Optional.of(ack(2, 0, 1)), n.receive(1));
        assertEquals(Optional.empty(), n.receive(1));
        assertEquals(Optional.of(ack(3, 0, 2)), n.receive(2));
    }

    @Test
    void aDelayedMessageWaitsForTheClock() {
        SimulatedNetwork n = network(1);
        n.send(ack(1, 0, 1));
        n.send(ack(2, 0, 1));
        n.delay(0, 5);
        assertEquals(Optional.of(ack(2, 0, 1)), n.receive(1));
        assertEquals(Optional.empty(), n.receive(1));
        n.tick(5);
        assertEquals(Optional.of(ack(1, 0, 1)), n.receive(1));
    }

    @Test
    void aPartitionLosesNewMessagesAndHoldsOldOnes() {
        SimulatedNetwork n = network(1);
        n.send(ack(1, 0, 1));
        n.partition(1, 0);
        n.send(ack(2, 0, 1));
        assertEquals(Optional.empty(), n.receive(1));
        assertEquals(1, n.droppedCount());
        n.heal(0, 1);
        assertEquals(Optional.of(ack(1, 0, 1)), n.receive(1));
        assertEquals(Optional.empty(), n.receive(1));
    }

    @Test
    void duplicateAndDropAreExplicit() {
        SimulatedNetwork n = network(1);
        n.send(ack(1, 0, 1));
        n.duplicate(0);
        assertEquals(2, n.inFlight().size());
        n.drop(1);
        assertEquals(List.of(ack(1, 0, 1)), n.inFlight());
    }

    @Test
    void theSameSeedReordersTheSameWay() {
        List<List<Message>> orders = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            SimulatedNetwork n = network(42);
            for (int i = 0; i < 20; i++) {
                n.send(ack(i, 0, 1));
            }
            n.reorder();
            n.dropRandom();
            n.duplicateRandom();
            orders.add(n.inFlight());
        }
        assertEquals(orders.get(0), orders.get(1));
        assertTrue(!orders.get(0).subList(0, 5).equals(orders.get(0).stream().sorted(
                (a, b) -> Long.compare(((Message.MetaAck) a).id().seq(), ((Message.MetaAck) b).id().seq()))
                .toList().subList(0, 5)), "reordered");
    }

    @Test
    void theRandomCallsSayWhetherTheyFoundAMessageAndCountWhatTheyDo() {
        SimulatedNetwork n = network(3);
        assertFalse(n.dropRandom());
        assertFalse(n.duplicateRandom());
        assertFalse(n.delayRandom(5));
        n.send(ack(1, 0, 1));
        n.send(ack(2, 0, 1));
        assertEquals(2, n.sentCount());
        assertTrue(n.duplicateRandom());
        assertEquals(3, n.inFlight().size());
        assertTrue(n.dropRandom());
        assertEquals(2, n.inFlight().size());
        assertEquals(1, n.droppedCount());
        assertTrue(n.delayRandom(1));
        int deliverable = 0;
        while (n.receive(1).isPresent()) {
            deliverable++;
        }
        assertEquals(1, deliverable, "the delayed one waits a tick");
        n.tick(1);
        assertTrue(n.receive(1).isPresent());
        assertEquals(1, n.nowTick());
    }

    @Test
    void healingEverythingDeliversWhatWasHeldAndTimeOnlyGoesForward() {
        SimulatedNetwork n = network(1);
        n.send(ack(1, 0, 1));
        n.send(ack(2, 0, 2));
        n.partition(0, 1);
        n.partition(2, 0);
        assertEquals(Optional.empty(), n.receive(1));
        assertEquals(Optional.empty(), n.receive(2));
        n.healAll();
        assertEquals(Optional.of(ack(1, 0, 1)), n.receive(1));
        assertEquals(Optional.of(ack(2, 0, 2)), n.receive(2));
        n.tick(0);
        assertThrows(IllegalArgumentException.class, () -> n.tick(-1));
        n.send(ack(3, 0, 1));
        n.delay(0, 0); // no delay: deliverable at once
        assertEquals(Optional.of(ack(3, 0, 1)), n.receive(1));
        n.send(ack(4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> n.delay(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> n.drop(1));
        assertThrows(IndexOutOfBoundsException.class, () -> n.drop(-1));
        n.drop(0);
        assertEquals(List.of(), n.inFlight());
    }

    @Test
    void inFlightIsBoundedAndReorderingTwoMessagesCanSwapThem() {
        SimulatedNetwork n = network(1);
        for (int i = 0; i < SimulatedNetwork.IN_FLIGHT_MAX; i++) {
            n.send(ack(i, 0, 1));
        }
        assertThrows(ClusterLimitException.class, () -> n.send(ack(-1 & 0xFFFF, 0, 1)));
        assertThrows(ClusterLimitException.class, () -> n.duplicate(0));
        boolean swapped = false;
        for (long seed = 0; seed < 32 && !swapped; seed++) {
            SimulatedNetwork two = network(seed);
            two.send(ack(1, 0, 1));
            two.send(ack(2, 0, 1));
            two.reorder();
            swapped = two.inFlight().getFirst().equals(ack(2, 0, 1));
        }
        assertTrue(swapped, "a reorder of two messages swaps them for some seed");
    }
}
