-- 0026 feedback inbox (issue 20): canned replies as data, citizens joining a nearby report
-- ("this is my problem too"), and a count of "still not fixed" reopenings.
CREATE TABLE feedback_canned_replies (
  id serial PRIMARY KEY,
  title_vi text NOT NULL,
  title_en text NOT NULL,
  body_vi text NOT NULL,
  sort_order int NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL DEFAULT 'system'
);

INSERT INTO feedback_canned_replies (title_vi, title_en, body_vi, sort_order) VALUES
  ('Đã xử lý xong', 'Fixed', 'Cảm ơn Ông/Bà đã phản ánh. Đơn vị đã kiểm tra hiện trường và xử lý xong sự việc. Kính mong Ông/Bà tiếp tục đồng hành cùng chính quyền địa phương.', 1),
  ('Đã chuyển đơn vị chức năng', 'Passed to the responsible unit', 'Cảm ơn Ông/Bà đã phản ánh. Nội dung đã được chuyển đến đơn vị chức năng có thẩm quyền để xử lý theo quy định; kết quả sẽ được thông báo qua mã tra cứu.', 2),
  ('Đã lên kế hoạch sửa chữa', 'Repair scheduled', 'Cảm ơn Ông/Bà đã phản ánh. Đơn vị đã kiểm tra và đưa vào kế hoạch sửa chữa trong thời gian sớm nhất. Trong thời gian chờ, khu vực đã được đặt biển cảnh báo.', 3),
  ('Không thuộc thẩm quyền', 'Outside our remit', 'Cảm ơn Ông/Bà đã phản ánh. Nội dung không thuộc thẩm quyền giải quyết của phường; đề nghị Ông/Bà liên hệ cơ quan có thẩm quyền để được hướng dẫn.', 4);

-- Citizens who said "this is my problem too" on a nearby open report, instead of sending a duplicate.
ALTER TABLE feedback_reports ADD COLUMN supporters int NOT NULL DEFAULT 0;
-- How often the citizen said "still not fixed" (reopened a resolved report).
ALTER TABLE feedback_reports ADD COLUMN reopen_count int NOT NULL DEFAULT 0;

CREATE VIEW v_feedback_canned_replies AS SELECT * FROM feedback_canned_replies;
