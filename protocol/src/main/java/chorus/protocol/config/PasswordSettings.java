package chorus.protocol.config;

public record PasswordSettings(int minimumLength, boolean lowercase, boolean number, boolean uppercase, boolean symbol) {
  public static PasswordSettings defaults() {
    return new PasswordSettings(8, false, false, false, false);
  }
}
