// The demo's three monthly forms that wards really file, and the monthly consolidated report.
import type { DataElement, FormInput, ReportTemplateInput, ValidationRule } from '../../../../shared/contracts/reporting.ts';

const SEX = { code: 'sex', nameVi: 'Giới tính', nameEn: 'Sex', options: [{ code: 'nam', nameVi: 'Nam', nameEn: 'Male' }, { code: 'nu', nameVi: 'Nữ', nameEn: 'Female' }] };
const n = (code: string, nameVi: string, nameEn: string, unitVi: string, unitEn: string, extra: Partial<DataElement> = {}): DataElement =>
  ({ code, nameVi, nameEn, type: 'number', unitVi, unitEn, compulsory: true, min: 0, ...extra });
const rule = (code: string, nameVi: string, nameEn: string, left: string, operator: ValidationRule['operator'], right: string, importance: ValidationRule['importance'], blocking: boolean): ValidationRule =>
  ({ code, nameVi, nameEn, left, operator, right, importance, blocking });

const common = { periodType: 'month' as const, cutoffDay: 15, deadlineWorkingDays: 1, graceDays: 5 };

export function demoForms(units: string[]): FormInput[] {
  return [
    {
      code: 'kinh-te-xa-hoi', titleVi: 'Báo cáo tình hình kinh tế - xã hội', titleEn: 'Socio-economic situation report', ...common, units,
      elements: [
        n('thu_ngan_sach', 'Thu ngân sách nhà nước trên địa bàn', 'State budget revenue in the ward', 'triệu đồng', 'million VND'),
        n('ho_kinh_doanh_moi', 'Hộ kinh doanh đăng ký mới', 'New household businesses registered', 'hộ', 'households'),
        n('doanh_nghiep_moi', 'Doanh nghiệp thành lập mới', 'New enterprises', 'doanh nghiệp', 'enterprises'),
        n('lao_dong_viec_lam', 'Lao động được giải quyết việc làm', 'Workers placed in jobs', 'người', 'people', { disaggregation: SEX }),
        n('ho_ngheo', 'Hộ nghèo, cận nghèo đang quản lý', 'Poor and near-poor households', 'hộ', 'households'),
        n('phan_anh_tiep_nhan', 'Phản ánh hiện trường tiếp nhận (tự động)', 'Citizen reports received (automatic)', 'phản ánh', 'reports', { auto: { source: 'feedback-received' } }),
        n('ho_so_tiep_nhan', 'Hồ sơ thủ tục hành chính tiếp nhận (tự động)', 'Administrative dossiers received (automatic)', 'hồ sơ', 'dossiers', { auto: { source: 'dossiers-received' } }),
        { code: 'ho_so_truc_tuyen', nameVi: 'Tỷ lệ hồ sơ trực tuyến toàn trình', nameEn: 'Share of fully online dossiers', type: 'percent', unitVi: '%', unitEn: '%', compulsory: true },
        { code: 'ghi_chu', nameVi: 'Nhận xét, kiến nghị', nameEn: 'Remarks and proposals', type: 'text', compulsory: false },
      ],
      rules: [
        rule('dn_le_hkd', 'Thu ngân sách bất thường (trên 200 tỷ đồng/tháng)', 'Unusual budget revenue (over 200 billion VND a month)', 'thu_ngan_sach', '<=', '200000', 'medium', false),
      ],
    },
    {
      code: 'an-ninh-trat-tu', titleVi: 'Báo cáo tình hình an ninh, trật tự', titleEn: 'Public order and security report', ...common, units,
      elements: [
        n('vu_hinh_su', 'Vụ phạm pháp hình sự xảy ra', 'Criminal offences', 'vụ', 'cases'),
        n('vu_hinh_su_lam_ro', 'Vụ phạm pháp hình sự đã làm rõ', 'Criminal offences solved', 'vụ', 'cases'),
        n('tai_nan_giao_thong', 'Vụ tai nạn giao thông', 'Road traffic accidents', 'vụ', 'cases'),
        n('chay_no', 'Vụ cháy, nổ', 'Fires and explosions', 'vụ', 'cases'),
        n('vi_pham_trat_tu_do_thi', 'Trường hợp vi phạm trật tự đô thị bị xử lý', 'Urban order violations handled', 'trường hợp', 'cases'),
        { code: 'diem_nong', nameVi: 'Có điểm nóng về an ninh, trật tự', nameEn: 'Public order hot spot', type: 'yesno', compulsory: true },
      ],
      rules: [
        rule('lam_ro_le_xay_ra', 'Số vụ làm rõ không vượt số vụ xảy ra', 'Solved offences cannot exceed offences', 'vu_hinh_su_lam_ro', '<=', 'vu_hinh_su', 'high', true),
      ],
    },
    {
      code: 'y-te', titleVi: 'Báo cáo hoạt động y tế', titleEn: 'Health activities report', ...common, units,
      elements: [
        n('luot_kham', 'Lượt khám bệnh tại trạm y tế', 'Consultations at the health station', 'lượt', 'visits', { disaggregation: SEX }),
        n('tre_duoi_1_tuoi', 'Trẻ dưới 1 tuổi trên địa bàn', 'Children under one year', 'trẻ', 'children'),
        n('tre_tiem_du_mui', 'Trẻ dưới 1 tuổi được tiêm chủng đầy đủ', 'Children under one fully vaccinated', 'trẻ', 'children'),
        n('sot_xuat_huyet', 'Ca sốt xuất huyết', 'Dengue cases', 'ca', 'cases'),
        { code: 'bao_hiem_y_te', nameVi: 'Tỷ lệ dân số tham gia bảo hiểm y tế', nameEn: 'Health insurance coverage', type: 'percent', unitVi: '%', unitEn: '%', compulsory: true },
      ],
      rules: [
        rule('tiem_le_dan_so', 'Số trẻ tiêm đủ không vượt số trẻ dưới 1 tuổi', 'Vaccinated children cannot exceed children under one', 'tre_tiem_du_mui', '<=', 'tre_duoi_1_tuoi', 'high', true),
      ],
    },
  ];
}

