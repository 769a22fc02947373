package chorus.node.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.CborSerializable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The CBOR of every cluster message, as the node's own serialization settings write it, against
 * a committed sample per class in {@code src/test/resources/golden-cbor/} (UPGRADING.md rule 2).
 * The guard is the read-back: the committed bytes, which a node of the previous release may
 * send, must still deserialize into today's class with every field intact ({@link ShapeDiff}),
 * also with a field added that only the next release knows. The classes are found on the class
 * path ({@link ClusterMessageClasses}: every non-private class implementing
 * {@link CborSerializable}), so a new message gets a sample or fails the build. Private records
 * are left out: only their own actor can make them, and it sends them to itself (timers,
 * pipeToSelf, adapters).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterMessagesGoldenTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden-cbor");
  private static final boolean WRITE = Boolean.getBoolean("chorus.golden.write");
  private static final String HOW_TO = "If the shape changed on purpose, it needs a Jackson migration that reads the old "
      + "shape (UPGRADING.md, rule 2); then regenerate the samples with "
      + "mvn -pl node -am test -Dtest=ClusterMessagesGoldenTest -Dsurefire.failIfNoSpecifiedTests=false "
      + "-Dchorus.golden.write=true and commit them together with the migration.";
  private static final ObjectMapper CBOR = new CBORMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ActorSystem<Void> system;
  private Serialization serialization;
  private MessageSamples samples;
  private List<Class<?>> messages;

  @BeforeAll
  void start() throws Exception {
    // The node's own settings (serialization bindings, Jackson's), on a local provider: the
    // bytes do not depend on the cluster, and no port is bound.
    Config config = ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "golden-cbor", config);
    serialization = SerializationExtension.get(Adapter.toClassic(system));
    samples = new MessageSamples(system);
    messages = ClusterMessageClasses.find();
  }

  @AfterAll
  void stop() {
    if (system != null) {
      system.terminate();
    }
  }

  @Test
  void everyMessageOfEveryModuleIsFound() {
    assertThat(messages).extracting(Class::getName).contains(
        "chorus.protocol.cluster.ClusterEvent",
        "chorus.sharding.presence.PresenceEntity$SetStatus",
        "chorus.sharding.connections.ClaimReply$Claimed",
        "chorus.management.config.ConfigSync$ConfigChanged",
        "chorus.node.websocket.Connections$Adopt");
  }

  @Test
  void onlyTheMarkerIsBoundToJacksonCbor() {
    // Any other class bound to CBOR would travel without a sample.
    Map<String, Object> bindings = system.settings().config().getObject("pekko.actor.serialization-bindings").unwrapped();
    Map<String, Object> cbor = new LinkedHashMap<>();
    bindings.forEach((type, serializer) -> {
      if (serializer.toString().startsWith("jackson-cbor")) {
        cbor.put(type.replace("\"", ""), serializer);
      }
    });
    assertThat(cbor).containsOnlyKeys(CborSerializable.class.getName());
  }

  @Test
  void everySampleBelongsToAMessage() throws IOException {
    // A sample without its class: a message was renamed, moved or removed, and a node of the
    // previous release that sends it is no longer understood.
    List<String> names = messages.stream().map(Class::getName).toList();
    if (!Files.isDirectory(GOLDEN)) {
      return; // nothing committed yet: every message fails for its missing sample
    }
    try (Stream<Path> files = Files.list(GOLDEN)) {
      assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.properties$", "")))
          .as("samples in %s whose class is gone (UPGRADING.md, rule 2)", GOLDEN)
          .allMatch(names::contains);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyMessageReadsItsCommittedSample() {
    return messages.stream().map(type -> DynamicTest.dynamicTest(type.getName(), () -> check(type)));
  }

  private void check(Class<?> type) throws Exception {
    Object sample = samples.of(type);
    Serializer serializer = serialization.findSerializerFor(sample);
    String manifest = Serializers.manifestFor(serializer, sample);
    // serialize() (not the serializer itself) provides the system that writes actor refs.
    byte[] bytes = serialization.serialize(sample).get();
    Path file = GOLDEN.resolve(type.getName() + ".properties");

    if (WRITE && (!Files.exists(file) || !sameBytes(Golden.read(file), bytes))) {
      Files.createDirectories(GOLDEN);
      new Golden(serializer.identifier(), manifest, JSON.writeValueAsString(CBOR.readTree(bytes)), bytes).write(file);
      System.out.println("[golden-cbor] wrote " + file);
    }
    assertThat(file).as("no committed sample of %s. %s", type.getName(), HOW_TO).exists();
    Golden golden = Golden.read(file);

    Object read = serialization.deserialize(golden.bytes(), golden.serializerId(), golden.manifest()).get();
    JsonNode committed = CBOR.readTree(golden.bytes());
    JsonNode today = CBOR.readTree(bytes);
    JsonNode readBack = CBOR.readTree(serialization.serialize(read).get());
    assertThat(ShapeDiff.breaks(committed, today, readBack, migrated(type)))
        .as("the committed sample of %s (what a node of the previous release sends) read with today's class. %s",
            type.getName(), HOW_TO)
        .isEmpty();
    // The next release may add a field (rule 2): this release must read its message and ignore it.
    ObjectNode withNewField = (ObjectNode) committed.deepCopy();
    withNewField.put("fieldOfTheNextRelease", "ignored");
    Object readAhead = serialization.deserialize(CBOR.writeValueAsBytes(withNewField), golden.serializerId(), golden.manifest())
        .get();
    assertThat(readAhead).as("%s with a field added by the next release", type.getName()).isEqualTo(read);

    assertThat(HexFormat.of().formatHex(bytes)).as("today's CBOR of %s differs from the committed sample %s (today: %s); "
        + "the committed one still reads back as rule 2 asks, so regenerate the sample (command in UPGRADING.md) and "
        + "review the diff", type.getName(), golden.json(), JSON.writeValueAsString(today))
        .isEqualTo(HexFormat.of().formatHex(golden.bytes()));
    assertThat(read).as("the committed sample of %s read with today's class", type.getName()).isEqualTo(sample);
    assertThat(manifest).as("the manifest of %s (its class name is on the wire)", type.getName()).isEqualTo(golden.manifest());
  }

  private boolean migrated(Class<?> type) {
    return system.settings().config().hasPath("pekko.serialization.jackson.migrations.\"" + type.getName() + "\"");
  }

  private static boolean sameBytes(Golden golden, byte[] bytes) {
    return HexFormat.of().formatHex(golden.bytes()).equals(HexFormat.of().formatHex(bytes));
  }

  /** One committed sample: which serializer, the manifest, the CBOR (and the same as JSON for reviewers). */
  private record Golden(int serializerId, String manifest, String json, byte[] bytes) {
    static Golden read(Path file) throws IOException {
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      }
      return new Golden(Integer.parseInt(p.getProperty("serializer")), p.getProperty("manifest"), p.getProperty("json"),
          HexFormat.of().parseHex(p.getProperty("cbor")));
    }

    void write(Path file) throws IOException {
      String text = "# Generated by ClusterMessagesGoldenTest with -Dchorus.golden.write=true; see UPGRADING.md, rule 2.\n"
          + "serializer=" + serializerId + "\n"
          + "manifest=" + manifest + "\n"
          + "json=" + json.replace("\\", "\\\\") + "\n"
          + "cbor=" + HexFormat.of().formatHex(bytes) + "\n";
      Files.writeString(file, text, StandardCharsets.UTF_8);
    }
  }
}
