import { describe, expect, it } from 'vitest';
import { formatSseComment, formatSseEvent } from './sse.ts';

describe('formatSseEvent', () => {
  it('writes id, event and JSON data, ending with a blank line', () => {
    expect(formatSseEvent({ id: 7, event: 'kpis', data: { a: 'Quận 7' } })).toBe('id: 7\nevent: kpis\ndata: {"a":"Quận 7"}\n\n');
    expect(formatSseEvent({ data: [1, 2] })).toBe('data: [1,2]\n\n');
  });

  it('sends text as is, one data line per line, and keeps id and event on one line', () => {
    expect(formatSseEvent({ event: 'a\nb', id: 'x\ry', data: 'one\ntwo\r\nthree' })).toBe('id: xy\nevent: ab\ndata: one\ndata: two\ndata: three\n\n');
  });
});

describe('formatSseComment', () => {
  it('writes a comment that cannot break the stream', () => {
    expect(formatSseComment('alive 2026-01-01T00:00:00.000Z')).toBe(': alive 2026-01-01T00:00:00.000Z\n\n');
    expect(formatSseComment('a\n\nevent: x')).toBe(': a event: x\n\n');
  });
});
