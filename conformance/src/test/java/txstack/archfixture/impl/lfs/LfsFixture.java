package txstack.archfixture.impl.lfs;

/** A class in a higher layer, for ArchitectureTest#theRulesBite only. */
public class LfsFixture {
}
