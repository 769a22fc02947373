-- Mattermost's UserAccessTokens (personal access tokens), with one deliberate difference:
-- Mattermost stores the token itself; Chorus stores only its SHA-256 digest (hex), because
-- the token is a bearer credential that never expires and a database dump must not hand it
-- out. The digest is also how a token is named between nodes when it is revoked.
-- A new table: nothing of the previous release reads or writes it.
CREATE TABLE user_access_tokens (
  id          varchar(26)  PRIMARY KEY,
  token_hash  char(64)     NOT NULL UNIQUE,
  user_id     varchar(26)  NOT NULL REFERENCES users (id),
  description varchar(512) NOT NULL,
  is_active   boolean      NOT NULL DEFAULT true
);
CREATE INDEX user_access_tokens_user_id ON user_access_tokens (user_id);
