package chorus.client.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;

/**
 * JSON laid out as mmctl's Go {@code json.MarshalIndent(v, "", "  ")} lays it out, so scripts
 * that compare or grep mmctl's output see the same text: {@code "key": value}, arrays one
 * element per line, and empty containers as {@code []} and {@code {}}.
 */
final class GoStylePrinter extends DefaultPrettyPrinter {
  GoStylePrinter() {
    super(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    _arrayIndenter = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE;
  }

  private GoStylePrinter(GoStylePrinter base) {
    super(base);
  }

  @Override
  public DefaultPrettyPrinter createInstance() {
    return new GoStylePrinter(this);
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    if (nrOfValues > 0) {
      super.writeEndArray(g, nrOfValues);
      return;
    }
    if (!_arrayIndenter.isInline()) {
      --_nesting;
    }
    g.writeRaw(']');
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    if (nrOfEntries > 0) {
      super.writeEndObject(g, nrOfEntries);
      return;
    }
    if (!_objectIndenter.isInline()) {
      --_nesting;
    }
    g.writeRaw('}');
  }
}
