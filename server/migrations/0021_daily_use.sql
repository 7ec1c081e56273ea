-- Issue 20 (daily use).
-- Closing an incident records how it was resolved; reopening clears it (the timeline keeps both).
ALTER TABLE incidents ADD COLUMN resolution text;

-- Escalation used to raise an alert's severity one step each time (a Minor silent-device alert
-- became Extreme after 30 minutes). It no longer does: give escalated alerts back the severity
-- they had before their first escalation, as the timeline recorded it.
UPDATE alerts a
   SET severity = first_esc.from_severity
  FROM (
    SELECT DISTINCT ON (alert_id) alert_id, details ->> 'from' AS from_severity
      FROM alert_events
     WHERE action = 'escalated' AND details ->> 'from' IS NOT NULL
     ORDER BY alert_id, id
  ) first_esc
 WHERE first_esc.alert_id = a.id
   AND first_esc.from_severity IN ('Extreme', 'Severe', 'Moderate', 'Minor');
