package chorus.management.jobs;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when no up member of the cluster carries {@link JobScheduler#ROLE}: then nothing
 * schedules jobs (Mattermost's bug of a leader with {@code RunScheduler=false}, here made
 * visible). It waits {@code grace} after the cluster changed before it judges, so nodes joining
 * one after the other do not raise a false alarm, and warns once per such period.
 */
public final class SchedulerWatch {
  private static final Logger log = LoggerFactory.getLogger(SchedulerWatch.class);

  private SchedulerWatch() {}

  private enum Judge { INSTANCE }

  public static Behavior<Object> create(Duration grace) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      ActorRef<ClusterEvent.MemberEvent> self = context.getSelf().narrow();
      cluster.subscriptions().tell(Subscribe.create(self, ClusterEvent.MemberEvent.class));
      return Behaviors.withTimers(timers -> {
        timers.startSingleTimer(Judge.INSTANCE, grace);
        boolean[] warned = {false};
        return Behaviors.receive(Object.class)
            .onMessage(ClusterEvent.MemberEvent.class, event -> {
              timers.startSingleTimer(Judge.INSTANCE, grace);
              return Behaviors.same();
            })
            .onMessageEquals(Judge.INSTANCE, () -> {
              boolean present = false;
              for (Member member : cluster.state().getMembers()) {
                present |= member.status() == MemberStatus.up() && member.hasRole(JobScheduler.ROLE);
              }
              if (!present && !warned[0]) {
                log.warn("No node of this cluster has JobSettings.RunScheduler=true: no job is scheduled"
                    + " (data retention, LDAP sync, compliance export) until one joins");
              }
              warned[0] = !present;
              return Behaviors.same();
            })
            .build();
      });
    });
  }
}
