package txstack.conformance.fs;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import txstack.model.Bytes;
import txstack.model.fs.FsError;
import txstack.model.fs.FsLimits;
import txstack.model.fs.FsOp;
import txstack.model.fs.FsState;
import txstack.model.fs.Result;
import txstack.model.fs.Tree;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.Devices;
import txstack.spi.disk.UnreadableSectorException;
import txstack.spi.fs.FileSystemEngine;
import txstack.spi.fs.FileSystemException;
import txstack.spi.fs.FileSystemSession;
import txstack.spi.fs.NodeInfo;
import txstack.spi.fs.ReparsePoint;

/**
 * A test engine for the suite's own harness: keeps the tree in memory and writes the whole of it to the volume at
 * every flush, alternately into two halves, each with a sequence number and a CRC (a torn snapshot is never taken);
 * mount reads the newest valid half (a half with an unreadable sector is not valid). Correct by construction under the contract (a flush makes everything durable;
 * without one a crash loses every later operation), so the suite must pass it; {@link #broken()} forgets the device
 * flush after writing a snapshot, which a power loss must expose. It keeps its tree in the model's own state type to
 * stay short: it checks the harness (crash sweep, tree reading, judging, scribbling), not the model.
 */
final class SnapshotFsEngine implements FileSystemEngine {
    private static final long MAGIC = 0x534E_4150_4653_0001L;
    private static final int HEADER_BYTES = 24;

    private final boolean flushDevice;

    private SnapshotFsEngine(boolean flushDevice) {
        this.flushDevice = flushDevice;
    }

    static SnapshotFsEngine correct() {
        return new SnapshotFsEngine(true);
    }

    static SnapshotFsEngine broken() {
        return new SnapshotFsEngine(false);
    }

    @Override
    public String name() {
        return flushDevice ? "snapshot" : "snapshot-without-device-flush";
    }

    @Override
    public FileSystemSession format(Devices devices) {
        BlockDevice device = devices.get(VOLUME);
        Session s = new Session(device, FsState.formatted(new FsLimits(64, 1 << 20, device.sectorSizeBytes())), 0);
        s.persist();
        s.persist(); // both halves hold the empty tree: nothing an earlier user left is ever read as a snapshot
        return s;
    }

