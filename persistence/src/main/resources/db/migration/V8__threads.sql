-- Threads (Mattermost's collapsed reply threads). A root post gets its row with its first reply;
-- the reply's own statement keeps the counters (PostWrites), so no read ever counts replies.
-- participants: the ids of the users who replied, the latest last.
CREATE TABLE threads (
  post_id       varchar(26) PRIMARY KEY,
  channel_id    varchar(26) NOT NULL,
  reply_count   bigint      NOT NULL DEFAULT 0,
  last_reply_at bigint      NOT NULL DEFAULT 0,
  participants  jsonb       NOT NULL DEFAULT '[]'
);
CREATE INDEX threads_channel_id_idx ON threads (channel_id);

-- Who follows a thread and how far they read it. A reply makes its poster, the root's author and
-- the users it mentions follow; unread replies are counted from posts newer than last_viewed.
CREATE TABLE thread_memberships (
  post_id         varchar(26) NOT NULL,
  user_id         varchar(26) NOT NULL,
  following       boolean     NOT NULL DEFAULT true,
  last_viewed     bigint      NOT NULL DEFAULT 0,
  last_updated    bigint      NOT NULL DEFAULT 0,
  unread_mentions bigint      NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, user_id)
);
CREATE INDEX thread_memberships_user_id_idx ON thread_memberships (user_id) WHERE following;

-- Threads that existed before this migration: their counters from the live replies, and their
-- repliers and root authors as followers, read up to their own last reply.
INSERT INTO threads (post_id, channel_id, reply_count, last_reply_at, participants)
SELECT r.root_id, min(r.channel_id), count(*), max(r.create_at), jsonb_agg(DISTINCT r.user_id)
  FROM posts r
 WHERE r.root_id <> '' AND r.delete_at = 0
 GROUP BY r.root_id;

INSERT INTO thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
SELECT r.root_id, r.user_id, true, max(r.create_at), max(r.create_at), 0
  FROM posts r
 WHERE r.root_id <> '' AND r.delete_at = 0
 GROUP BY r.root_id, r.user_id
ON CONFLICT DO NOTHING;

INSERT INTO thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
SELECT t.post_id, root.user_id, true, 0, t.last_reply_at, 0
  FROM threads t JOIN posts root ON root.id = t.post_id
ON CONFLICT DO NOTHING;
