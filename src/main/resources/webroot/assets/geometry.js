// Geometry view: a camera's count lines, lanes, zones, stop lines and signal heads drawn over its latest frame, so
// that a line in the wrong place is plain to see.

import { getJson, blobUrl } from './api.js';
import { t } from './i18n.js';
import { el, clear, option } from './dom.js';

const STYLE = {
  zones: { stroke: '#f2c94c', fill: 'rgba(242,201,76,0.18)' },
  lanes: { stroke: '#56ccf2', fill: 'rgba(86,204,242,0.15)' },
  noStoppingZones: { stroke: '#eb5757', fill: 'rgba(235,87,87,0.2)' },
  restrictedZones: { stroke: '#bb6bd9', fill: 'rgba(187,107,217,0.2)' },
  lines: { stroke: '#27ae60' },
  stopLines: { stroke: '#ff2d2d' },
  signalHeads: { stroke: '#ffffff' }
};

function pt(p) {
  return Array.isArray(p) ? { x: p[0], y: p[1] } : { x: p.x, y: p.y };
}

export function geometryPage(root) {
  const camera = el('select', { testid: 'geometry-camera' });
  const canvas = el('canvas', { class: 'geometry', testid: 'geometry-canvas' });
  const note = el('p', { class: 'muted', testid: 'geometry-note' });
  const legend = el('p', { class: 'legend' },
    [['lines', 'geometry.lines'], ['stopLines', 'geometry.stoplines'], ['lanes', 'geometry.lanes'], ['zones', 'geometry.zones'],
      ['noStoppingZones', 'geometry.nostop'], ['restrictedZones', 'geometry.restricted'], ['signalHeads', 'geometry.signals']]
      .map(([k, label]) => el('span', { class: 'key' }, el('i', { class: 'swatch geo-' + k }), t(label))));
  const items = el('ul', { class: 'geo-items', testid: 'geometry-items' });
  root.append(el('section', { class: 'card' }, el('label', {}, t('geometry.camera'), ' ', camera), note),
    el('section', { class: 'card geo-wrap' }, canvas, legend, items));
  let frameUrl = null;
  let seq = 0;

  async function show() {
    const id = camera.value;
    const mine = ++seq;
    if (!id) return;
    clear(items);
    note.textContent = t('loading');
    let geo;
    try {
      geo = await getJson('/api/v1/cameras/' + encodeURIComponent(id) + '/geometry');
    } catch (e) {
      if (mine === seq) {
        note.textContent = t('geometry.unavailable');
        root.dataset.drawn = 'false';
      }
      return;
    }
    let image = null;
    try {
      const u = await blobUrl('/api/v1/cameras/' + encodeURIComponent(id) + '/frame');
      image = await loadImage(u);
      if (frameUrl) URL.revokeObjectURL(frameUrl);
      frameUrl = u;
    } catch (e) { /* drawn on a blank background */ }
    if (mine !== seq) return;
    note.textContent = image ? '' : t('geometry.noframe');
    draw(geo, image);
  }

  function loadImage(u) {
    return new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = reject;
      img.src = u;
    });
  }

  function draw(geo, image) {
    const w = geo.width || (image ? image.naturalWidth : 640);
    const h = geo.height || (image ? image.naturalHeight : 360);
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    g.fillStyle = '#333';
    g.fillRect(0, 0, w, h);
    if (image) g.drawImage(image, 0, 0, w, h);
    const lw = Math.max(2, w / 320);
    g.lineWidth = lw;
    g.font = Math.round(Math.max(12, w / 60)) + 'px system-ui, sans-serif';
    for (const key of ['zones', 'lanes', 'noStoppingZones', 'restrictedZones']) {
      for (const z of geo[key] || []) {
        const poly = (z.polygon || z.points || []).map(pt);
        if (poly.length < 3) continue;
        g.beginPath();
        poly.forEach((p, i) => (i ? g.lineTo(p.x, p.y) : g.moveTo(p.x, p.y)));
        g.closePath();
        g.fillStyle = STYLE[key].fill;
        g.fill();
        g.strokeStyle = STYLE[key].stroke;
        g.stroke();
        const c = centroid(poly);
        if (Array.isArray(z.direction) && z.direction.length === 2) {
          // The lane's allowed direction, as the server draws it: from the polygon's middle.
          const [p1, p2] = z.direction.map(pt);
          g.lineWidth = lw * 1.5;
          arrow(g, p1.x, p1.y, p2.x, p2.y, STYLE[key].stroke);
          g.lineWidth = lw;
        }
        label(g, z.id, c.x, c.y, STYLE[key].stroke);
        item(key, z.id, z.allowedClasses ? z.allowedClasses.join(', ') : '');
      }
    }
    for (const key of ['lines', 'stopLines']) {
      for (const l of geo[key] || []) {
        const pts = (l.points || []).map(pt);
        if (pts.length < 2) continue;
        g.strokeStyle = STYLE[key].stroke;
        g.lineWidth = lw * 1.5;
        g.beginPath();
        pts.forEach((p, i) => (i ? g.lineTo(p.x, p.y) : g.moveTo(p.x, p.y)));
        g.stroke();
        g.lineWidth = lw;
        const a = pts[0], b = pts[pts.length - 1];
        if (key === 'lines') {
          // "in" crosses from the right-hand to the left-hand side walking from the first point to the second
          // (image coordinates, y down): the arrow points the way an "in" crossing goes.
          const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
          const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
          const nx = (b.y - a.y) / len * 30, ny = -(b.x - a.x) / len * 30;
          arrow(g, mx - nx, my - ny, mx + nx, my + ny, STYLE[key].stroke);
          label(g, 'in', mx + nx + 4, my + ny, STYLE[key].stroke);
        }
        label(g, l.id + (l.signalHead ? ' → ' + l.signalHead : ''), a.x + 4, a.y - 6, STYLE[key].stroke);
        item(key, l.id, l.directions ? l.directions.join('/') : (l.signalHead || ''));
      }
    }
    for (const s of geo.signalHeads || []) {
      const [x, y, rw, rh] = s.region || [];
      if (rw === undefined) continue;
      g.strokeStyle = STYLE.signalHeads.stroke;
      g.strokeRect(x, y, rw, rh);
      label(g, s.id, x, y - 4, STYLE.signalHeads.stroke);
      item('signalHeads', s.id, s.source || '');
    }
    root.dataset.drawn = 'true';
  }

  function item(key, id, extra) {
    items.append(el('li', { testid: 'geometry-item', 'data-kind': key },
      el('i', { class: 'swatch geo-' + key }), id, extra ? ' — ' + extra : ''));
  }

  getJson('/api/v1/cameras').then(r => {
    for (const c of r.cameras) camera.append(option(c.id, c.name || c.id));
    show();
  }).catch(e => { note.textContent = t('error') + ': ' + e.message; });
  camera.addEventListener('change', show);
  return {
    cleanup() {
      if (frameUrl) URL.revokeObjectURL(frameUrl);
    }
  };
}

function centroid(poly) {
  const s = poly.reduce((a, p) => ({ x: a.x + p.x, y: a.y + p.y }), { x: 0, y: 0 });
  return { x: s.x / poly.length, y: s.y / poly.length };
}

function label(g, text, x, y, colour) {
  g.fillStyle = 'rgba(0,0,0,0.6)';
  const m = g.measureText(text);
  const fh = parseInt(g.font, 10);
  g.fillRect(x - 2, y - fh, m.width + 4, fh + 4);
  g.fillStyle = colour;
  g.fillText(text, x, y);
}

function arrow(g, x1, y1, x2, y2, colour) {
  g.strokeStyle = colour;
  g.fillStyle = colour;
  g.beginPath();
  g.moveTo(x1, y1);
  g.lineTo(x2, y2);
  g.stroke();
  const a = Math.atan2(y2 - y1, x2 - x1);
  g.beginPath();
  g.moveTo(x2, y2);
  g.lineTo(x2 - 10 * Math.cos(a - 0.4), y2 - 10 * Math.sin(a - 0.4));
  g.lineTo(x2 - 10 * Math.cos(a + 0.4), y2 - 10 * Math.sin(a + 0.4));
  g.closePath();
  g.fill();
}
