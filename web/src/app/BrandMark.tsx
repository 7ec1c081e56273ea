/** The cityops logo: a stylised city block on a navy tile. */
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#0b1f3a" />
      <path d="M6 25V14l5-3v14zM13 25V9l6-4v20zM21 25V12l5 3v10z" fill="#38bdf8" />
      <path d="M5 26.5h22" stroke="#7dd3fc" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
