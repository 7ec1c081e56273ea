-- 0022 Second factor for staff: a time-based one-time password (RFC 6238, the codes of any
-- authenticator app). A row with enabled_at NULL is an enrolment in progress. last_step keeps
-- the last accepted 30-second step, so a code is accepted once. Recovery codes are stored as
-- SHA-256 hashes and are used once each.
CREATE TABLE user_totp (
  user_id integer PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret text NOT NULL,
  enabled_at timestamptz,
  last_step bigint,
  recovery_hashes text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
