-- Durable channel events get a position, and posts remember the client's pending_post_id.
-- Every change is additive, so a node of the previous version keeps working against this
-- schema during a rolling upgrade (it neither reads nor writes the new columns).

-- The channel's event counter: posts created, edited and deleted, members added and removed
-- each take the next value in the transaction that makes them, under this row's lock, so a
-- channel's positions are gapless and in commit order across every node.
ALTER TABLE channels ADD COLUMN last_event_position bigint NOT NULL DEFAULT 0;

-- The channel's recent durable events, exactly as they were published, so that a hub that
-- missed one (pub-sub delivers at most once) and a client resuming after its node died can be
-- caught up from here. Rows are pruned once no resume window can need them.
CREATE TABLE channel_events (
  channel_id      varchar(26) NOT NULL,
  position        bigint      NOT NULL,
  id              varchar(26) NOT NULL,
  event           varchar(64) NOT NULL,
  -- membership events: the user who joined or left, which tells who could see the events
  -- before it ('' for other events)
  subject_user_id varchar(26) NOT NULL DEFAULT '',
  data            text        NOT NULL,
  -- the database's clock, not a node's: pruning and "is this head old enough to repair" must
  -- not depend on which node wrote the row
  create_at       bigint      NOT NULL DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint,
  PRIMARY KEY (channel_id, position)
);
CREATE INDEX channel_events_create_at_idx ON channel_events (create_at);

-- A client that retries a createPost whose answer it lost sends the same pending_post_id; the
-- unique index makes the retry find the first post instead of writing a second one, even when
-- the two requests race on different nodes.
ALTER TABLE posts ADD COLUMN pending_post_id varchar(64) NOT NULL DEFAULT '';
CREATE UNIQUE INDEX posts_user_id_pending_post_id_key ON posts (user_id, pending_post_id) WHERE pending_post_id <> '';
