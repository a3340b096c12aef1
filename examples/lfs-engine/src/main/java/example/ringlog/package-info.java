/**
 * ringlog, an example log file service engine from outside txstack: it implements {@code txstack.spi.lfs} and is
 * checked by the txstack LFS conformance suite (LFS-2..6, DISK-3, DISK-4), from JUnit and from {@code ./txstack}.
 * Depends on the SPI and the JDK only.
 */
package example.ringlog;
