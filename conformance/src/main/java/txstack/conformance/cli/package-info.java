/**
 * The command line: {@code txstack conform lfs [options]} runs the LFS conformance suite against an engine with the
 * crash explorer, prints progress and a readable report (counts, per-property verdicts with DOMAIN IDs, the shrunk
 * counterexample and a one-line replay command), and exits 0 (pass), 1 (a property violated) or 2 (usage or engine
 * error). Built on picocli. {@code conform volume} does the same for volume managers. Every suite finds its engine
 * through {@link txstack.conformance.engines.EngineLookup}, outside engines on {@code --class-path}, and prints its
 * replay line with {@link txstack.conformance.cli.ReplayCommand}.
 *
 * <p>Depends on {@code txstack.conformance.engines}, {@code .lfs}, {@code .explorer} and the SPI.
 */
package txstack.conformance.cli;
