-- More published read views (issue 13): what other modules still read by joining the owner's
-- tables. See 0015 for the rules.

-- auth: which areas an account is bound to (officers: their wards).
CREATE VIEW v_user_areas AS
  SELECT user_id, area_id
  FROM user_areas;

-- feedback: photos without their bytes (the token is the photo's public, unguessable name).
CREATE VIEW v_feedback_photos AS
  SELECT id, report_id, kind, mime, width, height, bytes, token, created_at
  FROM feedback_photos;
