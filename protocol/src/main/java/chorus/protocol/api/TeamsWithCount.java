package chorus.protocol.api;

import java.util.List;

/** {@code GET /teams?include_total_count=true}: one page of teams and how many there are in all. */
public record TeamsWithCount(List<Team> teams, long totalCount) {}
