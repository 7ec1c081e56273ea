// Standard operating procedures shipped with cityops (Vietnamese first, English beside it).
// Seeded once per type; admins edit them through /api/sop-templates.
import type { SopStep } from '../../../../shared/contracts/alerts.ts';

export const DEFAULT_SOPS: { incidentType: string; nameVi: string; nameEn: string; steps: SopStep[] }[] = [
  {
    incidentType: 'flooding', nameVi: 'Ngập úng / triều cường', nameEn: 'Flooding / high tide',
    steps: [
      { vi: 'Xác minh mức ngập tại hiện trường (ảnh, độ sâu)', en: 'Verify the flood depth on site (photos, depth)' },
      { vi: 'Thông báo UBND phường và Công an phường', en: 'Notify the ward People\'s Committee and ward police' },
      { vi: 'Đặt biển cảnh báo, phân luồng giao thông', en: 'Place warning signs and divert traffic' },
      { vi: 'Điều xe/bơm tiêu thoát nước, kiểm tra cửa xả', en: 'Dispatch pumps, check the outfall gates' },
      { vi: 'Hỗ trợ di dời người dân, tài sản nếu cần', en: 'Help residents move people and goods if needed' },
      { vi: 'Cập nhật thông tin lên hệ thống và thông báo cho người dân', en: 'Update the system and inform residents' },
      { vi: 'Xác nhận nước rút, thu hồi biển báo, báo cáo kết quả', en: 'Confirm the water receded, remove signs, report' },
    ],
  },
  {
    incidentType: 'fire', nameVi: 'Cháy nổ', nameEn: 'Fire',
    steps: [
      { vi: 'Xác minh tin báo cháy với cơ sở/người báo', en: 'Verify the alarm with the premises or caller' },
      { vi: 'Báo ngay lực lượng Cảnh sát PCCC (114)', en: 'Call the fire and rescue police (114) at once' },
      { vi: 'Thông báo Công an phường, UBND phường', en: 'Notify the ward police and People\'s Committee' },
      { vi: 'Tổ chức sơ tán người trong khu vực nguy hiểm', en: 'Evacuate people from the danger zone' },
      { vi: 'Phong tỏa, phân luồng giao thông cho xe chữa cháy', en: 'Cordon off and clear the way for fire engines' },
      { vi: 'Phối hợp y tế (115) hỗ trợ người bị nạn', en: 'Coordinate medical help (115) for the injured' },
      { vi: 'Xác nhận đã dập tắt, thống kê thiệt hại, báo cáo', en: 'Confirm the fire is out, assess damage, report' },
    ],
  },
  {
    incidentType: 'traffic_accident', nameVi: 'Tai nạn giao thông', nameEn: 'Traffic accident',
    steps: [
      { vi: 'Xác minh vị trí, số phương tiện và người bị nạn', en: 'Verify the location, vehicles and casualties' },
      { vi: 'Gọi cấp cứu 115 nếu có người bị thương', en: 'Call the ambulance (115) if anyone is hurt' },
      { vi: 'Báo Cảnh sát giao thông / Công an phường (113)', en: 'Notify the traffic police / ward police (113)' },
      { vi: 'Bảo vệ hiện trường, cảnh báo từ xa', en: 'Protect the scene and warn approaching traffic' },
      { vi: 'Phân luồng, giải tỏa ùn tắc', en: 'Divert traffic and clear the congestion' },
      { vi: 'Xác nhận hiện trường đã thông, báo cáo', en: 'Confirm the road is clear, report' },
    ],
  },
  {
    incidentType: 'air_pollution', nameVi: 'Ô nhiễm không khí', nameEn: 'Air pollution',
    steps: [
      { vi: 'Kiểm tra số liệu các trạm quan trắc lân cận', en: 'Check readings of nearby monitoring stations' },
      { vi: 'Xác định nguồn phát thải (đốt rác, công trình, giao thông)', en: 'Identify the source (burning, construction, traffic)' },
      { vi: 'Thông báo khuyến cáo sức khỏe cho người dân', en: 'Publish health advice to residents' },
      { vi: 'Yêu cầu xử lý nguồn phát thải, phối hợp đội kiểm tra', en: 'Order the source to stop; send the inspection team' },
      { vi: 'Theo dõi đến khi chỉ số trở lại mức an toàn, báo cáo', en: 'Monitor until levels are safe, report' },
    ],
  },
  {
    incidentType: 'fallen_tree', nameVi: 'Cây đổ, gãy cành', nameEn: 'Fallen tree',
    steps: [
      { vi: 'Xác minh vị trí, mức độ ảnh hưởng, người bị nạn', en: 'Verify the location, impact and any casualties' },
      { vi: 'Cảnh báo, rào chắn khu vực nguy hiểm', en: 'Warn and fence off the danger zone' },
      { vi: 'Báo Công ty Công viên cây xanh xử lý', en: 'Call the parks and trees company' },
      { vi: 'Báo điện lực nếu cây đè lên đường dây', en: 'Call the power company if lines are hit' },
      { vi: 'Phân luồng giao thông trong thời gian xử lý', en: 'Divert traffic during the clean-up' },
      { vi: 'Xác nhận đã giải tỏa, báo cáo', en: 'Confirm the site is clear, report' },
    ],
  },
  {
    incidentType: 'power_outage', nameVi: 'Mất điện diện rộng', nameEn: 'Power outage',
    steps: [
      { vi: 'Xác định phạm vi mất điện', en: 'Determine the outage area' },
      { vi: 'Liên hệ Điện lực khu vực (19001006) nắm nguyên nhân, thời gian khắc phục', en: 'Call the power company for cause and restoration time' },
      { vi: 'Ưu tiên nguồn dự phòng cho bệnh viện, trạm bơm, đèn tín hiệu', en: 'Prioritise backup power for hospitals, pumps, traffic lights' },
      { vi: 'Bố trí lực lượng điều tiết giao thông tại giao lộ mất đèn', en: 'Send traffic wardens to junctions without lights' },
      { vi: 'Thông báo cho người dân', en: 'Inform residents' },
      { vi: 'Xác nhận đã có điện trở lại, báo cáo', en: 'Confirm power is back, report' },
    ],
  },
];

/** Incident type suggested for an alert's category / sensor type. */
export function incidentTypeFor(sensorType: string | null, category: string): string {
  switch (sensorType) {
    case 'water_level':
    case 'rainfall':
      return 'flooding';
    case 'fire_alarm':
      return 'fire';
    case 'pm25':
      return 'air_pollution';
    case 'traffic_count':
      return 'traffic_accident';
  }
  if (category === 'Fire') return 'fire';
  if (category === 'Met') return 'flooding';
  if (category === 'Health' || category === 'Env') return 'air_pollution';
  if (category === 'Transport') return 'traffic_accident';
  return 'flooding';
}
