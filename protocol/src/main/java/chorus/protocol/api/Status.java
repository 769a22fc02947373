package chorus.protocol.api;

/** A user's presence. {@code dnd_end_time} is in seconds, the one API time that is not in milliseconds. */
public record Status(String userId, String status, boolean manual, long lastActivityAt, long dndEndTime) {
  public static final String ONLINE = "online";
  public static final String AWAY = "away";
  public static final String OFFLINE = "offline";
  public static final String DND = "dnd";

  public static boolean isKnown(String status) {
    return ONLINE.equals(status) || AWAY.equals(status) || OFFLINE.equals(status) || DND.equals(status);
  }
}
