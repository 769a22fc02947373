package chorus.node.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new,
 * never a truncated mix: the new content goes to a temporary file in the same directory
 * (a rename is only atomic within one file system), is forced to disk, and is renamed over
 * the old one; then the directory is forced so the rename itself survives a power cut. The
 * new file keeps the old one's permissions: a config file holds passwords.
 */
final class AtomicFileWrite {
  private AtomicFileWrite() {}

  static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      copyPermissions(target, temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    forceDirectory(dir);
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
    if (view != null && Files.exists(from)) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(from);
      view.setPermissions(permissions);
    }
  }

  /** Linux and macOS can force a directory opened for reading; where that is refused the rename is still atomic. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException refused) {
      // Nothing to do: the platform gives no way to force a directory entry.
    }
  }
}
