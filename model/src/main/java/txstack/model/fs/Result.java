package txstack.model.fs;

import static txstack.model.ModelException.require;

import txstack.model.ModelException;

/**
 * What a query of the file-system model returns (the file-system contract, "Operations and their errors"): a
 * value, or the first error found.
 *
 * @param value the value, null on error
 * @param error the error, null on success
 */
public record Result<T>(T value, FsError error) {

    public Result {
        require((value == null) != (error == null), "exactly one of value and error: error=" + error);
    }

    public static <T> Result<T> of(T value) {
        return new Result<>(value, null);
    }

    public static <T> Result<T> failed(FsError error) {
        return new Result<>(null, error);
    }

    public boolean ok() {
        return error == null;
    }

    /** The value; a {@link ModelException} if the query failed (the caller expected success). */
    public T orThrow() {
        if (error != null) {
            throw new ModelException("query failed: error=" + error);
        }
        return value;
    }
}
