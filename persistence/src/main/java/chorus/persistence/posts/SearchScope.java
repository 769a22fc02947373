package chorus.persistence.posts;

import java.util.Set;

/**
 * The id sets a search is limited by, after from:/in: names have been resolved. An empty
 * inclusion set means "no limit"; a limit that resolved to nothing never gets this far
 * (the search has no results).
 */
record SearchScope(Set<String> fromUserIds, Set<String> excludedFromUserIds,
    Set<String> inChannelIds, Set<String> excludedInChannelIds) {}
