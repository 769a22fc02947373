-- Posts take most of the writes: an insert per message, an update per edit, delete, pin or
-- reaction. PostgreSQL's defaults wait for changes to reach 10-20% of a table before they
-- analyze or vacuum it, which on a posts table of tens of millions of rows means millions of
-- rows between runs. Only storage parameters change, so a node of the previous version keeps
-- working against this schema during a rolling upgrade.
ALTER TABLE posts SET (
  -- Dead rows from edits and deletes are removed after 5% of the table, not 20%: each run is
  -- smaller and the table and its indexes stop bloating between runs.
  autovacuum_vacuum_scale_factor = 0.05,
  -- A vacuum after 5% new rows, not 20%, marks the new pages all-visible (channel history read
  -- from the (channel_id, create_at) index stays index-only) and merges the full-text index's
  -- pending list, which every search otherwise scans.
  autovacuum_vacuum_insert_scale_factor = 0.05,
  -- create_at grows with every post: statistics refreshed after 2% keep the planner's estimate
  -- of "the newest posts of a channel" from falling behind the newest rows.
  autovacuum_analyze_scale_factor = 0.02
);
