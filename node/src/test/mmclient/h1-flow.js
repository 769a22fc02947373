'use strict';
// Drives the H.1 flow of the Mattermost wire-compatibility spec against a live server with the
// official @mattermost/client 11.9.0. Usage: node h1-flow.js <baseUrl>   (e.g. http://127.0.0.1:8065)
// Prints one line per passed step and ends with "N passed, 0 failed"; any failure exits with code 1.

const util = require('node:util');

require('./websocket-globals');

// The library chats on console.log ("websocket connecting to ...", whole error events); send that
// to stderr so stdout carries only the step report.
const toStderr = (...args) => process.stderr.write(`[mmclient] ${util.formatWithOptions({depth: 1}, ...args)}\n`);
console.log = toStderr;
console.warn = toStderr;

const {Client4, ClientError, WebSocketClient} = require('@mattermost/client');

const OVERALL_TIMEOUT_MS = 60000;
const WS_TIMEOUT_MS = 10000;
const TYPING_GRACE_MS = 500;
const POLL_MS = 20;
const PASSWORD = 'Passw0rd!Passw0rd';

// Client4 hands back only bodies. Record status and Content-Type of every response so that create
// calls can be checked for 201 and failures can say what the server actually answered.
const httpLog = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init = {}) => {
    const res = await realFetch(url, init);
    httpLog.push({
        method: String(init.method ?? 'GET').toUpperCase(),
        path: new URL(String(url)).pathname,
        status: res.status,
        contentType: res.headers.get('content-type'),
    });
    return res;
};
const lastHttp = () => httpLog[httpLog.length - 1];
const describeHttp = (h) => (h ? `${h.method} ${h.path} -> HTTP ${h.status}, Content-Type ${JSON.stringify(h.contentType)}` : 'no HTTP response');

class AssertionError extends Error {}

function check(condition, message) {
    if (!condition) {
        throw new AssertionError(message);
    }
}

function expectStatus(expected) {
    const h = lastHttp();
    check(h && h.status === expected, `expected HTTP ${expected}, got ${describeHttp(h)}`);
}

// The client JSON-parses a body only when Content-Type is exactly "application/json" and
// otherwise returns the raw text, so a string here almost always means a wrong Content-Type.
function expectObject(value, what) {
    check(value !== null && typeof value === 'object',
        `${what}: expected a JSON body, got ${typeof value} ${JSON.stringify(value)?.slice(0, 200)} (${describeHttp(lastHttp())})`);
    return value;
}

function describeError(err) {
    if (err instanceof ClientError) {
        return `${err.message || '(empty message)'} [${describeHttp(lastHttp())}; body id=${err.server_error_id}, status_code=${err.status_code}]`;
    }
    let message = err?.message ?? String(err);
    if (err?.cause) {
        message += ` (cause: ${[err.cause.code, err.cause.message].filter(Boolean).join(' ') || err.cause})`;
    }
    return message;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function summarize(events) {
    const text = JSON.stringify(events.slice(-10));
    return text.length > 2000 ? `${text.slice(0, 2000)}...` : text;
}

// Resolves with the first event in `events` (already received or arriving later) matching
// `predicate`; rejects once timeoutMs has passed.
function waitFor(events, predicate, timeoutMs, description = 'a matching event') {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
        const poll = () => {
            const hit = events.find(predicate);
            if (hit) {
                resolve(hit);
            } else if (Date.now() >= deadline) {
                reject(new AssertionError(`timed out after ${timeoutMs} ms waiting for ${description}; last events received: ${summarize(events)}`));
            } else {
                setTimeout(poll, POLL_MS);
            }
        };
        poll();
    });
}

// Sends one websocket request and resolves with the reply routed back to it by seq_reply.
function wsRequest(send, description) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new AssertionError(`no reply (seq_reply) to ${description} within ${WS_TIMEOUT_MS} ms`)), WS_TIMEOUT_MS);
        send((reply) => {
            clearTimeout(timer);
            resolve(reply);
        });
    });
}

const CLOSE_CODE_HINTS = {
    1006: 'abnormal closure: connection dropped or upgrade refused',
    4000: 'client ping timeout: a "ping" action got no reply',
    4001: 'client saw a seq gap: events on a connection must be numbered 0, 1, 2, ... without gaps',
};

