package txstack.model.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;

class StoreStateTest {
    private static final Bytes AB = Bytes.of(new byte[] {0x0a, 0x0b});
    private static final Bytes CD = Bytes.of(new byte[] {0x0c, 0x0d});

    private static Bytes page(int... bytes) {
        byte[] b = new byte[4];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Bytes.of(b);
    }

    @Test
    void readsSeeEveryChangeButOnlyCommittedOnesSurviveACrash() {
        StoreState s = StoreState.formatted(2, 4).begin(1).update(1, new Update(0, 1, AB));
        assertEquals(page(0, 0x0a, 0x0b), s.read(0));
        assertEquals(List.of(page(), page()), s.crash().outcomes().getFirst().committed());
        StoreState committed = s.commit(1);
        assertEquals(page(0, 0x0a, 0x0b), committed.crash().outcomes().getFirst().committed().get(0));
        assertEquals(Map.of(), committed.crash().outcomes().getFirst().active());
    }

    @Test
    void aCommitInFlightMayOrMayNotSurvive() {
        StoreState s = StoreState.formatted(1, 4).begin(7).update(7, new Update(0, 2, CD));
        CrashedStore crashed = s.crashDuring(new Operation.Commit(7));
        assertEquals(List.of(List.of(page()), List.of(page(0, 0, 0x0c, 0x0d))),
                crashed.outcomes().stream().map(StoreState::committed).toList());
        assertEquals(1, s.crashDuring(new Operation.Other("rollback")).outcomes().size());
    }

    @Test
    void aRollbackUndoesAndLaterChangesStay() {
        StoreState s = StoreState.formatted(1, 4).begin(1).update(1, new Update(0, 0, AB)).commit(1)
                .begin(2).update(2, new Update(0, 1, CD)).rollback(2);
        assertEquals(page(0x0a, 0x0b), s.read(0));
        assertEquals(page(0x0a, 0x0b), s.crash().outcomes().getFirst().read(0));
    }

    @Test
    void aPageBelongsToOneActiveTransactionAndBadCallsAreRefused() {
        StoreState s = StoreState.formatted(2, 4).begin(1).begin(2).update(1, new Update(0, 0, AB));
        assertEquals(1, s.owner(0));
        assertEquals(-1, s.owner(1));
        ModelException e = assertThrows(ModelException.class, () -> s.update(2, new Update(0, 0, CD)));
        assertTrue(e.getMessage().contains("belongs to active transaction 1"), e.getMessage());
        assertThrows(ModelException.class, () -> s.update(2, new Update(1, 3, AB)));
        assertThrows(ModelException.class, () -> s.update(2, new Update(2, 0, AB)));
        assertThrows(ModelException.class, () -> s.commit(3));
        assertThrows(ModelException.class, () -> s.begin(1));
    }
}
