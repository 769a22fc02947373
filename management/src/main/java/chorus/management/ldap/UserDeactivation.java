package chorus.management.ldap;

/**
 * Ends a deactivated user's presence on every node: sessions dropped from every node's cache
 * and their WebSockets closed. Called after the user's session rows are deleted.
 */
@FunctionalInterface
public interface UserDeactivation {
  void deactivated(String userId);
}
