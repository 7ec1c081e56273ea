-- 0017 API token scopes: a token may be read-only ('read': GET only) or act fully for its
-- account ('full'). Tokens issued before keep what they could do.
ALTER TABLE credentials ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('read', 'full'));
