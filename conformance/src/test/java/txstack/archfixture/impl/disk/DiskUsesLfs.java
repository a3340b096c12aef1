package txstack.archfixture.impl.disk;

/** Breaks "a layer never depends on a higher one" (disk uses lfs): for ArchitectureTest#theRulesBite only. */
public class DiskUsesLfs {
    public Object up() {
        return new txstack.archfixture.impl.lfs.LfsFixture();
    }
}
