package chorus.protocol.config;

/**
 * Mattermost's password policy, plus {@code BcryptCost}, Chorus's own: Mattermost hard-codes
 * bcrypt's cost at 10; an operator may raise it as machines get faster. Existing hashes keep
 * the cost they were made with (bcrypt stores it in the hash) and still verify.
 */
public record PasswordSettings(int minimumLength, boolean lowercase, boolean number, boolean uppercase, boolean symbol,
    int bcryptCost) {
  public static final int MIN_BCRYPT_COST = 4;
  public static final int MAX_BCRYPT_COST = 31;

  public static PasswordSettings defaults() {
    return new PasswordSettings(8, false, false, false, false, 10);
  }
}
