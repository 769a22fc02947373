package chorus.protocol.api;

import java.util.List;

/** A user's sidebar in a team: the categories and their order (their ids). */
public record SidebarCategories(List<SidebarCategory> categories, List<String> order) {}
