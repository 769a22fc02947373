package chorus.persistence.files;

import chorus.protocol.config.FileSettings;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorSystem;

/** Builds the store that {@code FileSettings.DriverName} names. */
public final class FileStores {
  private FileStores() {}

  /** An empty {@code Directory} means {@code <dataDir>/files}; a relative one is relative to the working directory, as in Mattermost. */
  public static FileStore create(FileSettings settings, Path dataDir, ActorSystem<?> system) {
    if (FileSettings.AMAZON_S3.equals(settings.driverName())) {
      return S3FileStore.create(settings, system);
    }
    String directory = settings.directory() == null ? "" : settings.directory().trim();
    return new LocalFileStore(directory.isEmpty() ? dataDir.resolve("files") : Path.of(directory), system);
  }
}
