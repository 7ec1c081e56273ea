import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';

export interface TimeRange {
  datasetId: string;
  title: string;
  field: string;
  fieldTitle: string;
  /** First and last day present in the data (YYYY-MM-DD). */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const fromDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

interface TimeSliderProps {
  range: TimeRange;
  /** Selected day, or null: every record shown. */
  day: string | null;
  onDay: (day: string | null) => void;
}

/** Replays a layer day by day: records whose date field is on or before the chosen day. */
export function TimeSlider({ range, day, onDay }: TimeSliderProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const [playing, setPlaying] = useState(false);
  const first = toDay(range.from);
  const last = toDay(range.to);
  const current = day ? toDay(day) : last;
  // Long ranges replay in steps so that a replay takes about a minute at most.
  const step = Math.max(1, Math.ceil((last - first) / 120));

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      const next = Math.min(last, current + step);
      onDay(fromDay(next));
      if (next >= last) setPlaying(false);
    }, 500);
    return () => window.clearInterval(timer);
  }, [playing, current, last, step, onDay]);

  return (
    <div className="time-slider" data-testid="time-slider" role="group" aria-label={t('map.time.label')}>
      <div className="time-slider__head">
        <strong>{range.title}</strong>
        <span>
          {range.fieldTitle} ≤ <span data-testid="time-slider-day">{formatDate(fromDay(current), lang)}</span>
        </span>
      </div>
      <div className="time-slider__controls">
        <button
          type="button"
          className="button button--small"
          data-testid="time-play"
          onClick={() => {
            if (!playing && current >= last) onDay(fromDay(first));
            setPlaying(!playing);
          }}
        >
          {playing ? t('map.time.pause') : t('map.time.play')}
        </button>
        <input
          type="range"
          min={first}
          max={last}
          step={1}
          value={current}
          aria-label={t('map.time.day')}
          aria-valuetext={formatDate(fromDay(current), lang)}
          data-testid="time-range"
          onChange={(event) => {
            setPlaying(false);
            onDay(fromDay(Number(event.target.value)));
          }}
        />
        <button
          type="button"
          className="button button--small button--quiet"
          data-testid="time-all"
          onClick={() => {
            setPlaying(false);
            onDay(null);
          }}
        >
          {t('map.time.all')}
        </button>
      </div>
    </div>
  );
}
