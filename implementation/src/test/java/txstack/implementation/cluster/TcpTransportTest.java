package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two {@link TcpTransport}s in one JVM on the loopback interface. */
@Timeout(30)
class TcpTransportTest {
    static final long WAIT_MILLIS = 10_000;

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + WAIT_MILLIS + " ms waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static Map<Integer, InetSocketAddress> addresses(int[] ports) {
        return Map.of(0, ClusterNodeMain.loopback(ports[0]), 1, ClusterNodeMain.loopback(ports[1]));
    }

    private static List<Message> receiveAll(TcpTransport t, int node, int count) throws InterruptedException {
        List<Message> got = new ArrayList<>();
        await(() -> {
            for (Optional<Message> m = t.receive(node); m.isPresent(); m = t.receive(node)) {
                got.add(m.get());
            }
            return got.size() >= count;
        }, count + " messages at node " + node);
        return got;
    }

    @Test
    void twoTransportsExchangeMessagesInOrder() throws Exception {
        Map<Integer, InetSocketAddress> addresses = addresses(FreePorts.take(2));
        try (TcpTransport a = new TcpTransport(0, addresses); TcpTransport b = new TcpTransport(1, addresses)) {
            assertEquals(addresses.get(0).getPort(), a.port());
            List<Message> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Message m = new Message.MetaRequest(new RequestId(1, 0, i), 1, 0, MetaOp.values()[i % 3], i, i);
                sent.add(m);
                b.send(m);
            }
            assertEquals(sent, receiveAll(a, 0, 100), "one connection: in send order");
            Message ack = new Message.MetaAck(new RequestId(1, 0, 7), 0, 1);
            a.send(ack);
            assertEquals(List.of(ack), receiveAll(b, 1, 1));
            assertEquals(Optional.empty(), a.receive(0), "receive never blocks");
            assertEquals(0, a.lostCount() + b.lostCount());
            assertThrows(IllegalArgumentException.class, () -> a.receive(1), "a transport receives for its node only");
        }
    }

    @Test
    void aMessageToItselfIsDeliveredWithoutTheNetwork() throws Exception {
        try (TcpTransport a = new TcpTransport(0, Map.of(0, ClusterNodeMain.loopback(0)))) {
            assertTrue(a.port() > 0, "port 0: a free port is bound");
            Message m = new Message.MetaRequest(new RequestId(0, 0, 1), 0, 0, MetaOp.CREATE, 1, 0);
            a.send(m);
            assertEquals(Optional.of(m), a.receive(0));
        }
    }

    @Test
    void aSendToAClosedOrUnknownPeerIsLostNotThrown() throws Exception {
        Map<Integer, InetSocketAddress> addresses = addresses(FreePorts.take(2));
        try (TcpTransport a = new TcpTransport(0, addresses)) {
            TcpTransport b = new TcpTransport(1, addresses);
            a.send(new Message.MetaAck(new RequestId(0, 0, 1), 0, 1));
            receiveAll(b, 1, 1);
            b.close();
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                a.send(new Message.MetaAck(new RequestId(0, 0, 2 + i), 0, 1));
            }
            a.send(new Message.MetaAck(new RequestId(0, 0, 99), 0, 42)); // no address for node 42
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "send never waits for the network");
            await(() -> a.lostCount() == 51, "51 messages lost, lost=" + a.lostCount());
            b.send(new Message.MetaAck(new RequestId(1, 0, 1), 1, 0));
            assertEquals(1, b.lostCount(), "a closed transport loses what it is given");
        }
    }

    @Test
    void aPeerThatComesBackIsReachedAgain() throws Exception {
        Map<Integer, InetSocketAddress> addresses = addresses(FreePorts.take(2));
        try (TcpTransport a = new TcpTransport(0, addresses)) {
            try (TcpTransport b = new TcpTransport(1, addresses)) {
                a.send(new Message.MetaAck(new RequestId(0, 0, 1), 0, 1));
                receiveAll(b, 1, 1);
            }
            try (TcpTransport b = new TcpTransport(1, addresses)) {
                List<Message> got = new ArrayList<>();
                long seq = 100;
                long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
                while (got.isEmpty() && System.nanoTime() < deadline) { // the sender retries (CSV-3)
                    a.send(new Message.MetaAck(new RequestId(0, 0, seq++), 0, 1));
                    Thread.sleep(20);
                    b.receive(1).ifPresent(got::add);
                }
                assertEquals(1, got.size(), "reached the restarted peer");
            }
        }
    }

    @Test
    void garbageOnTheTransportPortClosesThatConnectionOnly() throws Exception {
        Map<Integer, InetSocketAddress> addresses = addresses(FreePorts.take(2));
        try (TcpTransport a = new TcpTransport(0, addresses); TcpTransport b = new TcpTransport(1, addresses)) {
            try (Socket s = new Socket(addresses.get(0).getAddress(), a.port())) {
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {5, 0, 0, 0, 9, 1, 2, 3, 4});
                out.flush();
                assertEquals(-1, s.getInputStream().read(), "the transport closed the connection");
            }
            assertEquals(1, a.corruptFrames());
            Message m = new Message.MetaAck(new RequestId(1, 0, 1), 1, 0);
            b.send(m);
            assertEquals(List.of(m), receiveAll(a, 0, 1));
        }
    }
}
