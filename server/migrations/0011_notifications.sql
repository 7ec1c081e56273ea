-- 0011 notifications: alerts delivered to the users whose notification preferences
-- (0009 notification_preferences) match and who may see the alert's area.
-- Frozen once landed: change the schema in a new migration, never here.

-- One row per user and alert change that reached them (in-app; the webhook outcome is kept
-- beside it when the user asked for a webhook).
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  alert_id bigint REFERENCES alerts(id) ON DELETE CASCADE,
  change text NOT NULL,
  severity text NOT NULL,
  category text NOT NULL,
  title_vi text NOT NULL,
  title_en text NOT NULL,
  area_code text,
  place text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- Webhook delivery: null = not asked; 'delivered' or 'failed: …'.
  webhook_status text
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
