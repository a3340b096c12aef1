package txstack.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import txstack.spi.lfs.LogEngine;

/**
 * The SPI as built (its jar, or its classes folder inside the reactor) is what an outside engine builds against: a
 * module {@code txstack.spi} that needs nothing but {@code java.base} and exports exactly its packages, and
 * a {@code spi/pom.xml} that declares no dependency a consumer would inherit.
 */
class SpiModuleTest {

    private static final Set<String> EXPORTS = Set.of("txstack.spi.cluster", "txstack.spi.disk", "txstack.spi.fs",
            "txstack.spi.ktm",
            "txstack.spi.lfs", "txstack.spi.mount", "txstack.spi.recovery", "txstack.spi.volume");

    @Test
    void theBuiltSpiIsAModuleThatNeedsOnlyTheJdk() throws URISyntaxException {
        Path location = Path.of(LogEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor spi = ModuleFinder.of(location).find("txstack.spi")
                .orElseThrow(() -> new AssertionError("no module txstack.spi at " + location)).descriptor();
        Set<String> requires = spi.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base"), requires, "txstack.spi at " + location + " requires only java.base");
        assertEquals(EXPORTS, spi.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()), "txstack.spi at " + location + " exports exactly its packages");
        assertTrue(spi.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified),
                "every export is to everyone: " + spi.exports());
        assertEquals(EXPORTS, spi.packages(), "txstack.spi has no package but the ones it exports");
    }

    @Test
    void spiPomDeclaresNoDependencyButForItsTests() throws IOException, ParserConfigurationException, SAXException {
        // Surefire runs in the module's folder (and says so in basedir); the SPI's pom is next door.
        Path pom = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolveSibling("spi")
                .resolve("pom.xml");
        assertTrue(Files.isRegularFile(pom), "no " + pom);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        assertEquals("txstack-spi", childText(project, "artifactId"));
        List<String> notTest = new ArrayList<>();
        NodeList dependencies = project.getElementsByTagName("dependency"); // profiles and management too
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            if (!isOfAPlugin(d) && !"test".equals(childText(d, "scope"))) {
                notTest.add(childText(d, "groupId") + ":" + childText(d, "artifactId") + " scope="
                        + childText(d, "scope"));
            }
        }
        assertEquals(List.of(), notTest, pom + " declares dependencies other than test scope");
    }

    /** A plugin's own dependency is the build's, never a consumer's. */
    private static boolean isOfAPlugin(Element dependency) {
        for (Node n = dependency.getParentNode(); n instanceof Element e; n = n.getParentNode()) {
            if (e.getTagName().equals("plugin")) {
                return true;
            }
        }
        return false;
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }
}
