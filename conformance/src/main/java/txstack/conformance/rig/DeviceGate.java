package txstack.conformance.rig;

/**
 * Holds a device write or flush of a {@link Rig} back until a scheduler lets it go: how a suite serializes the device
 * operations of several client threads into one schedule of its own choosing. Entered before the operation and
 * outside the rig's lock, so a held thread blocks nothing but itself.
 */
@FunctionalInterface
public interface DeviceGate {

    /** Returns when the operation the calling thread is about to issue to {@code disk} may go. */
    void enter(RigDisk disk);
}
