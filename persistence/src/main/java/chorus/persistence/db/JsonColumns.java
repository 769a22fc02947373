package chorus.persistence.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;

/**
 * Converts between jsonb columns (props, notify_props, timezone, file_ids) and the Map and
 * List fields of the protocol records. A null field is stored as the column's empty
 * default, and a column that somehow holds a value of another shape reads as empty rather
 * than failing the whole row. Readers and writers are immutable, so sharing them is safe.
 */
public final class JsonColumns {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectReader OBJECT_MAP = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {});
  private static final ObjectReader STRING_LIST = MAPPER.readerFor(new TypeReference<List<String>>() {});
  private static final ObjectWriter WRITER = MAPPER.writer();
  private static final JSONB EMPTY_OBJECT = JSONB.valueOf("{}");
  private static final JSONB EMPTY_ARRAY = JSONB.valueOf("[]");

  private JsonColumns() {}

  public static JSONB object(Map<String, ?> value) {
    return value == null ? EMPTY_OBJECT : write(value);
  }

  public static JSONB array(List<String> value) {
    return value == null ? EMPTY_ARRAY : write(value);
  }

  public static Map<String, Object> objectMap(JSONB column) {
    if (column == null) {
      return new LinkedHashMap<>();
    }
    try {
      Map<String, Object> map = OBJECT_MAP.readValue(column.data());
      return map == null ? new LinkedHashMap<>() : map;
    } catch (JsonProcessingException e) {
      return new LinkedHashMap<>();
    }
  }

  /** Settings maps whose values the API types as strings; other JSON values are rendered as text. */
  public static Map<String, String> stringMap(JSONB column) {
    Map<String, String> strings = new LinkedHashMap<>();
    objectMap(column).forEach((key, value) -> strings.put(key, value == null ? "" : String.valueOf(value)));
    return strings;
  }

  public static List<String> stringList(JSONB column) {
    if (column == null) {
      return List.of();
    }
    try {
      List<String> list = STRING_LIST.readValue(column.data());
      return list == null ? List.of() : list;
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  private static JSONB write(Object value) {
    try {
      return JSONB.valueOf(WRITER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be stored as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
