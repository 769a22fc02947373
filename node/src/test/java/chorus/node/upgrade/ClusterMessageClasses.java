package chorus.node.upgrade;

import chorus.protocol.cluster.CborSerializable;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every class under {@code chorus} on the class path (the modules' classes directories in a
 * reactor build, their jars otherwise) that may travel between nodes: concrete, not private, and
 * a {@link CborSerializable}. Read from the class files directly, which takes a fraction of a
 * second where a full ArchUnit import takes ten.
 */
final class ClusterMessageClasses {
  private ClusterMessageClasses() {}

  static List<Class<?>> find() throws IOException, URISyntaxException {
    ClassLoader loader = ClusterMessageClasses.class.getClassLoader();
    TreeSet<String> names = new TreeSet<>();
    for (URL root : Collections.list(loader.getResources("chorus"))) {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = openJar(uri)) {
          collect(jar.getPath("/chorus"), jar.getPath("/"), names);
        }
      } else if (!uri.getPath().contains("/test-classes/")) {
        Path dir = Path.of(uri);
        collect(dir, dir.getParent(), names);
      }
    }
    List<Class<?>> messages = new ArrayList<>();
    for (String name : names) {
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // its optional dependency is absent, so it cannot be sent either
      }
      if (CborSerializable.class.isAssignableFrom(type) && !type.isInterface()
          && !Modifier.isAbstract(type.getModifiers()) && !Modifier.isPrivate(type.getModifiers())) {
        messages.add(type);
      }
    }
    messages.sort(Comparator.comparing(Class::getName));
    return messages;
  }

  private static FileSystem openJar(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      throw new IllegalStateException("the jar of " + uri + " is open elsewhere", e);
    }
  }

  private static void collect(Path packageDir, Path root, TreeSet<String> names) throws IOException {
    try (Stream<Path> files = Files.walk(packageDir)) {
      files.map(file -> root.relativize(file).toString())
          .filter(file -> file.endsWith(".class"))
          .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.'))
          .forEach(names::add);
    }
  }
}
