package chorus.protocol.config;

/** Logging; an empty {@code FileLocation} means {@code <data dir>/logs}. */
public record LogSettings(
    boolean enableConsole, String consoleLevel, boolean consoleJson, boolean enableFile, String fileLevel, String fileLocation) {

  public static LogSettings defaults() {
    return new LogSettings(true, "INFO", false, true, "INFO", "");
  }
}
