// The page of `vanban edit`: the YAML in CodeMirror on the left, the pages
// as they will print on the right. Talks only to the local vanban server
// (the API in the README, section "Soạn trong trình duyệt"), with the token
// of the URL.

import { EditorState, Compartment } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, hoverTooltip, highlightSpecialChars, dropCursor, ViewPlugin, Decoration,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import {
  syntaxHighlighting, defaultHighlightStyle, indentOnInput, bracketMatching, indentUnit,
  foldGutter, foldKeymap,
} from '@codemirror/language';
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { setDiagnostics, lintGutter, lintKeymap } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';

import {
  parseLine, parentPath, contextAt, siblingKeys, resolve, properties, describe, acceptsBoolean, typeLabel,
} from './yaml-context.js';
import SNIPPETS from './snippets.json';
import { compile, draw } from './page-canvas.js';

// ── State ──────────────────────────────────────────────────────────────

const token = new URLSearchParams(location.search).get('token') || '';
const S = {
  meta: null,
  name: '',
  exists: false,
  baseHash: null, // hash of the file on disk the editor's text comes from
  savedText: null, // that file's text (null: no file yet)
  pages: [], // hashes, in order
  store: new Map(), // hash → { url, img, norm, w, h }
  inflight: false,
  pending: false,
  firstKeyAt: null,
  zoom: 'fit',
  diskPrompt: null, // disk hash already offered
  recoveryOpen: false, // a recovery offer waits for an answer
  recoveryWritten: false,
  lost: false,
  stats: [],
  previews: 0,
  view: null,
};
window.__vanban = S;
// For the browser test: a page's SVG drawn the editor's way.
S.drawSvg = (svg, width) => {
  const page = compile(svg);
  return page ? draw(page, width) : null;
};

const $ = (id) => document.getElementById(id);

