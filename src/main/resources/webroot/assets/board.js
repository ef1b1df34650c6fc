// Live board: congestion level per zone, active public-order warnings with their snapshots, and camera health.
// Filled from the API once, then kept current over Server-Sent Events without reloading.

import { getJson, blobUrl, events } from './api.js';
import { t, time } from './i18n.js';
import { el, clear } from './dom.js';

const LEVELS = ['free', 'slow', 'congested', 'jammed'];
/** Camera figures (fps, drops) are not pushed; they are asked for again this often. */
const CAMERA_REFRESH_MS = 10000;

export function boardPage(root) {
  const zones = el('div', { class: 'zones', testid: 'zones' });
  const warnings = el('div', { class: 'warnings', testid: 'warnings' });
  const cameras = el('div', { class: 'cameras', testid: 'cameras' });
  const live = el('span', { class: 'live-dot', testid: 'live-state' });
  root.append(
    el('section', { class: 'card' }, el('h2', {}, t('board.warnings'), ' ', live), warnings),
    el('section', { class: 'card' }, el('h2', {}, t('board.zones')),
      el('p', { class: 'legend' }, LEVELS.map(l => el('span', { class: 'level level-' + l }, t('level.' + l)))), zones),
    el('section', { class: 'card' }, el('h2', {}, t('board.cameras')), cameras));

  const zoneTiles = new Map();
  const warningCards = new Map();
  const blobs = [];

  function zoneKey(camera, zone) {
    return camera + '/' + zone;
  }

  function setZone(camera, zone, level, extra) {
    const key = zoneKey(camera, zone);
    let tile = zoneTiles.get(key);
    if (!tile) {
      tile = el('div', { class: 'zone', testid: 'zone', 'data-zone': key },
        el('strong', {}, zone), el('span', { class: 'muted' }, camera), el('span', { class: 'lvl' }), el('span', { class: 'extra muted' }));
      zoneTiles.set(key, tile);
      zones.append(tile);
    }
    tile.className = 'zone level-' + (level || 'free');
    tile.dataset.level = level || '';
    tile.querySelector('.lvl').textContent = level ? t('level.' + level) : '—';
    if (extra !== undefined) tile.querySelector('.extra').textContent = extra;
  }

  function zoneFigures(vehicles, people) {
    return vehicles == null ? undefined
      : vehicles + ' ' + t('board.vehicles') + ' · ' + (people ?? 0) + ' ' + t('board.people');
  }

  function setWarning(w) {
    const old = warningCards.get(w.id);
    if (w.state === 'cleared' || w.active === false || w.clearedAt) {
      if (old) old.remove();
      warningCards.delete(w.id);
      emptyNote();
      return;
    }
    const card = el('article', { class: 'warning' + (w.level ? ' level-' + w.level : ''), testid: 'warning',
      'data-id': w.id, 'data-kind': w.kind },
      el('h3', {}, t('kind.' + w.kind), w.level ? ' — ' + t('level.' + w.level) : ''),
      el('p', {}, w.camera + ' · ' + (w.zone || '')),
      el('p', { class: 'muted' }, t('board.raised') + ' ' + time(w.raisedAt)));
    if (w.snapshot) {
      const img = el('img', { alt: t('kind.' + w.kind), testid: 'warning-snapshot' });
      card.prepend(img);
      blobUrl(w.snapshot).then(u => {
        blobs.push(u);
        img.src = u;
      }).catch(() => img.remove());
    }
    if (old) old.replaceWith(card);
    else warnings.prepend(card);
    warningCards.set(w.id, card);
    emptyNote();
  }

  function emptyNote() {
    const note = warnings.querySelector('.empty');
    if (warningCards.size === 0 && !note) warnings.append(el('p', { class: 'muted empty' }, t('board.nowarnings')));
    if (warningCards.size > 0 && note) note.remove();
  }

  const thumbs = new Map();

  function showCameras(list) {
    clear(cameras);
    for (const c of list) {
      let thumb = thumbs.get(c.id);
      if (!thumb) {
        thumb = el('img', { class: 'thumb', alt: c.id, testid: 'camera-thumb' });
        thumbs.set(c.id, thumb);
      }
      // The latest frame; hidden when the server has none (or does not offer frames).
      blobUrl('/api/v1/cameras/' + encodeURIComponent(c.id) + '/frame?width=240').then(u => {
        if (thumb.src.startsWith('blob:')) URL.revokeObjectURL(thumb.src);
        thumb.src = u;
        thumb.hidden = false;
      }).catch(() => { thumb.hidden = true; });
      const online = c.state === 'online';
      cameras.append(el('article', { class: 'camera ' + (online ? 'online' : 'offline'), testid: 'camera',
        'data-camera': c.id, 'data-state': c.state },
        thumb,
        el('h3', {}, c.name || c.id),
        el('p', { class: 'state state-' + c.state, testid: 'camera-state' }, t('state.' + c.state)),
        el('p', { class: 'muted' }, (c.fpsAnalysed ?? 0).toFixed(1) + ' ' + t('board.fps') + ' · '
          + (c.framesDropped ?? 0) + ' ' + t('board.drops'))));
    }
  }

  async function refreshCameras() {
    try {
      showCameras((await getJson('/api/v1/cameras')).cameras);
    } catch (e) { /* the next refresh tries again */ }
  }

  async function start() {
    const [ioc, active] = await Promise.all([
      getJson('/api/v1/ioc').catch(() => ({ cameras: [] })),
      getJson('/api/v1/warnings?active=true').catch(() => ({ warnings: [] }))]);
    for (const c of ioc.cameras || []) {
      for (const z of c.zones || []) {
        setZone(c.id, z.id, z.level, zoneFigures(z.vehicles, z.people));
      }
    }
    for (const w of active.warnings.slice().reverse()) setWarning(w);
    emptyNote();
  }

  let stream = null;
  let retry = null;
  /**
   * EventSource retries by itself after a dropped connection, but gives up on an HTTP error (e.g. an expired
   * token): then /me tells whether to go back to the login page, and otherwise the stream is opened again.
   */
  function connect() {
    stream = events(['warning', 'level', 'camera_state'], (type, data) => {
      if (type === 'warning') setWarning(data);
      else if (type === 'level') setZone(data.camera, data.zone, data.level, zoneFigures(data.metrics && data.metrics.occupancy,
        data.metrics && data.metrics.people));
      else if (type === 'camera_state') refreshCameras();
    });
    stream.onopen = () => {
      live.textContent = t('board.live');
      live.dataset.open = 'true';
    };
    stream.onerror = () => {
      live.dataset.open = 'false';
      if (stream.readyState === EventSource.CLOSED) {
        getJson('/api/v1/me').then(() => { retry = setTimeout(connect, 5000); }).catch(() => { });
      }
    };
  }

  connect();
  start();
  refreshCameras();
  const timer = setInterval(refreshCameras, CAMERA_REFRESH_MS);
  return {
    cleanup() {
      stream.close();
      clearTimeout(retry);
      clearInterval(timer);
      for (const u of blobs) URL.revokeObjectURL(u);
      for (const img of thumbs.values()) if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
    }
  };
}
