package chorus.node.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What breaks UPGRADING.md's rule 2 between a message as the previous release sent it
 * ({@code committed}), the same message as this release writes it ({@code today}) and what this
 * release read from the committed bytes ({@code readBack}, written again): a field of the
 * committed shape that is gone (renamed or removed, allowed only with a Jackson migration), a
 * value that reads back differently, and a new field that reads as null because its record
 * gives it no default.
 */
final class ShapeDiff {
  private ShapeDiff() {}

  static List<String> breaks(JsonNode committed, JsonNode today, JsonNode readBack, boolean migrated) {
    List<String> breaks = new ArrayList<>();
    compare(committed, today, readBack, "", migrated, breaks);
    return breaks;
  }

  private static void compare(JsonNode committed, JsonNode today, JsonNode readBack, String path, boolean migrated,
      List<String> breaks) {
    if (readBack == null || readBack.isMissingNode()) {
      breaks.add((path.isEmpty() ? "the message" : path) + " was not read back");
      return;
    }
    if (committed.isObject() && today.isObject()) {
      for (Iterator<String> names = committed.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!today.has(name) && !migrated) {
          breaks.add(path + "." + name + " of the committed shape is gone (renamed or removed without a migration)");
        }
      }
      for (Iterator<String> names = today.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (committed.has(name)) {
          compare(committed.get(name), today.get(name), readBack.get(name), path + "." + name, migrated, breaks);
        } else if (readBack.get(name) == null || readBack.get(name).isNull()) {
          breaks.add(path + "." + name + " is new and reads as null from the committed shape: give it a default in "
              + "the record's constructor");
        }
      }
    } else if (committed.isArray() && today.isArray()) {
      for (int i = 0; i < committed.size(); i++) {
        compare(committed.get(i), today.get(Math.min(i, today.size() - 1)), readBack.get(i), path + "[" + i + "]", migrated,
            breaks);
      }
    } else if (!committed.equals(readBack)) {
      breaks.add(path + " was " + committed + " and reads back as " + readBack);
    }
  }
}
