-- A merchant invites a creator to quote on its open proxy job (from the recommended creators); the job market
-- flags the job for that creator and for the agencies it is contracted to.
CREATE TABLE proxy_invites (
  job_id text NOT NULL REFERENCES proxy_jobs(id),
  creator_id text NOT NULL REFERENCES creators(id),
  invited_at timestamptz NOT NULL,
  invited_by text NOT NULL,
  PRIMARY KEY (job_id, creator_id)
);
CREATE INDEX proxy_invites_creator ON proxy_invites (creator_id);
