package chorus.management.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** An export zip read back, for assertions: its entries, and posts.csv parsed (RFC 4180). */
record ExportZip(Map<String, byte[]> entries) {
  static ExportZip read(byte[] zip) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ExportZip(entries);
  }

  String text(String name) {
    byte[] bytes = entries.get(name);
    if (bytes == null) {
      throw new AssertionError("no " + name + " in the zip; it holds " + entries.keySet());
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** posts.csv as maps from header to cell. */
  List<Map<String, String>> csvRows() {
    List<List<String>> records = parseCsv(text("posts.csv"));
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), record.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  List<String> csvHeader() {
    return parseCsv(text("posts.csv")).get(0);
  }

  static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        record.add(cell.toString());
        cell.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    if (!record.isEmpty() || cell.length() > 0) {
      record.add(cell.toString());
      records.add(record);
    }
    return records;
  }
}