/** A call to the server's API, with the token. */
function api(method, path, body, type) {
  const headers = { 'X-Vanban-Token': token };
  let data;
  if (body !== undefined) {
    headers['Content-Type'] = type || 'application/json';
    data = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return fetch(path, { method, headers, body: data, cache: 'no-store' });
}

async function errorOf(r) {
  try {
    const j = await r.json();
    return j.error || `HTTP ${r.status}`;
  } catch {
    return `HTTP ${r.status}`;
  }
}

// ── Messages at the top ────────────────────────────────────────────────

/** Show a message bar; `buttons`: [[label, action], …]. Returns its element. */
function banner(id, kind, html, buttons = []) {
  closeBanner(id);
  const el = document.createElement('div');
  el.className = `banner ${kind}`;
  el.id = `banner-${id}`;
  const text = document.createElement('span');
  text.innerHTML = html;
  el.append(text);
  for (const [label, action] of buttons) {
    const b = document.createElement('button');
    b.textContent = label;
    b.addEventListener('click', action);
    el.append(b);
  }
  $('banners').append(el);
  return el;
}

function closeBanner(id) {
  $(`banner-${id}`)?.remove();
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function setStatus(text) {
  $('status').textContent = text;
}

function clock(d = new Date()) {
  return d.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

// ── Dirty state ─────────────────────────────────────────────────────────

function text() {
  return S.view.state.doc.toString();
}

function isDirty() {
  return S.savedText === null ? text().trim() !== '' : text() !== S.savedText;
}

function updateDirty() {
  const dirty = isDirty();
  $('dirty').textContent = dirty ? '● chưa lưu' : '';
  $('save').classList.toggle('primary', dirty);
  document.title = `${dirty ? '● ' : ''}${S.name} — vanban`;
}

window.addEventListener('beforeunload', (e) => {
  if (S.view && isDirty()) {
    flushRecovery();
    e.preventDefault();
    e.returnValue = '';
  }
});

// ── Recovery file ────────────────────────────────────────────────────────

let recoveryTimer = null;

function scheduleRecovery() {
  clearTimeout(recoveryTimer);
  recoveryTimer = setTimeout(writeRecovery, 500);
}

async function writeRecovery() {
  if (S.recoveryOpen || S.lost) return;
  try {
    if (isDirty()) {
      const r = await api('POST', '/api/recovery', { text: text() });
      if (r.ok) S.recoveryWritten = true;
    } else if (S.recoveryWritten) {
      await api('DELETE', '/api/recovery');
      S.recoveryWritten = false;
    }
  } catch {
    /* the disk watch reports a lost server */
  }
}

/** On reload or close: the last keystrokes, even mid-debounce. */
function flushRecovery() {
  if (S.recoveryOpen || S.lost || !isDirty()) return;
  try {
    fetch('/api/recovery', {
      method: 'POST',
      keepalive: true,
      headers: { 'X-Vanban-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: text() }),
    });
  } catch {
    /* nothing more can be done while the page goes away */
  }
}
window.addEventListener('pagehide', flushRecovery);

function offerRecovery(rec) {
  S.recoveryOpen = true;
  const when = rec.modified ? clock(new Date(rec.modified * 1000)) : '';
  banner(
    'recovery',
    'warn',
    `Có bản <b>chưa lưu</b> của ${esc(S.name)} từ lần soạn trước${when ? ` (lúc ${when})` : ''}. Bản đó được giữ cho đến khi bạn chọn.`,
    [
      ['Khôi phục bản chưa lưu', () => {
        replaceText(rec.text);
        S.recoveryOpen = false;
        closeBanner('recovery');
        scheduleRecovery();
      }],
      ['Bỏ bản đó', async () => {
        S.recoveryOpen = false;
        closeBanner('recovery');
        await api('DELETE', '/api/recovery');
        scheduleRecovery();
        if (!S.exists && text() === '') pickKind();
      }],
    ],
  );
}

// ── Save, disk changes ───────────────────────────────────────────────────

async function save(force = false) {
  const t = text();
  setStatus('Đang lưu…');
  let r;
  try {
    r = await api('POST', '/api/save', { text: t, base: S.baseHash, force });
  } catch (e) {
    setStatus('Chưa lưu được');
    banner('save', 'error', `Không lưu được: mất kết nối với vanban (${esc(e.message)}). Đừng đóng trang này.`);
    return false;
  }
  if (r.status === 200) {
    const j = await r.json();
    S.baseHash = j.hash;
    S.savedText = t;
    S.exists = true;
    S.diskPrompt = null;
    S.recoveryWritten = false;
    closeBanner('disk');
    closeBanner('save');
    updateDirty();
    setStatus(`Đã lưu lúc ${clock()}`);
    return true;
  }
  if (r.status === 409) {
    const j = await r.json();
    setStatus('Chưa lưu');
    offerDisk(j.exists, j.hash);
    return false;
  }
  setStatus('Chưa lưu được');
  banner('save', 'error', `Không lưu được: ${esc(await errorOf(r))}`);
  return false;
}

/** The file on disk changed (or was deleted) behind the editor's back. */
function offerDisk(exists, hash) {
  S.diskPrompt = hash;
  const what = exists ? 'đã bị chương trình khác thay đổi' : 'đã bị xóa hoặc đổi tên';
  const buttons = [];
  if (exists) {
    buttons.push(['Mở bản trên đĩa', async () => {
      const j = await (await api('GET', '/api/disk?text=1')).json();
      if (isDirty()) await api('POST', '/api/recovery', { text: text() });
      replaceText(j.text);
      S.baseHash = j.hash;
      S.savedText = j.text;
      S.diskPrompt = null;
      updateDirty();
      closeBanner('disk');
      setStatus('Đã mở bản trên đĩa (Ctrl+Z lấy lại bản vừa soạn)');
    }]);
  }
  buttons.push([exists ? 'Giữ bản đang soạn và ghi đè' : 'Ghi lại tệp', () => save(true)]);
  buttons.push(['Để sau', () => closeBanner('disk')]);
  banner('disk', 'warn', `Tệp <b>${esc(S.name)}</b> trên đĩa ${what}. vanban không tự ghi đè.`, buttons);
}

async function checkDisk() {
  if (!S.view || S.lost) return;
  let j;
  try {
    const r = await api('GET', '/api/disk');
    if (r.status === 401) return lost();
    if (!r.ok) return;
    j = await r.json();
  } catch {
    return lost();
  }
  const hash = j.exists ? j.hash : null;
  if (hash === S.baseHash || hash === S.diskPrompt) return;
  if (!S.exists && !j.exists) return;
  if (!isDirty() && j.exists) {
    // Nothing unsaved here: take the new version, and say so.
    const t = await (await api('GET', '/api/disk?text=1')).json();
    replaceText(t.text);
    S.baseHash = t.hash;
    S.savedText = t.text;
    updateDirty();
    banner('disk', 'info', `Tệp <b>${esc(S.name)}</b> vừa được chương trình khác thay đổi; đã mở bản mới (Ctrl+Z để quay lại).`, [
      ['Đóng', () => closeBanner('disk')],
    ]);
    return;
  }
  offerDisk(j.exists, hash);
}

function lost() {
  if (S.lost) return;
  S.lost = true;
  banner(
    'lost',
    'error',
    'Mất kết nối với vanban (lệnh <code>vanban edit</code> đã dừng hoặc khởi động lại). Bản chưa lưu đã được giữ trong tệp khôi phục; chạy lại <code>vanban edit</code> và mở đường dẫn mới.',
  );
}

// ── Downloads ───────────────────────────────────────────────────────────

async function download(format) {
  setStatus('Đang tạo tệp…');
  const r = await api('POST', `/api/download?format=${format}`, text(), 'text/yaml; charset=utf-8');
  if (r.ok) {
    const blob = await r.blob();
    const cd = r.headers.get('Content-Disposition') || '';
    const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
    const name = m ? decodeURIComponent(m[1]) : `van-ban.${format === 'docx' ? 'docx' : 'pdf'}`;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
    setStatus(`Đã tạo ${name}`);
    closeBanner('download');
    return;
  }
  setStatus('Chưa tải được');
  if (r.status === 422) {
    const j = await r.json();
    const list = (j.diagnostics || [])
      .filter((d) => d.severity === 'error')
      .slice(0, 5)
      .map((d) => `<li>${d.line ? `dòng ${d.line}: ` : ''}${esc(d.message)}</li>`)
      .join('');
    banner('download', 'error', `${esc(j.error)}<ul>${list}</ul>`, [['Đóng', () => closeBanner('download')]]);
  } else {
    banner('download', 'error', `Không tạo được tệp: ${esc(await errorOf(r))}`, [['Đóng', () => closeBanner('download')]]);
  }
}

// ── Preview ─────────────────────────────────────────────────────────────

let previewTimer = null;

/** Preview soon: at once when idle (the keystroke is seen in one round
 * trip), else when the preview in flight returns, with the latest text. */
function schedulePreview() {
  if (S.inflight) {
    S.pending = true;
    return;
  }
  clearTimeout(previewTimer);
  previewTimer = setTimeout(runPreview, 4);
}

async function runPreview() {
  if (S.inflight) {
    S.pending = true;
    return;
  }
  S.inflight = true;
  const sent = text();
  const keyAt = S.firstKeyAt;
  S.firstKeyAt = null;
  try {
    const t0 = performance.now();
    const r = await api('POST', '/api/preview', { text: sent, have: [...S.store.keys()] });
    if (r.status === 401) {
      lost();
      return;
    }
    if (!r.ok) throw new Error(await errorOf(r));
    const res = await r.json();
    const t1 = performance.now();
    await showPreview(res, sent);
    S.previews++;
    if (keyAt !== null) {
      // Painted: the frame after the swap.
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      const t2 = performance.now();
      S.stats.push({
        latency: t2 - keyAt, wait: t0 - keyAt, fetch: t1 - t0, paint: t2 - t1, server: res.ms,
        sent: res.pages.filter((p) => p.svg !== undefined).length,
      });
      if (S.stats.length > 1000) S.stats.shift();
    }
    $('ms').textContent = `${Math.round(res.ms)} ms`;
  } catch (e) {
    $('ms').textContent = '';
    banner('preview', 'error', `Không cập nhật được trang in: ${esc(e.message)}`, [['Đóng', () => closeBanner('preview')]]);
  } finally {
    S.inflight = false;
    if (S.pending) {
      S.pending = false;
      runPreview();
    }
  }
}

function svgSize(svg) {
  const m = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg.slice(0, 400));
  return m ? [parseFloat(m[1]), parseFloat(m[2])] : [595.28, 841.89];
}

export function norm(s) {
  return s.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

async function showPreview(res, sent) {
  // The marks, if the text is still the one checked.
  if (text() === sent) showDiagnostics(res.diagnostics);
  if (!res.rendered) {
    $('right').classList.add('stale');
    const first = res.diagnostics.find((d) => d.severity === 'error');
    const err = $('preview-error');
    err.hidden = false;
    err.innerHTML = first
      ? `<b>Chưa cập nhật được trang in</b> — ${first.line ? `dòng ${first.line}: ` : ''}${esc(first.message)}`
      : '<b>Chưa cập nhật được trang in.</b>';
    return;
  }
  // New pages: compiled for the canvas, or (an image, a clip…) decoded as
  // an image before showing, so the swap does not flicker.
  await Promise.all(
    res.pages
      .filter((p) => p.svg !== undefined && !S.store.has(p.hash))
      .map(async (p) => {
        const [w, h] = svgSize(p.svg);
        const entry = { norm: norm(p.text || ''), w, h, page: compile(p.svg), url: null, img: null };
        if (!entry.page) {
          entry.url = URL.createObjectURL(new Blob([p.svg], { type: 'image/svg+xml' }));
          entry.img = new Image();
          entry.img.src = entry.url;
          entry.img.alt = 'trang';
          try {
            await entry.img.decode();
          } catch {
            /* shown anyway */
          }
        }
        S.store.set(p.hash, entry);
      }),
  );
  const hashes = res.pages.map((p) => p.hash).filter((h) => S.store.has(h));
  const container = $('pages');
  while (container.children.length > hashes.length) container.lastChild.remove();
  hashes.forEach((h, i) => {
    let page = container.children[i];
    if (!page) {
      page = document.createElement('div');
      page.className = 'page';
      const n = document.createElement('span');
      n.className = 'page-number';
      page.append(n);
      container.append(page);
      pageObserver.observe(page);
    }
    page.querySelector('.page-number').textContent = `${i + 1}`;
    page.dataset.index = i;
    if (page.dataset.hash !== h) {
      const entry = S.store.get(h);
      page.dataset.hash = h;
      page.style.aspectRatio = `${entry.w} / ${entry.h}`;
      page.dataset.w = entry.w;
    }
  });
  S.pages = hashes;
  // Forget pictures no page shows any more (keep a few for undo).
  if (S.store.size > 150) {
    const keep = new Set(hashes);
    for (const [h, e] of S.store) {
      if (!keep.has(h)) {
        if (e.url) URL.revokeObjectURL(e.url);
        S.store.delete(h);
      }
      if (S.store.size <= 100) break;
    }
  }
  $('right').classList.remove('stale');
  $('preview-error').hidden = true;
  $('page-count').textContent = `${hashes.length} trang`;
  applyZoom();
  followCursor();
}

/** Show a page's picture at its current width, if it is not shown yet. */
function paintPage(el) {
  const entry = S.store.get(el.dataset.hash);
  if (!entry) return;
  const width = Math.round(parseFloat(el.style.width) || el.clientWidth);
  const key = `${el.dataset.hash}@${width}`;
  if (el.dataset.painted === key) return;
  let pic;
  if (entry.page) {
    pic = draw(entry.page, width);
  } else {
    pic = entry.img.parentNode ? entry.img.cloneNode() : entry.img;
  }
  pic.classList.add('picture');
  pic.dataset.hash = el.dataset.hash;
  const old = el.querySelector('.picture');
  if (old) old.replaceWith(pic);
  else el.prepend(pic);
  el.dataset.painted = key;
}

/** Whether a page is on screen or close to it. */
function nearView(el) {
  const box = $('pages').getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.bottom > box.top - box.height && r.top < box.bottom + box.height;
}

/** Paint the pages on screen now; the others as they scroll into view. */
function paintVisible() {
  for (const el of $('pages').children) if (nearView(el)) paintPage(el);
}

const pageObserver = new IntersectionObserver(
  (entries) => entries.forEach((e) => e.isIntersecting && paintPage(e.target)),
  { rootMargin: '100% 0px' },
);

// ── Zoom ────────────────────────────────────────────────────────────────

const PX_PER_PT = 96 / 72;

function applyZoom() {
  const container = $('pages');
  const pages = [...container.children];
  const widest = Math.max(595.28, ...pages.map((p) => parseFloat(p.dataset.w) || 595.28));
  let z = S.zoom;
  if (z === 'fit') z = Math.max(0.2, (container.clientWidth - 40) / (widest * PX_PER_PT));
  for (const p of pages) {
    p.style.width = `${Math.round((parseFloat(p.dataset.w) || 595.28) * PX_PER_PT * z)}px`;
  }
  paintVisible();
  $('zoom').value = S.zoom === 'fit' ? 'fit' : String(S.zoom);
  if (S.zoom === 'fit') $('zoom').options[0].textContent = `Vừa khung (${Math.round(z * 100)}%)`;
}

function stepZoom(dir) {
  const steps = [0.5, 0.75, 1, 1.25, 1.5, 2];
  let cur = S.zoom;
  if (cur === 'fit') {
    const first = $('pages').firstElementChild;
    cur = first ? first.clientWidth / (parseFloat(first.dataset.w) * PX_PER_PT) : 1;
  }
  const next = dir > 0 ? steps.find((s) => s > cur + 0.01) : [...steps].reverse().find((s) => s < cur - 0.01);
  if (next) {
    S.zoom = next;
    applyZoom();
  }
}

// ── The page being edited ────────────────────────────────────────────────

/** Pieces of a YAML line's text to look for on the pages. */
function needles(line) {
  let t = line.replace(/\s#.*$/, '');
  const p = parseLine(t);
  if (p.blank || p.comment) return [];
  t = p.key !== null ? p.value : t.slice(p.contentCol);
  if (/^[|>][-+0-9]*$/.test(t.trim())) return [];
  t = t.replace(/\\./g, '');
  const n = norm(t);
  if (n.length < 8) return [];
  const size = 24;
  if (n.length <= size) return [n];
  const mid = Math.floor((n.length - size) / 2);
  return [n.slice(0, size), n.slice(mid, mid + size), n.slice(-size)];
}

let followTimer = null;

function scheduleFollow() {
  clearTimeout(followTimer);
  followTimer = setTimeout(followCursor, 120);
}

/** Scroll the preview to the page the cursor's line is printed on. */
function followCursor() {
  if (!S.view || !S.pages.length) return;
  const line = S.view.state.doc.lineAt(S.view.state.selection.main.head);
  const found = pageOf(line.text);
  const pages = [...$('pages').children];
  pages.forEach((p, i) => p.classList.toggle('current', i === found));
  if (found < 0) return;
  const el = pages[found];
  const box = $('pages').getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const visible = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
  if (visible < Math.min(r.height, box.height) * 0.35) el.scrollIntoView({ block: 'start' });
}

function pageOf(lineText) {
  for (const n of needles(lineText)) {
    const i = S.pages.findIndex((h) => S.store.get(h)?.norm.includes(n));
    if (i >= 0) return i;
  }
  return -1;
}

function updatePageIndicator() {
  const box = $('pages').getBoundingClientRect();
  const pages = [...$('pages').children];
  let best = -1;
  let bestVis = 0;
  pages.forEach((p, i) => {
    const r = p.getBoundingClientRect();
    const vis = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
    if (vis > bestVis) {
      bestVis = vis;
      best = i;
    }
  });
  $('page-count').textContent = pages.length
    ? `Trang ${best + 1}/${pages.length}`
    : '';
}

// ── Marks of `check` ────────────────────────────────────────────────────

/** The UTF-16 offset of the `n`-th character (code point) of `s`. */
function charOffset(s, n) {
  let off = 0;
  for (const ch of s) {
    if (n-- <= 0) break;
    off += ch.length;
  }
  return off;
}

function showDiagnostics(diags) {
  const doc = S.view.state.doc;
  const marks = diags.map((d) => {
    const lineNo = Math.min(Math.max(d.line || 1, 1), doc.lines);
    const line = doc.line(lineNo);
    let from = line.from + Math.min(charOffset(line.text, Math.max((d.column || 1) - 1, 0)), line.length);
    let i = from - line.from;
    while (i < line.text.length && !/[\s:,\]}]/.test(line.text[i])) i++;
    let to = line.from + i;
    if (!d.line) {
      from = line.from;
      to = line.to;
    }
    if (to === from) {
      if (to < line.to) to++;
      else if (from > line.from) from--;
    }
    const hints = (d.hints || []).map((h) => `\n= ${h}`).join('');
    return {
      from,
      to,
      severity: d.severity === 'error' ? 'error' : 'warning',
      source: d.code || undefined,
      message: `${d.message}${d.field ? `\n(trường: ${d.field})` : ''}${hints}`,
    };
  });
  S.view.dispatch(setDiagnostics(S.view.state, marks));
  // The list under the editor.
  const list = $('problems');
  list.replaceChildren();
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const head = document.createElement('div');
  head.className = 'problems-head';
  head.textContent = diags.length
    ? `${errors} lỗi, ${warnings} cảnh báo theo Nghị định 30`
    : 'Không có lỗi hay cảnh báo theo Nghị định 30';
  list.append(head);
  diags.forEach((d, k) => {
    const item = document.createElement('button');
    item.className = `problem ${d.severity}`;
    item.innerHTML = `<span class="where">${d.line ? `dòng ${d.line}` : ''}</span> ${d.code ? `<span class="code">${esc(d.code)}</span> ` : ''}${esc(d.message)}`;
    item.addEventListener('click', () => {
      const m = marks[k];
      S.view.dispatch({ selection: { anchor: m.from, head: m.to }, scrollIntoView: true });
      S.view.focus();
    });
    list.append(item);
  });
}

// ── Completion and hover, from the schema and the tables ────────────────

const ROOT_ORDER = [
  'loai', 'co_quan', 'so', 'don_vi_soan_thao', 'dia_danh', 'ngay', 'trich_yeu', 'kinh_gui', 'tham_quyen',
  'can_cu', 'theo_de_nghi', 'noi_dung', 'nguoi_ky', 'noi_nhan', 'luu',
];

const RECIPIENTS = [
  'Như trên', 'Như Điều 3', 'UBND tỉnh (b/c)', 'Chủ tịch, các PCT UBND tỉnh', 'Văn phòng UBND tỉnh',
  'Các sở, ban, ngành tỉnh', 'UBND các huyện, thành phố',
];

function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function valueOptions(key, nodes) {
  const m = S.meta;
  if (key === 'loai') {
    return m.kinds.map((k) => ({
      label: k.key, detail: `${k.name}${k.abbreviation ? ` (${k.abbreviation})` : ''}`, type: 'enum',
    }));
  }
  if (key === 'quyen_han') {
    return m.authorities.map((a) => ({ label: a.prefix, detail: a.name, type: 'enum' }));
  }
  if (m.choices[key]) return m.choices[key].map((c) => ({ label: c, type: 'enum' }));
  if (key === 'ngay' || key === 'han' || key === 'tu_ngay' || key === 'den_ngay') {
    return [{ label: isoDate(new Date()), detail: 'hôm nay', type: 'constant' }];
  }
  if (acceptsBoolean(nodes)) {
    return [{ label: 'true', detail: 'có', type: 'constant' }, { label: 'false', detail: 'không', type: 'constant' }];
  }
  return [];
}

function completeYaml(context) {
  if (!S.meta) return null;
  const c = contextAt(context.state.doc, context.pos);
  if (!c) return null;
  const schema = S.meta.schema;
  if (c.mode === 'value') {
    const options = valueOptions(c.key, resolve(schema, c.path));
    if (!options.length) return null;
    return { from: c.from, options, validFor: /^[\w.-]*$/ };
  }
  const listOf = c.path[c.path.length - 2];
  if (c.mode === 'item' || (c.mode === 'key' && c.prefix === '' && context.explicit)) {
    if (listOf === 'noi_nhan' && c.path[c.path.length - 1] === '[]') {
      const options = RECIPIENTS.map((r) => ({ label: r, type: 'text', detail: 'nơi nhận' }));
      if (c.mode === 'item') return { from: c.from, options };
    }
  }
  if (c.mode !== 'key') return null;
  if (c.prefix === '' && !context.explicit) return null;
  const props = properties(resolve(schema, c.path));
  if (!props.size) return null;
  const present = siblingKeys(context.state.doc, c.line, c.col);
  const blocks = new Map(S.meta.blocks.map((b, i) => [b.key, [b.description, i]]));
  const isBlock = props.has('dieu') && props.has('gach');
  const options = [];
  for (const [key, prop] of props) {
    if (present.has(key)) continue;
    let boost = 0;
    if (c.path.length === 0) {
      const i = ROOT_ORDER.indexOf(key);
      boost = i >= 0 ? 50 - i : 0;
    } else if (isBlock && blocks.has(key)) {
      boost = 40 - blocks.get(key)[1];
    }
    const info = [describe(schema, prop), isBlock && blocks.has(key) ? `In ra: ${blocks.get(key)[0]}` : '']
      .filter(Boolean)
      .join('\n');
    options.push({ label: key, type: 'property', detail: typeLabel(schema, prop), info, apply: `${key}: `, boost });
  }
  return { from: c.from, options, validFor: /^\w*$/ };
}

function hoverYaml(view, pos) {
  if (!S.meta) return null;
  const line = view.state.doc.lineAt(pos);
  const p = parseLine(line.text);
  if (p.blank || p.comment || p.key === null) return null;
  const schema = S.meta.schema;
  const keyFrom = line.from + p.contentCol;
  const keyTo = keyFrom + p.key.length;
  const getLine = (n) => view.state.doc.line(n).text;
  let title;
  let body;
  let from;
  let to;
  if (pos >= keyFrom && pos <= keyTo) {
    let path = p.dashes.length
      ? parentPath(getLine, line.number, p.dashes[0], true)
      : parentPath(getLine, line.number, p.contentCol, false);
    if (path === null) return null;
    path = [...path, ...p.dashes.map(() => '[]')];
    const props = properties(resolve(schema, path));
    const prop = props.get(p.key);
    if (!prop) return null;
    title = p.key;
    body = describe(schema, prop);
    const block = S.meta.blocks.find((b) => b.key === p.key);
    if (block && props.has('dieu')) body = `${body}\nIn ra: ${block.description}`;
    from = keyFrom;
    to = keyTo;
  } else {
    const valueFrom = line.text.indexOf(p.value, p.contentCol + p.key.length);
    if (valueFrom < 0 || pos < line.from + valueFrom) return null;
    const v = p.value.trim();
    if (p.key === 'loai') {
      const k = S.meta.kinds.find((k) => k.key === v);
      if (!k) return null;
      title = k.name;
      body = `Loại văn bản (Phụ lục III, Nghị định 30)${k.abbreviation ? `; viết tắt trong ký hiệu: ${k.abbreviation}` : ''}${k.kinh_gui ? '; có “Kính gửi”' : ''}.`;
    } else if (p.key === 'quyen_han') {
      const a = S.meta.authorities.find((a) => a.prefix.replace('.', '') === v.replace('.', '').toUpperCase());
      if (!a) return null;
      title = a.prefix;
      body = `Quyền hạn ký: ${a.name}.`;
    } else {
      return null;
    }
    from = line.from + valueFrom;
    to = line.to;
  }
  if (!body) return null;
  return {
    pos: from,
    end: to,
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'hover-help';
      const b = document.createElement('b');
      b.textContent = title;
      const t = document.createElement('div');
      t.textContent = body;
      dom.append(b, t);
      return { dom };
    },
  };
}

// ── Insert menu ─────────────────────────────────────────────────────────

function currentKind() {
  const m = /^loai:[ \t]*([a-z_]+)/m.exec(text());
  return m ? m[1] : 'cong_van';
}

function buildInsertMenu() {
  const menu = $('insert-menu');
  menu.replaceChildren();
  const kind = currentKind();
  const kindName = S.meta?.kinds.find((k) => k.key === kind)?.name || kind;
  const mine = SNIPPETS.snippets.filter((s) => s.kinds.includes('*') || s.kinds.includes(kind));
  const others = SNIPPETS.snippets.filter((s) => !mine.includes(s));
  const section = (title, list) => {
    const h = document.createElement('div');
    h.className = 'menu-head';
    h.textContent = title;
    menu.append(h);
    for (const s of list) {
      const b = document.createElement('button');
      b.className = 'menu-item';
      b.dataset.snippet = s.id;
      b.innerHTML = `<span>${esc(s.label)}</span><small>${esc(s.hint)}</small>`;
      b.addEventListener('click', () => {
        menu.hidden = true;
        insertSnippet(s);
      });
      menu.append(b);
    }
  };
  section(`Cho ${kindName.toLowerCase()}`, mine);
  section('Khối khác', others);
}

/** Where a snippet goes: `{ at, indent, header }` (insert at the start of a line). */
function placeFor(where, doc, cursorLine) {
  const getLine = (n) => doc.line(n).text;
  const startOf = (n) => (n > doc.lines ? doc.length : doc.line(n).from);
  const topKey = (key) => {
    for (let n = 1; n <= doc.lines; n++) {
      const p = parseLine(getLine(n));
      if (!p.blank && !p.comment && p.indent === 0 && p.dashes.length === 0 && p.key === key) return n;
    }
    return 0;
  };
  // The line after the last line of a section that starts at line `n` (deeper than `col`).
  const endOf = (n, col) => {
    let last = n;
    for (let k = n + 1; k <= doc.lines; k++) {
      const p = parseLine(getLine(k));
      if (p.blank || (p.comment && p.indent <= col)) continue;
      if (p.indent <= col) break;
      last = k;
    }
    return last + 1;
  };
  const listIndent = (n) => {
    for (let k = n + 1; k <= doc.lines; k++) {
      const p = parseLine(getLine(k));
      if (p.blank || p.comment) continue;
      return p.dashes.length ? p.dashes[0] : 2;
    }
    return 2;
  };
  // Before the first of these top-level keys (and the comments just above it), else at the end.
  const before = (keys) => {
    for (const key of keys) {
      let n = topKey(key);
      if (!n) continue;
      while (n > 1 && parseLine(getLine(n - 1)).comment && parseLine(getLine(n - 1)).indent === 0) n--;
      return { line: n, blank: true };
    }
    return { line: doc.lines + 1, blank: false };
  };
  const intoTopList = (key, createBefore) => {
    const n = topKey(key);
    if (n) {
      const p = parseLine(getLine(n));
      if (p.value !== '' && !p.value.startsWith('#')) return { error: `\`${key}\` đang viết trên một dòng; hãy viết thành danh sách (mỗi dòng một “- …”) để chèn` };
      return { at: startOf(endOf(n, 0)), indent: listIndent(n) };
    }
    const b = before(createBefore);
    return { at: startOf(b.line), indent: 2, header: `${key}:`, blankAfter: b.blank };
  };
  if (where === 'body') {
    // Inside a list of body blocks: after the block the cursor is in.
    const schema = S.meta.schema;
    const cur = parseLine(getLine(cursorLine));
    let limit = cur.blank ? Infinity : (cur.dashes?.length ? cur.dashes[cur.dashes.length - 1] : cur.indent) + 1;
    for (let n = cursorLine; n >= 1; n--) {
      const p = parseLine(getLine(n));
      if (p.blank || p.comment || p.indent >= limit) continue;
      if (p.dashes.length) {
        const inner = p.dashes.filter((d) => d < limit);
        const d = inner[inner.length - 1];
        const path = parentPath(getLine, n, p.dashes[0], true);
        if (path !== null) {
          inner.forEach(() => path.push('[]'));
          if (properties(resolve(schema, path)).has('dieu')) return { at: startOf(endOf(n, d)), indent: d };
        }
      } else if (p.indent === 0) {
        break;
      }
      limit = p.indent;
    }
    return intoTopList('noi_dung', ['ket_luan', 'nguoi_ky', 'noi_nhan', 'luu', 'phu_luc']);
  }
  if (where === 'noi_nhan') return intoTopList('noi_nhan', ['luu', 'nguoi_soan', 'so_ban', 'lien_he', 'phu_luc']);
  if (where === 'kinh_gui') return intoTopList('kinh_gui', ['mo_dau', 'tham_quyen', 'can_cu', 'noi_dung', 'phan_cong', 'nguoi_ky']);
  if (where === 'can_cu') return intoTopList('can_cu', ['theo_de_nghi', 'noi_dung', 'dieu', 'nguoi_ky']);
  return intoTopList('phu_luc', []);
}

function insertSnippet(s) {
  const view = S.view;
  const doc = view.state.doc;
  const cursorLine = doc.lineAt(view.state.selection.main.head).number;
  const place = placeFor(s.where, doc, cursorLine);
  if (place.error) {
    banner('insert', 'warn', esc(place.error), [['Đóng', () => closeBanner('insert')]]);
    return;
  }
  const han = new Date(Date.now() + 30 * 86400_000);
  const body = s.text
    .replace('{{han}}', isoDate(han))
    .split('\n')
    .map((l) => ' '.repeat(place.indent) + l)
    .join('\n');
  let insert = '';
  if (place.at === doc.length && doc.length > 0 && !doc.toString().endsWith('\n')) insert += '\n';
  if (place.header) insert += `${place.header}\n`;
  const start = insert.length;
  insert += `${body}\n`;
  if (place.header && place.blankAfter) insert += '\n';
  // «…» marks the text to select.
  const open = insert.indexOf('«');
  let anchor = place.at + start;
  let head = anchor;
  if (open >= 0) {
    const close = insert.indexOf('»', open);
    insert = insert.slice(0, open) + insert.slice(open + 1, close) + insert.slice(close + 1);
    anchor = place.at + open;
    head = place.at + close - 1;
  }
  view.dispatch({
    changes: { from: place.at, insert },
    selection: { anchor, head },
    scrollIntoView: true,
    userEvent: 'input.insert',
  });
  view.focus();
}

// ── New file: the kind ──────────────────────────────────────────────────

function pickKind() {
  const box = $('picker');
  const list = $('picker-list');
  list.replaceChildren();
  for (const k of S.meta.kinds) {
    const b = document.createElement('button');
    b.dataset.kind = k.key;
    b.innerHTML = `<b>${esc(k.name)}</b><small>${esc(k.key)}${k.abbreviation ? ` · ${esc(k.abbreviation)}` : ''}</small>`;
    b.addEventListener('click', async () => {
      const r = await api('GET', `/api/skeleton?loai=${encodeURIComponent(k.key)}`);
      const j = await r.json();
      replaceText(j.text);
      box.hidden = true;
      S.view.focus();
    });
    list.append(b);
  }
  box.hidden = false;
}

// ── The editor ──────────────────────────────────────────────────────────

function replaceText(t) {
  S.view.dispatch({ changes: { from: 0, to: S.view.state.doc.length, insert: t } });
}

const PHRASES = {
  Find: 'Tìm', Replace: 'Thay bằng', next: 'tiếp', previous: 'trước', all: 'tất cả', 'match case': 'phân biệt hoa thường',
  regexp: 'biểu thức chính quy', 'by word': 'cả từ', replace: 'thay', 'replace all': 'thay tất cả', close: 'đóng',
  'Go to line': 'Đến dòng', go: 'đi', Diagnostics: 'Lỗi', 'No diagnostics': 'Không có lỗi',
  'Folded lines': 'Các dòng thu gọn', 'Fold line': 'Thu gọn', 'Unfold line': 'Mở ra', unfold: 'mở ra',
  'Control character': 'Ký tự điều khiển', 'Selection deleted': 'Đã xóa phần chọn',
};

/** Wrapped lines continue under their own text, not at the margin: a long
 * paragraph in a `>-` block stays readable. */
const hangingIndent = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = this.build(view);
    }

    update(u) {
      if (u.docChanged || u.viewportChanged) this.decorations = this.build(u.view);
    }

    build(view) {
      const marks = [];
      for (const { from, to } of view.visibleRanges) {
        for (let pos = from; pos <= to;) {
          const line = view.state.doc.lineAt(pos);
          const m = /^ *(- +)*/.exec(line.text);
          const n = m[0].length;
          if (n > 0 && n < line.length) {
            marks.push(Decoration.line({
              attributes: { style: `padding-left: calc(${n}ch + 6px); text-indent: -${n}ch` },
            }).range(line.from));
          }
          pos = line.to + 1;
        }
      }
      return Decoration.set(marks);
    }
  },
  { decorations: (v) => v.decorations },
);

