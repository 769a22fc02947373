package chorus.persistence.users;

import java.util.List;

/**
 * What a user search looks for, as Mattermost's database search does it: every word must be
 * the start of one of the searched fields (case-insensitive). Username and nickname are always
 * searched; first and last name only when the caller may see full names, e-mail only when the
 * caller may see e-mail addresses. No words means every user of the scope.
 *
 * @param words the search words, already trimmed and without a leading {@code @}
 * @param allowInactive whether deactivated accounts may be found
 */
public record UserMatch(List<String> words, boolean fullNames, boolean emails, boolean allowInactive) {
  public UserMatch {
    words = List.copyOf(words);
  }
}
