// Vietnamese public holidays that are days off for state agencies (Labour Code 2019, art. 112,
// and the Prime Minister's yearly Tết/holiday decisions), as the weekdays actually given off,
// including compensatory days when a holiday falls on a weekend. Weekends are excluded
// separately by working-days.ts. 2027 Tết and 2/9 are not yet decided by decree: the dates
// are the usual pattern and marked provisional.
export interface Holiday {
  date: string;
  nameVi: string;
  nameEn: string;
  provisional?: boolean;
}

const h = (date: string, nameVi: string, nameEn: string, provisional = false): Holiday => ({ date, nameVi, nameEn, ...(provisional ? { provisional } : {}) });

export const VN_HOLIDAYS: readonly Holiday[] = [
  // 2025
  h('2025-01-01', 'Tết Dương lịch', "New Year's Day"),
  // Tết Ất Tỵ: 25/1–2/2/2025 (weekdays 27–31/1)
  h('2025-01-27', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2025-01-28', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2025-01-29', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2025-01-30', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2025-01-31', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2025-04-07', 'Giỗ Tổ Hùng Vương', 'Hung Kings Commemoration Day'),
  h('2025-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
  h('2025-05-01', 'Ngày Quốc tế Lao động', 'Labour Day'),
  h('2025-05-02', 'Nghỉ hoán đổi (30/4–1/5)', 'Swapped day off (30/4–1/5)'),
  h('2025-09-01', 'Quốc khánh', 'National Day'),
  h('2025-09-02', 'Quốc khánh', 'National Day'),
  // 2026
  h('2026-01-01', 'Tết Dương lịch', "New Year's Day"),
  // Tết Bính Ngọ: 14/2–22/2/2026 (weekdays 16–20/2)
  h('2026-02-16', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2026-02-17', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2026-02-18', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2026-02-19', 'Tết Nguyên đán', 'Lunar New Year'),
  h('2026-02-20', 'Tết Nguyên đán', 'Lunar New Year'),
  // 10/3 lunar falls on Sunday 26/4/2026: the Monday is given off
  h('2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)', 'Hung Kings Commemoration Day (in lieu)'),
  h('2026-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
  h('2026-05-01', 'Ngày Quốc tế Lao động', 'Labour Day'),
  h('2026-09-01', 'Quốc khánh', 'National Day'),
  h('2026-09-02', 'Quốc khánh', 'National Day'),
  // 2027
  h('2027-01-01', 'Tết Dương lịch', "New Year's Day"),
  // Tết Đinh Mùi: mùng 1 = Saturday 6/2/2027
  h('2027-02-05', 'Tết Nguyên đán', 'Lunar New Year', true),
  h('2027-02-08', 'Tết Nguyên đán', 'Lunar New Year', true),
  h('2027-02-09', 'Tết Nguyên đán', 'Lunar New Year', true),
  h('2027-02-10', 'Tết Nguyên đán (nghỉ bù)', 'Lunar New Year (in lieu)', true),
  h('2027-02-11', 'Tết Nguyên đán (nghỉ bù)', 'Lunar New Year (in lieu)', true),
  h('2027-04-16', 'Giỗ Tổ Hùng Vương', 'Hung Kings Commemoration Day'),
  h('2027-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
  // 1/5/2027 is a Saturday: Monday 3/5 in lieu
  h('2027-05-03', 'Ngày Quốc tế Lao động (nghỉ bù)', 'Labour Day (in lieu)'),
  h('2027-09-02', 'Quốc khánh', 'National Day'),
  h('2027-09-03', 'Quốc khánh', 'National Day', true),
];

export const HOLIDAY_DATES: ReadonlySet<string> = new Set(VN_HOLIDAYS.map((x) => x.date));
