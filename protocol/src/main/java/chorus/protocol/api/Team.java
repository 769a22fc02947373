package chorus.protocol.api;

public record Team(
    String id,
    long createAt,
    long updateAt,
    long deleteAt,
    String displayName,
    String name,
    String description,
    String email,
    String type,
    String companyName,
    String allowedDomains,
    String inviteId,
    boolean allowOpenInvite,
    String schemeId,
    Boolean groupConstrained,
    String policyId,
    boolean cloudLimitsArchived) {

  public static final String OPEN = "O";
  public static final String INVITE = "I";

  /** What a non-admin sees: the invite id and contact e-mail are private to team admins. */
  public Team sanitized() {
    return new Team(id, createAt, updateAt, deleteAt, displayName, name, description, "", type, companyName,
        allowedDomains, "", allowOpenInvite, schemeId, groupConstrained, policyId, cloudLimitsArchived);
  }
}
