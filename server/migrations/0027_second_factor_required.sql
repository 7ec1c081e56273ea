-- 0027 a second factor an admin requires of one account (besides the roles listed in
-- TOTP_REQUIRED_ROLES): until it is on, the account's sessions may only turn it on.
ALTER TABLE users ADD COLUMN second_factor_required boolean NOT NULL DEFAULT false;
