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
