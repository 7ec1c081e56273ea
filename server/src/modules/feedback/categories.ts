// Built-in categories of citizens' reports, their answer deadline in working days and the
// department each goes to by default (units of the demo/data hub: DATASET_UNITS).
export interface CategoryDecl {
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  deadlineDays: number;
  departmentUnit: string;
}

export const BUILT_IN_CATEGORIES: readonly CategoryDecl[] = [
  { code: 'rac-thai', nameVi: 'Rác thải, vệ sinh môi trường', nameEn: 'Waste and sanitation', descriptionVi: 'Rác tồn đọng, đổ trộm xà bần, điểm tập kết rác', deadlineDays: 3, departmentUnit: 'phong-tnmt' },
  { code: 'ngap-nuoc', nameVi: 'Ngập nước, thoát nước', nameEn: 'Flooding and drainage', descriptionVi: 'Ngập sau mưa, triều cường, cống nghẹt, mất nắp hố ga', deadlineDays: 5, departmentUnit: 'phong-qldt' },
  { code: 'chieu-sang', nameVi: 'Chiếu sáng công cộng', nameEn: 'Street lighting', descriptionVi: 'Đèn đường hỏng, trụ đèn nghiêng, rò điện', deadlineDays: 3, departmentUnit: 'phong-qldt' },
  { code: 'cay-xanh', nameVi: 'Cây xanh', nameEn: 'Trees', descriptionVi: 'Cây nghiêng, đổ, gãy cành, chặt cây trái phép', deadlineDays: 3, departmentUnit: 'phong-qldt' },
  { code: 'lan-chiem-via-he', nameVi: 'Lấn chiếm vỉa hè, lòng đường', nameEn: 'Pavement encroachment', descriptionVi: 'Buôn bán, để xe, xây dựng chiếm vỉa hè và lòng đường', deadlineDays: 5, departmentUnit: 'cong-an' },
  { code: 'tieng-on', nameVi: 'Tiếng ồn', nameEn: 'Noise', descriptionVi: 'Karaoke, loa kéo, quán bar, công trình ban đêm', deadlineDays: 3, departmentUnit: 'cong-an' },
  { code: 'trat-tu-xay-dung', nameVi: 'Trật tự xây dựng', nameEn: 'Building control', descriptionVi: 'Xây dựng không phép, sai phép, không che chắn', deadlineDays: 10, departmentUnit: 'phong-qldt' },
  { code: 'an-toan-thuc-pham', nameVi: 'An toàn thực phẩm', nameEn: 'Food safety', descriptionVi: 'Cơ sở mất vệ sinh, ngộ độc, thực phẩm không rõ nguồn gốc', deadlineDays: 5, departmentUnit: 'phong-yte' },
  { code: 'giao-thong', nameVi: 'Giao thông, hư hỏng đường', nameEn: 'Roads and traffic', descriptionVi: 'Ổ gà, sụt lún, đèn tín hiệu, biển báo', deadlineDays: 5, departmentUnit: 'phong-qldt' },
  { code: 'cap-nuoc', nameVi: 'Cấp nước', nameEn: 'Water supply', descriptionVi: 'Mất nước, nước yếu, nước bẩn, vỡ ống', deadlineDays: 3, departmentUnit: 'phong-kinh-te' },
  { code: 'khac', nameVi: 'Khác', nameEn: 'Other', descriptionVi: 'Phản ánh khác về đô thị', deadlineDays: 10, departmentUnit: 'van-phong-ubnd' },
];
