package chorus.protocol.api;

import java.util.List;

/** A page of a user's followed threads and the totals over all of them ({@code Threads} in Mattermost). */
public record UserThreadList(long total, long totalUnreadThreads, long totalUnreadMentions, List<UserThread> threads) {}
