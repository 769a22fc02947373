package chorus.protocol.api;

import java.util.List;

/**
 * {@code GET /api/v4/cluster/members}, a Chorus addition with no Mattermost counterpart: the
 * Pekko cluster as the answering node sees it (membership is gossiped, so two nodes may briefly
 * disagree), where the sharded entities live and which node runs each cluster singleton.
 *
 * @param self the answering node's cluster address
 * @param clusteringEnabled {@code ClusterSettings.Enable}; when off the node is a cluster of one
 * @param leader the address of the cluster leader, empty while there is none
 */
public record ClusterMembers(String self, boolean clusteringEnabled, String leader, List<Member> members,
    List<ShardedType> sharding, List<Singleton> singletons) {

  /**
   * One member.
   *
   * @param status Pekko's member status: joining, weakly_up, up, leaving, exiting, down, removed
   * @param reachable false when the answering node's failure detector has marked it unreachable
   * @param oldest the oldest Up member of its data center, where role-less singletons run
   */
  public record Member(String address, String status, List<String> roles, String dataCenter, boolean reachable,
      boolean leader, boolean oldest, boolean self, int upNumber) {}

  /**
   * One sharded entity type across the cluster.
   *
   * @param regions every shard region that answered, with its shards
   * @param failed regions that did not answer in time (their address, or the shard ids that failed)
   */
  public record ShardedType(String entityType, List<Region> regions, List<String> failed) {}

  /** The shards one node hosts: shard id → live entities. */
  public record Region(String address, int shards, int entities, List<Shard> shardList) {}

  public record Shard(String id, int entities) {}

  /**
   * One cluster singleton.
   *
   * @param role the role a node needs to run it; empty: any node
   * @param address where it runs (the oldest Up member with the role), empty when no member has the role
   */
  public record Singleton(String name, String role, String address) {}
}
