package chorus.node.users;

import chorus.node.http.ApiException;
import chorus.protocol.api.CreateUserRequest;
import chorus.protocol.config.PasswordSettings;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Mattermost's rules for a new account: username shape, e-mail shape, password policy. */
public final class UserRules {
  private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9.\\-_]{2,21}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Set<String> RESERVED = Set.of("all", "channel", "here", "matterbot", "system", "mattermost");

  private final Supplier<PasswordSettings> policy;

  /** @param policy the current PasswordSettings, read per check so that a config change applies to the next password */
  public UserRules(Supplier<PasswordSettings> policy) {
    this.policy = policy;
  }

  public UserRules(PasswordSettings policy) {
    this(() -> policy);
  }

  public void check(CreateUserRequest request) {
    checkProfile(request.username(), request.email(), request.firstName(), request.lastName(), request.nickname(),
        request.position(), null);
    checkPassword(request.password() == null ? "" : request.password());
  }

  /** The rules every stored account keeps, for a new one and for a changed profile; a null locale is not checked. */
  public void checkProfile(String username, String email, String firstName, String lastName, String nickname, String position,
      String locale) {
    String name = username == null ? "" : username;
    if (!USERNAME.matcher(name).matches() || RESERVED.contains(name)) {
      throw invalid("username", "Username must begin with a letter and contain between 3 and 22 lowercase characters made up of numbers, letters, and the symbols '.', '-', and '_'.");
    }
    String mail = email == null ? "" : email;
    if (mail.length() > 128 || !EMAIL.matcher(mail).matches()) {
      throw invalid("email", "Invalid email.");
    }
    checkLength(firstName, 64, "first_name");
    checkLength(lastName, 64, "last_name");
    checkLength(nickname, 64, "nickname");
    checkLength(position, 128, "position");
    // Mattermost's UserLocaleMaxLength; the column holds no more.
    if (locale != null && (locale.isEmpty() || locale.length() > 5)) {
      throw invalid("locale", "Invalid locale.");
    }
  }

  /** The password policy alone, for a new password on an existing account. */
  public void checkPassword(String password) {
    PasswordSettings passwords = policy.get();
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    boolean ok = password.length() >= passwords.minimumLength() && bytes <= Passwords.MAX_BYTES
        && (!passwords.lowercase() || password.chars().anyMatch(Character::isLowerCase))
        && (!passwords.uppercase() || password.chars().anyMatch(Character::isUpperCase))
        && (!passwords.number() || password.chars().anyMatch(Character::isDigit))
        && (!passwords.symbol() || password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)));
    if (!ok) {
      throw ApiException.badRequest("model.user.is_valid.pwd.app_error",
          "Your password must contain between " + passwords.minimumLength() + " and " + Passwords.MAX_BYTES + " characters"
              + (passwords.lowercase() ? ", a lowercase letter" : "") + (passwords.uppercase() ? ", an uppercase letter" : "")
              + (passwords.number() ? ", a number" : "") + (passwords.symbol() ? ", a symbol" : "") + ".");
    }
  }

  private static void checkLength(String value, int max, String field) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      throw invalid(field, "Invalid " + field + ".");
    }
  }

  private static ApiException invalid(String field, String message) {
    return ApiException.badRequest("model.user.is_valid." + field + ".app_error", message);
  }
}
