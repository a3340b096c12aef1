/**
 * The recoverable page store contract (REC-1..7): what a write-ahead-logging recovery engine implements so the
 * recovery suite can drive it, with a log disk and a data disk handed to it by role. Depends on {@code
 * txstack.spi.disk} and the JDK only.
 */
package txstack.spi.recovery;
