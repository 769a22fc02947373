package chorus.protocol.cluster;

/**
 * Marker for every message that may cross the network between nodes; the actor system binds
 * it to Jackson CBOR, so a message without it fails loudly instead of using Java serialization.
 */
public interface CborSerializable {}
