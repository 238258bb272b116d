// Pages drawn on a canvas from the SVG the server sends. typst-svg writes a
// small, regular subset of SVG — glyphs as <symbol> outlines placed with
// <use>, <g>/<a> with translate/matrix transforms, <path> fills and strokes,
// transparent link <rect>s — and a browser decodes such an SVG as an image
// slowly (each <use> is an element: ~60 ms for a page of 2 000 glyphs on
// a slow machine). Here each glyph outline becomes one Path2D, kept across
// pages and edits (its id is a hash of the glyph), and a page is a list of
// fills: about 3 times faster. An SVG with anything outside that subset
// (an image, a clip, a gradient…) returns null and is shown as an <img>.

const GLYPHS = new Map(); // symbol id → Path2D
const TAG = /<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;
const ALLOWED = {
  svg: ['viewBox', 'width', 'height', 'xmlns', 'xmlns:xlink', 'xmlns:h5', 'class'],
  g: ['transform', 'class'],
  a: ['transform'],
  use: ['xlink:href', 'href', 'x', 'y', 'fill', 'fill-rule'],
  path: ['d', 'fill', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin',
    'stroke-miterlimit', 'transform'],
  rect: ['x', 'y', 'width', 'height', 'fill', 'stroke'],
};
const IDENTITY = [1, 0, 0, 1, 0, 0];

function attributes(s) {
  const o = {};
  for (const m of s.matchAll(ATTR)) o[m[1]] = m[2];
  return o;
}

function mul(m, n) {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** A transform attribute as a matrix; null when it uses what is not drawn here. */
function transformOf(t) {
  if (!t) return IDENTITY;
  let m = IDENTITY;
  const re = /(\w+)\(([^)]*)\)/g;
  let f;
  let rest = t;
  while ((f = re.exec(t))) {
    rest = rest.replace(f[0], '');
    const v = f[2].trim().split(/[\s,]+/).map(Number);
    if (v.some(Number.isNaN)) return null;
    if (f[1] === 'matrix' && v.length === 6) m = mul(m, v);
    else if (f[1] === 'translate') m = mul(m, [1, 0, 0, 1, v[0], v[1] || 0]);
    else if (f[1] === 'scale') m = mul(m, [v[0], 0, 0, v.length > 1 ? v[1] : v[0], 0, 0]);
    else return null;
  }
  return rest.trim() === '' ? m : null;
}

const fillRule = (r) => (r === 'evenodd' ? 'evenodd' : 'nonzero');
const paints = (c) => c !== undefined && c !== 'none' && c !== 'transparent';

/**
 * The page of an SVG as `{ w, h, ops }` (size in pt, fills and strokes),
 * or null when it has something else: then it is shown as an image.
 */
export function compile(svg) {
  const vb = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg.slice(0, 300));
  if (!vb || +vb[1] !== 0 || +vb[2] !== 0) return null;
  // The glyph outlines.
  let body = svg;
  const start = svg.indexOf('<defs');
  if (start >= 0) {
    const end = svg.indexOf('</defs>', start);
    if (end < 0) return null;
    const defs = svg.slice(svg.indexOf('>', start) + 1, end);
    const symbol = /<symbol id="([^"]+)"(?: overflow="visible")?><path d="([^"]*)"\/><\/symbol>/g;
    if (defs.replace(symbol, '').trim() !== '') return null;
    for (const m of defs.matchAll(symbol)) {
      if (!GLYPHS.has(m[1])) GLYPHS.set(m[1], new Path2D(m[2]));
    }
    body = svg.slice(0, start) + svg.slice(end + '</defs>'.length);
  }
  // The drawing, in order.
  const ops = [];
  const stack = [IDENTITY];
  let seen = 0;
  for (const m of body.matchAll(TAG)) {
    // Nothing but tags and white space between them.
    if (body.slice(seen, m.index).trim() !== '') return null;
    seen = m.index + m[0].length;
    const [, close, tag, attrText, selfClose] = m;
    if (!(tag in ALLOWED)) return null;
    if (close) {
      if (tag === 'g' || tag === 'a') stack.pop();
      continue;
    }
    const a = attributes(attrText);
    if (Object.keys(a).some((k) => !ALLOWED[tag].includes(k))) return null;
    const top = stack[stack.length - 1];
    if (tag === 'svg') continue;
    if (tag === 'g' || tag === 'a') {
      const t = transformOf(a.transform);
      if (!t) return null;
      if (!selfClose) stack.push(mul(top, t));
    } else if (tag === 'use') {
      const p = GLYPHS.get((a['xlink:href'] || a.href || '').slice(1));
      if (!p) return null;
      ops.push({ m: mul(top, [1, 0, 0, 1, +(a.x || 0), +(a.y || 0)]), p, fill: a.fill || '#000000', rule: fillRule(a['fill-rule']) });
    } else if (tag === 'path') {
      const t = transformOf(a.transform);
      if (!t) return null;
      ops.push({
        m: mul(top, t),
        p: new Path2D(a.d || ''),
        fill: a.fill === undefined ? '#000000' : a.fill,
        rule: fillRule(a['fill-rule']),
        stroke: a.stroke,
        width: +(a['stroke-width'] || 1),
        cap: a['stroke-linecap'] || 'butt',
        join: a['stroke-linejoin'] || 'miter',
        miter: +(a['stroke-miterlimit'] || 4),
      });
    } else if (tag === 'rect') {
      if (!paints(a.fill) && !paints(a.stroke)) continue; // a link's area
      const p = new Path2D();
      p.rect(+(a.x || 0), +(a.y || 0), +a.width, +a.height);
      ops.push({ m: top, p, fill: a.fill || '#000000', rule: 'nonzero', stroke: a.stroke, width: 1, cap: 'butt', join: 'miter', miter: 4 });
    }
    if (selfClose && (tag === 'g' || tag === 'a')) continue;
  }
  if (body.slice(seen).trim() !== '') return null;
  return { w: +vb[3], h: +vb[4], ops };
}

/** Draw a compiled page on a new canvas `cssWidth` pixels wide. */
export function draw(page, cssWidth) {
  const canvas = document.createElement('canvas');
  const dpr = window.devicePixelRatio || 1;
  const s = (cssWidth / page.w) * dpr;
  canvas.width = Math.max(1, Math.round(page.w * s));
  canvas.height = Math.max(1, Math.round(page.h * s));
  const ctx = canvas.getContext('2d', { alpha: false });
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let fill = '';
  for (const op of page.ops) {
    const m = op.m;
    ctx.setTransform(m[0] * s, m[1] * s, m[2] * s, m[3] * s, m[4] * s, m[5] * s);
    if (paints(op.fill)) {
      if (op.fill !== fill) {
        ctx.fillStyle = op.fill;
        fill = op.fill;
      }
      ctx.fill(op.p, op.rule);
    }
    if (paints(op.stroke)) {
      ctx.strokeStyle = op.stroke;
      ctx.lineWidth = op.width;
      ctx.lineCap = op.cap;
      ctx.lineJoin = op.join;
      ctx.miterLimit = op.miter;
      ctx.stroke(op.p);
    }
  }
  return canvas;
}
