-- Who holds an erasure request: a node writes its status only while the request is IN_PROGRESS under its own
-- claim, so a node whose claim went stale and was taken over can no longer overwrite the new holder's outcome.
alter table erasure_request add column claim_id text;
-- How often the request was claimed. A FAILED request whose subject still has live keys is claimed again after a
-- pause, up to a bounded number of attempts (the process is idempotent, see ErasureProcess).
alter table erasure_request add column attempts integer not null default 0;
