// Vocabulary for plausible synthetic Vietnamese names and addresses (District 7 and around).

export const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương', 'Đinh', 'Lâm', 'Mai'];
export const MIDDLE_M = ['Văn', 'Hữu', 'Minh', 'Quốc', 'Đức', 'Thanh', 'Công', 'Hoàng', 'Tấn', 'Gia'];
export const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Bảo', 'Hồng', 'Phương', 'Diễm'];
export const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khang', 'Khoa', 'Long', 'Minh', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Trung', 'Tuấn', 'Việt', 'Vinh'];
export const GIVEN_F = ['Anh', 'Châu', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Loan', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Phượng', 'Tâm', 'Thảo', 'Trang', 'Vy', 'Yến'];

/** Streets by 2025 ward code (former District 7); other wards use the general list. */
export const STREETS_BY_WARD: Record<string, string[]> = {
  '27475': ['Nguyễn Thị Thập', 'Lê Văn Lương', 'Nguyễn Hữu Thọ', 'Tôn Dật Tiên', 'Nguyễn Lương Bằng', 'Nguyễn Văn Linh', 'Hoàng Quốc Việt', 'Lý Phục Man', 'Tân Phong', 'Nguyễn Đức Cảnh'],
  '27478': ['Huỳnh Tấn Phát', 'Trần Xuân Soạn', 'Lâm Văn Bền', 'Nguyễn Văn Quỳ', 'Bùi Văn Ba', 'Tân Thuận Tây', 'Lê Văn Lương', 'Nguyễn Thị Thập', 'Tân Mỹ', 'Đường số 17'],
  '27484': ['Huỳnh Tấn Phát', 'Đào Trí', 'Gò Ô Môi', 'Phú Thuận', 'Nguyễn Văn Quỳ', 'Lưu Trọng Lư', 'Đường số 25', 'Đường số 41'],
  '27487': ['Nguyễn Văn Linh', 'Tân Mỹ', 'Phạm Hữu Lầu', 'Nguyễn Thị Thập', 'Nguyễn Lương Bằng', 'Huỳnh Tấn Phát', 'Đường số 7', 'Đường số 15'],
};
export const STREETS_GENERAL = ['Nguyễn Thị Thập', 'Huỳnh Tấn Phát', 'Nguyễn Hữu Thọ', 'Nguyễn Văn Linh', 'Lê Văn Lương', 'Trần Xuân Soạn', 'Nguyễn Lương Bằng', 'Tân Mỹ', 'Lâm Văn Bền', 'Phạm Hữu Lầu'];

export const SHOP_WORDS = ['Minh Phát', 'Thành Công', 'Phúc Lộc', 'Hưng Thịnh', 'An Khang', 'Tấn Tài', 'Kim Ngân', 'Bảo Ngọc', 'Thanh Hương', 'Hoa Mai', 'Sài Gòn', 'Nam Phong', 'Tân Tiến', 'Vạn Phúc', 'Hồng Ân', 'Đại Phát', 'Ngọc Lan', 'Hòa Bình', 'Phú Mỹ', 'Kim Long'];
export const HOUSEHOLD_PREFIX: Record<string, string[]> = {
  'Tạp hóa': ['Tạp hóa', 'Cửa hàng tạp hóa'],
  'Ăn uống': ['Quán cơm', 'Quán phở', 'Quán bún bò', 'Quán cà phê', 'Quán hủ tiếu', 'Tiệm bánh mì'],
  'May mặc': ['Tiệm may', 'Shop thời trang'],
  'Sửa chữa': ['Sửa xe', 'Điện lạnh', 'Sửa điện thoại'],
  'Dịch vụ cá nhân': ['Tiệm tóc', 'Tiệm nail', 'Giặt ủi'],
  'Điện thoại, điện máy': ['Điện máy', 'Điện thoại di động'],
  'Vật liệu xây dựng': ['Vật liệu xây dựng', 'Sắt thép'],
  Khác: ['Cửa hàng', 'Cơ sở'],
};
export const ENTERPRISE_WORDS = ['Thương mại Dịch vụ', 'Đầu tư Xây dựng', 'Công nghệ', 'Xuất nhập khẩu', 'Vận tải', 'Bất động sản', 'Tư vấn', 'Sản xuất', 'Giải pháp Phần mềm', 'Logistics', 'Thực phẩm', 'Nội thất'];
export const WATERWAYS = ['Rạch Ông Lớn', 'Rạch Bàng', 'Rạch Đĩa', 'Rạch Ông Đội', 'Rạch Cả Cấm', 'Rạch Thầy Tiêu', 'Rạch Bà Bướm', 'Rạch Ông Bé', 'Rạch Tôm', 'Kênh Tẻ', 'Sông Phú Xuân', 'Rạch Xóm Củi'];
