package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.List;
import java.util.Objects;
import txstack.model.Bytes;

/**
 * An operation of the mount contract ("Operations"). Paths are {@code X:\a\b} or {@code \??\Volume{GUID}\a\b};
 * queries ({@link MountState#resolve}, the database, the namespace) are methods of {@link MountState}.
 */
public sealed interface MountOp {

    /**
     * A volume appears (MNT-2, MNT-3). Announcing a volume that is present is the caller's mistake.
     *
     * @param suggestedLetter the letter its volume manager suggests, or {@link MountDatabase#NO_LETTER}
     */
    record VolumeArrives(VolumeId volume, char suggestedLetter) implements MountOp {
        public VolumeArrives {
            Objects.requireNonNull(volume, "volume");
            require(suggestedLetter == MountDatabase.NO_LETTER || MountDatabase.letterOf(suggestedLetter)
                    != MountDatabase.NO_LETTER, "a volume manager suggests A..Z or nothing: suggestedLetter="
                    + (int) suggestedLetter);
        }

        /** A volume whose manager suggests no letter (as FtDisk never does). */
        public static VolumeArrives of(VolumeId volume) {
            return new VolumeArrives(volume, MountDatabase.NO_LETTER);
        }
    }

    /** A present volume goes away; its database entry stays. Removing an absent volume is the caller's mistake. */
    record VolumeRemoved(VolumeId volume) implements MountOp {
        public VolumeRemoved {
            Objects.requireNonNull(volume, "volume");
        }
    }

    /** Gives {@code volume} the drive letter {@code letter} (either case), in place of the one it has. */
    record AssignLetter(VolumeId volume, char letter) implements MountOp {
        public AssignLetter {
            Objects.requireNonNull(volume, "volume");
        }
    }

    /** Takes the drive letter {@code letter} away from its volume. */
    record RemoveLetter(char letter) implements MountOp {
    }

    /**
     * The machine restarts: the namespace is emptied and no volume is present, then each volume of
     * {@code arrivals} arrives, in order (each is one {@link VolumeArrives}).
     */
    record Reboot(List<VolumeArrives> arrivals) implements MountOp {
        public Reboot {
            arrivals = List.copyOf(arrivals);
        }
    }

    record CreateDirectory(String path) implements MountOp {
        public CreateDirectory {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Creates an empty file. */
    record CreateFile(String path) implements MountOp {
        public CreateFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Replaces a file's data (opening it first, so an offline file is recalled). */
    record WriteFile(String path, Bytes data) implements MountOp {
        public WriteFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(data, "data");
        }
    }

    record SetReparsePoint(String path, int tag, Bytes data) implements MountOp {
        public SetReparsePoint {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(data, "data");
        }
    }

    record DeleteReparsePoint(String path) implements MountOp {
        public DeleteReparsePoint {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Makes the empty directory at {@code path} a mount point of the volume named {@code volumeName} (MNT-4). */
    record CreateMountPoint(String path, String volumeName) implements MountOp {
        public CreateMountPoint {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(volumeName, "volumeName");
        }
    }

    /** Moves a file's data to the offline store and marks the file with the HSM reparse point (MNT-7). */
    record MigrateOffline(String path) implements MountOp {
        public MigrateOffline {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Opens a file or directory, following every reparse point; an offline file is recalled first (MNT-6, MNT-7). */
    record Open(String path) implements MountOp {
        public Open {
            Objects.requireNonNull(path, "path");
        }
    }
}
