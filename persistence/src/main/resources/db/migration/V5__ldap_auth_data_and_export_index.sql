-- V5, not V4: V4 belongs to the jobs framework (issue 12), built on a parallel branch.
-- Both changes are additive, so a node of the previous version keeps working against this
-- schema during a rolling upgrade.

-- The directory's id of an account created by LDAP (LdapSettings.IdAttribute), as Mattermost's
-- Users.AuthData: a login or a sync finds the account by it even after its username or e-mail
-- changed in the directory. One account per (service, id): two nodes creating the same LDAP
-- user at its first login race on this index, and the loser reads the winner's row.
ALTER TABLE users ADD COLUMN auth_data varchar(128) NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_auth_service_auth_data_key ON users (auth_service, auth_data) WHERE auth_data <> '';

-- The compliance export reads the posts changed since its last run; every change to a post
-- moves update_at, so this index finds them without reading the whole table.
CREATE INDEX posts_update_at_idx ON posts (update_at);
