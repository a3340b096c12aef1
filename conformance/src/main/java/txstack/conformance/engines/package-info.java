/**
 * Adapters that bind engines to the SPI, a few lines each: {@link txstack.conformance.engines.TxstackLogEngine}
 * binds {@code txstack.implementation.lfs.LogFile} (and each deliberately broken variant in one line, built by the
 * implementation's test fixtures, the {@code txstack-implementation} artifact with classifier {@code tests});
 * {@link txstack.conformance.engines.EngineLookup} finds the engine of any layer a user names ({@code txstack},
 * {@code txstack:<VARIANT>}, a name registered through {@code java.util.ServiceLoader}, or a class implementing the
 * SPI), through the class loader it is given.
 *
 * <p>Depends on the SPI and {@code txstack.implementation} (its disk and lfs packages). Implements LFS-1..6 by
 * delegation; translates device errors (DISK-4) and "log full" (LFS-5) between the two sides.
 */
package txstack.conformance.engines;
