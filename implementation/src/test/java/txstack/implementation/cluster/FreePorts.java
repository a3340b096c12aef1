package txstack.implementation.cluster;

import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports for tests whose processes must know each other's ports before any of them listens.
 *
 * <p>A port found free and then released can be taken before its owner binds it. The usual taker is an outgoing
 * connection, which the kernel gives a port from its ephemeral range; so on Linux the ports come from below that
 * range, where no connection is ever given one. They are all held open together while found, so no two are the
 * same. Elsewhere (or if the range cannot be read) the system picks them, as before.
 */
final class FreePorts {
    /** The lowest port handed out: below it are the well-known and registered services' ports. */
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {
    }

    /** {@code count} different ports that were free a moment ago, outside the ephemeral range where it is known. */
    static int[] take(int count) throws IOException {
        int ephemeralLow = ephemeralLow();
        List<ServerSocket> held = new ArrayList<>();
        try {
            if (ephemeralLow - LOWEST >= 16 * count) {
                // Start where another JVM running the same tests is unlikely to: ports move with the process id.
                int span = ephemeralLow - LOWEST;
                int start = (int) (ProcessHandle.current().pid() * 7919 % span);
                for (int i = 0; i < span && held.size() < count; i++) {
                    ServerSocket s = tryBind(LOWEST + (start + i) % span);
                    if (s != null) {
                        held.add(s);
                    }
                }
            }
            while (held.size() < count) {
                held.add(new ServerSocket(0, 1, ClusterNodeMain.loopback(0).getAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static ServerSocket tryBind(int port) throws IOException {
        try {
            return new ServerSocket(port, 1, ClusterNodeMain.loopback(0).getAddress());
        } catch (BindException inUse) {
            return null;
        }
    }

    /** The low end of the kernel's ephemeral port range, or {@link #LOWEST} if it cannot be read. */
    private static int ephemeralLow() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unknown) {
            return LOWEST;
        }
    }
}
