package chorus.protocol.cluster;

/**
 * Published by an existing node on one bus bucket at a starting node's request; when the
 * starting node's hub has received one from every member on every bucket, every member's
 * topics know it and nothing published from then on can miss it.
 */
public record TopicProbe(String targetNode, String fromNode, int bucket) implements BusMessage {}
