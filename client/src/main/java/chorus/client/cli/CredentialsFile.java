package chorus.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * mmctl's credentials file: a JSON object from connection name to {@link Credentials},
 * at {@code $XDG_CONFIG_HOME/mmctl/config} (else {@code ~/.config/mmctl/config}) unless
 * {@code --config} names another. It holds session tokens, so it is written with mode 0600
 * (its directory 0700), through a temporary file renamed over the old one.
 */
final class CredentialsFile {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path path;

  CredentialsFile(Path path) {
    this.path = path;
  }

  /** mmctl's default location for this environment. */
  static Path defaultPath(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path configHome = xdg != null ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return configHome.resolve("mmctl").resolve("config");
  }

  Path path() {
    return path;
  }

  /** Every stored connection, in file order; empty when there is no file yet. */
  Map<String, Credentials> readAll() {
    if (!Files.exists(path)) {
      return new LinkedHashMap<>();
    }
    try {
      return JSON.readValue(path.toFile(), new TypeReference<LinkedHashMap<String, Credentials>>() {});
    } catch (IOException e) {
      throw new CliException("there was a problem parsing the credentials file " + path + ": " + e.getMessage());
    }
  }

  Optional<Credentials> current() {
    return readAll().values().stream().filter(Credentials::active).findFirst();
  }

  /** Stores a connection; the first one ever stored becomes the current one, as in mmctl. */
  void save(Credentials credentials, boolean activate) {
    Map<String, Credentials> all = readAll();
    boolean makeActive = activate || all.isEmpty();
    if (makeActive) {
      all.replaceAll((name, c) -> c.withActive(false));
    }
    all.put(credentials.name(), credentials.withActive(makeActive));
    write(all);
  }

  void setCurrent(String name) {
    Map<String, Credentials> all = readAll();
    if (!all.containsKey(name)) {
      throw new CliException("cannot find credentials for server \"" + name + "\"");
    }
    all.replaceAll((n, c) -> c.withActive(n.equals(name)));
    write(all);
  }

  void delete(String name) {
    Map<String, Credentials> all = readAll();
    if (all.remove(name) == null) {
      throw new CliException("cannot find credentials for server \"" + name + "\"");
    }
    write(all);
  }

  void clean() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new CliException("cannot remove the credentials file: " + e.getMessage());
    }
  }

  private void write(Map<String, Credentials> all) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path temp = Files.createTempFile(dir, ".config", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(temp, JSON.writeValueAsBytes(all));
        move(temp);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new CliException("cannot save the credentials: " + e.getMessage());
    }
  }

  private void move(Path temp) throws IOException {
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
