package txstack.spi.lfs;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The restart area (LFS-2): the logical start recovery reads forward from, and the client's context bytes.
 */
public record RestartArea(long startLsn, byte[] clientData) {

    public RestartArea {
        clientData = clientData.clone();
    }

    @Override
    public byte[] clientData() {
        return clientData.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RestartArea r && r.startLsn == startLsn && Arrays.equals(r.clientData, clientData);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startLsn) * 31 + Arrays.hashCode(clientData);
    }

    @Override
    public String toString() {
        return "RestartArea[startLsn=" + startLsn + ", clientData=" + HexFormat.of().formatHex(clientData) + "]";
    }
}
