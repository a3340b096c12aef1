package txstack.model.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import txstack.model.Bytes;

/** Shorthands of the mount tests. */
final class MountTesting {
    static final VolumeId SYSTEM = VolumeId.basic(0x1234ABCD, 0x7E00);
    static final VolumeId DATA = VolumeId.basic(0x1234ABCD, 0x40000000L);
    static final VolumeId PROJECTS = VolumeId.dynamic("6d0f3c2e-94b1-4f6a-9a51-2f0c0c5b1a11");
    static final VolumeId USB = VolumeId.basic(0x0BADF00D, 0x100000);

    private MountTesting() {
    }

    static Bytes b(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) s.charAt(i);
        }
        return Bytes.of(out);
    }

    /** Runs every op, each must succeed. */
    static MountState run(MountState s, MountOp... ops) {
        for (MountOp op : ops) {
            MountState.Step step = s.apply(op);
            MountState before = s;
            assertNull(step.error(), () -> op + " failed on " + before + ": " + step.error());
            s = step.next();
        }
        return s;
    }

    /** The kind {@code op} fails with; it must change nothing. */
    static MountErrorKind errorOf(MountState s, MountOp op) {
        MountState.Step step = s.apply(op);
        assertTrue(step.error() != null, () -> op + " succeeded, expected an error");
        assertEquals(s, step.next(), () -> op + " failed but changed the state");
        return step.error().kind();
    }

    static char letterOf(MountState s, VolumeId v) {
        return s.database().entry(v).orElseThrow().letter();
    }

    static String nameOf(MountState s, VolumeId v) {
        return s.database().entry(v).orElseThrow().volumeName();
    }

    static MountOp.VolumeArrives arrives(VolumeId v) {
        return MountOp.VolumeArrives.of(v);
    }

    static MountOp.VolumeArrives arrives(VolumeId v, char suggested) {
        return new MountOp.VolumeArrives(v, suggested);
    }

    /** SYSTEM as C:, DATA as D:, PROJECTS (no letter) mounted at C:\Projects. */
    static MountState threeVolumes() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), arrives(DATA), arrives(PROJECTS));
        s = run(s, new MountOp.RemoveLetter(letterOf(s, PROJECTS)), new MountOp.CreateDirectory("C:\\Projects"));
        return run(s, new MountOp.CreateMountPoint("C:\\Projects", nameOf(s, PROJECTS)),
                new MountOp.CreateFile("C:\\Projects\\Description.txt"),
                new MountOp.WriteFile("C:\\Projects\\Description.txt", b("current project")));
    }
}
