/**
 * The log file service contract (LFS-1..6): what a log engine implements so the LFS suite can drive it.
 *
 * <p>{@link txstack.spi.lfs.LogEngine} formats and opens a log on the device in role {@link
 * txstack.spi.disk.Devices#LOG}; {@link txstack.spi.lfs.LogService} is the open log. Depends on {@code
 * txstack.spi.disk} and the JDK only.
 */
package txstack.spi.lfs;
