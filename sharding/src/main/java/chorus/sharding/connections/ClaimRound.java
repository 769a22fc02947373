package chorus.sharding.connections;

import chorus.protocol.cluster.ConnectionState;
import java.util.Optional;

/**
 * One claim for a connection id, from the claimant's side: its own hub says how many hubs
 * will answer; each answers that it holds nothing, or that it told the holder to surrender,
 * and the holder then sends the state. The round is over as soon as the state arrives, or
 * once every hub has answered and none knew the connection; a holder that was told but never
 * answers (its node just died) is waited for only until the claimant's deadline.
 * Not thread-safe: it lives inside the claiming connection's actor.
 */
public final class ClaimRound {
  private int expected = -1;
  private int answered;
  private boolean holderTold;
  private ConnectionState claimed;

  /** The claimant's hub: this many hubs (itself included) will answer. */
  public void planned(int answers) {
    expected = answers;
  }

  public void answer(ClaimReply reply) {
    if (reply instanceof ClaimReply.Claimed found) {
      if (claimed == null) {
        claimed = found.state();
      }
    } else {
      answered++;
      if (reply instanceof ClaimReply.Forwarded) {
        holderTold = true;
      }
    }
  }

  public boolean done() {
    return claimed != null || (expected >= 0 && answered >= expected && !holderTold);
  }

  /** The state, if a holder surrendered it. */
  public Optional<ConnectionState> result() {
    return Optional.ofNullable(claimed);
  }
}
