package chorus.protocol.api;

import java.util.Map;

public record Channel(
    String id,
    long createAt,
    long updateAt,
    long deleteAt,
    String teamId,
    String type,
    String displayName,
    String name,
    String header,
    String purpose,
    long lastPostAt,
    long totalMsgCount,
    long extraUpdateAt,
    String creatorId,
    String schemeId,
    Map<String, Object> props,
    Boolean groupConstrained,
    Boolean shared,
    long totalMsgCountRoot,
    String policyId,
    long lastRootPostAt) {

  public static final String OPEN = "O";
  public static final String PRIVATE = "P";
  public static final String DIRECT = "D";
  public static final String GROUP = "G";

  /** A direct channel's name: both user ids, sorted, joined by two underscores. */
  public static String directName(String userA, String userB) {
    return userA.compareTo(userB) < 0 ? userA + "__" + userB : userB + "__" + userA;
  }
}
