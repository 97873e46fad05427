package org.wardwatch.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module dependencies of DESIGN.md, stated once: analysis never reaches into the packet path,
 * the packet path never knows about devices, nothing depends on the CLI.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.wardwatch");

    private static void onlyDependsOn(String module, String... allowed) {
        String[] packages = new String[allowed.length + 2];
        packages[0] = "org.wardwatch." + module + "..";
        packages[1] = "java..";
        for (int i = 0; i < allowed.length; i++) {
            packages[i + 2] = "org.wardwatch." + allowed[i] + "..";
        }
        String[] others = java.util.Arrays.stream(new String[] {"model", "capture", "protocols", "inventory", "risk", "store",
                        "sim", "testkit", "cli", "bench", "segmentation", "detection", "deception", "server"})
                .filter(m -> !m.equals(module) && !java.util.Arrays.asList(allowed).contains(m))
                .map(m -> "org.wardwatch." + m + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("org.wardwatch." + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("DESIGN.md: " + module + " may depend only on " + String.join(", ", allowed))
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void rulesSeeEveryModulesClasses() {
        // the rules below allow empty selections; this proves they are not vacuous
        for (String module : new String[] {"model", "capture", "protocols", "inventory", "risk", "store", "sim", "testkit", "cli"}) {
            org.assertj.core.api.Assertions.assertThat(CLASSES.stream().filter(c -> c.getPackageName().startsWith("org.wardwatch." + module)))
                    .as("classes of module %s", module).isNotEmpty();
        }
    }

    @Test
    void modelDependsOnNoOtherModule() {
        onlyDependsOn("model");
    }

    @Test
    void captureKnowsOnlyTheModel() {
        onlyDependsOn("capture", "model");
    }

    @Test
    void protocolsSitOnTheCapture() {
        onlyDependsOn("protocols", "model", "capture");
    }

    @Test
    void inventoryNeverReachesIntoThePacketPath() {
        onlyDependsOn("inventory", "model");
    }

    @Test
    void riskUsesInventoryAndModel() {
        onlyDependsOn("risk", "model", "inventory");
    }

    @Test
    void storeKnowsOnlyTheModel() {
        onlyDependsOn("store", "model");
    }

    @Test
    void simulatorWritesThroughCapture() {
        onlyDependsOn("sim", "model", "capture");
    }

    @Test
    void testkitServesTests() {
        onlyDependsOn("testkit", "model", "capture");
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("org.wardwatch.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.wardwatch.cli..")
                .check(CLASSES);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("org.wardwatch.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
