-- Jobs get a lease, a fencing number and a schedule slot. Mattermost's columns stay as they
-- are; every change is additive, so a node of the previous version keeps working against this
-- schema during a rolling upgrade (it runs no jobs: the jobs table was unused before).

-- The node that holds the job now, or ran it last ('' when none), and until when, on the database's clock: a
-- worker renews the lease with every heartbeat; a job whose lease ran out goes back to pending
-- (its worker died or was cut off) and another worker claims it.
ALTER TABLE jobs ADD COLUMN worker_node      varchar(26) NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN lease_expires_at bigint      NOT NULL DEFAULT 0;
-- Incremented by every claim. A worker writes (heartbeat, checkpoint, end) only while the row
-- still has the fence it claimed with, so a worker that comes back after its job was claimed
-- again writes nothing.
ALTER TABLE jobs ADD COLUMN fence            bigint      NOT NULL DEFAULT 0;
-- The schedule slot a scheduled job was created for (NULL for jobs created through the API).
-- One job per type and slot, whatever its status: a new scheduling leader inserting the slot
-- its predecessor already inserted gets a conflict, never a second job, and a finished slot is
-- never run again.
ALTER TABLE jobs ADD COLUMN slot_key         varchar(64);
CREATE UNIQUE INDEX jobs_type_slot_key_key ON jobs (type, slot_key) WHERE slot_key IS NOT NULL;
-- Workers look for the oldest pending jobs and for expired leases of running ones.
CREATE INDEX jobs_status_create_at_idx ON jobs (status, create_at);

-- File retention deletes the oldest files first; without this it would scan file_info for
-- every batch.
CREATE INDEX file_info_create_at_idx ON file_info (create_at, id);
