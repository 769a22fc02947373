package chorus.loadtest.check;

/**
 * What {@link DeliveryChecker} found.
 *
 * @param acknowledgedPosts posts the server answered 201 for
 * @param expectedDeliveries (client, post) pairs the server owed: each acknowledged post once
 *     for every client subscribed to its channel before it was created
 * @param delivered distinct (client, post) pairs that arrived, expected or not
 * @param missing owed pairs that never arrived
 * @param duplicated arrivals of a post a client had already received
 * @param outOfOrder arrivals older (by {@code create_at}) than one the client already had
 * @param unexpected distinct arrivals that were not owed: a post never acknowledged, or a
 *     channel the client does not watch
 */
public record DeliveryReport(
    long acknowledgedPosts,
    long expectedDeliveries,
    long delivered,
    long missing,
    long duplicated,
    long outOfOrder,
    long unexpected) {

  /** True when every owed delivery arrived exactly once, in order, and nothing else arrived. */
  public boolean exact() {
    return missing == 0 && duplicated == 0 && outOfOrder == 0 && unexpected == 0;
  }
}