export const DEMO_TEMPLATE: ReportTemplateInput = {
  code: 'tong-hop-thang', titleVi: 'Tình hình kinh tế - xã hội, an ninh trật tự và y tế', titleEn: 'Socio-economic, public order and health situation', periodType: 'month',
  items: [
    { form: 'kinh-te-xa-hoi', element: 'thu_ngan_sach' }, { form: 'kinh-te-xa-hoi', element: 'ho_kinh_doanh_moi' }, { form: 'kinh-te-xa-hoi', element: 'doanh_nghiep_moi' },
    { form: 'kinh-te-xa-hoi', element: 'lao_dong_viec_lam' }, { form: 'kinh-te-xa-hoi', element: 'ho_so_truc_tuyen' },
    { form: 'an-ninh-trat-tu', element: 'vu_hinh_su' }, { form: 'an-ninh-trat-tu', element: 'tai_nan_giao_thong' }, { form: 'an-ninh-trat-tu', element: 'chay_no' },
    { form: 'y-te', element: 'luot_kham' }, { form: 'y-te', element: 'tre_tiem_du_mui' }, { form: 'y-te', element: 'sot_xuat_huyet' },
  ],
  issuerVi: 'Trung tâm Điều hành đô thị thông minh', numberSuffix: 'BC-TTĐH', placeVi: 'Thành phố Hồ Chí Minh', signerTitleVi: 'Giám đốc', signerName: 'Nguyễn Minh Quân',
  schedule: { dayOfMonth: 20, hour: 8, minute: 0 }, recipientRoles: ['leader', 'admin'], webhookUrl: null,
};

/** Per-ward monthly baselines (ward order as the areas module lists them), before noise and seasonality. */
export const BASE: Record<string, number> = {
  thu_ngan_sach: 9500, ho_kinh_doanh_moi: 38, doanh_nghiep_moi: 22, 'lao_dong_viec_lam.nam': 70, 'lao_dong_viec_lam.nu': 65, ho_ngheo: 140, ho_so_truc_tuyen: 72,
  vu_hinh_su: 9, tai_nan_giao_thong: 4, chay_no: 1, vi_pham_trat_tu_do_thi: 55,
  'luot_kham.nam': 900, 'luot_kham.nu': 1150, tre_duoi_1_tuoi: 160, sot_xuat_huyet: 14, bao_hiem_y_te: 91,
};
