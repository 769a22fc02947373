-- Mattermost's Reactions: one row per user, post and emoji. A removed reaction is deleted
-- (Mattermost keeps it with delete_at; nothing of Chorus reads removed reactions). The post's
-- channel is kept so a post's reactions and their event need no join. A post removed for good
-- (data retention) takes its reactions with it. A new table: the previous release ignores it.
CREATE TABLE reactions (
  post_id    varchar(26) NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  user_id    varchar(26) NOT NULL REFERENCES users (id),
  emoji_name varchar(64) NOT NULL,
  channel_id varchar(26) NOT NULL,
  create_at  bigint      NOT NULL,
  update_at  bigint      NOT NULL,
  PRIMARY KEY (post_id, user_id, emoji_name)
);
