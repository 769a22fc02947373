-- Core schema of a Chorus cluster. Column meanings follow Mattermost's models; names are
-- snake_case. Every time is milliseconds since the epoch unless the column says otherwise.

CREATE TABLE users (
  id                   varchar(26)  PRIMARY KEY,
  create_at            bigint       NOT NULL,
  update_at            bigint       NOT NULL,
  delete_at            bigint       NOT NULL DEFAULT 0,
  username             varchar(64)  NOT NULL,
  password             varchar(128) NOT NULL DEFAULT '',   -- bcrypt hash, never plain text
  auth_service         varchar(32)  NOT NULL DEFAULT '',
  email                varchar(128) NOT NULL,              -- stored lower-cased
  email_verified       boolean      NOT NULL DEFAULT false,
  nickname             varchar(64)  NOT NULL DEFAULT '',
  first_name           varchar(64)  NOT NULL DEFAULT '',
  last_name            varchar(64)  NOT NULL DEFAULT '',
  position             varchar(128) NOT NULL DEFAULT '',
  roles                varchar(256) NOT NULL DEFAULT 'system_user',
  locale               varchar(5)   NOT NULL DEFAULT 'en',
  props                jsonb        NOT NULL DEFAULT '{}',
  notify_props         jsonb        NOT NULL DEFAULT '{}',
  timezone             jsonb        NOT NULL DEFAULT '{}',
  last_password_update bigint       NOT NULL DEFAULT 0,
  failed_attempts      integer      NOT NULL DEFAULT 0,
  CONSTRAINT users_username_key UNIQUE (username),
  CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE sessions (
  id               varchar(26)  PRIMARY KEY,
  token            varchar(26)  NOT NULL,
  create_at        bigint       NOT NULL,
  expires_at       bigint       NOT NULL,
  last_activity_at bigint       NOT NULL,
  user_id          varchar(26)  NOT NULL REFERENCES users (id),
  device_id        varchar(512) NOT NULL DEFAULT '',
  roles            varchar(256) NOT NULL,
  csrf_token       varchar(26)  NOT NULL,
  props            jsonb        NOT NULL DEFAULT '{}',
  CONSTRAINT sessions_token_key UNIQUE (token)
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE teams (
  id                    varchar(26)  PRIMARY KEY,
  create_at             bigint       NOT NULL,
  update_at             bigint       NOT NULL,
  delete_at             bigint       NOT NULL DEFAULT 0,
  display_name          varchar(64)  NOT NULL,
  name                  varchar(64)  NOT NULL,
  description           varchar(255) NOT NULL DEFAULT '',
  email                 varchar(128) NOT NULL DEFAULT '',
  type                  varchar(1)   NOT NULL,
  company_name          varchar(64)  NOT NULL DEFAULT '',
  allowed_domains       varchar(1000) NOT NULL DEFAULT '',
  invite_id             varchar(32)  NOT NULL,
  allow_open_invite     boolean      NOT NULL DEFAULT false,
  CONSTRAINT teams_name_key UNIQUE (name)
);

CREATE TABLE team_members (
  team_id      varchar(26)  NOT NULL REFERENCES teams (id),
  user_id      varchar(26)  NOT NULL REFERENCES users (id),
  roles        varchar(256) NOT NULL DEFAULT '',
  delete_at    bigint       NOT NULL DEFAULT 0,
  scheme_user  boolean      NOT NULL DEFAULT true,
  scheme_admin boolean      NOT NULL DEFAULT false,
  scheme_guest boolean      NOT NULL DEFAULT false,
  create_at    bigint       NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_id_idx ON team_members (user_id);

CREATE TABLE channels (
  id                   varchar(26)   PRIMARY KEY,
  create_at            bigint        NOT NULL,
  update_at            bigint        NOT NULL,
  delete_at            bigint        NOT NULL DEFAULT 0,
  team_id              varchar(26)   NOT NULL DEFAULT '',  -- '' for direct and group channels
  type                 varchar(1)    NOT NULL,
  display_name         varchar(64)   NOT NULL DEFAULT '',
  name                 varchar(64)   NOT NULL,
  header               varchar(1024) NOT NULL DEFAULT '',
  purpose              varchar(250)  NOT NULL DEFAULT '',
  -- Also the channel's post clock: a new post's create_at is max(now, last_post_at + 1),
  -- taken under this row's lock, so posts in a channel are strictly ordered whatever the
  -- clocks of the nodes that write them.
  last_post_at         bigint        NOT NULL DEFAULT 0,
  total_msg_count      bigint        NOT NULL DEFAULT 0,
  total_msg_count_root bigint        NOT NULL DEFAULT 0,
  last_root_post_at    bigint        NOT NULL DEFAULT 0,
  extra_update_at      bigint        NOT NULL DEFAULT 0,
  creator_id           varchar(26)   NOT NULL DEFAULT '',
  CONSTRAINT channels_name_team_id_key UNIQUE (name, team_id)
);
CREATE INDEX channels_team_id_idx ON channels (team_id);

CREATE TABLE channel_members (
  channel_id           varchar(26)  NOT NULL REFERENCES channels (id),
  user_id              varchar(26)  NOT NULL REFERENCES users (id),
  roles                varchar(256) NOT NULL DEFAULT '',
  last_viewed_at       bigint       NOT NULL DEFAULT 0,
  msg_count            bigint       NOT NULL DEFAULT 0,
  mention_count        bigint       NOT NULL DEFAULT 0,
  mention_count_root   bigint       NOT NULL DEFAULT 0,
  urgent_mention_count bigint       NOT NULL DEFAULT 0,
  msg_count_root       bigint       NOT NULL DEFAULT 0,
  notify_props         jsonb        NOT NULL DEFAULT '{}',
  last_update_at       bigint       NOT NULL,
  scheme_user          boolean      NOT NULL DEFAULT true,
  scheme_admin         boolean      NOT NULL DEFAULT false,
  scheme_guest         boolean      NOT NULL DEFAULT false,
  PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user_id_idx ON channel_members (user_id);

CREATE TABLE posts (
  id          varchar(26)    PRIMARY KEY,
  create_at   bigint         NOT NULL,
  update_at   bigint         NOT NULL,
  edit_at     bigint         NOT NULL DEFAULT 0,
  delete_at   bigint         NOT NULL DEFAULT 0,
  is_pinned   boolean        NOT NULL DEFAULT false,
  user_id     varchar(26)    NOT NULL,
  channel_id  varchar(26)    NOT NULL REFERENCES channels (id),
  root_id     varchar(26)    NOT NULL DEFAULT '',
  original_id varchar(26)    NOT NULL DEFAULT '',
  message     varchar(65535) NOT NULL DEFAULT '',
  type        varchar(26)    NOT NULL DEFAULT '',
  props       jsonb          NOT NULL DEFAULT '{}',
  hashtags    varchar(1000)  NOT NULL DEFAULT '',
  file_ids    jsonb          NOT NULL DEFAULT '[]',
  -- 'simple' keeps every word (no stemming, no stop words) so a search finds exactly the
  -- words that were typed, as Mattermost's database search does.
  message_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED
);
CREATE INDEX posts_channel_id_create_at_idx ON posts (channel_id, create_at);
CREATE INDEX posts_channel_id_update_at_idx ON posts (channel_id, update_at);
CREATE INDEX posts_root_id_idx ON posts (root_id) WHERE root_id <> '';
CREATE INDEX posts_user_id_idx ON posts (user_id);
CREATE INDEX posts_message_tsv_idx ON posts USING gin (message_tsv);

CREATE TABLE status (
  user_id          varchar(26) PRIMARY KEY,
  status           varchar(32) NOT NULL,
  manual           boolean     NOT NULL DEFAULT false,
  last_activity_at bigint      NOT NULL DEFAULT 0,
  dnd_end_time     bigint      NOT NULL DEFAULT 0,  -- seconds, as in the API
  prev_status      varchar(32) NOT NULL DEFAULT ''
);

CREATE TABLE file_info (
  id                varchar(26)  PRIMARY KEY,
  creator_id        varchar(26)  NOT NULL,
  post_id           varchar(26)  NOT NULL DEFAULT '',
  channel_id        varchar(26)  NOT NULL DEFAULT '',
  create_at         bigint       NOT NULL,
  update_at         bigint       NOT NULL,
  delete_at         bigint       NOT NULL DEFAULT 0,
  path              varchar(512) NOT NULL,
  thumbnail_path    varchar(512) NOT NULL DEFAULT '',
  preview_path      varchar(512) NOT NULL DEFAULT '',
  name              varchar(256) NOT NULL,
  extension         varchar(64)  NOT NULL DEFAULT '',
  size              bigint       NOT NULL,
  mime_type         varchar(256) NOT NULL DEFAULT '',
  width             integer      NOT NULL DEFAULT 0,
  height            integer      NOT NULL DEFAULT 0,
  has_preview_image boolean      NOT NULL DEFAULT false,
  mini_preview      bytea,
  archived          boolean      NOT NULL DEFAULT false
);
CREATE INDEX file_info_post_id_idx ON file_info (post_id);

CREATE TABLE jobs (
  id               varchar(26) PRIMARY KEY,
  type             varchar(32) NOT NULL,
  priority         bigint      NOT NULL DEFAULT 0,
  create_at        bigint      NOT NULL,
  start_at         bigint      NOT NULL DEFAULT 0,
  last_activity_at bigint      NOT NULL DEFAULT 0,
  status           varchar(32) NOT NULL,
  progress         bigint      NOT NULL DEFAULT 0,
  data             jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX jobs_type_status_idx ON jobs (type, status);

CREATE TABLE cluster_discovery (
  id              varchar(26)  PRIMARY KEY,
  type            varchar(64)  NOT NULL,
  cluster_name    varchar(64)  NOT NULL,
  hostname        varchar(512) NOT NULL,
  gossip_port     integer      NOT NULL,
  management_port integer      NOT NULL,
  create_at       bigint       NOT NULL,
  last_ping_at    bigint       NOT NULL
);

CREATE TABLE systems (
  name  varchar(64)     PRIMARY KEY,
  value varchar(1024)   NOT NULL
);
