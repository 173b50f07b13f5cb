-- Checkpoints of a run, so a paused large run resumes at its next shard instead of starting over:
-- { setup: true once catalog, parties, promotions, distribution and latent truth are written,
--   shardsDone, inShard (the shard being written; set until it is done), rows (written so far, by kind),
--   links (share links for the final clicks), segments: [{ fromShard, toShard, wallMs }] }.
ALTER TABLE sim_runs ADD COLUMN progress jsonb;
