package txstack.conformance.mount;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import txstack.conformance.explorer.ImageSpec;

/**
 * One step of a mount workload. Volumes are the suite's by number ({@code V1}, {@code V2}, ...: {@link
 * MountSetup#identity}); a path is {@code X:\...}, or {@code @k\...} for {@code \??\Volume{GUID}\...} with volume
 * {@code k}'s name as the database has it when the step runs. Data a step writes names the step ({@code w7;}
 * repeated), so a report can say where bytes came from. Immutable; {@code toString} is what traces and reports show.
 */
public sealed interface MountStep {

    /** Volume {@code volume} arrives; its volume manager suggests {@code suggested} (0: none). */
    record Arrive(int volume, char suggested) implements MountStep {
        @Override
        public String toString() {
            return "V" + volume + " arrives" + (suggested == 0 ? "" : ", " + suggested + ": suggested");
        }
    }

    record Remove(int volume) implements MountStep {
        @Override
        public String toString() {
            return "V" + volume + " removed";
        }
    }

    record AssignLetter(int volume, char letter) implements MountStep {
        @Override
        public String toString() {
            return "give V" + volume + " letter " + letter;
        }
    }

    record RemoveLetter(char letter) implements MountStep {
        @Override
        public String toString() {
            return "take letter " + letter + " away";
        }
    }

    record CreateDirectory(String path) implements MountStep {
        @Override
        public String toString() {
            return "mkdir " + path;
        }
    }

    record CreateFile(String path) implements MountStep {
        @Override
        public String toString() {
            return "create " + path;
        }
    }

    /** Replaces a file's data with {@code lengthBytes} bytes of the token of {@code tag}. */
    record WriteFile(String path, int tag, int lengthBytes) implements MountStep {
        @Override
        public String toString() {
            return "write " + path + " " + lengthBytes + " B '" + token(tag) + "'";
        }
    }

    /** Sets a reparse point of {@code tag} with {@code dataBytes} bytes of data. */
    record SetReparsePoint(String path, int tag, int dataBytes) implements MountStep {
        @Override
        public String toString() {
            return "reparse point " + String.format("0x%08X", tag) + " (" + dataBytes + " B) on " + path;
        }
    }

    record DeleteReparsePoint(String path) implements MountStep {
        @Override
        public String toString() {
            return "delete the reparse point of " + path;
        }
    }

    /** Makes the directory at {@code path} a mount point of volume {@code volume}. */
    record CreateMountPoint(String path, int volume) implements MountStep {
        @Override
        public String toString() {
            return "mount V" + volume + " at " + path;
        }
    }

    record MigrateOffline(String path) implements MountStep {
        @Override
        public String toString() {
            return "migrate " + path + " offline";
        }
    }

    record Open(String path) implements MountStep {
        @Override
        public String toString() {
            return "open " + path;
        }
    }

    record Resolve(String path) implements MountStep {
        @Override
        public String toString() {
            return "resolve " + path;
        }
    }

    /** The database, the namespace, every tree and the offline store read back: exactly the model's. */
    record Check() implements MountStep {
        @Override
        public String toString() {
            return "read everything back";
        }
    }

    /** A clean reboot: close, open, then the volumes {@code arrivals} arrive in turn (no letter suggested). */
    record Restart(List<Integer> arrivals) implements MountStep {
        public Restart {
            arrivals = List.copyOf(arrivals);
        }

        @Override
        public String toString() {
            return "reboot" + (arrivals.isEmpty() ? ", no volume" : ", then " + arrivals.stream().map(k -> "V" + k)
                    .collect(Collectors.joining(", ")) + " arrive");
        }
    }

    /** Power lost on every device {@code entriesBack} device operations before the newest one. */
    record Crash(int entriesBack, ImageSpec image) implements MountStep {
        @Override
        public String toString() {
            return "crash " + entriesBack + " ops back, " + image;
        }
    }

    /** The token data written by the step of {@code tag}. */
    static String token(int tag) {
        return "w" + tag + ";";
    }

    /** {@code lengthBytes} bytes of the token of {@code tag}, repeated (the last one cut). */
    static byte[] data(int tag, int lengthBytes) {
        byte[] token = token(tag).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[lengthBytes];
        for (int i = 0; i < lengthBytes; i++) {
            out[i] = token[i % token.length];
        }
        return out;
    }
}