// Settled only on failure: an unexpected socket close or the overall deadline aborts the flow.
let abortFlow;
const aborted = new Promise((_, reject) => {
    abortFlow = reject;
});

function openSocket(label, client) {
    const side = {label, ws: new WebSocketClient(), events: [], closing: false};
    side.ws.addMessageListener((msg) => side.events.push(msg));
    side.ws.addCloseListener(() => {
        if (!side.closing) {
            const code = side.ws.lastErrCode;
            abortFlow(new AssertionError(`websocket ${label} closed unexpectedly (close code ${code ?? 'unknown'}${CLOSE_CODE_HINTS[code] ? `: ${CLOSE_CODE_HINTS[code]}` : ''})`));
        }
    });
    // getWebSocketUrl() is http(s)://host/api/v4/websocket; the app swaps in the ws scheme.
    side.ws.initialize(client.getWebSocketUrl().replace(/^http/, 'ws'), client.getToken());
    return side;
}

function postIdOf(event) {
    const raw = event.data?.post;
    try {
        return (typeof raw === 'string' ? JSON.parse(raw) : raw)?.id;
    } catch {
        return undefined;
    }
}

function parseEventPost(event) {
    check(typeof event.data.post === 'string', `${event.event}: data.post must be a JSON-encoded string, got ${typeof event.data.post}`);
    return JSON.parse(event.data.post);
}

