/**
 * The command line: {@code txstack conform lfs|volume|recovery [options]} runs one conformance suite against an
 * engine with the crash explorer, prints progress and a readable report (counts, per-property verdicts with
 * requirement IDs, the shrunk counterexample and a one-line replay command), and exits 0 (pass), 1 (a property
 * violated) or 2 (usage or engine error). Built on picocli. The options every suite shares are mixins
 * ({@code ExplorationOptions}, which also runs the suite and writes the report; {@code EngineOptions} for {@code
 * --class-path}; {@code SectorSizeOption}); every suite finds its engine through {@link
 * txstack.conformance.engines.EngineLookup} and prints its replay line with {@link
 * txstack.conformance.cli.ReplayCommand}.
 *
 * <p>Depends on {@code txstack.conformance.engines}, the suites ({@code .lfs}, {@code .volume}, {@code .recovery}),
 * {@code .explorer} and the SPI.
 */
package txstack.conformance.cli;
