package chorus.persistence.files;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalFileStoreTest extends FileStoreContract {
  private Path root;
  private LocalFileStore store;

  @BeforeAll
  void createStore() throws IOException {
    root = Files.createTempDirectory("chorus-files-");
    store = new LocalFileStore(root, system);
  }

  @AfterAll
  void removeRoot() {
    TestDatabase.deleteRecursively(root);
  }

  @Override
  FileStore store() {
    return store;
  }

  @Override
  boolean nothingUnder(String key) throws IOException {
    Path directory = root.resolve(key).getParent();
    if (!Files.exists(directory)) {
      return true;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.findAny().isEmpty();
    }
  }

  @Test
  void aStoredFileIsTheOnlyThingInItsDirectory() throws Exception {
    String key = key("plain.txt");
    await(store.write(key, chunked(randomBytes(200_000)), "text/plain"));

    try (Stream<Path> files = Files.list(root.resolve(key).getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("plain.txt");
    }
  }
}
