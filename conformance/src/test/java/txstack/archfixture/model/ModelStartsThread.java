package txstack.archfixture.model;

/** Breaks "the model starts no threads": for ArchitectureTest#theRulesBite only. */
public class ModelStartsThread {
    public void run() {
        new Thread(() -> { }).start();
    }
}