async function flow(base, report) {
    const {step} = report;
    const suffix = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    const clientA = new Client4();
    const clientB = new Client4();
    clientA.setUrl(base);
    clientB.setUrl(base);
    const users = {
        a: {username: `a-${suffix}`, email: `a-${suffix}@example.com`, password: PASSWORD},
        b: {username: `b-${suffix}`, email: `b-${suffix}@example.com`, password: PASSWORD},
    };
    let userA;
    let userB;
    let team;
    let channel;
    let sockA;
    let sockB;
    let post;
    const pendingPostId = `${suffix}:${Date.now()}`;
    const message = `hello from A ${suffix}`;
    const editWord = `edited${suffix}`;
    const editedMessage = `${message} ${editWord}`;

    await step('ping(true) reports status OK and database_status OK', async () => {
        const res = expectObject(await clientA.ping(true), 'ping');
        check(res.status === 'OK', `status: expected "OK", got ${JSON.stringify(res.status)}`);
        check(res.database_status === 'OK', `database_status: expected "OK", got ${JSON.stringify(res.database_status)}`);
    });

    await step('getClientConfig() returns a config with a string Version', async () => {
        const config = expectObject(await clientA.getClientConfig(), 'getClientConfig');
        check(typeof config.Version === 'string', `Version: expected a string, got ${JSON.stringify(config.Version)}`);
    });

    await step('createUser A answers 201 with the new user', async () => {
        userA = expectObject(await clientA.createUser(users.a), 'createUser A');
        expectStatus(201);
        check(typeof userA.id === 'string' && userA.id.length === 26, `user id: expected 26 characters, got ${JSON.stringify(userA.id)}`);
        check(userA.username === users.a.username, `username: expected ${users.a.username}, got ${JSON.stringify(userA.username)}`);
        check(!('password' in userA), 'the created user must not include password');
    });

    await step('createUser B answers 201 with the new user', async () => {
        userB = expectObject(await clientB.createUser(users.b), 'createUser B');
        expectStatus(201);
        check(typeof userB.id === 'string' && userB.id.length === 26, `user id: expected 26 characters, got ${JSON.stringify(userB.id)}`);
        check(userB.id !== userA.id, 'A and B got the same id');
    });

    await step('login A and B sets a session token from the Token header', async () => {
        for (const [client, user, created] of [[clientA, users.a, userA], [clientB, users.b, userB]]) {
            const profile = expectObject(await client.login(user.username, user.password), `login ${user.username}`);
            check(profile.id === created.id, `login ${user.username}: expected user ${created.id}, got ${JSON.stringify(profile.id)}`);
            check(client.getToken(), `login ${user.username}: no Token response header, so the client has no session token`);
        }
        check(clientA.getToken() !== clientB.getToken(), 'A and B got the same session token');
    });

    await step('getMe() returns the caller for A and B', async () => {
        const meA = expectObject(await clientA.getMe(), 'getMe A');
        const meB = expectObject(await clientB.getMe(), 'getMe B');
        check(meA.id === userA.id, `getMe A: expected ${userA.id}, got ${JSON.stringify(meA.id)}`);
        check(meB.id === userB.id, `getMe B: expected ${userB.id}, got ${JSON.stringify(meB.id)}`);
    });

    await step('getProfilesByIds([A, B]) returns both users', async () => {
        const profiles = await clientA.getProfilesByIds([userA.id, userB.id]);
        check(Array.isArray(profiles), `expected an array, got ${JSON.stringify(profiles)?.slice(0, 200)}`);
        const ids = profiles.map((p) => p.id);
        check(ids.includes(userA.id) && ids.includes(userB.id), `expected ids ${userA.id} and ${userB.id}, got ${JSON.stringify(ids)}`);
        check(profiles.every((p) => !('password' in p)), 'profiles must not include password');
    });

    await step('A createTeam answers 201 with an open team', async () => {
        const wanted = {name: `h1-${suffix}`, display_name: `H1 ${suffix}`, type: 'O'};
        team = expectObject(await clientA.createTeam(wanted), 'createTeam');
        expectStatus(201);
        check(team.name === wanted.name && team.type === 'O', `expected name ${wanted.name} type O, got ${JSON.stringify({name: team.name, type: team.type})}`);
    });

    await step('A addToTeam(team, B) answers 201 and B getMyTeams() contains the team', async () => {
        const member = expectObject(await clientA.addToTeam(team.id, userB.id), 'addToTeam');
        expectStatus(201);
        check(member.team_id === team.id && member.user_id === userB.id, `unexpected team member ${JSON.stringify(member)}`);
        const teams = await clientB.getMyTeams();
        check(Array.isArray(teams) && teams.some((t) => t.id === team.id), `B's teams do not contain ${team.id}: ${JSON.stringify(teams)?.slice(0, 300)}`);
    });

    await step('A createChannel answers 201 with an open channel in the team', async () => {
        const wanted = {team_id: team.id, name: `h1-${suffix}`, display_name: `H1 ${suffix}`, type: 'O'};
        channel = expectObject(await clientA.createChannel(wanted), 'createChannel');
        expectStatus(201);
        check(channel.team_id === team.id && channel.name === wanted.name && channel.type === 'O',
            `unexpected channel ${JSON.stringify({team_id: channel.team_id, name: channel.name, type: channel.type})}`);
    });

    await step('A addToChannel(B, channel) answers 201 and B getMyChannels(team) contains it', async () => {
        const member = expectObject(await clientA.addToChannel(userB.id, channel.id), 'addToChannel');
        expectStatus(201);
        check(member.channel_id === channel.id && member.user_id === userB.id, `unexpected channel member ${JSON.stringify(member)}`);
        const channels = await clientB.getMyChannels(team.id);
        check(Array.isArray(channels) && channels.some((c) => c.id === channel.id), `B's channels do not contain ${channel.id}: ${JSON.stringify(channels)?.slice(0, 300)}`);
    });

    await step('websockets of A and B authenticate and receive hello (seq 0) first', async () => {
        sockA = openSocket('A', clientA);
        sockB = openSocket('B', clientB);
        report.sockets.push(sockA, sockB);
        for (const side of [sockA, sockB]) {
            const hello = await waitFor(side.events, (e) => e.event === 'hello', WS_TIMEOUT_MS, `hello on websocket ${side.label}`);
            check(side.events[0] === hello, `websocket ${side.label}: hello must be the first event, got ${summarize(side.events)}`);
            check(typeof hello.data?.connection_id === 'string' && hello.data.connection_id.length > 0,
                `websocket ${side.label}: hello without data.connection_id: ${JSON.stringify(hello)}`);
        }
        check(sockA.events[0].data.connection_id !== sockB.events[0].data.connection_id, 'A and B got the same connection_id');
    });

    await step('websocket "ping" action gets an OK reply with text "pong"', async () => {
        const reply = await wsRequest((cb) => sockA.ws.sendMessage('ping', null, cb), '"ping"');
        check(reply.status === 'OK', `expected status OK, got ${JSON.stringify(reply)}`);
        check(reply.data?.text === 'pong', `expected data.text "pong", got ${JSON.stringify(reply)}`);
    });

    await step('A userTyping: B receives typing from A, A receives none', async () => {
        const reply = await wsRequest((cb) => sockA.ws.userTyping(channel.id, '', cb), '"user_typing"');
        check(reply.status === 'OK', `user_typing reply: expected status OK, got ${JSON.stringify(reply)}`);
        const typing = await waitFor(sockB.events, (e) => e.event === 'typing' && e.data?.user_id === userA.id,
            WS_TIMEOUT_MS, `typing from A on websocket B`);
        // The webapp takes the channel of a typing event from the broadcast, not from data.
        check(typing.broadcast?.channel_id === channel.id, `typing: expected broadcast.channel_id ${channel.id}, got ${JSON.stringify(typing.broadcast)}`);
        // Absence cannot be awaited: give the server a short grace after B's receipt, then look.
        await sleep(TYPING_GRACE_MS);
        const own = sockA.events.filter((e) => e.event === 'typing');
        check(own.length === 0, `the sender must not receive its own typing event, A got ${JSON.stringify(own)}`);
    });

    await step('A createPost answers 201 and B receives posted', async () => {
        post = expectObject(await clientA.createPost({channel_id: channel.id, message, pending_post_id: pendingPostId}), 'createPost');
        expectStatus(201);
        check(typeof post.id === 'string' && post.id.length === 26, `post id: expected 26 characters, got ${JSON.stringify(post.id)}`);
        check(post.message === message && post.channel_id === channel.id && post.user_id === userA.id,
            `unexpected post ${JSON.stringify({message: post.message, channel_id: post.channel_id, user_id: post.user_id})}`);
        check(post.pending_post_id === pendingPostId, `pending_post_id must be echoed: expected ${pendingPostId}, got ${JSON.stringify(post.pending_post_id)}`);
        check(Number.isInteger(post.create_at) && post.create_at > 0, `create_at: expected ms since epoch, got ${JSON.stringify(post.create_at)}`);
        const posted = await waitFor(sockB.events, (e) => e.event === 'posted' && postIdOf(e) === post.id, WS_TIMEOUT_MS, `posted ${post.id} on websocket B`);
        const received = parseEventPost(posted);
        check(received.message === message, `posted: expected message ${JSON.stringify(message)}, got ${JSON.stringify(received.message)}`);
        // The webapp matches its optimistic post to the posted event by pending_post_id.
        check(received.pending_post_id === pendingPostId, `posted: expected pending_post_id ${pendingPostId}, got ${JSON.stringify(received.pending_post_id)}`);
    });

    await step('getPosts(channel) contains the post', async () => {
        const list = expectObject(await clientB.getPosts(channel.id), 'getPosts');
        check(Array.isArray(list.order) && list.order.includes(post.id), `order does not contain ${post.id}: ${JSON.stringify(list.order)}`);
        check(list.posts?.[post.id]?.message === message, `posts[${post.id}] missing or wrong: ${JSON.stringify(list.posts?.[post.id])}`);
    });

    await step('getPostsSince(channel, create_at - 1) contains the post', async () => {
        const list = expectObject(await clientB.getPostsSince(channel.id, post.create_at - 1), 'getPostsSince');
        check(Array.isArray(list.order) && list.order.includes(post.id), `order does not contain ${post.id}: ${JSON.stringify(list.order)}`);
        check(list.posts?.[post.id]?.id === post.id, `posts[${post.id}] missing: ${JSON.stringify(list.posts)?.slice(0, 300)}`);
    });

    await step('A patchPost changes the message and B receives post_edited', async () => {
        const patched = expectObject(await clientA.patchPost({id: post.id, message: editedMessage}), 'patchPost');
        check(patched.id === post.id && patched.message === editedMessage, `unexpected patched post ${JSON.stringify({id: patched.id, message: patched.message})}`);
        const edited = await waitFor(sockB.events, (e) => e.event === 'post_edited' && postIdOf(e) === post.id,
            WS_TIMEOUT_MS, `post_edited ${post.id} on websocket B`);
        const received = parseEventPost(edited);
        check(received.message === editedMessage, `post_edited: expected message ${JSON.stringify(editedMessage)}, got ${JSON.stringify(received.message)}`);
    });

    await step('B viewMyChannel(channel) answers status OK', async () => {
        const res = expectObject(await clientB.viewMyChannel(channel.id), 'viewMyChannel');
        check(res.status === 'OK', `expected status OK, got ${JSON.stringify(res)}`);
    });

    await step('getStatusesByIds([A, B]) reports both online', async () => {
        const statuses = await clientA.getStatusesByIds([userA.id, userB.id]);
        check(Array.isArray(statuses), `expected an array, got ${JSON.stringify(statuses)?.slice(0, 200)}`);
        for (const user of [userA, userB]) {
            const status = statuses.find((s) => s.user_id === user.id);
            check(status?.status === 'online', `user ${user.username}: expected online, got ${JSON.stringify(status)}`);
        }
    });

    await step('A searchPostsWithParams(team, edited word) finds the post', async () => {
        const params = {terms: editWord, is_or_search: false, include_deleted_channels: false, time_zone_offset: 0, page: 0, per_page: 20};
        const results = expectObject(await clientA.searchPostsWithParams(team.id, params), 'searchPostsWithParams');
        check(Array.isArray(results.order) && results.order.includes(post.id), `search for ${editWord}: order does not contain ${post.id}: ${JSON.stringify(results.order)}`);
        check(results.posts?.[post.id]?.message === editedMessage, `search: posts[${post.id}] missing or stale: ${JSON.stringify(results.posts?.[post.id])}`);
    });

    await step('A deletePost answers status OK and B receives post_deleted', async () => {
        const res = expectObject(await clientA.deletePost(post.id), 'deletePost');
        check(res.status === 'OK', `expected status OK, got ${JSON.stringify(res)}`);
        await waitFor(sockB.events, (e) => e.event === 'post_deleted' && postIdOf(e) === post.id, WS_TIMEOUT_MS, `post_deleted ${post.id} on websocket B`);
    });

    await step('close websockets, logout A and B; the old token is rejected with 401', async () => {
        for (const side of [sockA, sockB]) {
            side.closing = true;
            side.ws.close();
        }
        const tokenA = clientA.getToken();
        for (const [label, client] of [['A', clientA], ['B', clientB]]) {
            const response = await client.logout();
            check(response.ok, `logout ${label}: ${describeHttp(lastHttp())}`);
            check(client.getToken() === '', `logout ${label}: the client kept its token`);
        }
        const stale = new Client4();
        stale.setUrl(base);
        stale.setToken(tokenA);
        let error;
        try {
            await stale.getMe();
        } catch (err) {
            error = err;
        }
        check(error instanceof ClientError, `getMe with A's logged-out token must fail, got ${error ? describeError(error) : 'success'}`);
        check(lastHttp().status === 401 && error.status_code === 401,
            `getMe with A's logged-out token: expected HTTP 401 and body status_code 401, got ${describeHttp(lastHttp())}, status_code=${error.status_code}`);
    });
}

