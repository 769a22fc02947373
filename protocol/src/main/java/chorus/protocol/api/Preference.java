package chorus.protocol.api;

/** One of a user's preferences, keyed by (user, category, name); {@code value} is opaque text to the server. */
public record Preference(String userId, String category, String name, String value) {}
