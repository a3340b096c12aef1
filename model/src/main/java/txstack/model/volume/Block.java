package txstack.model.volume;

import static txstack.model.ModelException.require;

import java.util.LinkedHashSet;
import java.util.Set;
import txstack.model.Bytes;

/**
 * One logical block of a volume.
 *
 * @param current     what a read returns now: the last value written
 * @param crashValues what the block may hold after a power loss now (DISK-3): its last durable value and every
 *                    value written to it since; it always contains {@code current}
 */
public record Block(Bytes current, Set<Bytes> crashValues) {

    public Block {
        crashValues = Set.copyOf(crashValues);
        require(crashValues.contains(current), () -> "crash values must contain the current value: current=" + current);
    }

    /** A block whose value is durable. */
    public static Block durable(Bytes value) {
        return new Block(value, Set.of(value));
    }

    /** A write: volatile ({@code crashValues} grows), or durable at once with force-unit-access (DISK-2). */
    Block written(Bytes value, boolean forceUnitAccess) {
        if (forceUnitAccess) {
            return durable(value);
        }
        Set<Bytes> values = new LinkedHashSet<>(crashValues);
        values.add(value);
        return new Block(value, values);
    }
}
