package chorus.node.websocket;

/** Why a connection whose client fell behind was disconnected (it stays resumable). */
final class ClientTooSlow extends RuntimeException {
  ClientTooSlow() {
    super("the client did not read its " + ConnectionSocket.SIZE + "-frame queue in time", null, false, false);
  }
}
