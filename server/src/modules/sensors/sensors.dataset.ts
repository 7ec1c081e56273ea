// The `sensors` dataset: every sensor is a record of this declared dataset (point geometry,
// natural key sensor_id), so it is managed, imported, exported and shown like any inventory.
import type { DatasetDecl } from '../datasets/index.ts';
import { SENSOR_TYPES } from '../../../../shared/contracts/sensors.ts';

export const SENSORS_DATASET_ID = 'sensors';
export const SENSOR_STATUSES = ['active', 'maintenance', 'inactive'] as const;

export const SENSORS_DATASET: DatasetDecl = {
  id: SENSORS_DATASET_ID,
  titleVi: 'Cảm biến IoT',
  titleEn: 'IoT sensors',
  displayField: 'name',
  descriptionVi: 'Cảm biến mực nước/triều, mưa, bụi mịn, tiếng ồn, lưu lượng xe, tủ báo cháy và trạng thái camera gửi số liệu về trung tâm qua MQTT hoặc HTTP.',
  descriptionEn: 'Water level / tide, rainfall, PM2.5, noise, traffic count, fire-alarm panel and camera status sensors reporting over MQTT or HTTP.',
  domain: 'urban',
  ownerUnit: 'ioc',
  geometryType: 'point',
  publicRead: false,
  naturalKey: ['sensor_id'],
  fields: [
    { name: 'sensor_id', type: 'text', titleVi: 'Mã cảm biến', titleEn: 'Sensor id', required: true, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' },
    { name: 'name', type: 'text', titleVi: 'Tên', titleEn: 'Name', required: true },
    { name: 'type', type: 'enum', titleVi: 'Loại', titleEn: 'Type', required: true, values: [...SENSOR_TYPES] },
    { name: 'unit', type: 'text', titleVi: 'Đơn vị đo', titleEn: 'Unit' },
    { name: 'min_valid', type: 'number', titleVi: 'Giá trị hợp lệ nhỏ nhất', titleEn: 'Minimum valid value' },
    { name: 'max_valid', type: 'number', titleVi: 'Giá trị hợp lệ lớn nhất', titleEn: 'Maximum valid value' },
    { name: 'warn_threshold', type: 'number', titleVi: 'Ngưỡng cảnh báo', titleEn: 'Warning threshold' },
    { name: 'alarm_threshold', type: 'number', titleVi: 'Ngưỡng báo động', titleEn: 'Alarm threshold' },
    { name: 'status', type: 'enum', titleVi: 'Trạng thái', titleEn: 'Status', values: [...SENSOR_STATUSES] },
    { name: 'installed_on', type: 'date', titleVi: 'Ngày lắp đặt', titleEn: 'Installed on' },
    // The device account whose token may send this sensor's readings (issue 14 #6).
    { name: 'device_account', type: 'text', titleVi: 'Tài khoản thiết bị gửi số liệu', titleEn: 'Device account sending readings', pattern: '^[a-z0-9][a-z0-9._-]{1,62}$' },
  ],
};
