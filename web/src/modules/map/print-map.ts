// Map printing: the WebGL canvas is not kept between frames, so the picture is taken during a
// render (with the scale bar drawn in), then the print layout (title, date, legend, scale,
// attribution; see map.css @media print) shows it on paper.
import type { Map as MapLibreMap } from 'maplibre-gl';

/** A PNG of the map as it is now, with a scale bar drawn on it. */
export function printMap(map: MapLibreMap): Promise<string> {
  return new Promise((resolve) => {
    map.once('render', () => {
      const canvas = map.getCanvas();
      const out = document.createElement('canvas');
      out.width = canvas.width;
      out.height = canvas.height;
      const ctx = out.getContext('2d');
      if (!ctx) {
        resolve(canvas.toDataURL('image/png'));
        return;
      }
      ctx.drawImage(canvas, 0, 0);
      drawScale(ctx, map, out.height, window.devicePixelRatio || 1);
      resolve(out.toDataURL('image/png'));
    });
    map.triggerRepaint();
  });
}

/** A round length (1, 2 or 5 × 10^n metres) that is at most `maxMetres`. */
export function roundScale(maxMetres: number): number {
  const pow = 10 ** Math.floor(Math.log10(maxMetres));
  const d = maxMetres / pow;
  return (d >= 5 ? 5 : d >= 2 ? 2 : 1) * pow;
}

export const scaleLabel = (metres: number) => (metres >= 1000 ? `${metres / 1000} km` : `${metres} m`);

function drawScale(ctx: CanvasRenderingContext2D, map: MapLibreMap, height: number, ratio: number) {
  const y = map.getContainer().clientHeight / 2;
  const left = map.unproject([0, y]);
  const right = map.unproject([100, y]);
  const metresPer100px = left.distanceTo(right);
  const metres = roundScale(metresPer100px * 1.5);
  const px = (metres / metresPer100px) * 100 * ratio;
  const x0 = 16 * ratio;
  const y0 = height - 16 * ratio;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x0 - 6 * ratio, y0 - 22 * ratio, px + 12 * ratio, 28 * ratio);
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2 * ratio;
  ctx.beginPath();
  ctx.moveTo(x0, y0 - 6 * ratio);
  ctx.lineTo(x0, y0);
  ctx.lineTo(x0 + px, y0);
  ctx.lineTo(x0 + px, y0 - 6 * ratio);
  ctx.stroke();
  ctx.fillStyle = '#111';
  ctx.font = `${12 * ratio}px sans-serif`;
  ctx.fillText(scaleLabel(metres), x0 + 4 * ratio, y0 - 8 * ratio);
}
