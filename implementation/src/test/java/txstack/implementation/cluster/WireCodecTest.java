package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The frames of the TCP binding: every kind round-trips, every corruption is a clear {@link CorruptFrameException}. */
class WireCodecTest {
    private static final Message.MetaRequest REQUEST = new Message.MetaRequest(new RequestId(3, 2, 0xFFFF_FFFFL), 3,
            0, MetaOp.RESIZE, 7, 123_456_789_012L);
    private static final Message.MetaAck ACK = new Message.MetaAck(new RequestId(65535, 65535, 5), 0, 65535);

    private static WireCodec.Frame roundTrip(WireCodec.Frame frame) throws IOException {
        byte[] bytes = WireCodec.encode(frame);
        assertEquals(bytes.length - WireCodec.LENGTH_BYTES,
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(), "the length field counts the rest");
        WireCodec.Frame decoded = WireCodec.decode(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireCodec.write(out, frame);
        WireCodec.write(out, frame);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertArrayEquals(bytes, WireCodec.encode(WireCodec.read(in)));
        assertArrayEquals(bytes, WireCodec.encode(WireCodec.read(in)));
        assertNull(WireCodec.read(in), "a clean end of stream between frames");
        return decoded;
    }

    @Test
    void messagesRoundTrip() throws IOException {
        assertEquals(new WireCodec.Meta(REQUEST), roundTrip(new WireCodec.Meta(REQUEST)));
        assertEquals(new WireCodec.Meta(ACK), roundTrip(new WireCodec.Meta(ACK)));
        for (MetaOp op : MetaOp.values()) {
            Message m = new Message.MetaRequest(new RequestId(0, 0, 0), 0, 1, op, 0, 0);
            assertEquals(new WireCodec.Meta(m), roundTrip(new WireCodec.Meta(m)));
        }
    }

    @Test
    void callsAndRepliesRoundTripWithEveryOpStatusAndSize() throws IOException {
        for (WireCodec.CallOp op : WireCodec.CallOp.values()) {
            for (int size : List.of(0, 1, 512, WireCodec.DATA_BYTES_MAX)) {
                byte[] data = new byte[size];
                Arrays.fill(data, (byte) (size + op.ordinal()));
                WireCodec.Call call = (WireCodec.Call) roundTrip(new WireCodec.Call(op, -2, Long.MIN_VALUE,
                        Long.MAX_VALUE, data));
                assertEquals(op, call.op());
                assertEquals(-2, call.file());
                assertEquals(Long.MIN_VALUE, call.arg1());
                assertEquals(Long.MAX_VALUE, call.arg2());
                assertArrayEquals(data, call.data());
            }
        }
        for (WireCodec.Status status : WireCodec.Status.values()) {
            WireCodec.Reply reply = (WireCodec.Reply) roundTrip(new WireCodec.Reply(status, -7, new byte[] {1, 2}));
            assertEquals(status, reply.status());
            assertEquals(-7, reply.value());
            assertArrayEquals(new byte[] {1, 2}, reply.data());
        }
    }

    @Test
    void exceptionsCrossAsTheirOwnType() {
        List<RuntimeException> thrown = List.of(new FencedWriteException("stale epoch: file=0"),
                new ClusterLimitException("cache full"), new NotOwnerException("no token"),
                new NodeDownException("down"), new DiskUnreachableException("gone", null),
                new CorruptNamespaceException("bad crc"), new IllegalArgumentException("bad block"),
                new IllegalStateException("not the coordinator"));
        for (RuntimeException e : thrown) {
            WireCodec.Reply reply = (WireCodec.Reply) WireCodec.decode(WireCodec.encode(WireCodec.error(e)));
            RuntimeException back = assertThrows(RuntimeException.class, () -> WireCodec.check(reply, "peer"));
            Class<?> expected = e instanceof CorruptNamespaceException ? ClusterException.class : e.getClass();
            assertEquals(expected, back.getClass());
            assertEquals(e.getMessage() + " (at peer)", back.getMessage());
        }
        WireCodec.Reply internal = WireCodec.error(new ArithmeticException("/ by zero"));
        ClusterException e = assertThrows(ClusterException.class, () -> WireCodec.check(internal, "peer"));
        assertEquals("remote failure: java.lang.ArithmeticException: / by zero (at peer)", e.getMessage());
        WireCodec.Reply ok = WireCodec.Reply.ok(5);
        assertEquals(ok, WireCodec.check(ok, "peer"));
    }

    @Test
    void aTruncatedFrameIsCorruptAtEveryCut() {
        byte[] whole = WireCodec.encode(new WireCodec.Call(WireCodec.CallOp.WRITE_BLOCK, 1, 2, 3, new byte[16]));
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            CorruptFrameException e = assertThrows(CorruptFrameException.class,
                    () -> WireCodec.read(new ByteArrayInputStream(part)), "cut=" + cut);
            assertTrue(e.getMessage().startsWith("truncated"), e.getMessage());
            assertThrows(CorruptFrameException.class, () -> WireCodec.decode(part), "cut=" + cut);
        }
        CorruptFrameException e = assertThrows(CorruptFrameException.class,
                () -> WireCodec.read(new ByteArrayInputStream(Arrays.copyOf(whole, 10))));
        assertEquals("truncated frame: length=" + (whole.length - 4) + " readBytes=6", e.getMessage());
    }

