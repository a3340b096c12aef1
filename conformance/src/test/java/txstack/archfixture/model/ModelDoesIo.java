package txstack.archfixture.model;

/** Breaks "the model does no I/O": for ArchitectureTest#theRulesBite only (its package mimics txstack.model). */
public class ModelDoesIo {
    public boolean exists() {
        return new java.io.File("x").exists();
    }
}
