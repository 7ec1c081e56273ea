-- 0010 feedback photo tokens: photos are served by an unguessable key instead of their
-- sequential id (ids let anyone enumerate every citizen's photos). New photos get 128 random
-- bits from the server (32 hex digits); existing ones are backfilled from gen_random_uuid()
-- (122 random bits, built into PostgreSQL 13+ and PGlite), in the same 32-hex form.
-- Frozen once landed: change the schema in a new migration, never here.
ALTER TABLE feedback_photos ADD COLUMN token text;
UPDATE feedback_photos SET token = replace(gen_random_uuid()::text, '-', '') WHERE token IS NULL;
ALTER TABLE feedback_photos ALTER COLUMN token SET NOT NULL;
ALTER TABLE feedback_photos ADD CONSTRAINT feedback_photos_token_key UNIQUE (token);
ALTER TABLE feedback_photos ADD CONSTRAINT feedback_photos_token_check CHECK (token ~ '^[0-9a-f]{32}$');
