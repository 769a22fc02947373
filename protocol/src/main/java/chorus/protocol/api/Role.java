package chorus.protocol.api;

import java.util.List;

/** A role as Mattermost's {@code /roles} routes show it. Chorus's roles are built in: no scheme edits them. */
public record Role(
    String id,
    String name,
    String displayName,
    String description,
    long createAt,
    long updateAt,
    long deleteAt,
    List<String> permissions,
    boolean schemeManaged,
    boolean builtIn) {

  public Role {
    permissions = List.copyOf(permissions);
  }
}
