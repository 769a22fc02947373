package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

  @Test
  void mattermostDefaultDataSource() {
    JdbcTarget target = PostgresUrl.parse(
        "postgres://mmuser:mostest@localhost/mattermost_test?sslmode=disable&connect_timeout=10&binary_parameters=yes");

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/mattermost_test?sslmode=disable&connectTimeout=10");
    assertThat(target.user()).isEqualTo("mmuser");
    assertThat(target.password()).isEqualTo("mostest");
  }

  @Test
  void postgresqlSchemeHostPortAndNoParameters() {
    JdbcTarget target = PostgresUrl.parse("postgresql://u:p@db.internal:6543/chat");

    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/chat");
    assertThat(target.user()).isEqualTo("u");
  }

  @Test
  void percentEncodedCredentialsAreDecodedAndPlusStaysPlus() {
    JdbcTarget target = PostgresUrl.parse("postgres://us%40er:p%3Ass+w%2Fd%40@h:5432/db");

    assertThat(target.user()).isEqualTo("us@er");
    assertThat(target.password()).isEqualTo("p:ss+w/d@");
  }

  @Test
  void credentialsAsQueryParametersAndNoPassword() {
    assertThat(PostgresUrl.parse("postgres://h/db?user=alice&password=secret"))
        .isEqualTo(new JdbcTarget("jdbc:postgresql://h:5432/db", "alice", "secret"));
    assertThat(PostgresUrl.parse("postgres://bob@h/db"))
        .isEqualTo(new JdbcTarget("jdbc:postgresql://h:5432/db", "bob", ""));
  }

  @Test
  void ipv6HostAndMissingHostDefaultsToLocalhost() {
    assertThat(PostgresUrl.parse("postgres://u:p@[::1]:5433/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
    assertThat(PostgresUrl.parse("postgres://u:p@[::1]/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
    assertThat(PostgresUrl.parse("postgres:///db").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db");
  }

  @Test
  void libPqParametersAreRenamedAndOthersPassThrough() {
    JdbcTarget target = PostgresUrl.parse(
        "postgres://u:p@h/db?application_name=chorus&fallback_application_name=x&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem");

    assertThat(target.jdbcUrl()).isEqualTo(
        "jdbc:postgresql://h:5432/db?ApplicationName=chorus&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem");
  }

  @Test
  void jdbcUrlPassesThroughWithCredentialsTakenOut() {
    assertThat(PostgresUrl.parse("jdbc:postgresql://h:5432/db?user=u&password=p&ssl=true"))
        .isEqualTo(new JdbcTarget("jdbc:postgresql://h:5432/db?ssl=true", "u", "p"));
    assertThat(PostgresUrl.parse("  jdbc:postgresql://h/db  "))
        .isEqualTo(new JdbcTarget("jdbc:postgresql://h/db", "", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mysql://u:secret@h/db",
      "u:secret@h/db",
      "postgres://u:secret@h:99999/db",
      "postgres://u:secret@h:port/db",
      "postgres://u:secret@h:5432",
      "postgres://u:secret@h:5432/",
      "postgres://u:secret@h/db?sslmode=sometimes",
      "postgres://u:secret@h/db?connect_timeout=soon",
      "postgres://u:secret@a:b:c/db",
      "postgres://u:secret@[::1/db",
      "postgres://u:secret%zz@h/db",
      "postgres://u:sec#ret@h/db"})
  void invalidDataSourcesAreRejectedWithoutEchoingThePassword(String dataSource) {
    assertThatThrownBy(() -> PostgresUrl.parse(dataSource))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("sec#ret"));
  }

  @Test
  void emptyDataSourceIsRejected() {
    assertThatThrownBy(() -> PostgresUrl.parse(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> PostgresUrl.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringHidesThePassword() {
    assertThat(PostgresUrl.parse("postgres://u:topsecret@h/db").toString()).doesNotContain("topsecret").contains("****");
  }
}
