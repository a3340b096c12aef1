package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ExplorerOptions;

/**
 * The mutation budget ({@link MutationBudgetConformanceTest#BUDGET}) catches every deliberately broken variant in one
 * of its runs: a budget blind to a bug the full suite catches would leave the mutants of that bug's code alive and
 * understate what the suite checks. Not run under PIT (it runs broken engines, not mutants): a variant the budget no
 * longer catches fails here, in {@code mvn verify}, and the budget gets a run that catches it.
 */
class MutationBudgetCatchesEveryVariantTest {

    static List<String> variants() {
        return TxstackLogEngine.names().stream().filter(n -> !n.equals("txstack")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void isCaughtByTheBudget(String variant) {
        TxstackLogEngine engine = TxstackLogEngine.named(variant);
        StringBuilder passed = new StringBuilder();
        for (MutationBudgetConformanceTest.Run run : MutationBudgetConformanceTest.BUDGET) {
            ExplorerOptions options = run.options().toBuilder().shrinking(0, Duration.ZERO).build();
            ExplorationResult<LfsStep> result = LfsTesting.run(engine, LfsDevice.defaults(run.sectorSize()), options);
            if (!result.passed()) {
                return;
            }
            passed.append("\n  passed: ").append(run);
        }
        fail(variant + " slipped past every run of the mutation budget:" + passed);
    }
}
