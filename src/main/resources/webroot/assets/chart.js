// Stacked bar chart drawn on a canvas (no chart library: the CSP allows only our own scripts).

const COLOURS = ['#2f6fde', '#e8833a', '#3aa55d', '#c23b3b', '#8a5cc7', '#8c6d1f', '#1aa3a3', '#d45fa9'];

export function colour(i) {
  return COLOURS[i % COLOURS.length];
}

/**
 * @param canvas  the canvas to draw on (its CSS width is used)
 * @param labels  one label per bar
 * @param series  [{name, values}] with one value per bar, stacked in this order
 */
export function barChart(canvas, labels, series) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 800;
  const h = canvas.clientHeight || 280;
  canvas.width = w * ratio;
  canvas.height = h * ratio;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.clearRect(0, 0, w, h);
  const left = 48, bottom = 40, top = 12, right = 12;
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] || 0), 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top1 = Math.ceil(max / step) * step;
  const plotH = h - top - bottom;
  const plotW = w - left - right;
  g.font = '11px system-ui, sans-serif';
  g.strokeStyle = '#ccc';
  g.fillStyle = '#555';
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (let v = 0; v <= top1; v += step) {
    const y = top + plotH - (v / top1) * plotH;
    g.beginPath();
    g.moveTo(left, y);
    g.lineTo(w - right, y);
    g.stroke();
    g.fillText(String(v), left - 6, y);
  }
  const bw = plotW / Math.max(1, labels.length);
  const every = Math.ceil(labels.length / Math.max(1, Math.floor(plotW / 70)));
  labels.forEach((label, i) => {
    let y = top + plotH;
    series.forEach((s, k) => {
      const v = s.values[i] || 0;
      const bh = (v / top1) * plotH;
      g.fillStyle = colour(k);
      g.fillRect(left + i * bw + bw * 0.1, y - bh, bw * 0.8, bh);
      y -= bh;
    });
    if (i % every === 0) {
      g.fillStyle = '#555';
      g.textAlign = 'center';
      g.textBaseline = 'top';
      g.fillText(label, left + i * bw + bw / 2, top + plotH + 6);
    }
  });
}

function niceStep(max) {
  const raw = max / 5;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (raw <= m * p) return Math.max(1, m * p);
  return Math.max(1, 10 * p);
}
