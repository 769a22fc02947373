package chorus.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import chorus.protocol.config.LogSettings;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code LogSettings}: console and file outputs, each with its own level, plain or JSON
 * lines. Replaces the start-up configuration from logback.xml on the root logger only, so the
 * quieter levels set there for chatty libraries stay.
 */
final class LogSetup {
  private static final String PATTERN = "%d{ISO8601} %-5level [%logger{24}] %msg%n";

  private LogSetup() {}

  static void apply(LogSettings settings, Path dataDir) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    Level consoleLevel = Level.toLevel(settings.consoleLevel(), Level.INFO);
    Level fileLevel = Level.toLevel(settings.fileLevel(), Level.INFO);
    root.setLevel(settings.enableFile() && fileLevel.toInt() < consoleLevel.toInt() ? fileLevel : consoleLevel);
    if (settings.enableConsole()) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      attach(root, context, console, "console", consoleLevel, encoder(context, settings.consoleJson()));
    }
    if (settings.enableFile()) {
      Path directory = settings.fileLocation().isBlank() ? dataDir.resolve("logs") : Path.of(settings.fileLocation());
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setFile(directory.resolve("chorus.log").toString());
      attach(root, context, file, "file", fileLevel, encoder(context, false));
    }
  }

  private static void attach(ch.qos.logback.classic.Logger root, LoggerContext context, OutputStreamAppender<ILoggingEvent> appender,
      String name, Level level, Encoder<ILoggingEvent> encoder) {
    ThresholdFilter threshold = new ThresholdFilter();
    threshold.setLevel(level.toString());
    threshold.start();
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder);
    appender.addFilter(threshold);
    appender.start();
    root.addAppender(appender);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }
}
