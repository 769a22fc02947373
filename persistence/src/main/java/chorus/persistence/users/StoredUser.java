package chorus.persistence.users;

import chorus.protocol.api.User;

/** A user together with the bcrypt hash a login is checked against; never leaves the server. */
public record StoredUser(User user, String passwordHash) {

  @Override
  public String toString() {
    return "StoredUser[user=" + user.id() + ", passwordHash=****]";
  }
}
