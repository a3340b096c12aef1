package txstack.model.recovery;

import txstack.model.Bytes;

/**
 * One logged change of a page (REC-1): bytes {@code [offset, offset + bytes.length())} of {@code page} become
 * {@code bytes}.
 */
public record Update(long page, int offset, Bytes bytes) {
}
