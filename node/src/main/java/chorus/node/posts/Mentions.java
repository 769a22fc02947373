package chorus.node.posts;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a message mentions, by Mattermost's rules: {@code @username} (usernames are lowercase
 * letters, digits, '.', '-' and '_'; punctuation that ends a sentence is not part of one),
 * {@code @channel} and {@code @all} for every member, {@code @here} for the members online.
 * Text in code (fenced blocks and inline spans) mentions nobody, and an '@' inside a word (an
 * e-mail address) is not a mention.
 *
 * @param usernames the names that may be meant, lowercase, without the '@'
 */
record Mentions(Set<String> usernames, boolean channelWide, boolean here) {
  private static final Pattern CODE = Pattern.compile("```.*?(```|\\z)|`[^`\\n]*`", Pattern.DOTALL);
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([\\p{L}\\p{N}._-]+)");
  private static final Mentions NONE = new Mentions(Set.of(), false, false);

  static Mentions in(String message) {
    if (message == null || message.indexOf('@') < 0) {
      return NONE;
    }
    Set<String> usernames = new LinkedHashSet<>();
    boolean channelWide = false;
    boolean here = false;
    Matcher mention = MENTION.matcher(CODE.matcher(message).replaceAll(" "));
    while (mention.find()) {
      String written = mention.group(1).toLowerCase(java.util.Locale.ROOT);
      String name = trimTrailingPunctuation(written);
      switch (name) {
        case "" -> { }
        case "channel", "all" -> channelWide = true;
        case "here" -> here = true;
        default -> {
          usernames.add(name);
          usernames.add(written);
        }
      }
    }
    return new Mentions(Set.copyOf(usernames), channelWide, here);
  }

  private static String trimTrailingPunctuation(String name) {
    int end = name.length();
    while (end > 0 && ".-_".indexOf(name.charAt(end - 1)) >= 0) {
      end--;
    }
    return name.substring(0, end);
  }
}
