// Rules shipped for the demo (seeded once by key; admins may change or disable them).
import type { RuleWrite } from './alerts.repository.ts';

export const DEFAULT_RULES: (RuleWrite & { key: string })[] = [
  {
    key: 'tide-flooding',
    nameVi: 'Triều cường gây ngập', nameEn: 'Tidal flooding',
    enabled: true, sensorType: 'water_level', sensorId: null, areaCode: null,
    // Fires at 1.6 m, clears only below 1.5 m so a level hovering at the line does not flap.
    condition: { kind: 'threshold', op: '>=', value: 1.6, clear: 1.5 },
    severity: 'Severe', category: 'Met', public: true, autoResolve: false,
    instructionVi: 'Hạn chế đi qua khu vực ngập, di chuyển xe lên chỗ cao, theo dõi thông báo của phường.',
    instructionEn: 'Avoid the flooded streets, move vehicles to higher ground, follow the ward announcements.',
  },
  {
    key: 'heavy-rain',
    nameVi: 'Mưa lớn', nameEn: 'Heavy rain',
    enabled: true, sensorType: 'rainfall', sensorId: null, areaCode: null,
    condition: {
      kind: 'any',
      conditions: [
        { kind: 'threshold', op: '>=', value: 50, clear: 30 },
        { kind: 'rate', windowMinutes: 60, change: 40 },
      ],
    },
    severity: 'Moderate', category: 'Met', public: true, autoResolve: false,
    instructionVi: 'Đề phòng ngập úng cục bộ, không trú mưa dưới cây lớn.',
    instructionEn: 'Expect local flooding; do not shelter under large trees.',
  },
  {
    key: 'pm25-unhealthy',
    nameVi: 'Bụi mịn PM2.5 ở mức có hại', nameEn: 'Unhealthy PM2.5',
    enabled: true, sensorType: 'pm25', sensorId: null, areaCode: null,
    condition: { kind: 'threshold', op: '>=', value: 55.5, clear: 50 },
    severity: 'Moderate', category: 'Health', public: true, autoResolve: true,
    instructionVi: 'Hạn chế hoạt động ngoài trời, đeo khẩu trang khi ra đường.',
    instructionEn: 'Limit outdoor activity; wear a mask outside.',
  },
  {
    key: 'fire-alarm',
    nameVi: 'Báo cháy', nameEn: 'Fire alarm',
    enabled: true, sensorType: 'fire_alarm', sensorId: null, areaCode: null,
    condition: { kind: 'threshold', op: '>=', value: 1, clear: 1 },
    severity: 'Extreme', category: 'Fire', public: false, autoResolve: false,
    instructionVi: 'Xác minh ngay với cơ sở, báo lực lượng PCCC (114).',
    instructionEn: 'Verify with the premises at once; call the fire service (114).',
  },
  {
    key: 'camera-offline',
    nameVi: 'Camera mất kết nối', nameEn: 'Camera offline',
    enabled: true, sensorType: 'camera_status', sensorId: null, areaCode: null,
    // camera_status: 1 = online, 0 = offline.
    condition: { kind: 'threshold', op: '<', value: 0.5, clear: 0.5 },
    severity: 'Minor', category: 'Security', public: false, autoResolve: true,
    instructionVi: 'Kiểm tra nguồn và đường truyền của camera.', instructionEn: 'Check the camera power and link.',
  },
  {
    key: 'device-silent',
    nameVi: 'Thiết bị im lặng', nameEn: 'Device silent',
    enabled: true, sensorType: null, sensorId: null, areaCode: null,
    condition: { kind: 'no_data', minutes: 15 },
    severity: 'Minor', category: 'Infra', public: false, autoResolve: true,
    instructionVi: 'Kiểm tra thiết bị và kết nối.', instructionEn: 'Check the device and its connection.',
  },
];
