// Review queue: new violations with filters, the evidence of the one selected, confirm or reject with a reason,
// integrity from verification, and keyboard shortcuts so that an officer can work through the queue fast.

import { getJson, postJson, blobUrl } from './api.js';
import { t, time } from './i18n.js';
import { el, clear, option } from './dom.js';

const TYPES = ['red_light', 'wrong_way', 'wrong_lane', 'illegal_stopping', 'restricted_zone'];
const STATUSES = ['new', 'confirmed', 'rejected'];
const REASONS = ['not_a_violation', 'wrong_vehicle', 'plate_unreadable', 'wrong_plate', 'emergency_vehicle',
  'signal_fault', 'duplicate', 'other'];

export function reviewPage(root, s) {
  const state = { items: [], index: -1, cursor: null, blobs: [], detail: null, loadSeq: 0 };
  const camera = el('select', { testid: 'filter-camera' }, option('', t('review.all')));
  const type = el('select', { testid: 'filter-type' }, option('', t('review.all')),
    TYPES.map(x => option(x, t('type.' + x))));
  const status = el('select', { testid: 'filter-status' }, option('', t('review.all')),
    STATUSES.map(x => option(x, t('status.' + x), x === 'new')));
  // Plate search is for roles that see plates; a coordinator would get 403.
  const plate = el('input', { testid: 'filter-plate', placeholder: '30A-123.45', size: 12, hidden: s.role === 'coordinator' });
  const from = el('input', { type: 'date', testid: 'filter-from' });
  const to = el('input', { type: 'date', testid: 'filter-to' });
  const filters = el('form', { class: 'filters', testid: 'review-filters' },
    el('label', {}, t('review.camera'), camera), el('label', {}, t('review.type'), type),
    el('label', {}, t('review.status'), status),
    el('label', {}, t('counts.from'), from), el('label', {}, t('counts.to'), to),
    s.role === 'coordinator' ? null : el('label', {}, t('review.plate'), plate),
    el('button', { type: 'submit' }, t('review.apply')));
  const list = el('ol', { class: 'queue', testid: 'queue' });
  const more = el('button', { class: 'more', testid: 'queue-more', hidden: true }, t('review.more'));
  const detail = el('div', { class: 'detail', testid: 'violation-detail' }, el('p', { class: 'muted' }, t('review.select')));
  const help = el('p', { class: 'help muted', testid: 'review-help' }, t('review.help'));
  root.append(el('div', { class: 'review' },
    el('aside', { class: 'queue-pane card' }, filters, list, more), el('div', { class: 'detail-pane' }, help, detail)));

  getJson('/api/v1/cameras').then(r => {
    for (const c of r.cameras) camera.append(option(c.id, c.name || c.id));
  }).catch(() => { /* the filter keeps "all" */ });

  function query() {
    const q = new URLSearchParams();
    if (camera.value) q.set('camera', camera.value);
    if (type.value) q.set('type', type.value);
    if (status.value) q.set('status', status.value);
    if (plate.value.trim() && s.role !== 'coordinator') q.set('plate', plate.value.trim());
    // Whole local days: from the start of the first to the end of the last.
    if (from.value) q.set('from', new Date(from.value + 'T00:00:00').toISOString());
    if (to.value) q.set('to', new Date(new Date(to.value + 'T00:00:00').getTime() + 86400000).toISOString());
    q.set('limit', '50');
    return q;
  }

  async function load(append) {
    const q = query();
    if (append && state.cursor) q.set('cursor', state.cursor);
    const r = await getJson('/api/v1/violations?' + q);
    if (!append) {
      state.items = [];
      state.index = -1;
      clear(list);
    }
    for (const v of r.violations) {
      state.items.push(v);
      list.append(row(v, state.items.length - 1));
    }
    state.cursor = r.nextCursor || null;
    more.hidden = !state.cursor;
    if (!state.items.length) list.append(el('li', { class: 'muted', testid: 'queue-empty' }, t('review.empty')));
    if (!append && state.items.length) select(0);
  }

  function row(v, i) {
    const li = el('li', { testid: 'queue-item', 'data-id': v.id, 'data-status': v.status, tabindex: '-1' },
      el('span', { class: 'status status-' + v.status }, t('status.' + v.status)),
      el('strong', {}, t('type.' + v.type)),
      el('span', { class: 'plate' }, v.plate ? v.plate.text : '—'),
      el('span', { class: 'muted' }, v.camera + ' · ' + time(v.localTime || v.at)));
    li.addEventListener('click', () => select(i));
    return li;
  }

  function revoke() {
    for (const u of state.blobs) URL.revokeObjectURL(u);
    state.blobs = [];
  }

  /** Shows a picture or clip fetched with the token; a file that cannot be fetched is left out. */
  function fetched(tag, url, attrs) {
    const node = el(tag, attrs);
    blobUrl(url).then(u => {
      state.blobs.push(u);
      node.src = u;
    }).catch(() => node.remove());
    return node;
  }

  async function select(i) {
    if (i < 0 || i >= state.items.length) return;
    state.index = i;
    [...list.children].forEach((li, k) => li.classList.toggle('selected', k === i));
    list.children[i].scrollIntoView({ block: 'nearest' });
    const seq = ++state.loadSeq;
    const v = await getJson('/api/v1/violations/' + encodeURIComponent(state.items[i].id));
    if (seq !== state.loadSeq) return;
    state.detail = v;
    revoke();
    showDetail(v);
    verify();
  }

  function fileUrl(v, name) {
    const f = (v.files || []).find(x => x.name === name);
    return f ? f.url : null;
  }

  function showDetail(v) {
    clear(detail);
    const files = v.files || [];
    // The server's media (overviews in order with their moment labels); the file list where it has none.
    const media = v.media || {
      overview: files.filter(f => /^overview-.*\.jpe?g$/.test(f.name))
        .map(f => ({ url: f.url, label: f.name.replace(/^overview-\d+-|\.jpe?g$/g, '') })),
      vehicle: fileUrl(v, 'vehicle.jpg'), plate: fileUrl(v, 'plate.jpg'), clip: fileUrl(v, 'clip.mp4')
    };
    const overviews = media.overview || [];
    const vehicleUrl = media.vehicle;
    const plateUrl = media.plate;
    const clipUrl = media.clip;
    const p = v.plate;
    const alternatives = p ? (p.alternatives || []) : [];
    const signal = v.signal;
    const loc = v.location || {};
    const reviews = v.reviews || [];
    detail.append(
      el('h2', { testid: 'detail-title' }, t('type.' + v.type), ' ',
        el('span', { class: 'status status-' + v.status, testid: 'detail-status' }, t('status.' + v.status))),
      el('div', { class: 'pictures', testid: 'pictures' },
        overviews.map(f => el('figure', {}, fetched('img', f.url, { alt: f.label, testid: 'overview' }),
          el('figcaption', {}, t('moment.' + f.label))))),
      el('div', { class: 'crops' },
        vehicleUrl ? el('figure', {}, fetched('img', vehicleUrl, { alt: t('review.vehicle'), testid: 'vehicle-crop' }),
          el('figcaption', {}, t('review.vehicle'))) : null,
        plateUrl ? el('figure', {}, fetched('img', plateUrl, { alt: t('review.platecrop'), testid: 'plate-crop' }),
          el('figcaption', {}, t('review.platecrop'))) : null,
        clipUrl ? el('figure', { class: 'clip' }, fetched('video', clipUrl, { controls: true, muted: true, testid: 'clip' }),
          el('figcaption', {}, t('review.clip'))) : el('p', { class: 'muted' }, t('review.noclip'))),
      el('dl', { class: 'facts' },
        el('dt', {}, t('review.plate')),
        el('dd', { testid: 'plate-text', class: 'plate big' }, p ? p.text : '—',
          p && p.confidence != null ? el('span', { class: 'muted', testid: 'plate-confidence' },
            ' ' + t('review.confidence') + ' ' + Math.round(p.confidence * 100) + '%'
            + (p.reads ? ' · ' + p.reads + ' ' + t('review.reads') : '')) : null,
          p && p.valid === false ? el('span', { class: 'warn', testid: 'plate-invalid' }, ' ' + t('review.invalid')) : null),
        alternatives.length ? el('dt', {}, t('review.alternatives')) : null,
        alternatives.length ? el('dd', { testid: 'plate-alternatives' }, alternatives.map(a =>
          el('span', { class: 'alt' }, a.text + (a.support != null ? ' (' + Math.round(a.support * 100) + '%)'
            : a.confidence != null ? ' (' + Math.round(a.confidence * 100) + '%)' : '')))) : null,
        el('dt', {}, t('review.place')),
        el('dd', { testid: 'place' }, [loc.cameraName || v.camera, loc.address, v.place].filter(Boolean).join(' · ')),
        el('dt', {}, t('review.time')), el('dd', { testid: 'time' }, time(v.localTime || v.at)),
        el('dt', {}, t('review.lane')), el('dd', { testid: 'lane' }, v.lane || '—'),
        el('dt', {}, t('review.signal')),
        el('dd', { testid: 'signal' }, signal ? el('span', { class: 'signal signal-' + signal.state },
          t('signal.' + signal.state)) : '—',
          signal ? ' ' + [signal.head, signal.source, signal.heldMillis != null
            ? t('review.held') + ' ' + (signal.heldMillis / 1000).toFixed(1) + ' s' : null].filter(Boolean).join(' · ') : ''),
        el('dt', {}, t('review.class')), el('dd', {}, t('class.' + v.class)),
        el('dt', {}, t('review.integrity')),
        el('dd', { testid: 'integrity', class: 'integrity unknown' }, t('review.integrity.unknown'))),
      el('p', { testid: 'reviews' }, reviews.map(r => t('review.reviewed') + ' ' + r.reviewer + ': '
        + t('status.' + r.decision) + (r.reasonCode ? ' (' + t('reason.' + r.reasonCode) + ')' : '') + ' — '
        + time(r.at)).join('; ')),
      el('div', { class: 'actions' },
        el('button', { class: 'confirm', testid: 'confirm', disabled: v.status !== 'new', onclick: confirm },
          t('review.confirm')),
        el('button', { class: 'reject', testid: 'reject', disabled: v.status !== 'new', onclick: openReject },
          t('review.reject')),
        el('button', { testid: 'verify', onclick: verify }, t('review.verify'))),
      el('p', { class: 'error', testid: 'review-error', role: 'alert' }));
  }

  async function verify() {
    const v = state.detail;
    if (!v) return;
    const out = detail.querySelector('[data-testid=integrity]');
    try {
      const r = await getJson(v.verify || '/api/v1/violations/' + encodeURIComponent(v.id) + '/verify');
      if (state.detail !== v) return;
      out.className = 'integrity ' + (r.ok ? 'ok' : 'bad');
      out.dataset.ok = String(r.ok);
      out.textContent = r.ok ? t('review.integrity.ok')
        : t('review.integrity.bad') + ': ' + r.problems.map(p => (p.file ? p.file + ' ' : '') + p.kind).join(', ');
    } catch (e) {
      out.textContent = t('error') + ': ' + e.message;
    }
  }

  async function send(body) {
    const v = state.detail;
    if (!v || v.status !== 'new') return;
    const err = detail.querySelector('[data-testid=review-error]');
    try {
      await postJson('/api/v1/violations/' + encodeURIComponent(v.id) + '/review', body);
    } catch (e) {
      err.textContent = t('error') + ': ' + e.message;
      return;
    }
    const item = state.items[state.index];
    item.status = body.decision === 'confirm' ? 'confirmed' : 'rejected';
    list.children[state.index].replaceWith(row(item, state.index));
    const next = state.index + 1 < state.items.length ? state.index + 1 : state.index;
    await select(next);
  }

  function confirm() {
    send({ decision: 'confirm' });
  }

  function openReject() {
    const v = state.detail;
    if (!v || v.status !== 'new' || detail.querySelector('.reject-form')) return;
    const reason = el('select', { testid: 'reject-reason' }, REASONS.map(r => option(r, t('reason.' + r))));
    const note = el('input', { testid: 'reject-note', maxlength: 500 });
    const form = el('form', { class: 'reject-form card', testid: 'reject-form' },
      el('label', {}, t('review.reason'), reason), el('label', {}, t('review.note'), note),
      el('button', { type: 'submit', testid: 'reject-send' }, t('review.send')),
      el('button', { type: 'button', onclick: () => form.remove() }, t('review.cancel')));
    // Enter on the reason list sends too, so that a rejection needs no mouse.
    reason.addEventListener('keydown', ev => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const body = { decision: 'reject', reasonCode: reason.value };
      if (note.value.trim()) body.note = note.value.trim();
      send(body);
    });
    detail.querySelector('.actions').after(form);
    reason.focus();
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = e.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
      if (e.key === 'Escape') detail.querySelector('.reject-form')?.remove();
      return;
    }
    const actions = { j: () => select(state.index + 1), k: () => select(state.index - 1), c: confirm, r: openReject,
      v: verify, '?': () => help.classList.toggle('shown'), Escape: () => detail.querySelector('.reject-form')?.remove() };
    const f = actions[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  }

  filters.addEventListener('submit', ev => {
    ev.preventDefault();
    load(false);
  });
  more.addEventListener('click', () => load(true));
  document.addEventListener('keydown', onKey);
  load(false);
  return {
    cleanup() {
      document.removeEventListener('keydown', onKey);
      revoke();
    }
  };
}
