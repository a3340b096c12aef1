package txstack.implementation.cluster;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import txstack.implementation.disk.MemoryBlockDevice;

/**
 * A small cluster for the tests: one memory disk behind a {@link FencedDisk}, a seeded {@link SimulatedNetwork},
 * node 0 the coordinator and nodes 1.. the others. A block written by the tests carries who wrote it: a stamp
 * (unique, growing), the writer node and its epoch, little-endian at offsets 0, 8 and 12.
 */
final class ClusterFixture {
    static final int SECTOR_BYTES = 512;
    static final int COORDINATOR = 0;

    final MemoryBlockDevice device;
    final FencedDisk disk;
    final SimulatedNetwork network;
    final Coordinator coordinator;
    final List<Node> nodes = new ArrayList<>();

    ClusterFixture(long seed, int nodeCount, int fileCount, long blocksPerFile, ClusterFault fault) {
        long sectors = FencedDisk.sectorsNeeded(SECTOR_BYTES, fileCount, blocksPerFile);
        device = MemoryBlockDevice.create(SECTOR_BYTES, sectors);
        disk = FencedDisk.create(device, fileCount, blocksPerFile, fault);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        network = new SimulatedNetwork(random);
        for (int n = 0; n < nodeCount; n++) {
            nodes.add(new Node(n, COORDINATOR, disk, network, fault));
        }
        coordinator = new Coordinator(nodes.get(COORDINATOR), disk, network, fault);
    }

    ClusterFixture() {
        this(1, 3, 4, 8, ClusterFault.CORRECT);
    }

    Node node(int n) {
        return nodes.get(n);
    }

    /** Creates {@code file} and gives it to node {@code owner}. */
    void createOwnedBy(int file, int owner) {
        coordinator.change(MetaOp.CREATE, file, 0);
        if (owner != COORDINATOR) {
            coordinator.migrate(file, node(COORDINATOR), node(owner));
        }
    }

    static byte[] payload(long stamp, int node, long epoch) {
        return ByteBuffer.allocate(SECTOR_BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(stamp).putInt(node)
                .putLong(epoch).array();
    }

    static long stamp(byte[] block) {
        return ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    static int writer(byte[] block) {
        return ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    }

    static long writerEpoch(byte[] block) {
        return ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getLong(12);
    }

    byte[] onDisk(int file, long block) {
        ByteBuffer dst = ByteBuffer.allocate(SECTOR_BYTES);
        disk.readBlock(file, block, dst);
        return dst.array();
    }

    Namespace durableNamespace() {
        return Namespace.decode(disk.readNamespace());
    }
}
