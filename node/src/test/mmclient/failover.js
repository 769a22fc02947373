'use strict';
// Drives Chorus through a proxy with the official @mattermost/client 11.9.0 while a test kills,
// drains or restarts nodes behind it, and reports what the users saw.
//
// Usage: node failover.js <proxyBaseUrl> <adminToken> <teamId> <channelId,channelId,...>
// It signs up USERS users through the proxy, has the admin add them to the team and channels,
// opens one WebSocketClient per user (the library's own reconnect and resume: connection_id and
// sequence_number on the reconnect URL) and posts POSTS_PER_SEC posts a second in total, in turn
// from each user to each channel, each with a pending_post_id; a failed createPost is retried
// once with the same pending_post_id, as the webapp does.
//
// stdin, one command a line:   mark <label>   start a new phase (requests are counted per phase)
//                              stop           stop posting, let deliveries settle, report, exit
// End of stdin acts as stop. stdout gets exactly one JSON line (see report()); progress goes to
// stderr. Exit code 0 unless setup failed (1) or the arguments are wrong (2).
//
// Environment: USERS (12), POSTS_PER_SEC (5), REQUEST_TIMEOUT_MS (10000), SETTLE_MS (15000),
// WS_MIN_RETRY_MS (the client's 3000 ms reconnect delay), MAX_RUN_MS (1800000: stops by
// itself), VERBOSE=1 (the library's own console chatter to stderr).
//
// What counts as what:
// - reconnects: the client reopened its socket after a close.
// - resumed: a reconnect the server took up again: its hello kept the connection_id, or no hello
//   came and events went on. refetches: the hello carried a new connection_id, so the client
//   called its missed-message listeners; like the webapp, the harness then loads each channel
//   with getPostsSince(channel, last post seen) and counts those posts as received.
// - seq_errors: the client closed its socket itself (code 4001) on an event whose seq was not the
//   next one; ping_timeouts: it closed with 4000 after an unanswered ping.
// - lost: acked posts that at least one member never received (live or by refetch);
//   lost_deliveries counts the (post, member) pairs. duplicates: a post delivered twice within
//   one connection_id. out_of_order: a post delivered after a later-created post of the same
//   channel within one connection_id (create_at order, as Mattermost's clients sort).
// - posts_failed: posts whose first attempt and retry both failed. At the end the admin reads
//   the channels back: duplicate_posts counts posts the server holds twice (a retry of an
//   attempt that had in fact been stored), ghost_posts failed posts the server stored anyway,
//   missing_posts acknowledged posts the server does not hold.
// - longest_outage_ms: per user, socket closed -> socket open again. resume_ms: socket closed ->
//   caught up (resumed hello or first event, or refetch finished).

const util = require('node:util');
const readline = require('node:readline');

require('./websocket-globals');

const VERBOSE = process.env.VERBOSE === '1';
const libraryLog = (...args) => {
    if (VERBOSE) {
        process.stderr.write(`[mmclient] ${util.formatWithOptions({depth: 1}, ...args)}\n`);
    }
};
console.log = libraryLog;
console.warn = libraryLog;

const {Client4, WebSocketClient} = require('@mattermost/client');

const envInt = (name, fallback) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) {
        process.stderr.write(`failover: ${name} must be a positive number, got ${process.env[name]}\n`);
        process.exit(2);
    }
    return value;
};
const USERS = envInt('USERS', 12);
const POSTS_PER_SEC = envInt('POSTS_PER_SEC', 5);
const REQUEST_TIMEOUT_MS = envInt('REQUEST_TIMEOUT_MS', 10000);
const SETTLE_MS = envInt('SETTLE_MS', 15000);
const MAX_RUN_MS = envInt('MAX_RUN_MS', 1800000);
const WS_MIN_RETRY_MS = process.env.WS_MIN_RETRY_MS ? envInt('WS_MIN_RETRY_MS', 3000) : undefined;
const HELLO_WAIT_MS = 30000;
const SETUP_PARALLELISM = 6;
// A reconnect whose first event has not come by then is taken as resumed: the server sent no
// hello and had nothing to replay.
const CLASSIFY_WAIT_MS = 5000;
const REFETCH_TRIES = 3;
const MAX_IN_FLIGHT = 200;
const PASSWORD = 'Passw0rd!Passw0rd';

