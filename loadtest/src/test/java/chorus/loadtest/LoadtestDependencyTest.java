package chorus.loadtest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The generator measures nodes from outside: its main code may use the wire types in
 * {@code protocol} but nothing of the server. (Tests may: the smoke test starts a node.)
 */
class LoadtestDependencyTest {

  @Test
  void mainCodeTalksToNodesOnlyOverTheWire() {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("chorus.loadtest");
    noClasses().that().resideInAPackage("chorus.loadtest..")
        .should().dependOnClassesThat().resideInAnyPackage("chorus.node..", "chorus.management..", "chorus.sharding..", "chorus.persistence..")
        .check(classes);
  }
}
