package txstack.model.fs;

import static txstack.model.ModelException.require;

/**
 * A volume's limits (the file-system contract, "Namespace" and "Crash semantics").
 *
 * @param nameLengthMax the longest name, in UTF-16 chars (255 by default)
 * @param fileSizeMax   the largest file size in bytes
 * @param unitBytes     the torn-write unit (the volume's sector size, e.g. 512 or 4096): after a crash each unit of
 *                      a file, counted from its byte 0, is one version of that unit
 */
public record FsLimits(int nameLengthMax, long fileSizeMax, int unitBytes) {
    /** The largest reparse data, in bytes (MNT-5). */
    public static final int REPARSE_DATA_BYTES_MAX = 16384;
    /** The default longest name, in UTF-16 chars. */
    public static final int NAME_LENGTH_MAX_DEFAULT = 255;

    public FsLimits {
        require(nameLengthMax > 0, "nameLengthMax=" + nameLengthMax + " must be positive");
        require(fileSizeMax > 0, "fileSizeMax=" + fileSizeMax + " must be positive");
        require(unitBytes > 0, "unitBytes=" + unitBytes + " must be positive");
    }
}
