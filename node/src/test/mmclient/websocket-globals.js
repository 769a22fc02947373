'use strict';
// Node 20 has neither a global WebSocket nor CloseEvent. @mattermost/client's WebSocketClient
// builds sockets with `new WebSocket(url)`, reads `WebSocket.OPEN` and, on ping timeout or a seq
// gap, closes with `new CloseEvent(...)` - all from the global scope - so passing newWebSocketFn
// alone is not enough. Require this before the library. ws is used on every Node version so runs
// are alike.
globalThis.WebSocket = require('ws');
if (typeof globalThis.CloseEvent === 'undefined') {
    globalThis.CloseEvent = class CloseEvent extends Event {
        constructor(type, init = {}) {
            super(type);
            this.code = init.code ?? 0;
            this.reason = init.reason ?? '';
            this.wasClean = Boolean(init.wasClean);
        }
    };
}
