package txstack.conformance.lfs;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The names one log position has on both sides: the engine's LSNs (its own, e.g. byte offsets) and the model's
 * (1, 2, 3, ... in append order). Holds records (model LSN of a record to its engine LSN) and positions (a model
 * LSN with no record yet, i.e. the end, to what the engine called it: {@code endLsn()} or a start moved there).
 * Valid within one incarnation of the log; after a crash the run builds a new one from what recovery kept.
 */
final class LsnMap {
    private final Map<Long, Long> engineToModel = new HashMap<>();
    private final Map<Long, Long> recordToEngine = new HashMap<>();
    private final Map<Long, Long> positionToEngine = new HashMap<>();

    LsnMap copy() {
        LsnMap out = new LsnMap();
        out.engineToModel.putAll(engineToModel);
        out.recordToEngine.putAll(recordToEngine);
        out.positionToEngine.putAll(positionToEngine);
        return out;
    }

    /**
     * The names of the positions below {@code modelEnd} only: after a crash that kept the records below it, the
     * engine may give the LSNs above to new records.
     */
    LsnMap truncatedAt(long modelEnd) {
        LsnMap out = new LsnMap();
        engineToModel.forEach((e, m) -> {
            if (m < modelEnd) {
                out.engineToModel.put(e, m);
            }
        });
        recordToEngine.forEach((m, e) -> {
            if (m < modelEnd) {
                out.recordToEngine.put(m, e);
            }
        });
        positionToEngine.forEach((m, e) -> {
            if (m < modelEnd) {
                out.positionToEngine.put(m, e);
            }
        });
        return out;
    }

    /** Model record {@code modelLsn} is engine record {@code engineLsn}. */
    void record(long modelLsn, long engineLsn) {
        recordToEngine.put(modelLsn, engineLsn);
        engineToModel.put(engineLsn, modelLsn);
    }

    /** The engine names model position {@code modelLsn} (an end, or a start at the end) {@code engineLsn}. */
    void position(long modelLsn, long engineLsn) {
        positionToEngine.put(modelLsn, engineLsn);
        engineToModel.putIfAbsent(engineLsn, modelLsn);
    }

    /** The model LSN the engine LSN names, if the client ever saw it. */
    OptionalLong toModel(long engineLsn) {
        Long m = engineToModel.get(engineLsn);
        return m == null ? OptionalLong.empty() : OptionalLong.of(m);
    }

    /** The engine LSN of model record {@code modelLsn}, if it was appended in this incarnation's lineage. */
    OptionalLong engineRecord(long modelLsn) {
        Long e = recordToEngine.get(modelLsn);
        return e == null ? OptionalLong.empty() : OptionalLong.of(e);
    }

    /** The engine's name for model LSN {@code modelLsn}: its record's LSN, else the position's. */
    long toEngine(long modelLsn) {
        Long e = recordToEngine.get(modelLsn);
        if (e == null) {
            e = positionToEngine.get(modelLsn);
        }
        if (e == null) {
            throw new IllegalStateException("harness: no engine LSN known for modelLsn=" + modelLsn);
        }
        return e;
    }

    /** E.g. {@code model 7 (engine 4112)}. */
    String describe(long modelLsn) {
        Long e = recordToEngine.getOrDefault(modelLsn, positionToEngine.get(modelLsn));
        return "model " + modelLsn + (e == null ? "" : " (engine " + e + ")");
    }
}
