package chorus.protocol.config;

import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily run time as Mattermost writes it ({@code DeletionJobStartTime},
 * {@code DailyRunTime}): "H:MM" or "HH:MM", 24-hour, read like Go's {@code time.Parse("15:04")}.
 */
public final class TimeOfDay {
  private static final Pattern FORMAT = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])");

  private TimeOfDay() {}

  public static Optional<LocalTime> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(value.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
  }
}