    @Override
    public FileSystemSession mount(Devices devices) {
        BlockDevice device = devices.get(VOLUME);
        FsLimits limits = new FsLimits(64, 1 << 20, device.sectorSizeBytes());
        long bestSequence = -1;
        Tree best = null;
        for (int half = 0; half < 2; half++) {
            byte[] bytes;
            try {
                bytes = readHalf(device, half);
            } catch (UnreadableSectorException e) {
                continue; // a damaged half is no snapshot; the other one may still be
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getLong(0) != MAGIC) {
                continue;
            }
            long sequence = b.getLong(8);
            int length = b.getInt(16);
            if (length < 0 || length > bytes.length - HEADER_BYTES) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, 20);
            crc.update(bytes, HEADER_BYTES, length);
            if ((int) crc.getValue() != b.getInt(20) || sequence <= bestSequence) {
                continue;
            }
            bestSequence = sequence;
            best = decode(bytes, length);
        }
        if (best == null) {
            throw new FileSystemException(FileSystemException.Kind.CORRUPT, "no valid snapshot on the volume");
        }
        FsState state = FsState.formatted(limits);
        for (Tree.Node n : best.nodes()) {
            if (!n.path().equals("\\")) {
                state = apply(state, n.directory() ? new FsOp.CreateDirectory(n.path()) : new FsOp.CreateFile(
                        n.path()));
            }
            if (!n.directory() && n.size() > 0) {
                state = apply(state, new FsOp.Write(n.path(), 0, n.data()));
            }
            state = apply(state, new FsOp.SetTimes(n.path(), n.creationTime(), n.lastWriteTime()));
            state = apply(state, new FsOp.SetAttributes(n.path(), n.attributes()));
        }
        for (Tree.Node n : best.nodes()) { // reparse points last: a directory with one takes no children
            if (n.reparseTag() != 0) {
                state = apply(state, new FsOp.SetReparsePoint(n.path(), n.reparseTag(), n.reparseData()));
            }
        }
        return new Session(device, state.apply(new FsOp.FlushVolume()).next(), bestSequence + 1);
    }

    private static FsState apply(FsState state, FsOp op) {
        FsState.Step step = state.apply(op);
        if (step.error() != null) {
            throw new IllegalStateException("a snapshot does not rebuild: " + op + ": " + step.error());
        }
        return step.next();
    }

    private static long halfSectors(BlockDevice device) {
        return device.sectorCount() / 2;
    }

    private static byte[] readHalf(BlockDevice device, int half) {
        int bytes = (int) (halfSectors(device) * device.sectorSizeBytes());
        byte[] out = new byte[bytes];
        device.read(half * halfSectors(device), out, 0, bytes);
        return out;
    }

    private static byte[] encode(Tree tree) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(tree.nodes().size());
            for (Tree.Node n : tree.nodes()) {
                out.writeUTF(n.path());
                out.writeBoolean(n.directory());
                out.writeLong(n.creationTime());
                out.writeLong(n.lastWriteTime());
                out.writeInt(n.attributes());
                out.writeInt(n.reparseTag());
                out.writeInt(n.reparseData().length());
                out.write(n.reparseData().toArray());
                out.writeInt(n.data().length());
                out.write(n.data().toArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Tree decode(byte[] bytes, int length) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, HEADER_BYTES, length))) {
            int count = in.readInt();
            List<Tree.Node> nodes = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                String path = in.readUTF();
                boolean directory = in.readBoolean();
                long c = in.readLong();
                long w = in.readLong();
                int attributes = in.readInt();
                int tag = in.readInt();
                byte[] reparse = in.readNBytes(in.readInt());
                byte[] data = in.readNBytes(in.readInt());
                nodes.add(new Tree.Node(path, directory, directory ? 0 : data.length, c, w, attributes, tag,
                        Bytes.of(reparse), Bytes.of(data)));
            }
            return new Tree(nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Session implements FileSystemSession {
        private final BlockDevice device;
        private FsState state;
        private long sequence;

        Session(BlockDevice device, FsState state, long sequence) {
            this.device = device;
            this.state = state;
            this.sequence = sequence;
        }

        /** Writes the whole tree into the half its sequence number picks, then flushes the device. */
        void persist() {
            byte[] body = encode(state.tree());
            int sector = device.sectorSizeBytes();
            int bytes = HEADER_BYTES + body.length;
            int rounded = (bytes + sector - 1) / sector * sector;
            if (rounded > halfSectors(device) * sector) {
                throw new FileSystemException(FileSystemException.Kind.DISK_FULL, "snapshot of " + bytes
                        + " bytes does not fit half the volume");
            }
            ByteBuffer b = ByteBuffer.allocate(rounded);
            b.putLong(MAGIC).putLong(sequence).putInt(body.length);
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, 20);
            crc.update(body);
            b.putInt((int) crc.getValue()).put(body);
            device.write((sequence % 2) * halfSectors(device), b.array(), 0, rounded, false);
            if (flushDevice) {
                device.flush();
            }
            sequence++;
        }

        private void change(FsOp op) {
            FsState.Step step = state.apply(op);
            if (step.error() != null) {
                throw toSpi(step.error());
            }
            state = step.next();
        }

        private <T> T query(Result<T> result) {
            if (result.error() != null) {
                throw toSpi(result.error());
            }
            return result.value();
        }

        private FileSystemException toSpi(FsError e) {
            FileSystemException.Kind kind = FileSystemException.Kind.valueOf(e.kind().name());
            return kind == FileSystemException.Kind.REPARSE
                    ? FileSystemException.reparse(e.detail(), new ReparsePoint(e.reparseTag(),
                    e.reparseData().toArray()), e.remainingPath())
                    : new FileSystemException(kind, e.detail());
        }

        @Override
        public int nameLengthMax() {
            return state.limits().nameLengthMax();
        }

        @Override
        public long fileSizeMax() {
            return state.limits().fileSizeMax();
        }

        @Override
        public int unitBytes() {
            return state.limits().unitBytes();
        }

        @Override
        public void createFile(String path) {
            change(new FsOp.CreateFile(path));
        }

        @Override
        public void createDirectory(String path) {
            change(new FsOp.CreateDirectory(path));
        }

        @Override
        public void delete(String path) {
            change(new FsOp.Delete(path));
        }

        @Override
        public void rename(String from, String to) {
            change(new FsOp.Rename(from, to));
        }

        @Override
        public void write(String path, long offset, byte[] bytes) {
            change(new FsOp.Write(path, offset, Bytes.of(bytes)));
        }

        @Override
        public byte[] read(String path, long offset, int length) {
            return query(state.read(path, offset, length)).toArray();
        }

        @Override
        public void setSize(String path, long size) {
            change(new FsOp.SetSize(path, size));
        }

        @Override
        public List<String> list(String directoryPath) {
            return query(state.list(directoryPath));
        }

        @Override
        public NodeInfo stat(String path) {
            txstack.model.fs.NodeInfo i = query(state.stat(path));
            return new NodeInfo(i.directory(), i.size(), i.creationTime(), i.lastWriteTime(), i.attributes(),
                    i.reparseTag());
        }

        @Override
        public void setTimes(String path, long creationTime, long lastWriteTime) {
            change(new FsOp.SetTimes(path, creationTime, lastWriteTime));
        }

        @Override
        public void setAttributes(String path, int attributes) {
            change(new FsOp.SetAttributes(path, attributes));
        }

        @Override
        public void setReparsePoint(String path, int tag, byte[] data) {
            change(new FsOp.SetReparsePoint(path, tag, Bytes.of(data)));
        }

        @Override
        public ReparsePoint reparsePoint(String path) {
            txstack.model.fs.ReparsePoint p = query(state.reparsePoint(path));
            return new ReparsePoint(p.tag(), p.data().toArray());
        }

        @Override
        public void deleteReparsePoint(String path) {
            change(new FsOp.DeleteReparsePoint(path));
        }

        @Override
        public void flush(String path) {
            query(state.stat(path));
            persist();
        }

        @Override
        public void flushVolume() {
            persist();
        }
    }
}