const log = (message) => process.stderr.write(`[failover ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Every request Client4 makes ends within REQUEST_TIMEOUT_MS: the fetch is aborted, so a
// request to a dead node cannot hang the run.
const realFetch = globalThis.fetch;
globalThis.fetch = (url, init = {}) => realFetch(url, {...init, signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS)});

function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let unhandled = 0;
process.on('unhandledRejection', (err) => {
    unhandled++;
    log(`unhandled rejection: ${err?.message ?? err}`);
});
process.on('uncaughtException', (err) => {
    unhandled++;
    log(`uncaught exception: ${err?.stack ?? err}`);
});

function percentile(values, p) {
    if (values.length === 0) {
        return null;
    }
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

const startedAt = Date.now();
const phases = new Map();
let phase;
function mark(label) {
    if (!phases.has(label)) {
        phases.set(label, {requests: 0, failed: 0, latencies: [], acked: 0, at_ms: Date.now() - startedAt});
    }
    phase = phases.get(label);
    log(`phase ${label}`);
}
mark('start');

const counters = {
    reconnects: 0, resumed: 0, refetches: 0, refetch_errors: 0, seq_errors: 0, ping_timeouts: 0,
    duplicates: 0, out_of_order: 0, posts_failed: 0,
};
const acked = new Map(); // post id -> {channelId, createAt}
const RUN_ID = Math.random().toString(36).slice(2, 10);
const outcome = new Map(); // post message (unique per post, kept by its retry) -> 'acked' | 'failed'
const resumeMs = [];
let longestOutageMs = 0;

function parsePost(raw) {
    try {
        return typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
        return undefined;
    }
}

class Member {
    constructor(index, client, user, channelIds) {
        this.index = index;
        this.client = client;
        this.user = user;
        this.channelIds = new Set(channelIds);
        this.received = new Set(); // every post id this user has, live or refetched
        this.lastSeenAt = new Map(); // channel -> newest create_at this user has
        this.seenAtClose = null; // lastSeenAt when the socket last went, for the refetch
        this.connectionId = '';
        this.epochSeen = new Set(); // post ids delivered live within this connection_id
        this.epochNewest = new Map(); // channel -> newest create_at delivered live within it
        this.closedAt = null; // start of the current outage
        this.awaiting = null; // a reopened socket not yet known to be resumed or refetched
        this.helloCount = 0;
        this.refetchLog = []; // for explaining a lost post on stderr
        this.ws = new WebSocketClient(WS_MIN_RETRY_MS ? {minWebSocketRetryTime: WS_MIN_RETRY_MS} : {});
        this.ws.addMessageListener((msg) => this.onMessage(msg));
        this.ws.addMissedMessageListener(() => this.onMissed());
        this.ws.addReconnectListener(() => this.onReopen());
        this.ws.addCloseListener((failCount) => this.onClose(failCount));
    }

    open() {
        this.ws.initialize(this.client.getWebSocketUrl().replace(/^http/, 'ws'), this.client.getToken());
    }

    onClose(failCount) {
        // failCount is 1 on the first close of an outage; later ones are failed reconnects.
        if (failCount === 1) {
            if (this.ws.lastErrCode === '4001') {
                counters.seq_errors++;
            } else if (this.ws.lastErrCode === '4000') {
                counters.ping_timeouts++;
            }
            log(`user ${this.index} socket closed (${this.ws.lastErrCode ?? 'no code'})`);
        }
        if (this.closedAt === null) {
            this.closedAt = Date.now();
            // What the user had when the socket went: a refetch starts there, not at posts the
            // new socket delivered before the refetch ran (the webapp refetches since it lost the socket).
            this.seenAtClose = new Map(this.lastSeenAt);
        }
        this.awaiting = null;
    }

    onReopen() {
        counters.reconnects++;
        const now = Date.now();
        if (this.closedAt !== null) {
            longestOutageMs = Math.max(longestOutageMs, now - this.closedAt);
        }
        const awaiting = {closedAt: this.closedAt ?? now, timer: null, refetching: false};
        awaiting.timer = setTimeout(() => this.resolveReopen(awaiting, 'resumed'), CLASSIFY_WAIT_MS);
        this.awaiting = awaiting;
        this.closedAt = null;
    }

    // Settles a reopened socket once: resumed now, or refetched when the refetch has finished.
    resolveReopen(awaiting, how) {
        // A socket being refetched is settled by the refetch, not by the events that follow.
        if (this.awaiting !== awaiting || (how === 'resumed' && awaiting.refetching)) {
            return undefined;
        }
        clearTimeout(awaiting.timer);
        this.awaiting = null;
        if (how === 'resumed') {
            counters.resumed++;
            resumeMs.push(Date.now() - awaiting.closedAt);
        }
        return awaiting;
    }

    onMissed() {
        counters.refetches++;
        const awaiting = this.awaiting;
        if (awaiting) {
            clearTimeout(awaiting.timer);
            awaiting.refetching = true;
        }
        this.refetch().then(() => {
            if (awaiting && this.resolveReopen(awaiting, 'refetched')) {
                resumeMs.push(Date.now() - awaiting.closedAt);
            }
        });
    }

    async refetch() {
        for (const channelId of this.channelIds) {
            const since = (this.seenAtClose ?? this.lastSeenAt).get(channelId) ?? startedAt;
            this.refetchLog.push({channelId, since, at: Date.now()});
            for (let attempt = 1; ; attempt++) {
                try {
                    const list = await withTimeout(this.client.getPostsSince(channelId, since), REQUEST_TIMEOUT_MS, 'getPostsSince');
                    for (const post of Object.values(list?.posts ?? {})) {
                        this.have(post);
                    }
                    break;
                } catch (err) {
                    if (attempt >= REFETCH_TRIES) {
                        counters.refetch_errors++;
                        log(`user ${this.index} refetch of ${channelId} failed: ${err?.message ?? err}`);
                        break;
                    }
                    await sleep(1000);
                }
            }
        }
    }

    have(post) {
        if (!post?.id || !this.channelIds.has(post.channel_id)) {
            return;
        }
        this.received.add(post.id);
        if ((this.lastSeenAt.get(post.channel_id) ?? 0) < post.create_at) {
            this.lastSeenAt.set(post.channel_id, post.create_at);
        }
    }

    onMessage(msg) {
        if (msg.event === 'hello') {
            this.helloCount++;
            const id = msg.data?.connection_id ?? '';
            if (id !== this.connectionId) {
                // A new connection id starts a new epoch; the missed-message listener (called
                // by the client just before this) has started the refetch.
                this.connectionId = id;
                this.epochSeen = new Set();
                this.epochNewest = new Map();
            } else if (this.awaiting) {
                this.resolveReopen(this.awaiting, 'resumed');
            }
            return;
        }
        if (this.awaiting) {
            this.resolveReopen(this.awaiting, 'resumed');
        }
        if (msg.event !== 'posted') {
            return;
        }
        const post = parsePost(msg.data?.post);
        if (!post?.id || !this.channelIds.has(post.channel_id)) {
            return;
        }
        if (this.epochSeen.has(post.id)) {
            counters.duplicates++;
        }
        this.epochSeen.add(post.id);
        const newest = this.epochNewest.get(post.channel_id) ?? 0;
        if (post.create_at < newest) {
            counters.out_of_order++;
        } else {
            this.epochNewest.set(post.channel_id, post.create_at);
        }
        this.have(post);
    }

    close() {
        if (this.awaiting) {
            clearTimeout(this.awaiting.timer);
        }
        this.ws.close();
    }
}

async function attempt(member, post) {
    const counted = phase;
    counted.requests++;
    const began = Date.now();
    try {
        const created = await withTimeout(member.client.createPost(post), REQUEST_TIMEOUT_MS, 'createPost');
        counted.latencies.push(Date.now() - began);
        return created;
    } catch (err) {
        counted.latencies.push(Date.now() - began);
        counted.failed++;
        const cause = err?.cause ? ` (${[err.cause.code, err.cause.message].filter(Boolean).join(' ')})` : '';
        log(`createPost by user ${member.index} failed: ${err?.message ?? err}${cause}`);
        return null;
    }
}

let inFlight = 0;
async function postOnce(member, channelId, n) {
    inFlight++;
    try {
        const pending = `${member.user.id}:${Date.now()}:${n}`;
        const message = `failover ${RUN_ID} ${n}`;
        const post = {channel_id: channelId, message, pending_post_id: pending};
        const created = (await attempt(member, post)) ?? (await attempt(member, post));
        if (!created?.id) {
            counters.posts_failed++;
            outcome.set(message, 'failed');
            return;
        }
        outcome.set(message, 'acked');
        phase.acked++;
        acked.set(created.id, {channelId, createAt: created.create_at, ackedAt: Date.now()});
    } finally {
        inFlight--;
    }
}

async function setup(base, adminToken, teamId, channelIds) {
    const admin = new Client4();
    admin.setUrl(base);
    admin.setToken(adminToken);
    const suffix = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    const join = async (i) => {
        const client = new Client4();
        client.setUrl(base);
        const wanted = {username: `fo-${suffix}-${i}`, email: `fo-${suffix}-${i}@example.com`, password: PASSWORD};
        const user = await withTimeout(client.createUser(wanted), REQUEST_TIMEOUT_MS, 'createUser');
        await withTimeout(client.login(wanted.username, PASSWORD), REQUEST_TIMEOUT_MS, 'login');
        await withTimeout(admin.addToTeam(teamId, user.id), REQUEST_TIMEOUT_MS, 'addToTeam');
        for (const channelId of channelIds) {
            await withTimeout(admin.addToChannel(user.id, channelId), REQUEST_TIMEOUT_MS, 'addToChannel');
        }
        return new Member(i, client, user, channelIds);
    };
    // A few users at a time: one after another, 60 users' sign-ups, logins and joins took about a
    // minute of a benchmark's budget, mostly waiting on round trips rather than on the nodes' CPU.
    const members = new Array(USERS);
    let nextUser = 0;
    await Promise.all(Array.from({length: Math.min(SETUP_PARALLELISM, USERS)}, async () => {
        while (nextUser < USERS) {
            const i = nextUser++;
            members[i] = await join(i);
        }
    }));
    log(`${members.length} users signed up and joined ${channelIds.length} channel(s)`);
    for (const member of members) {
        member.open();
    }
    const deadline = Date.now() + HELLO_WAIT_MS;
    while (members.some((m) => m.helloCount === 0)) {
        if (Date.now() > deadline) {
            throw new Error(`${members.filter((m) => m.helloCount === 0).length} socket(s) got no hello within ${HELLO_WAIT_MS} ms`);
        }
        await sleep(50);
    }
    log('every socket has its hello');
    return {admin, members};
}

function missing(members) {
    let lostPosts = 0;
    let lostDeliveries = 0;
    for (const [id, {channelId}] of acked) {
        let lostHere = 0;
        for (const member of members) {
            if (member.channelIds.has(channelId) && !member.received.has(id)) {
                lostHere++;
            }
        }
        lostDeliveries += lostHere;
        if (lostHere > 0) {
            lostPosts++;
        }
    }
    return {lostPosts, lostDeliveries};
}

// On stderr, so a run with losses says which posts and what the member had asked for.
function explainLosses(members) {
    let shown = 0;
    for (const [id, post] of acked) {
        for (const member of members) {
            if (shown < 20 && member.channelIds.has(post.channelId) && !member.received.has(id)) {
                shown++;
                const refetches = member.refetchLog.filter((r) => r.channelId === post.channelId).map((r) => `since ${r.since} at ${r.at}`);
                log(`lost: post ${id} (channel ${post.channelId}, create_at ${post.createAt}, acked at ${post.ackedAt}) never reached user ${member.index}; its refetches there: ${refetches.join(', ') || 'none'}`);
            }
        }
    }
}

// What the server stored, read back page by page (newest first) down to the start of the run.
async function auditStored(admin, channelIds) {
    const audit = {duplicatePosts: 0, ghostPosts: 0, missingPosts: 0, errors: 0};
    const stored = new Map(); // message -> count
    const prefix = `failover ${RUN_ID} `;
    for (const channelId of channelIds) {
        try {
            for (let page = 0; page < 100; page++) {
                const list = await withTimeout(admin.getPosts(channelId, page, 200), REQUEST_TIMEOUT_MS, 'getPosts');
                const posts = (list?.order ?? []).map((id) => list.posts[id]).filter(Boolean);
                for (const post of posts) {
                    if (post.message?.startsWith(prefix) && post.create_at >= startedAt) {
                        stored.set(post.message, (stored.get(post.message) ?? 0) + 1);
                    }
                }
                if (posts.length < 200 || posts.some((post) => post.create_at < startedAt)) {
                    break;
                }
            }
        } catch (err) {
            audit.errors++;
            log(`reading back ${channelId} failed: ${err?.message ?? err}`);
        }
    }
    for (const [message, result] of outcome) {
        if (result === 'acked' && !stored.has(message)) {
            audit.missingPosts++;
        }
    }
    for (const [message, count] of stored) {
        audit.duplicatePosts += count - 1;
        if (outcome.get(message) === 'failed') {
            audit.ghostPosts++;
        }
    }
    return audit;
}

function report(members, audit) {
    const {lostPosts, lostDeliveries} = missing(members);
    if (lostDeliveries > 0) {
        explainLosses(members);
    }
    const perPhase = {};
    for (const [label, p] of phases) {
        perPhase[label] = {
            requests: p.requests,
            failed: p.failed,
            latency_p50_ms: percentile(p.latencies, 50),
            latency_p99_ms: percentile(p.latencies, 99),
            acked: p.acked,
            at_ms: p.at_ms,
        };
    }
    return {
        posts_acked: acked.size,
        per_phase: perPhase,
        lost: lostPosts,
        lost_deliveries: lostDeliveries,
        duplicates: counters.duplicates,
        out_of_order: counters.out_of_order,
        reconnects: counters.reconnects,
        resumed: counters.resumed,
        refetches: counters.refetches,
        refetch_errors: counters.refetch_errors,
        seq_errors: counters.seq_errors,
        ping_timeouts: counters.ping_timeouts,
        posts_failed: counters.posts_failed,
        duplicate_posts: audit.duplicatePosts,
        ghost_posts: audit.ghostPosts,
        missing_posts: audit.missingPosts,
        audit_errors: audit.errors,
        longest_outage_ms: longestOutageMs,
        resume_ms: {p50: percentile(resumeMs, 50), p99: percentile(resumeMs, 99)},
        users: members.length,
        unhandled,
    };
}

async function run(base, adminToken, teamId, channelIds) {
    let admin;
    let members;
    try {
        ({admin, members} = await setup(base, adminToken, teamId, channelIds));
    } catch (err) {
        log(`setup failed: ${err?.message ?? err}`);
        process.exit(1);
    }

    let stopping = null;
    const stop = () => {
        stopping ??= finish();
        return stopping;
    };
    let n = 0;
    const ticker = setInterval(() => {
        if (inFlight >= MAX_IN_FLIGHT) {
            return;
        }
        const member = members[n % members.length];
        const channelId = channelIds[Math.floor(n / members.length) % channelIds.length];
        n++;
        postOnce(member, channelId, n);
    }, 1000 / POSTS_PER_SEC);
    const bound = setTimeout(() => {
        log(`MAX_RUN_MS ${MAX_RUN_MS} reached`);
        stop();
    }, MAX_RUN_MS);

    async function finish() {
        clearInterval(ticker);
        clearTimeout(bound);
        log(`stopped posting after ${n} posts; settling up to ${SETTLE_MS} ms`);
        const deadline = Date.now() + SETTLE_MS;
        while (Date.now() < deadline && (inFlight > 0 || missing(members).lostDeliveries > 0 || members.some((m) => m.awaiting))) {
            await sleep(200);
        }
        const audit = await auditStored(admin, channelIds);
        const result = report(members, audit);
        process.stdout.write(`${JSON.stringify(result)}\n`);
        for (const member of members) {
            member.close();
        }
        // A socket still reconnecting survives close(); exit explicitly.
        process.exit(0);
    }

    const input = readline.createInterface({input: process.stdin});
    input.on('line', (line) => {
        const [command, ...rest] = line.trim().split(/\s+/);
        if (command === 'mark' && rest.length > 0) {
            mark(rest.join(' '));
        } else if (command === 'stop') {
            stop();
        } else if (command) {
            log(`unknown command: ${line}`);
        }
    });
    input.on('close', () => stop());
}

function main() {
    const [base, adminToken, teamId, channels] = process.argv.slice(2);
    if (!base || !/^https?:\/\//.test(base) || !adminToken || !teamId || !channels) {
        process.stderr.write('usage: node failover.js <proxyBaseUrl> <adminToken> <teamId> <channelId,channelId,...>\n');
        process.exit(2);
    }
    run(base.replace(/\/+$/, ''), adminToken, teamId, channels.split(',').filter(Boolean));
}

main();
