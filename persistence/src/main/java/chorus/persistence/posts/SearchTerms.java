package chorus.persistence.posts;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a user typed in Mattermost's search box, split into its parts:
 *
 * <ul>
 *   <li>plain words ({@code hello}), prefixes ({@code hel*}) and {@code "quoted phrases"};
 *   <li>the same with a leading {@code -} to exclude them ({@code -spam}, {@code -"out of office"});
 *   <li>{@code from:username} (also {@code from:@username}), {@code in:channel-name} (also
 *       {@code channel:}, {@code in:~channel-name}, and {@code in:@username} for the direct
 *       channel with that user), each negatable as {@code -from:} / {@code -in:};
 *   <li>{@code before:}, {@code after:} and {@code on:} with a {@code YYYY-MM-DD} date.
 * </ul>
 *
 * <p>Flags are case-insensitive; a flag with no value ({@code from:}) is ignored. A date that is not a valid calendar date is ignored, as is
 * a word with no letter or digit in it; an unterminated quote runs to the end of the input.
 * If a date flag appears twice the last one counts.
 */
public record SearchTerms(
    List<String> words,
    List<String> prefixes,
    List<String> phrases,
    List<String> excludedWords,
    List<String> excludedPrefixes,
    List<String> excludedPhrases,
    List<String> fromUsers,
    List<String> excludedFromUsers,
    List<String> inChannels,
    List<String> excludedInChannels,
    LocalDate before,
    LocalDate after,
    LocalDate on) {

  private static final Set<String> FLAGS = Set.of("from", "in", "channel", "before", "after", "on");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-M-d", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  public SearchTerms {
    words = List.copyOf(words);
    prefixes = List.copyOf(prefixes);
    phrases = List.copyOf(phrases);
    excludedWords = List.copyOf(excludedWords);
    excludedPrefixes = List.copyOf(excludedPrefixes);
    excludedPhrases = List.copyOf(excludedPhrases);
    fromUsers = List.copyOf(fromUsers);
    excludedFromUsers = List.copyOf(excludedFromUsers);
    inChannels = List.copyOf(inChannels);
    excludedInChannels = List.copyOf(excludedInChannels);
  }

  public static SearchTerms parse(String terms) {
    Builder builder = new Builder();
    String text = terms == null ? "" : terms;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '"')) {
        boolean excluded = c == '-';
        int open = excluded ? i + 1 : i;
        int close = text.indexOf('"', open + 1);
        int end = close < 0 ? text.length() : close;
        builder.phrase(text.substring(open + 1, end), excluded);
        i = close < 0 ? text.length() : close + 1;
      } else {
        int end = i;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
          end++;
        }
        builder.token(text.substring(i, end));
        i = end;
      }
    }
    return builder.build();
  }

  /** True when there is nothing to match on the message text. */
  public boolean hasNoText() {
    return words.isEmpty() && prefixes.isEmpty() && phrases.isEmpty()
        && excludedWords.isEmpty() && excludedPrefixes.isEmpty() && excludedPhrases.isEmpty();
  }

  /** True when nothing at all was asked for. */
  public boolean isEmpty() {
    return hasNoText() && fromUsers.isEmpty() && excludedFromUsers.isEmpty() && inChannels.isEmpty()
        && excludedInChannels.isEmpty() && before == null && after == null && on == null;
  }

  private static final class Builder {
    final List<String> words = new ArrayList<>();
    final List<String> prefixes = new ArrayList<>();
    final List<String> phrases = new ArrayList<>();
    final List<String> excludedWords = new ArrayList<>();
    final List<String> excludedPrefixes = new ArrayList<>();
    final List<String> excludedPhrases = new ArrayList<>();
    final List<String> fromUsers = new ArrayList<>();
    final List<String> excludedFromUsers = new ArrayList<>();
    final List<String> inChannels = new ArrayList<>();
    final List<String> excludedInChannels = new ArrayList<>();
    LocalDate before;
    LocalDate after;
    LocalDate on;

    void phrase(String raw, boolean excluded) {
      String phrase = raw.trim().replaceAll("\\s+", " ");
      if (hasWordCharacter(phrase)) {
        (excluded ? excludedPhrases : phrases).add(phrase);
      }
    }

    void token(String raw) {
      boolean excluded = raw.length() > 1 && raw.charAt(0) == '-';
      String token = excluded ? raw.substring(1) : raw;
      int colon = token.indexOf(':');
      if (colon > 0 && colon == token.length() - 1 && FLAGS.contains(token.substring(0, colon).toLowerCase(Locale.ROOT))) {
        return;
      }
      if (colon > 0 && colon < token.length() - 1 && flag(token.substring(0, colon).toLowerCase(Locale.ROOT),
          token.substring(colon + 1), excluded)) {
        return;
      }
      word(token, excluded);
    }

    /** Applies a flag; false when the token is not a known flag and so is a word. */
    boolean flag(String name, String value, boolean excluded) {
      switch (name) {
        case "from" -> (excluded ? excludedFromUsers : fromUsers).add(stripLeading(value, '@').toLowerCase(Locale.ROOT));
        case "in", "channel" -> (excluded ? excludedInChannels : inChannels).add(stripLeading(value, '~'));
        case "before" -> before = date(value, before);
        case "after" -> after = date(value, after);
        case "on" -> on = date(value, on);
        default -> {
          return false;
        }
      }
      return true;
    }

    void word(String token, boolean excluded) {
      boolean prefix = token.endsWith("*");
      String word = prefix ? token.replaceAll("\\*+$", "") : token;
      if (!hasWordCharacter(word)) {
        return;
      }
      if (prefix) {
        (excluded ? excludedPrefixes : prefixes).add(word);
      } else {
        (excluded ? excludedWords : words).add(word);
      }
    }

    SearchTerms build() {
      return new SearchTerms(words, prefixes, phrases, excludedWords, excludedPrefixes, excludedPhrases,
          fromUsers, excludedFromUsers, inChannels, excludedInChannels, before, after, on);
    }

    private static LocalDate date(String value, LocalDate previous) {
      try {
        return LocalDate.parse(value, DATE);
      } catch (DateTimeParseException e) {
        return previous;
      }
    }

    private static String stripLeading(String value, char mark) {
      return value.length() > 1 && value.charAt(0) == mark ? value.substring(1) : value;
    }

    private static boolean hasWordCharacter(String text) {
      return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }
  }
}
