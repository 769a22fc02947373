package chorus.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client and the CLI talk to nodes over the REST API only: their main code may use the
 * wire types in {@code protocol} but nothing of the server. (Tests may: they start a node.)
 */
class ClientDependencyTest {

  @Test
  void mainCodeDependsOnProtocolOnly() {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("chorus.client");
    noClasses().that().resideInAPackage("chorus.client..")
        .should().dependOnClassesThat().resideInAnyPackage("chorus.node..", "chorus.management..", "chorus.sharding..",
            "chorus.persistence..", "chorus.loadtest..", "org.apache.pekko..")
        .check(classes);
  }
}
