// The posts of the open channel, oldest first, as the list on screen. A post the user sends
// shows at once as pending under its pending_post_id; the server's copy (from the POST's
// answer or the posted event, whichever comes first) replaces it, so it never shows twice.
import { h } from '../common/dom.js';

export class PostList {
  constructor(element, userOf) {
    this.element = element;
    this.userOf = userOf;
    this.channelId = '';
    this.posts = new Map(); // id or pending id -> post
  }

  clear() {
    this.channelId = '';
    this.posts.clear();
    this.render();
  }

  replace(channelId, posts) {
    const pending = [...this.posts.values()].filter((p) => p.pending && this.channelId === channelId);
    this.channelId = channelId;
    this.posts.clear();
    posts.filter((p) => !p.delete_at).forEach((p) => this.posts.set(p.id, p));
    pending.filter((p) => !posts.some((q) => q.pending_post_id === p.pending_post_id))
      .forEach((p) => this.posts.set(p.pending_post_id, p));
    this.render(true);
  }

  addPending(channelId, post) {
    if (channelId !== this.channelId) {
      return;
    }
    this.posts.set(post.pending_post_id, { ...post, pending: true });
    this.render(true);
  }

  add(channelId, post) {
    if (channelId !== this.channelId) {
      return;
    }
    if (post.pending_post_id) {
      this.posts.delete(post.pending_post_id);
    }
    if (post.delete_at) {
      this.posts.delete(post.id);
    } else {
      this.posts.set(post.id, post);
    }
    this.render();
  }

  fail(channelId, pendingId, reason) {
    const post = this.posts.get(pendingId);
    if (channelId === this.channelId && post) {
      this.posts.set(pendingId, { ...post, pending: false, failed: reason });
      this.render();
    }
  }

  remove(postId) {
    if (this.posts.delete(postId)) {
      this.render();
    }
  }

  render(toBottom) {
    const el = this.element;
    const atBottom = toBottom || el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    const sorted = [...this.posts.values()].sort((a, b) => a.create_at - b.create_at || (a.id || '').localeCompare(b.id || ''));
    el.replaceChildren(...sorted.map((p) => this.item(p)));
    if (atBottom) {
      el.scrollTop = el.scrollHeight;
    }
  }

  item(post) {
    const user = this.userOf(post.user_id);
    const classes = ['post', post.pending ? 'pending' : '', post.failed ? 'failed' : '',
      post.type && post.type.startsWith('system_') ? 'system' : ''].filter(Boolean).join(' ');
    return h('li', { class: classes, dataset: { postId: post.id || '', userId: post.user_id } },
      h('span', { class: 'author' }, user ? user.username : '…'),
      h('time', { class: 'time', datetime: new Date(post.create_at).toISOString() }, formatTime(post.create_at)),
      h('div', { class: 'text' }, post.message),
      post.failed ? h('div', { class: 'error' }, `Not sent: ${post.failed}`) : null);
  }
}

function formatTime(ms) {
  const at = new Date(ms);
  const sameDay = at.toDateString() === new Date().toDateString();
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${at.toLocaleDateString()} ${time}`;
}
