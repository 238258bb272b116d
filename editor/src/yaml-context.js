// Where the cursor is in the YAML, read from the indentation of the lines
// (the text is often half-typed, so no parser is used): the key path of the
// mapping or list it is in, and whether a key or a value is being typed.
// Then the JSON Schema node of that path (vanban's own `vanban schema`).

const KEY = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?=[ \t]|$)/;

/** One line: its indentation, list dashes, key and value. */
export function parseLine(text) {
  let i = 0;
  while (text[i] === ' ') i++;
  const indent = i;
  if (i >= text.length) return { blank: true, indent };
  if (text[i] === '#') return { comment: true, indent };
  const dashes = [];
  while (text[i] === '-' && (i + 1 === text.length || text[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (text[i] === ' ') i++;
  }
  const rest = text.slice(i);
  const m = KEY.exec(rest);
  return {
    indent,
    dashes,
    contentCol: i,
    key: m ? m[1] : null,
    value: m ? rest.slice(m[0].length).trim() : rest.trim(),
  };
}

const BLOCK_HEADER = /^[|>][-+0-9]*\s*(#.*)?$/;

/** Whether a value on a key's line starts text that goes on below it. */
function opensText(value) {
  if (value === '' || value.startsWith('#')) return false;
  if (BLOCK_HEADER.test(value)) return true;
  if (value.startsWith('&') || value.startsWith('!')) return false;
  return !value.startsWith('[') && !value.startsWith('{');
}

/**
 * The keys ("[]" for a list item) from the top down to the node whose
 * content starts at column `c` on line `lineNo` (1-based); `inList` when
 * that node is a list whose dashes are at `c`. `null` when the place is
 * inside text (a block scalar, a multi-line string).
 */
export function parentPath(getLine, lineNo, c, inList) {
  const path = [];
  for (let n = lineNo - 1; n >= 1 && (c > 0 || inList); n--) {
    const p = parseLine(getLine(n));
    if (p.blank || p.comment) continue;
    if (p.dashes.length === 0) {
      if (p.key === null) continue;
      if (p.indent < c || (p.indent === c && inList)) {
        if (opensText(p.value)) return null;
        path.unshift(p.key);
        c = p.indent;
        inList = false;
      }
      continue;
    }
    if (p.key !== null && p.contentCol < c) {
      if (opensText(p.value)) return null;
      path.unshift(p.key);
      for (let i = 0; i < p.dashes.length; i++) path.unshift('[]');
      c = p.dashes[0];
      inList = true;
      continue;
    }
    const inner = p.dashes.filter((d) => d < c);
    if (inner.length === 0) continue;
    if (p.key === null && p.contentCol < c && p.value !== '') return null;
    for (let i = 0; i < inner.length; i++) path.unshift('[]');
    c = inner[0];
    inList = true;
  }
  return path;
}

/**
 * What is being typed at `pos` of a CodeMirror document:
 * `{ mode: 'key', path, col, prefix, from }` (a key of the mapping at
 * `path`), `{ mode: 'value', path, key, prefix, from }` (the value of `key`),
 * `{ mode: 'item', path, prefix, from }` (a plain list item), or null.
 */
export function contextAt(doc, pos) {
  const line = doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  if (/(^|\s)#/.test(before)) return null;
  const getLine = (n) => doc.line(n).text;
  const head = /^( *)((?:- +)*)/.exec(before);
  const dashes = [];
  {
    let i = head[1].length;
    const s = before;
    while (s[i] === '-' && s[i + 1] === ' ') {
      dashes.push(i);
      i++;
      while (s[i] === ' ') i++;
    }
  }
  const col = head[0].length;
  const parent = () => {
    const base = dashes.length
      ? parentPath(getLine, line.number, dashes[0], true)
      : parentPath(getLine, line.number, col, false);
    if (base === null) return null;
    for (let i = 0; i < dashes.length; i++) base.push('[]');
    return base;
  };
  const rest = before.slice(col);
  let m = /^[A-Za-z_][A-Za-z0-9_]*$/.exec(rest);
  if (rest === '' || m) {
    const path = parent();
    if (path === null) return null;
    return { mode: 'key', path, col, line: line.number, prefix: rest, from: pos - rest.length, itemText: rest };
  }
  m = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*(.*)$/.exec(rest);
  if (m) {
    const path = parent();
    if (path === null) return null;
    const value = m[2];
    if (value.startsWith('[') || value.startsWith('{') || value.startsWith('"') || value.startsWith("'")) {
      return null;
    }
    return { mode: 'value', path: [...path, m[1]], key: m[1], prefix: value, from: pos - value.length };
  }
  if (dashes.length) {
    const path = parent();
    if (path === null) return null;
    return { mode: 'item', path, prefix: rest, from: pos - rest.length };
  }
  return null;
}

/** The keys already present in the mapping whose keys start at `col` around line `lineNo`. */
export function siblingKeys(doc, lineNo, col) {
  const keys = new Set();
  for (let n = lineNo - 1; n >= 1; n--) {
    const p = parseLine(doc.line(n).text);
    if (p.blank || p.comment) continue;
    if (p.contentCol === col && p.key) keys.add(p.key);
    if (p.dashes && p.dashes.length && p.contentCol === col) break;
    if (p.indent < col) break;
  }
  for (let n = lineNo + 1; n <= doc.lines; n++) {
    const p = parseLine(doc.line(n).text);
    if (p.blank || p.comment) continue;
    if (p.indent < col) break;
    if (p.indent === col && p.key && p.dashes.length === 0) keys.add(p.key);
  }
  return keys;
}

// ── The schema ─────────────────────────────────────────────────────────

function deref(schema, node) {
  let guard = 0;
  while (node && node.$ref && guard++ < 50) {
    node = schema.$defs[node.$ref.replace('#/$defs/', '')];
  }
  return node || null;
}

/** The alternatives of a node: its anyOf/oneOf/allOf, flattened and dereferenced. */
export function variants(schema, node, out = [], depth = 0) {
  node = deref(schema, node);
  if (!node || depth > 20) return out;
  const alts = node.anyOf || node.oneOf || node.allOf;
  if (alts) {
    for (const a of alts) variants(schema, a, out, depth + 1);
  } else {
    out.push(node);
  }
  return out;
}

function types(node) {
  const t = node.type;
  return Array.isArray(t) ? t : t ? [t] : [];
}

/** The schema node at `path` ("[]" = a list item), as a list of alternatives. */
export function resolve(schema, path) {
  let nodes = [schema];
  for (const seg of path) {
    const next = [];
    for (const n of nodes) {
      for (const v of variants(schema, n)) {
        if (seg === '[]') {
          if (types(v).includes('array') && v.items) next.push(v.items);
        } else if (v.properties && v.properties[seg]) {
          next.push(v.properties[seg]);
        }
      }
    }
    if (next.length === 0) return [];
    nodes = next;
  }
  return nodes.flatMap((n) => variants(schema, n));
}

/** The properties of the objects among `nodes`: name → schema. */
export function properties(nodes) {
  const props = new Map();
  for (const v of nodes) {
    if (v.properties) for (const [k, s] of Object.entries(v.properties)) if (!props.has(k)) props.set(k, s);
  }
  return props;
}

/** The description of a property's schema. */
export function describe(schema, prop) {
  if (!prop) return '';
  if (prop.description) return prop.description;
  for (const v of variants(schema, prop)) if (v.description) return v.description;
  return '';
}

/** Whether the nodes accept a boolean. */
export function acceptsBoolean(nodes) {
  return nodes.some((v) => types(v).includes('boolean'));
}

/** A short type label for a property: "văn bản", "danh sách", … */
export function typeLabel(schema, prop) {
  const ts = new Set(variants(schema, prop).flatMap((v) => (v.properties ? ['object'] : types(v))));
  ts.delete('null');
  const names = { string: 'chữ', number: 'số', integer: 'số', boolean: 'true/false', array: 'danh sách', object: 'nhóm khóa' };
  return [...ts].map((t) => names[t] || t).join(' | ');
}