function createEditor(initial) {
  const readOnly = new Compartment();
  S.view = new EditorView({
    parent: $('editor'),
    state: EditorState.create({
      doc: initial,
      extensions: [
        EditorState.phrases.of(PHRASES),
        lineNumbers(),
        foldGutter(),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        indentUnit.of('  '),
        EditorState.tabSize.of(2),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        yaml(),
        autocompletion({ override: [completeYaml], icons: false }),
        hoverTooltip(hoverYaml, { hoverTime: 350 }),
        readOnly.of([]),
        keymap.of([
          { key: 'Mod-s', run: () => (save(), true), preventDefault: true },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...foldKeymap,
          ...completionKeymap,
          ...lintKeymap,
          indentWithTab,
        ]),
        EditorView.lineWrapping,
        hangingIndent,
        EditorView.updateListener.of((u) => {
          if (u.docChanged) {
            if (S.firstKeyAt === null) S.firstKeyAt = performance.now();
            schedulePreview();
            scheduleRecovery();
            updateDirty();
          } else if (u.selectionSet) {
            scheduleFollow();
          }
        }),
      ],
    }),
  });
}

// ── Start ───────────────────────────────────────────────────────────────

async function start() {
  if (!token) {
    banner('lost', 'error', 'Thiếu mã truy cập trong đường dẫn. Mở đúng đường dẫn mà lệnh <code>vanban edit</code> in ra.');
    return;
  }
  let meta;
  let load;
  try {
    const [m, l] = await Promise.all([api('GET', '/api/meta'), api('GET', '/api/load')]);
    if (!m.ok || !l.ok) {
      const r = m.ok ? l : m;
      banner('lost', 'error', r.status === 401
        ? 'Mã truy cập không đúng hoặc đã hết hạn: mở đường dẫn mới mà lệnh <code>vanban edit</code> in ra.'
        : `Không mở được văn bản: ${esc(await errorOf(r))}`);
      return;
    }
    meta = await m.json();
    load = await l.json();
  } catch (e) {
    banner('lost', 'error', `Không kết nối được với vanban: ${esc(e.message)}`);
    return;
  }
  S.meta = meta;
  S.name = load.name;
  S.exists = load.exists;
  S.baseHash = load.hash;
  S.savedText = load.exists ? load.text : null;
  $('file').textContent = load.name;
  $('file').title = load.path;
  createEditor(load.text ?? '');
  updateDirty();
  if (!load.exists) {
    setStatus('Tệp mới: chỉ ghi khi bấm Lưu');
    if (load.text == null && !load.recovery) pickKind();
  }
  if (load.recovery) offerRecovery(load.recovery);

  $('save').addEventListener('click', () => save());
  $('dl-pdf').addEventListener('click', () => download('pdf'));
  $('dl-docx').addEventListener('click', () => download('docx'));
  $('dl-pdfa').addEventListener('click', () => download('pdfa'));
  $('insert').addEventListener('click', (e) => {
    e.stopPropagation();
    const menu = $('insert-menu');
    if (menu.hidden) buildInsertMenu();
    menu.hidden = !menu.hidden;
  });
  document.addEventListener('click', (e) => {
    if (!$('insert-menu').contains(e.target)) $('insert-menu').hidden = true;
  });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      save();
    }
    if (e.key === 'Escape') $('insert-menu').hidden = true;
  });
  $('zoom').addEventListener('change', () => {
    const v = $('zoom').value;
    S.zoom = v === 'fit' ? 'fit' : parseFloat(v);
    applyZoom();
  });
  $('zoom-in').addEventListener('click', () => stepZoom(1));
  $('zoom-out').addEventListener('click', () => stepZoom(-1));
  $('pages').addEventListener('scroll', updatePageIndicator, { passive: true });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => S.zoom === 'fit' && applyZoom(), 100);
  });
  window.addEventListener('focus', checkDisk);
  setInterval(checkDisk, 2000);
  runPreview();
  S.view.focus();
}

start();
