package chorus.protocol.cluster;

/**
 * What travels on the cluster's event bus (the hashed bucket topics every node's hub
 * subscribes to): WebSocket events, and the few node-wide notices that must reach every
 * node the same way events do, so that one readiness handshake covers them all.
 */
public sealed interface BusMessage extends CborSerializable
    permits ClusterEvent, SessionsRevoked, WriteMark, TopicProbe {}
