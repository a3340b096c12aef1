/**
 * The volume manager contract (VOL-1..8): what a volume engine implements so the volume suite can drive it.
 *
 * <p>{@link txstack.spi.volume.VolumeEngine} creates and assembles a volume over member devices in roles {@code
 * member[i]}; {@link txstack.spi.volume.VolumeService} is the running volume. Depends on {@code txstack.spi.disk}
 * and the JDK only.
 */
package txstack.spi.volume;
