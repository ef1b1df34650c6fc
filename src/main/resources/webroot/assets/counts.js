// Counts per camera, line, class and direction by hour, day or week: a stacked bar chart, the same numbers as a
// table, and a CSV download.

import { getJson, getText } from './api.js';
import { t, lang } from './i18n.js';
import { el, clear, option } from './dom.js';
import { barChart } from './chart.js';

const CLASSES = ['car', 'motorbike', 'bus', 'truck', 'bicycle', 'person'];
const INTERVALS = ['1h', '1d', '1w'];
const SPLITS = ['class', 'direction', 'line', 'camera'];
const DAY_MS = 86400000;

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

export function countsPage(root) {
  const now = new Date();
  const camera = el('select', { testid: 'counts-camera' }, option('', t('review.all')));
  const line = el('select', { testid: 'counts-line' }, option('', t('review.all')));
  const cls = el('select', { testid: 'counts-class' }, option('', t('review.all')), CLASSES.map(c => option(c, t('class.' + c))));
  const dir = el('select', { testid: 'counts-direction' }, option('', t('review.all')),
    ['in', 'out'].map(d => option(d, t('dir.' + d))));
  const interval = el('select', { testid: 'counts-interval' }, INTERVALS.map(i => option(i, t('interval.' + i), i === '1h')));
  const split = el('select', { testid: 'counts-split' }, SPLITS.map(s => option(s, t('counts.' + s))));
  const from = el('input', { type: 'date', testid: 'counts-from', value: isoDate(new Date(now - 7 * DAY_MS)) });
  const to = el('input', { type: 'date', testid: 'counts-to', value: isoDate(new Date(now.getTime() + DAY_MS)) });
  const csv = el('button', { type: 'button', testid: 'counts-csv' }, t('counts.csv'));
  const form = el('form', { class: 'filters', testid: 'counts-filters' },
    el('label', {}, t('counts.camera'), camera), el('label', {}, t('counts.line'), line),
    el('label', {}, t('counts.class'), cls), el('label', {}, t('counts.direction'), dir),
    el('label', {}, t('counts.interval'), interval), el('label', {}, t('counts.from'), from),
    el('label', {}, t('counts.to'), to), el('label', {}, t('counts.split'), split),
    el('button', { type: 'submit', testid: 'counts-show' }, t('counts.show')), csv);
  const canvas = el('canvas', { class: 'chart', testid: 'counts-chart', role: 'img', 'aria-label': t('nav.counts') });
  const legend = el('p', { class: 'legend', testid: 'counts-legend' });
  const table = el('table', { class: 'table', testid: 'counts-table' });
  const status = el('p', { class: 'muted', testid: 'counts-status' });
  root.append(el('section', { class: 'card' }, form), el('section', { class: 'card' }, status, canvas, legend),
    el('section', { class: 'card table-wrap' }, table));

  getJson('/api/v1/cameras').then(r => {
    for (const c of r.cameras) camera.append(option(c.id, c.name || c.id));
  }).catch(() => { });

  function query() {
    const q = new URLSearchParams();
    if (camera.value) q.set('camera', camera.value);
    if (line.value) q.set('line', line.value);
    if (cls.value) q.set('class', cls.value);
    if (dir.value) q.set('direction', dir.value);
    q.set('from', new Date(from.value + 'T00:00:00').toISOString());
    q.set('to', new Date(to.value + 'T00:00:00').toISOString());
    q.set('interval', interval.value);
    return q;
  }

  /** Buckets of the chosen interval; a server without weeks gives days, added up here into weeks. */
  async function buckets() {
    const q = query();
    try {
      return (await getJson('/api/v1/counts?' + q)).buckets;
    } catch (e) {
      if (interval.value !== '1w' || e.status !== 400) throw e;
      q.set('interval', '1d');
      const days = (await getJson('/api/v1/counts?' + q)).buckets;
      const start = new Date(q.get('from')).getTime();
      return days.map(b => Object.assign({}, b, {
        start: new Date(start + Math.floor((new Date(b.start).getTime() - start) / (7 * DAY_MS)) * 7 * DAY_MS).toISOString()
      }));
    }
  }

  function label(iso) {
    const d = new Date(iso);
    const loc = lang() === 'en' ? 'en-GB' : 'vi-VN';
    return interval.value === '1h'
      ? d.toLocaleString(loc, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' })
      : d.toLocaleDateString(loc, { day: '2-digit', month: '2-digit', year: 'numeric' });
  }

  async function show() {
    status.textContent = t('loading');
    let data;
    try {
      data = await buckets();
    } catch (e) {
      status.textContent = t('error') + ': ' + e.message;
      return;
    }
    const lines = new Set([...line.options].map(o => o.value));
    for (const b of data) {
      if (!lines.has(b.line)) {
        lines.add(b.line);
        line.append(option(b.line, b.line));
      }
    }
    const starts = [...new Set(data.map(b => b.start))].sort();
    const key = split.value;
    const names = [...new Set(data.map(b => b[key]))].sort();
    const series = names.map(n => ({
      name: n,
      values: starts.map(s => data.filter(b => b.start === s && b[key] === n).reduce((a, b) => a + b.count, 0))
    }));
    const total = data.reduce((a, b) => a + b.count, 0);
    status.textContent = data.length ? t('counts.total') + ': ' + total : t('counts.empty');
    root.dataset.total = String(total);
    barChart(canvas, starts.map(label), series);
    clear(legend).append(...series.map((s, i) => el('span', { class: 'key' },
      el('i', { class: 'swatch swatch-' + (i % 8) }), display(key, s.name))));
    clear(table).append(
      el('thead', {}, el('tr', {}, el('th', {}, t('counts.start')), names.map(n => el('th', {}, display(key, n))),
        el('th', {}, t('counts.total')))),
      el('tbody', {}, starts.map((s, i) => el('tr', {}, el('td', {}, label(s)), series.map(x => el('td', {}, x.values[i])),
        el('td', {}, series.reduce((a, x) => a + x.values[i], 0))))));
  }

  function display(key, value) {
    if (key === 'class') return t('class.' + value);
    if (key === 'direction') return t('dir.' + value);
    return value;
  }

  /** The server's CSV when it offers one, else the same columns made here from the JSON buckets. */
  async function downloadCsv() {
    const q = query();
    q.set('format', 'csv');
    let text = null;
    try {
      const r = await getText('/api/v1/counts?' + q);
      if (r.type.startsWith('text/csv')) text = r.text;
    } catch (e) { /* made here below */ }
    if (text === null) {
      const rows = await buckets();
      text = 'start,camera,line,class,direction,count\n'
        + rows.map(b => [b.start, b.camera, b.line, b.class, b.direction, b.count].join(',')).join('\n') + '\n';
    }
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })),
      download: 'counts-' + from.value + '-' + to.value + '-' + interval.value + '.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  form.addEventListener('submit', ev => {
    ev.preventDefault();
    show();
  });
  split.addEventListener('change', show);
  csv.addEventListener('click', downloadCsv);
  show();
  return null;
}