async function main() {
    const arg = process.argv[2];
    if (!arg || !/^https?:\/\//.test(arg)) {
        process.stderr.write('usage: node h1-flow.js <baseUrl>   e.g. http://127.0.0.1:8065\n');
        process.exit(1);
    }
    const base = arg.replace(/\/+$/, '');

    let passed = 0;
    let current = '(start)';
    const report = {
        sockets: [],
        async step(name, fn) {
            current = name;
            await fn();
            passed++;
            process.stdout.write(`PASS ${name}\n`);
        },
    };

    const deadline = setTimeout(() => abortFlow(new AssertionError(`overall timeout: the flow did not finish within ${OVERALL_TIMEOUT_MS} ms`)), OVERALL_TIMEOUT_MS);
    let exitCode = 0;
    try {
        await Promise.race([flow(base, report), aborted]);
        process.stdout.write(`${passed} passed, 0 failed\n`);
    } catch (err) {
        exitCode = 1;
        process.stdout.write(`FAIL ${current}: ${describeError(err)}\n`);
        // Assertion, HTTP and connection failures are fully described above; anything else is a bug here.
        if (!(err instanceof AssertionError || err instanceof ClientError || err?.cause) && err?.stack) {
            process.stderr.write(`${err.stack}\n`);
        }
        for (const side of report.sockets) {
            process.stderr.write(`websocket ${side.label} received ${side.events.length} events: ${summarize(side.events)}\n`);
        }
        process.stdout.write(`${passed} passed, 1 failed\n`);
    } finally {
        clearTimeout(deadline);
        for (const side of report.sockets) {
            side.closing = true;
            side.ws.close();
        }
    }
    // A socket still CONNECTING survives ws.close() and would keep reconnecting; exit explicitly.
    process.exit(exitCode);
}

main();
