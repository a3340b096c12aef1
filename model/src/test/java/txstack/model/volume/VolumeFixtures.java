package txstack.model.volume;

import java.util.List;
import txstack.model.Bytes;

/** Layouts, member states and two-byte block values the volume model's tests share. */
final class VolumeFixtures {
    static final VolumeLayout RAID5 = new VolumeLayout(VolumeLayout.Kind.RAID5, 3);
    static final VolumeLayout MIRROR = new VolumeLayout(VolumeLayout.Kind.MIRROR, 2);
    static final VolumeLayout STRIPED = new VolumeLayout(VolumeLayout.Kind.STRIPED, 2);
    static final List<MemberState> TWO_HEALTHY = List.of(MemberState.HEALTHY, MemberState.HEALTHY);
    static final List<MemberState> THREE_HEALTHY =
            List.of(MemberState.HEALTHY, MemberState.HEALTHY, MemberState.HEALTHY);
    static final Bytes ZERO = block(0);

    private VolumeFixtures() {
    }

    /** A two-byte block whose first byte is {@code value}. */
    static Bytes block(int value) {
        return Bytes.of(new byte[] {(byte) value, 0});
    }
}
