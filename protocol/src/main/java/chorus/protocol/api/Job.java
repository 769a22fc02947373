package chorus.protocol.api;

import java.util.Map;

/** A row of the jobs table as Mattermost's jobs API shows it. */
public record Job(
    String id,
    String type,
    long priority,
    long createAt,
    long startAt,
    long lastActivityAt,
    String status,
    long progress,
    Map<String, String> data) {

  public static final String LDAP_SYNC = "ldap_sync";
  public static final String DATA_RETENTION = "data_retention";
  public static final String MESSAGE_EXPORT = "message_export";

  public static final String PENDING = "pending";
  public static final String IN_PROGRESS = "in_progress";
  public static final String SUCCESS = "success";
  public static final String ERROR = "error";
  public static final String CANCEL_REQUESTED = "cancel_requested";
  public static final String CANCELED = "canceled";
  public static final String WARNING = "warning";
}
