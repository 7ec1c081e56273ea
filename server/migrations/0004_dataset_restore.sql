-- 0004 datasets: a restore from history is its own kind of history entry, and says which
-- entry it restored.
ALTER TABLE record_history DROP CONSTRAINT record_history_action_check;
ALTER TABLE record_history ADD CONSTRAINT record_history_action_check
  CHECK (action IN ('create', 'update', 'delete', 'restore'));
ALTER TABLE record_history ADD COLUMN restored_from bigint;
