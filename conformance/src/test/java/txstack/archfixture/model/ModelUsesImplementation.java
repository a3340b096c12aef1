package txstack.archfixture.model;

/** Breaks "the model never depends on the implementation": for ArchitectureTest#theRulesBite only. */
public class ModelUsesImplementation {
    public Class<?> peek() {
        return txstack.implementation.StorageException.class;
    }
}