    @Test
    void aBodyShorterThanItsTypeSaysIsCorrupt() {
        byte[] ack = WireCodec.encode(new WireCodec.Meta(ACK));
        byte[] shortAck = withLength(Arrays.copyOf(ack, ack.length - 1));
        CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(shortAck));
        assertEquals("truncated body: type=2 length=16", e.getMessage());
        byte[] call = WireCodec.encode(new WireCodec.Call(WireCodec.CallOp.WRITE, 0, 0, 0, new byte[8]));
        ByteBuffer.wrap(call).order(ByteOrder.LITTLE_ENDIAN).putInt(call.length - 12, 9); // dataLength 9, 8 there
        e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(call));
        assertEquals("data length out of bounds: type=3 dataLength=9 remainingBytes=8 max=65536", e.getMessage());
    }

    @Test
    void aBodyLongerThanItsTypeSaysIsCorrupt() {
        byte[] ack = WireCodec.encode(new WireCodec.Meta(ACK));
        byte[] longAck = withLength(Arrays.copyOf(ack, ack.length + 3));
        CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(longAck));
        assertEquals("overlong body: type=2 length=20 trailingBytes=3", e.getMessage());
        byte[] extra = Arrays.copyOf(ack, ack.length + 1); // the length field says one byte less than there is
        e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(extra));
        assertEquals("overlong frame: length=17 readBytes=18", e.getMessage());
    }

    @Test
    void aLengthOutOfBoundsIsRefusedBeforeAnythingIsAllocated() {
        for (int length : List.of(0, -1, WireCodec.FRAME_BYTES_MAX + 1, Integer.MAX_VALUE)) {
            byte[] header = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).putInt(length).put((byte) 1).array();
            CorruptFrameException e = assertThrows(CorruptFrameException.class,
                    () -> WireCodec.read(new ByteArrayInputStream(header)));
            assertEquals("frame length out of bounds: length=" + Integer.toUnsignedString(length) + " min=1 max="
                    + WireCodec.FRAME_BYTES_MAX, e.getMessage());
        }
        assertThrows(ClusterLimitException.class, () -> new WireCodec.Call(WireCodec.CallOp.WRITE, 0, 0, 0,
                new byte[WireCodec.DATA_BYTES_MAX + 1]));
    }

    @Test
    void anUnknownTypeIsCorrupt() {
        for (int type : List.of(0, 5, 255)) {
            byte[] frame = WireCodec.encode(new WireCodec.Meta(ACK));
            frame[WireCodec.LENGTH_BYTES] = (byte) type;
            CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(frame));
            assertEquals("unknown frame type: type=" + (byte) type + " length=17", e.getMessage());
        }
    }

    @Test
    void aBadEnumOrdinalIsCorrupt() {
        int firstBodyByte = WireCodec.LENGTH_BYTES + WireCodec.TYPE_BYTES;
        byte[] request = WireCodec.encode(new WireCodec.Meta(REQUEST));
        request[firstBodyByte + 16] = 3; // the MetaOp, after id, from and to
        CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(request));
        assertEquals("bad MetaOp ordinal: type=1 ordinal=3 max=2", e.getMessage());
        byte[] call = WireCodec.encode(new WireCodec.Call(WireCodec.CallOp.FLUSH, 0, 0, 0));
        call[firstBodyByte] = (byte) 200;
        e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(call));
        assertEquals("bad CallOp ordinal: type=3 ordinal=200 max=" + (WireCodec.CallOp.values().length - 1),
                e.getMessage());
        byte[] reply = WireCodec.encode(WireCodec.Reply.ok());
        reply[firstBodyByte] = (byte) WireCodec.Status.values().length;
        e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(reply));
        assertTrue(e.getMessage().startsWith("bad Status ordinal: type=4"), e.getMessage());
    }

    @Test
    void aNodeIdOutOfBoundsIsCorrupt() {
        byte[] ack = WireCodec.encode(new WireCodec.Meta(ACK));
        ByteBuffer.wrap(ack).order(ByteOrder.LITTLE_ENDIAN).putInt(WireCodec.LENGTH_BYTES + 1 + 8, -1);
        CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> WireCodec.decode(ack));
        assertEquals("node id out of bounds: field=from id=-1 max=65535", e.getMessage());
    }

    /** {@code frame} with its length field set to what follows it. */
    private static byte[] withLength(byte[] frame) {
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(0, frame.length - WireCodec.LENGTH_BYTES);
        return frame;
    }
}
