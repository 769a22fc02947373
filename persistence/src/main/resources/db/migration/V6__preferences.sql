-- Mattermost's Preferences: per-user settings the apps keep on the server (display options,
-- favourite channels, direct channels shown, tutorial steps). A new table: nothing of the
-- previous release reads or writes it.
CREATE TABLE preferences (
  user_id  varchar(26)   NOT NULL REFERENCES users (id),
  category varchar(32)   NOT NULL,
  name     varchar(32)   NOT NULL,
  value    varchar(2000) NOT NULL,
  PRIMARY KEY (user_id, category, name)
);
