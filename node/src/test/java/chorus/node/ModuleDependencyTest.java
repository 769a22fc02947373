package chorus.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps DESIGN.md's module direction: node → management → sharding → persistence → protocol. */
class ModuleDependencyTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // Test kits shared as test-jars (management's) are test code too, though they come as jars.
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("chorus");
  }

  @Test
  void modulesOnlyDependDownwards() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("protocol").definedBy("chorus.protocol..")
        .layer("persistence").definedBy("chorus.persistence..")
        .layer("sharding").definedBy("chorus.sharding..")
        .layer("management").definedBy("chorus.management..")
        .layer("node").definedBy("chorus.node..")
        .whereLayer("node").mayNotBeAccessedByAnyLayer()
        .whereLayer("management").mayOnlyBeAccessedByLayers("node")
        .whereLayer("sharding").mayOnlyBeAccessedByLayers("management", "node")
        .whereLayer("persistence").mayOnlyBeAccessedByLayers("sharding", "management", "node")
        .check(classes);
  }

  @Test
  void protocolHoldsOnlyWireTypes() {
    noClasses().that().resideInAPackage("chorus.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "org.jooq..", "java.sql..", "javax.sql..")
        .check(classes);
  }

  @Test
  void onlyPersistenceTouchesSql() {
    noClasses().that().resideInAnyPackage("chorus.sharding..", "chorus.management..")
        .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "com.zaxxer..")
        .check(classes);
  }
}
