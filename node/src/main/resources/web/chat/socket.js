// The page's one WebSocket to /api/v4/websocket, authenticated by the session cookie on the
// upgrade. It keeps Mattermost's reliable-WebSocket contract: every event carries the next
// seq; a gap closes the socket (4001) and the reconnect asks to resume with connection_id and
// sequence_number, which any node of the cluster honours while the connection is resumable.
// A hello with a different connection id means the resume failed and events may be lost: the
// owner is told (onResync) so it refetches what it shows.

const PING_EVERY_MS = 30000;
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 30000;

export class ChatSocket {
  constructor(handlers) {
    this.handlers = handlers; // { onEvent(msg), onState(state), onResync(), onFailures(n) }
    this.connectionId = '';
    this.nextSeq = 0;
    this.failures = 0;
    this.stopped = true;
    this.ws = null;
    this.requestSeq = 1;
    this.replies = new Map();
    this.retryTimer = null;
    this.pingTimer = null;
    this.pingOutstanding = false;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.connectionId = '';
    this.nextSeq = 0;
    if (this.ws) {
      this.ws.close(1000);
      this.ws = null;
    }
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const params = this.connectionId
      ? `?connection_id=${this.connectionId}&sequence_number=${this.nextSeq}`
      : '';
    return `${scheme}//${location.host}/api/v4/websocket${params}`;
  }

  open() {
    this.handlers.onState(this.failures === 0 && !this.connectionId ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(this.url());
    this.ws = ws;
    this.requestSeq = 1;
    this.replies.clear();
    ws.onopen = () => {
      this.failures = 0;
      this.pingOutstanding = false;
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
      this.handlers.onState('connected');
    };
    ws.onmessage = (e) => this.receive(ws, e.data);
    ws.onclose = () => {
      if (this.ws !== ws) {
        return;
      }
      this.ws = null;
      clearInterval(this.pingTimer);
      for (const reject of this.replies.values()) {
        reject.reject(new Error('socket closed'));
      }
      this.replies.clear();
      if (this.stopped) {
        return;
      }
      this.failures += 1;
      this.handlers.onState('reconnecting');
      this.handlers.onFailures(this.failures);
      const backoff = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** Math.min(this.failures - 1, 6));
      this.retryTimer = setTimeout(() => this.open(), backoff + Math.random() * 500);
    };
  }

  receive(ws, text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (msg.seq_reply) {
      const waiting = this.replies.get(msg.seq_reply);
      if (waiting) {
        this.replies.delete(msg.seq_reply);
        if (msg.status === 'OK') {
          waiting.resolve(msg.data);
        } else {
          waiting.reject(new Error(msg.error && msg.error.message ? msg.error.message : 'request failed'));
        }
      }
      return;
    }
    if (!msg.event) {
      return;
    }
    if (msg.event === 'hello') {
      const id = msg.data.connection_id;
      const lost = this.connectionId !== '' && id !== this.connectionId;
      this.connectionId = id;
      this.nextSeq = msg.seq + 1;
      if (lost) {
        this.handlers.onResync();
      }
      this.handlers.onEvent(msg);
      return;
    }
    if (msg.seq !== this.nextSeq) {
      // A gap: reconnect and let the server replay from the first event we lack.
      ws.close(4001);
      return;
    }
    this.nextSeq = msg.seq + 1;
    this.handlers.onEvent(msg);
  }

  /** Sends an action; resolves with the reply's data. */
  request(action, data) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error('not connected'));
    }
    const seq = this.requestSeq++;
    return new Promise((resolve, reject) => {
      this.replies.set(seq, { resolve, reject });
      ws.send(JSON.stringify({ seq, action, data }));
    });
  }

  ping() {
    if (this.pingOutstanding && this.ws) {
      // The last ping went unanswered for a whole interval: the socket is dead without knowing it.
      this.ws.close(4000);
      return;
    }
    this.pingOutstanding = true;
    this.request('ping', {}).then(() => { this.pingOutstanding = false; }, () => {});
  }

  typing(channelId) {
    this.request('user_typing', { channel_id: channelId, parent_id: '' }).catch(() => {});
  }
}
