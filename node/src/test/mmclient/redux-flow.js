'use strict';
// Drives a live Chorus server with mattermost-redux 11.9.0, the web app's own data layer over
// @mattermost/client: the web app's start-up (loadMe, the team's channels and members, sidebar
// categories, roles, the posts around the last view) and a chat session (a mention, a reply
// thread, a reaction, the threads view, viewing the channel), then checks that the store ends as
// the web app would render it. Usage: node redux-flow.js <baseUrl>
// Prints one line per passed step and ends with "N passed, 0 failed"; every HTTP answer of 400 or
// more is a failed call, and any failure exits with code 1.

const util = require('node:util');

require('./websocket-globals');

const toStderr = (...args) => process.stderr.write(`[redux] ${util.formatWithOptions({depth: 2}, ...args)}\n`);
console.log = toStderr;
console.warn = toStderr;
console.error = toStderr;

const {Client4: ClientClass} = require('@mattermost/client');
const {Client4} = require('mattermost-redux/client');
const configureStore = require('mattermost-redux/store').default;
const {loadMe} = require('mattermost-redux/actions/users');
const {selectTeam} = require('mattermost-redux/actions/teams');
const {fetchChannelsAndMembers, selectChannel, markChannelAsViewedOnServer} = require('mattermost-redux/actions/channels');
const {fetchMyCategories} = require('mattermost-redux/actions/channel_categories');
const {getPostsUnread, createPost, addReaction, getPostThread} = require('mattermost-redux/actions/posts');
const {getThreadsForCurrentTeam} = require('mattermost-redux/actions/threads');

const PASSWORD = 'Passw0rd!Passw0rd';
const OVERALL_TIMEOUT_MS = 60000;

// Every HTTP answer, so a failed call shows even when an action swallows its error.
const httpLog = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init = {}) => {
    const res = await realFetch(url, init);
    httpLog.push({method: String(init.method ?? 'GET').toUpperCase(), path: new URL(String(url)).pathname, status: res.status});
    return res;
};
const failedCalls = () => httpLog.filter((h) => h.status >= 400);

class AssertionError extends Error {}

function check(condition, message) {
    if (!condition) {
        throw new AssertionError(message);
    }
}

/** Dispatches an action and fails on {error}, as the web app would show it. */
async function run(store, action, what) {
    const result = await store.dispatch(action);
    check(!result || !result.error, `${what}: ${util.inspect(result && result.error, {depth: 1})}`);
    return result ? result.data : undefined;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(condition, what, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        check(Date.now() < deadline, `${what} (waited ${timeoutMs} ms)`);
        await sleep(20);
    }
}

