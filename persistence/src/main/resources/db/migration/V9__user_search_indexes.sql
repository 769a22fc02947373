-- User search and autocomplete (POST /users/search, GET /users/autocomplete) match each word as
-- the start of lower(username), lower(nickname), lower(first_name), lower(last_name) or the
-- (already lower-cased) e-mail. Without these, every keystroke of an @-mention scans users.
-- text_pattern_ops lets a LIKE 'prefix%' use the index whatever the database's collation.
CREATE INDEX users_username_prefix_idx ON users (lower(username) text_pattern_ops);
CREATE INDEX users_nickname_prefix_idx ON users (lower(nickname) text_pattern_ops);
CREATE INDEX users_first_name_prefix_idx ON users (lower(first_name) text_pattern_ops);
CREATE INDEX users_last_name_prefix_idx ON users (lower(last_name) text_pattern_ops);
CREATE INDEX users_email_prefix_idx ON users (email text_pattern_ops);