async function signUp(base, prefix) {
    const client = new ClientClass();
    client.setUrl(base);
    const username = `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const user = await client.createUser({username, email: `${username}@example.com`, password: PASSWORD});
    await client.login(username, PASSWORD);
    return {client, user};
}

async function main() {
    const base = process.argv[2];
    check(base, 'usage: node redux-flow.js <baseUrl>');
    const steps = [];
    const step = async (name, body) => {
        await body();
        steps.push(name);
        process.stdout.write(`ok ${steps.length} ${name}\n`);
    };

    // Alice prepares a team the way another app would; Bob uses the web app's data layer.
    const alice = await signUp(base, 'alice');
    const bobAccount = await signUp(base, 'bob');
    const team = await alice.client.createTeam({name: `redux${Date.now().toString(36)}`, display_name: 'Redux', type: 'O'});
    await alice.client.addToTeam(team.id, bobAccount.user.id);
    const channels = await alice.client.getMyChannels(team.id);
    const townSquare = channels.find((c) => c.name === 'town-square');
    const early = await alice.client.createPost({channel_id: townSquare.id, message: 'before bob looks'});

    Client4.setUrl(base);
    const store = configureStore({appReducers: {}});
    const state = () => store.getState().entities;

    await step('login (as the web app does it: Client4, then loadMe)', async () => {
        await Client4.login(bobAccount.user.username, PASSWORD);
        check(Client4.getToken(), 'no token after login');
    });
    await step('loadMe: me, config, license, preferences, teams, members, unreads, limits', async () => {
        await run(store, loadMe(), 'loadMe');
        check(state().users.currentUserId === bobAccount.user.id, 'current user is not bob');
        check(state().teams.teams[team.id], 'the team is not in the store');
        check(state().teams.myMembers[team.id], 'bob is no member of the team in the store');
        check(Object.keys(state().general.config).length > 0, 'no client config');
    });
    await step('team start-up: channels, members, categories, roles', async () => {
        store.dispatch(selectTeam(team.id));
        await run(store, fetchChannelsAndMembers(team.id), 'fetchChannelsAndMembers');
        await run(store, fetchMyCategories(team.id), 'fetchMyCategories');
        check(state().channels.channels[townSquare.id], 'town-square is not in the store');
        check(state().channels.myMembers[townSquare.id], 'no channel member for town-square');
        const categories = Object.values(state().channelCategories.byId).filter((c) => c.team_id === team.id);
        check(categories.length === 3, `expected the three default categories, got ${categories.length}`);
        const inChannels = categories.find((c) => c.type === 'channels');
        check(inChannels && inChannels.channel_ids.includes(townSquare.id), 'town-square is not in Channels');
        await eventually(() => state().roles.roles.system_user && state().roles.roles.team_user, 'roles were not loaded');
    });
    await step('the posts around the last view', async () => {
        store.dispatch(selectChannel(townSquare.id));
        await run(store, getPostsUnread(townSquare.id), 'getPostsUnread');
        check(state().posts.posts[early.id], 'alice\'s earlier post is not in the store');
    });

    const mention = await alice.client.createPost({channel_id: townSquare.id, message: `@${bobAccount.user.username} hello`});
    const root = await alice.client.createPost({channel_id: townSquare.id, message: 'a thread'});
    await alice.client.createPost({channel_id: townSquare.id, root_id: root.id, message: 'first reply'});

    await step('unread and mentioned before the view', async () => {
        await run(store, fetchChannelsAndMembers(team.id), 'fetchChannelsAndMembers again');
        const member = state().channels.myMembers[townSquare.id];
        check(member.mention_count === 1, `mention_count ${member.mention_count}`);
        const counts = state().channels.messageCounts[townSquare.id];
        check(counts && counts.total > member.msg_count, `town-square is not unread: ${JSON.stringify(counts)} ${JSON.stringify(member)}`);
    });
    let reply;
    await step('reply, react, read the thread', async () => {
        await run(store, createPost({channel_id: townSquare.id, root_id: root.id, message: 'bob replies'}), 'createPost');
        await eventually(() => Object.values(state().posts.posts).some((p) => p.message === 'bob replies' && !p.id.includes(':')),
            'bob\'s reply was not confirmed in the store');
        reply = Object.values(state().posts.posts).find((p) => p.message === 'bob replies');
        await run(store, addReaction(mention.id, 'smile'), 'addReaction');
        check(state().posts.reactions[mention.id] && state().posts.reactions[mention.id][`${bobAccount.user.id}-smile`],
            'the reaction is not in the store');
        await run(store, getPostThread(root.id), 'getPostThread');
        check(state().posts.postsInThread[root.id] && state().posts.postsInThread[root.id].length === 2,
            `the thread holds ${util.inspect(state().posts.postsInThread[root.id])}`);
        check(state().posts.posts[root.id].reply_count === 2, `reply_count ${state().posts.posts[root.id].reply_count}`);
    });
    await step('the threads view', async () => {
        await run(store, getThreadsForCurrentTeam(), 'getThreadsForCurrentTeam');
        const thread = state().threads.threads[root.id];
        check(thread, 'the followed thread is not in the store');
        check(thread.reply_count === 2, `thread reply_count ${thread.reply_count}`);
        check(thread.is_following, 'bob does not follow the thread he replied to');
    });
    await step('viewing the channel reads it', async () => {
        await run(store, markChannelAsViewedOnServer(townSquare.id), 'markChannelAsViewedOnServer');
        await run(store, fetchChannelsAndMembers(team.id), 'fetchChannelsAndMembers after the view');
        const member = state().channels.myMembers[townSquare.id];
        check(member.mention_count === 0, `mention_count after the view ${member.mention_count}`);
        check(member.msg_count === state().channels.messageCounts[townSquare.id].total, 'still unread after the view');
    });
    await step('no call failed', async () => {
        check(reply, 'no reply');
        const failed = failedCalls();
        check(failed.length === 0, `failed calls: ${JSON.stringify(failed)}`);
    });
    process.stdout.write(`${steps.length} passed, 0 failed (${httpLog.length} calls)\n`);
}

const timer = setTimeout(() => {
    process.stdout.write(`timed out after ${OVERALL_TIMEOUT_MS} ms\n`);
    process.exit(1);
}, OVERALL_TIMEOUT_MS);

main().then(() => {
    clearTimeout(timer);
    process.exit(0);
}, (err) => {
    clearTimeout(timer);
    process.stdout.write(`FAILED: ${err instanceof AssertionError ? err.message : util.inspect(err, {depth: 2})}\n`);
    process.stdout.write(`failed calls: ${JSON.stringify(failedCalls())}\n`);
    process.exit(1);
});
