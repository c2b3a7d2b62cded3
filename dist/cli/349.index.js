export const id = 349;
export const ids = [349];
export const modules = {

/***/ 5508:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ parseDotEnv)
/* harmony export */ });
/* harmony import */ var _interpolate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9307);

/**
 * Parses a `.env` file the way Compose does (compose-go dotenv): `KEY=VALUE`
 * lines, optional `export `, `#` comments, single quotes literal, double
 * quotes with escapes, unquoted values trimmed and cut at ` #`. Values may
 * refer to earlier keys and to the environment (`${VAR}`), except inside
 * single quotes.
 */
function parseDotEnv(text, environment = () => undefined) {
    const vars = new Map();
    const lookup = (n) => vars.get(n) ?? environment(n);
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = (lines[i] ?? '').trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=)?\s*(.*)$/.exec(line);
        if (!m)
            throw new Error(`line ${i + 1}: cannot parse "${line}"`);
        const [, key = '', eq, raw = ''] = m;
        if (!eq)
            continue; // a bare name is read from the environment by Compose; nothing to define here
        let value;
        if (raw.startsWith("'")) {
            const { text: v, next } = quoted(lines, i, raw, "'");
            value = v;
            i = next;
        }
        else if (raw.startsWith('"')) {
            const { text: v, next } = quoted(lines, i, raw, '"');
            value = (0,_interpolate_js__WEBPACK_IMPORTED_MODULE_0__/* .interpolate */ .G)(unescape(v), lookup);
            i = next;
        }
        else {
            value = (0,_interpolate_js__WEBPACK_IMPORTED_MODULE_0__/* .interpolate */ .G)(raw.replace(/\s+#.*$/, '').trim(), lookup);
        }
        vars.set(key, value);
    }
    return vars;
}
/** A quoted value, possibly over several lines; returns the text and the last line used. */
function quoted(lines, at, first, q) {
    let body = first.slice(1);
    let i = at;
    for (;;) {
        const end = closingQuote(body, q);
        if (end >= 0)
            return { text: body.slice(0, end), next: i };
        if (++i >= lines.length)
            throw new Error(`line ${at + 1}: unterminated ${q} quote`);
        body += `\n${lines[i]}`;
    }
}
function closingQuote(s, q) {
    for (let j = 0; j < s.length; j++) {
        if (q === '"' && s[j] === '\\')
            j++;
        else if (s[j] === q)
            return j;
    }
    return -1;
}
function unescape(s) {
    return s.replace(/\\([nrt"\\])/g, (_, c) => c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c);
}


/***/ }),

/***/ 5230:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ goNumberTag),
/* harmony export */   d: () => (/* binding */ stringifyComposeYaml)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const SPECIAL = {
    '.nan': NaN,
    '.NaN': NaN,
    '.NAN': NaN,
    ...Object.fromEntries(['.inf', '.Inf', '.INF'].flatMap((s) => [
        [s, Infinity],
        [`+${s}`, Infinity],
        [`-${s}`, -Infinity]
    ]))
};
/** What go-yaml v3 makes of a plain scalar that starts like a number (`[-+.0-9]`). */
function goPlain(text) {
    const special = SPECIAL[text];
    if (special !== undefined)
        return { kind: 'float', value: special };
    if (text.startsWith('.')) {
        const f = Number(text);
        return YAML_FLOAT.test(text) && Number.isFinite(f)
            ? { kind: 'float', value: f }
            : { kind: 'string', value: text };
    }
    if (/^[0-9]{4}-/.test(text)) {
        const time = goTimestamp(text);
        if (time !== undefined)
            return { kind: 'timestamp', value: time };
    }
    const plain = text.replace(/_/g, '');
    const int = goInt(plain);
    if (int !== undefined)
        return { kind: 'int', value: int };
    if (YAML_FLOAT.test(plain)) {
        const f = Number(plain);
        if (Number.isFinite(f))
            return { kind: 'float', value: f };
    }
    return { kind: 'string', value: text };
}
/**
 * strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64): the value, or its
 * decimal text where a JavaScript number would round it.
 */
function goInt(s) {
    const m = GO_INT.exec(s);
    if (!m)
        return undefined;
    const [, sign, hex, oct, bin, zeroOct, dec] = m;
    const [digits, radix] = hex !== undefined
        ? [hex, 16]
        : oct !== undefined
            ? [oct, 8]
            : bin !== undefined
                ? [bin, 2]
                : zeroOct !== undefined
                    ? [zeroOct || '0', 8]
                    : [dec, 10];
    // fewer than 53 bits: a plain number (most integers in compose files)
    if (digits.length * Math.log2(radix) < 53) {
        const n = parseInt(digits, radix);
        return sign === '-' ? -n : n;
    }
    const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
    const magnitude = BigInt(`${prefix}${digits}`);
    const value = sign === '-' ? -magnitude : magnitude;
    if (sign === '-' ? -value > INT64_MAX + 1n : value > (sign ? INT64_MAX : UINT64_MAX))
        return undefined;
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
}
const TIMESTAMP = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]+))?(Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]+))?))?$/;
/**
 * The layouts go-yaml v3 tries (`2006-1-2T15:4:5.999999999Z07:00`, the same
 * with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`) and Go's time.String()
 * of the result; undefined when time.Parse refuses it (then it is a string).
 * An offset other than zero is written as Go writes a fixed zone it made up;
 * a device whose local zone has that offset names the zone instead.
 */
function goTimestamp(text) {
    const m = TIMESTAMP.exec(text);
    if (!m)
        return undefined;
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = Number(m[4] ?? m[9] ?? 0);
    const minute = Number(m[5] ?? m[10] ?? 0);
    const second = Number(m[6] ?? m[11] ?? 0);
    const fraction = (m[7] ?? m[12] ?? '').slice(0, 9).replace(/0+$/, '');
    const zone = m[8];
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth)
        return undefined;
    if (hour > 23 || minute > 59 || second > 59)
        return undefined;
    let offset = '+0000 UTC';
    if (zone && zone !== 'Z') {
        const [h, mm] = zone.slice(1).split(':').map(Number);
        if (h > 24 || mm > 60)
            return undefined;
        const o = `${zone[0]}${zone.slice(1, 3)}${zone.slice(4, 6)}`;
        offset = h === 0 && mm === 0 ? '+0000 UTC' : `${o} ${o}`;
    }
    const two = (n) => String(n).padStart(2, '0');
    return `${m[1]}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}${fraction ? `.${fraction}` : ''} ${offset}`;
}
/**
 * The YAML library's plain-scalar tag for what go-yaml reads differently:
 * first in the list, so it sees every plain scalar that starts like a
 * number; what go-yaml keeps a string stays one.
 */
const goNumberTag = {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    test: /^[-+.0-9][-+.,:_ 0-9A-Za-z]*$/,
    identify: () => false,
    resolve: (text) => goPlain(text).value
};
const GO_NON_STRINGS = new Set([
    '',
    '~',
    'null',
    'Null',
    'NULL',
    'true',
    'True',
    'TRUE',
    'false',
    'False',
    'FALSE',
    '<<',
    ...Object.keys(SPECIAL)
]);
/** Whether go-yaml reads `text`, written plain, as something other than that string. */
function goReadsAsNonString(text) {
    if (GO_NON_STRINGS.has(text))
        return true;
    return /^[-+.0-9]/.test(text) && goPlain(text).kind !== 'string';
}
/**
 * A compose model as YAML that Compose reads back as the same model: numbers
 * in decimal (as `docker compose config` writes them), and every string that
 * go-yaml would read as a number, a timestamp, a boolean or null quoted.
 */
function stringifyComposeYaml(model) {
    const doc = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Document */ .yo(model, { aliasDuplicateObjects: false });
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
        Scalar(_key, node) {
            if (typeof node.value === 'string' && goReadsAsNonString(node.value))
                node.type = 'QUOTE_DOUBLE';
        }
    });
    return doc.toString({ lineWidth: 0 });
}


/***/ }),

/***/ 9307:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ InterpolationError),
/* harmony export */   G: () => (/* binding */ interpolate)
/* harmony export */ });
/**
 * Compose variable interpolation (compose-spec "Interpolation"): `$VAR`,
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` for a literal `$`.
 * Defaults and alternatives may themselves hold substitutions
 * (`${A:-${B:-x}}`), as compose-go allows.
 */
/** Thrown for `${VAR:?message}` / `${VAR?message}` and malformed syntax; the caller adds the file. */
class InterpolationError extends Error {
    variable;
    constructor(message, variable) {
        super(message);
        this.variable = variable;
        this.name = 'InterpolationError';
    }
}
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
function interpolate(text, lookup) {
    let out = '';
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c !== '$') {
            out += c;
            i++;
            continue;
        }
        const next = text[i + 1];
        if (next === '$') {
            out += '$';
            i += 2;
            continue;
        }
        if (next === '{') {
            const end = matchingBrace(text, i + 1);
            out += substitute(text.slice(i + 2, end), lookup);
            i = end + 1;
            continue;
        }
        const name = NAME.exec(text.slice(i + 1));
        if (name) {
            out += lookup(name[0]) ?? '';
            i += 1 + name[0].length;
            continue;
        }
        // A lone `$` (end of string, or before a character that cannot start a name) stays as it is.
        out += '$';
        i++;
    }
    return out;
}
/** Index of the `}` closing the `{` at `open`, counting nested `${…}`. */
function matchingBrace(text, open) {
    let depth = 0;
    for (let j = open; j < text.length; j++) {
        if (text[j] === '{')
            depth++;
        else if (text[j] === '}' && --depth === 0)
            return j;
    }
    throw new InterpolationError(`unclosed "\${" in "${text}"`);
}
function substitute(body, lookup) {
    const name = NAME.exec(body)?.[0];
    if (!name)
        throw new InterpolationError(`invalid interpolation format "\${${body}}"`);
    const rest = body.slice(name.length);
    const value = lookup(name);
    if (rest === '')
        return value ?? '';
    const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
    if (!op)
        throw new InterpolationError(`invalid interpolation format "\${${body}}"`, name);
    const arg = () => interpolate(rest.slice(op.length), lookup);
    // The colon forms treat an empty value like an unset one.
    const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    switch (op) {
        case ':-':
        case '-':
            return set ? value : arg();
        case ':?':
        case '?':
            if (set)
                return value;
            throw new InterpolationError(`required variable ${name} is missing a value${arg() ? `: ${arg()}` : ''}`, name);
        default:
            return set ? arg() : '';
    }
}


/***/ }),

/***/ 4349:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $p: () => (/* binding */ findComposeFiles),
  IJ: () => (/* binding */ loadComposeProject)
});

// UNUSED EXPORTS: normalizeProjectName

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/log.ts
var util_log = __webpack_require__(9906);
;// CONCATENATED MODULE: ./src/compose/host-paths.ts

function emptyHostPaths() {
    return { files: new Map(), binds: new Map() };
}
/**
 * Makes the host paths of one file's (interpolated) tree absolute, in place,
 * the way compose-go does before merging: relative to `baseDir`, which is
 * the project folder for `-f` files (however deep the override file sits),
 * the included project's folder for `include:`, and the extended file's
 * folder for `extends.file`. Merged afterwards, every path still names the
 * file it was written for.
 */
function absolutizeHostPaths(data, baseDir, file, lineOf, out) {
    const note = (map, abs, at, w) => {
        if (map.has(abs))
            return;
        const pos = lineOf(at);
        map.set(abs, { file, ...(pos && { line: pos.line }), field: at.join('.'), written: w });
    };
    const services = isMap(data.services) ? data.services : {};
    for (const [name, svc] of Object.entries(services)) {
        if (!isMap(svc))
            continue;
        const at = ['services', name];
        if (svc.env_file !== undefined) {
            const list = Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
            svc.env_file = list.map((entry, i) => {
                const where = Array.isArray(svc.env_file) ? [...at, 'env_file', i] : [...at, 'env_file'];
                if (typeof entry === 'string') {
                    const abs = (0,external_node_path_.resolve)(baseDir, entry);
                    note(out.files, abs, where, entry);
                    return abs;
                }
                if (isMap(entry) && typeof entry.path === 'string') {
                    const abs = (0,external_node_path_.resolve)(baseDir, entry.path);
                    note(out.files, abs, where, entry.path);
                    return { ...entry, path: abs };
                }
                return entry;
            });
        }
        if (Array.isArray(svc.volumes))
            svc.volumes = svc.volumes.map((v, i) => {
                const where = [...at, 'volumes', i];
                if (typeof v === 'string') {
                    const parts = v.split(':');
                    const src = parts[0] ?? '';
                    if (parts.length < 2 || !isRelativeHostPath(src))
                        return v;
                    const abs = (0,external_node_path_.resolve)(baseDir, src);
                    note(out.binds, abs, where, src);
                    return [abs, ...parts.slice(1)].join(':');
                }
                if (isMap(v) && v.type === 'bind' && typeof v.source === 'string') {
                    if (!isRelativeHostPath(v.source))
                        return v;
                    const abs = (0,external_node_path_.resolve)(baseDir, v.source);
                    note(out.binds, abs, where, v.source);
                    return { ...v, source: abs };
                }
                return v;
            });
    }
    for (const kind of ['configs', 'secrets']) {
        const defs = isMap(data[kind]) ? data[kind] : {};
        for (const [name, def] of Object.entries(defs)) {
            if (!isMap(def) || typeof def.file !== 'string')
                continue;
            const abs = (0,external_node_path_.resolve)(baseDir, def.file);
            note(out.files, abs, [kind, name, 'file'], def.file);
            def.file = abs;
        }
    }
}
/** A bind-mount source Compose reads as a path relative to the project (`.`, `./x`, `../x`). */
function isRelativeHostPath(p) {
    return !(0,external_node_path_.isAbsolute)(p) && (p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../'));
}
function isMap(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/compose/go-yaml.ts
var go_yaml = __webpack_require__(5230);
;// CONCATENATED MODULE: ./src/compose/yaml-file.ts



/** Markers for Compose's `!reset` and `!override` tags, which change how a later file merges. */
const RESET = Symbol('compose !reset');
const OVERRIDE = '\u0000compose-override';
const HINT = { hint: 'fix the compose file (`docker compose config` refuses it too)' };
/**
 * Parses a compose file into its YAML documents, in order (Compose merges
 * the documents of one file as if they were files given one after the
 * other). YAML errors become UserErrors naming file, line and column.
 */
function parseComposeYaml(path, text) {
    const lineCounter = new dist/* LineCounter */.HN();
    // uniqueKeys compares every key with every other one (quadratic on big mappings);
    // duplicateKeys below does the same check with a set.
    // Plain scalars as go-yaml reads them (`0440` is octal, `1_000` a number).
    const docs = withPlainEnv(() => (0,dist/* parseAllDocuments */.hR)(text, {
        lineCounter,
        merge: true,
        uniqueKeys: false,
        customTags: (tags) => [go_yaml/* goNumberTag */.A, ...tags]
    }));
    const all = Array.isArray(docs) ? docs : [docs];
    const at = (offset) => {
        if (offset === undefined)
            return path;
        const { line, col } = lineCounter.linePos(offset);
        return `${path}:${line}:${col}`;
    };
    const out = [];
    for (const doc of all) {
        const first = doc.errors[0];
        if (first) {
            const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
            throw new errors/* UserError */.yo(`${at(first.pos[0])}: invalid YAML: ${reason}`, HINT);
        }
        const hasMarkers = prepare(doc, at);
        let data;
        try {
            data = doc.toJS({ maxAliasCount: 10_000 });
        }
        catch (err) {
            throw new errors/* UserError */.yo(`${path}: invalid YAML: ${err.message}`, HINT);
        }
        // An empty file or one of comments has no document at all; an empty document
        // (`---` with nothing after it) is refused by Compose like any non-mapping.
        if (typeof data !== 'object' || data === null || Array.isArray(data))
            throw new errors/* UserError */.yo(`${at(doc.range[0])}: a compose file must be a mapping at the top level${all.length > 1 ? ` (document ${out.length + 1} is not)` : ''}`, { hint: 'remove the empty document, or the `---` that starts it' });
        const line = (n) => n?.range ? lineCounter.linePos(n.range[0]).line : undefined;
        out.push({
            path,
            data: data,
            serviceLines: indexServices(doc, line),
            hasMarkers,
            lineOf: (p) => {
                const n = line(doc.getIn(p, true));
                return n === undefined ? undefined : { line: n };
            }
        });
    }
    return out;
}
/**
 * The yaml parser reads process.env.LOG_TOKENS once per token, and Node's
 * process.env is an accessor into the C environment: on big files that is a
 * third of the parse. The parse is synchronous, so a plain copy stands in for
 * the environment meanwhile and no other code can see the swap.
 */
function withPlainEnv(parse) {
    const env = process.env;
    process.env = { ...env };
    try {
        return parse();
    }
    finally {
        process.env = env;
    }
}
/**
 * One pass over the document's nodes, in document order: Compose (yaml.v3)
 * refuses a key written twice in one mapping and an alias of an anchor not
 * defined before it, both named here with their place; `!reset` nodes become
 * a marker and `!override` nodes are wrapped, so the merge can see them (an
 * anchor on a tagged node moves to its replacement, so an alias of it carries
 * the tag too, as in Compose). Returns whether any marker was made.
 */
function prepare(doc, at) {
    const anchors = new Set();
    let markers = false;
    const walk = (node) => {
        if ((0,dist/* isAlias */.Vj)(node)) {
            if (!anchors.has(node.source))
                throw new errors/* UserError */.yo(`${at(node.range?.[0])}: invalid YAML: unknown anchor "${node.source}" referenced`, { hint: 'define the anchor (&name) before the alias (*name) in the same document' });
            return node;
        }
        if (!(0,dist/* isNode */.Ll)(node))
            return node;
        if (node.anchor)
            anchors.add(node.anchor);
        if (node.tag === '!reset') {
            markers = true;
            const marker = new dist/* Scalar */.X5(RESET);
            if (node.anchor)
                marker.anchor = node.anchor;
            return marker;
        }
        let out = node;
        if (node.tag === '!override') {
            markers = true;
            node.tag = undefined;
            const wrapper = new dist/* YAMLMap */.CA();
            if (node.anchor) {
                wrapper.anchor = node.anchor;
                node.anchor = undefined;
            }
            wrapper.set(new dist/* Scalar */.X5(OVERRIDE), node);
            out = wrapper;
        }
        if ((0,dist/* isMap */.jh)(node)) {
            const seen = new Set();
            for (const pair of node.items) {
                if ((0,dist/* isScalar */.jn)(pair.key) && pair.key.value !== '<<') {
                    if (seen.has(pair.key.value))
                        throw new errors/* UserError */.yo(`${at(pair.key.range?.[0])}: invalid YAML: Map keys must be unique ("${String(pair.key.value)}" is already defined above)`, HINT);
                    seen.add(pair.key.value);
                }
                else
                    walk(pair.key);
                pair.value = walk(pair.value);
            }
        }
        else if ((0,dist/* isSeq */.oP)(node))
            node.items = node.items.map(walk);
        return out;
    };
    doc.contents = walk(doc.contents);
    return markers;
}
function indexServices(doc, line) {
    const out = new Map();
    const services = doc.get('services', true);
    if (!(0,dist/* isMap */.jh)(services))
        return out;
    for (const pair of services.items) {
        if (!(0,dist/* isPair */.tO)(pair) || !(0,dist/* isScalar */.jn)(pair.key))
            continue;
        const service = line(pair.key);
        if (service === undefined)
            continue;
        const entry = { service };
        if ((0,dist/* isMap */.jh)(pair.value))
            for (const p of pair.value.items)
                if ((0,dist/* isScalar */.jn)(p.key) && p.key.value === 'image') {
                    const image = line(p.value ?? p.key);
                    if (image !== undefined)
                        entry.image = image;
                }
        out.set(String(pair.key.value), entry);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/compose/merge.ts

/**
 * Compose's merge rules (compose-spec merge.md) for the fields this action
 * reads: mappings merge key by key, scalars are replaced, sequences are
 * appended (`profiles` without duplicates), `build` in its short form is the
 * same as `{context: …}`, and `!reset` / `!override` in the later file remove
 * or replace a value outright.
 */
function mergeComposeTrees(base, over) {
    return mergeValue(base, over, []);
}
/**
 * Markers stay in the result and are removed by the caller with stripMarkers
 * once everything is merged: a `!reset` or `!override` that acted in an
 * `extends:` merge acts again when its file merges over the earlier files,
 * as Compose applies them after each merge. A marker on the base side has
 * already done its work, so it is dropped here.
 */
function mergeValue(rawBase, over, path) {
    const base = rawBase === RESET || isOverride(rawBase) ? stripMarkers(rawBase) : rawBase;
    if (over === RESET || isOverride(over))
        return over;
    if (isServiceField(path, 'build')) {
        return mergeValue(buildAsMap(base), buildAsMap(over), [...path, '#map']);
    }
    if (isPlainObject(base) && isPlainObject(over)) {
        const out = { ...base };
        for (const [k, v] of Object.entries(over)) {
            out[k] = k in base ? mergeValue(base[k], v, [...path, k]) : v;
        }
        return out;
    }
    if (Array.isArray(base) && Array.isArray(over)) {
        if (isServiceField(path, 'profiles'))
            return [...new Set([...base, ...over])];
        if (REPLACED_SEQUENCES.has(path[2] ?? '') && path[0] === 'services')
            return over;
        return [...base, ...over];
    }
    return over;
}
/** Sequences Compose replaces rather than appends (shell commands). */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint']);
function isServiceField(path, field) {
    return path.length === 3 && path[0] === 'services' && path[2] === field;
}
function buildAsMap(v) {
    return typeof v === 'string' ? { context: v } : v;
}
function isOverride(v) {
    return isPlainObject(v) && OVERRIDE in v;
}
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Drops the markers once merging is done (a tag with nothing under it means nothing). */
function stripMarkers(v) {
    if (v === RESET)
        return undefined;
    if (isOverride(v))
        return stripMarkers(v[OVERRIDE]);
    if (Array.isArray(v))
        return v.map(stripMarkers).filter((x) => x !== undefined);
    if (isPlainObject(v)) {
        const out = {};
        for (const [k, x] of Object.entries(v)) {
            const s = stripMarkers(x);
            if (s !== undefined)
                out[k] = s;
        }
        return out;
    }
    return v;
}

;// CONCATENATED MODULE: ./src/compose/extends.ts



/**
 * Resolves `extends:` (compose-spec "extends") within one file: the service
 * starts from the named one, in the same file or in `file`, and its own fields
 * merge over it with the override rules. Compose does this file by file,
 * before the file merges over the earlier ones, so a service can only extend
 * what its own file (or `file:`) defines.
 */
async function resolveExtends(scope, load) {
    const out = {};
    for (const name of Object.keys(scope.services))
        out[name] = await resolveOne(scope, name, [`${scope.file}#${name}`], load);
    return out;
}
async function resolveOne(scope, name, stack, load) {
    const svc = scope.services[name];
    if (!extends_isMap(svc) || svc.extends === undefined)
        return svc;
    const ext = typeof svc.extends === 'string' ? { service: svc.extends } : svc.extends;
    if (!extends_isMap(ext) || typeof ext.service !== 'string')
        throw new errors/* UserError */.yo(`${scope.file}: services.${name}.extends needs a service name`);
    let target = scope;
    if (typeof ext.file === 'string') {
        const path = (0,external_node_path_.resolve)(scope.baseDir, ext.file);
        if (path !== scope.file)
            target = { file: path, services: await load(path), baseDir: (0,external_node_path_.dirname)(path) };
    }
    const key = `${target.file}#${ext.service}`;
    if (stack.includes(key))
        throw new errors/* UserError */.yo(`${scope.file}: extends cycle: ${[...stack, key].map((k) => k.slice(k.lastIndexOf('#') + 1)).join(' → ')}`);
    if (!(ext.service in target.services))
        throw new errors/* UserError */.yo(target === scope
            ? `${scope.file}: service "${name}" extends "${ext.service}", which is not defined`
            : `${scope.file}: service "${name}" extends "${ext.service}", which ${target.file} does not define`, target === scope
            ? {
                hint: 'a service can extend only a service of its own file, or one named with extends.file'
            }
            : {});
    const base = await resolveOne(target, ext.service, [...stack, key], load);
    const own = { ...svc };
    delete own.extends;
    const merged = mergeComposeTrees({ services: { [name]: stripMarkers(base ?? {}) } }, { services: { [name]: own } }).services;
    return merged[name];
}
function extends_isMap(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// EXTERNAL MODULE: ./src/compose/interpolate.ts
var interpolate = __webpack_require__(9307);
;// CONCATENATED MODULE: ./src/compose/interpolate-tree.ts


function pathOf(link) {
    const keys = [];
    for (let l = link; l; l = l.up)
        keys.push(l.key);
    return keys.reverse().join('.');
}
/** `services.<name>.configs|secrets.<n>.mode`: the one cast of Compose's the loader needs. */
function isMountMode(path) {
    const kind = path.up?.up;
    return (path.key === 'mode' &&
        (kind?.key === 'configs' || kind?.key === 'secrets') &&
        kind.up?.up?.key === 'services' &&
        kind.up.up.up === undefined);
}
/**
 * A string mode (quoted, or interpolated) as Compose casts it: decimal
 * (strconv.Atoi), so `"0440"` is 440; only a plain number can be octal.
 */
function castMode(v, path, file) {
    if (/^[-+]?[0-9]+$/.test(v))
        return Number(v);
    throw new errors/* UserError */.yo(`${file}: ${pathOf(path)}: "${v}" is not a decimal number`, {
        hint: 'write the mode as a plain number: 0440 (a leading 0 is octal) or 288; Compose reads a quoted or interpolated mode as decimal'
    });
}
/**
 * Interpolates every string value of a parsed compose file (keys are left
 * alone, as Compose does), naming the file and the field on error; a
 * config's or secret's mode given as a string is cast to a number there, as
 * Compose does.
 */
function interpolateTree(tree, lookup, file) {
    const interpolateString = (v, path) => {
        if (!v.includes('$'))
            return v;
        try {
            return (0,interpolate/* interpolate */.G)(v, lookup);
        }
        catch (err) {
            if (!(err instanceof interpolate/* InterpolationError */.D))
                throw err;
            throw new errors/* UserError */.yo(`${file}: ${pathOf(path)}: ${err.message}`, {
                hint: err.variable
                    ? `set ${err.variable} in the environment or in the project's .env file`
                    : 'write a literal "$" as "$$"'
            });
        }
    };
    const walk = (v, path) => {
        if (typeof v === 'string') {
            const text = interpolateString(v, path);
            return path && isMountMode(path) ? castMode(text, path, file) : text;
        }
        if (Array.isArray(v))
            return v.map((x, i) => walk(x, { up: path, key: String(i) }));
        if (typeof v === 'object' && v !== null) {
            const out = {};
            for (const k of Object.keys(v))
                out[k] = walk(v[k], { up: path, key: k });
            return out;
        }
        return v;
    };
    return walk(tree, undefined);
}

// EXTERNAL MODULE: ./src/compose/dotenv.ts
var dotenv = __webpack_require__(5508);
;// CONCATENATED MODULE: ./src/compose/project-files.ts



/** Where a project's files and variables come from when the command line does not say. */
const DEFAULT_FILES = [
    'compose.yaml',
    'compose.yml',
    'docker-compose.yaml',
    'docker-compose.yml'
];
const OVERRIDE_FILES = [
    'compose.override.yaml',
    'compose.override.yml',
    'docker-compose.override.yaml',
    'docker-compose.override.yml'
];
async function readEnvironment(source, path, winning) {
    const text = await source.read(path);
    let fromFile = new Map();
    if (text !== undefined) {
        try {
            fromFile = (0,dotenv/* parseDotEnv */.i)(text, (n) => winning[n]);
        }
        catch (err) {
            throw new errors/* UserError */.yo(`${path}: ${err.message}`);
        }
    }
    const env = Object.fromEntries(fromFile);
    for (const [k, v] of Object.entries(winning))
        if (v !== undefined)
            env[k] = v;
    return env;
}
/** COMPOSE_FILE (from the environment or the first .env), relative to the working directory. */
function composeFileEnv(env, cwd) {
    if (!env.COMPOSE_FILE)
        return undefined;
    const sep = env.COMPOSE_PATH_SEPARATOR ?? ':';
    return env.COMPOSE_FILE.split(sep)
        .filter(Boolean)
        .map((f) => (0,external_node_path_.resolve)(cwd, f));
}
/**
 * The default compose file (and its override) of the nearest folder holding
 * one, from `start` upward, as `docker compose` searches without -f.
 */
async function searchDefaultFiles(source, start) {
    for (let dir = start;; dir = (0,external_node_path_.dirname)(dir)) {
        const first = await firstExisting(source, dir, DEFAULT_FILES);
        if (first) {
            const override = await firstExisting(source, dir, OVERRIDE_FILES);
            return { dir, files: override ? [first, override] : [first] };
        }
        if ((0,external_node_path_.dirname)(dir) === dir)
            return undefined;
    }
}
async function firstExisting(source, dir, names) {
    for (const n of names)
        if ((await source.read((0,external_node_path_.join)(dir, n))) !== undefined)
            return (0,external_node_path_.join)(dir, n);
    return undefined;
}
function activeProfiles(given, env) {
    const list = given ?? (env.COMPOSE_PROFILES ?? '').split(',');
    return new Set(list.map((p) => p.trim()).filter(Boolean));
}

// EXTERNAL MODULE: ./src/compose/values.ts
var values = __webpack_require__(5708);
;// CONCATENATED MODULE: ./src/compose/model.ts










/**
 * Reads and merges compose files in compose-go's order: each YAML document
 * of each file in turn has its `include:` imported, then its `extends:`
 * resolved, and only then merges over what came before. So an override file
 * can change a service that came in through `include:`, and `extends:` sees
 * the services of its own file only.
 */
class ModelLoader {
    source;
    hostPaths;
    parsed = new Map();
    /** Whether any file read had `!reset` or `!override` (else there is nothing to strip). */
    markers = false;
    constructor(source, 
    /** Host paths made absolute as each file is read, and where each was written. */
    hostPaths) {
        this.source = source;
        this.hostPaths = hostPaths;
    }
    /**
     * The files of one project (or included project), in merge order;
     * `workingDir` is its folder, which relative `extends.file` paths are read
     * from; `chain` the files including this one, to refuse include cycles.
     */
    async load(files, lookup, workingDir, chain = []) {
        let merged = {};
        let includedTop = {};
        const where = new Map();
        const dirs = new Map();
        for (const file of files) {
            if (chain.includes(file))
                throw new errors/* UserError */.yo(`${file}: include cycle: ${[...chain, file].join(' → ')}`);
            for (const doc of await this.parse(file)) {
                const data = interpolateTree(doc.data, lookup, file);
                absolutizeHostPaths(data, workingDir, file, doc.lineOf, this.hostPaths);
                const services = { ...(0,values/* asMap */.$H)(data.services, file, 'services') };
                for (const name of Object.keys(services)) {
                    const svc = services[name];
                    const hasImage = typeof svc === 'object' && svc !== null && 'image' in svc;
                    const lines = doc.serviceLines.get(name);
                    const line = hasImage ? (lines?.image ?? lines?.service) : lines?.service;
                    if (hasImage || !where.has(name))
                        where.set(name, { file, ...(line && { line }) });
                }
                const included = await this.loadIncludes(data.include, file, lookup, [...chain, file]);
                includedTop = mergeComposeTrees(includedTop, included.top);
                for (const [name, svc] of Object.entries(included.services)) {
                    if (name in services) {
                        const dir = included.dirs.get(name) ?? workingDir;
                        if (sameDefinition(services[name], workingDir, svc, dir))
                            continue;
                        throw new errors/* UserError */.yo(`${file}: service "${name}" is defined both here and in an included file, differently`, {
                            hint: 'Compose refuses such conflicts; rename one, or change it with a -f override file'
                        });
                    }
                    services[name] = svc;
                    where.set(name, included.where.get(name) ?? { file });
                    dirs.set(name, included.dirs.get(name) ?? workingDir);
                }
                data.services = await resolveExtends({ file, services, baseDir: workingDir }, (p) => this.servicesOf(p, lookup));
                delete data.include;
                merged = mergeComposeTrees(merged, data);
            }
        }
        const all = (0,values/* asMap */.$H)(merged.services, files[0] ?? '', 'services');
        const services = this.markers ? stripMarkers(all) : all;
        for (const name of Object.keys(services))
            if (!dirs.has(name))
                dirs.set(name, workingDir);
        const { services: _s, name: _n, ...own } = merged;
        // an included project's networks, volumes, configs and secrets join the parent's
        const top = mergeComposeTrees(includedTop, own);
        return {
            name: merged.name,
            services,
            where,
            dirs,
            top: this.markers ? stripMarkers(top) : top
        };
    }
    parse(file) {
        let p = this.parsed.get(file);
        if (!p) {
            p = this.source.read(file).then((text) => {
                if (text === undefined)
                    throw new errors/* UserError */.yo(`compose file not found: ${file}`, {
                        hint: 'check the compose-file input / -f paths (relative to the working directory), include: and extends.file paths; leave compose-file empty to use compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml'
                    });
                const docs = parseComposeYaml(file, text);
                if (docs.some((d) => d.hasMarkers))
                    this.markers = true;
                return docs;
            });
            this.parsed.set(file, p);
        }
        return p;
    }
    /** The services of a file reached through `extends.file` (its documents merged). */
    async servicesOf(file, lookup) {
        let merged = {};
        for (const doc of await this.parse(file)) {
            const data = interpolateTree(doc.data, lookup, file);
            absolutizeHostPaths(data, (0,external_node_path_.dirname)(file), file, doc.lineOf, this.hostPaths);
            merged = mergeComposeTrees(merged, data);
        }
        return (0,values/* asMap */.$H)(merged.services, file, 'services');
    }
    async loadIncludes(include, file, parentLookup, chain) {
        const out = { services: {}, where: new Map(), dirs: new Map(), top: {} };
        if (include === undefined || include === null)
            return out;
        if (!Array.isArray(include))
            throw new errors/* UserError */.yo(`${file}: include must be a list`);
        for (const entry of include) {
            const spec = typeof entry === 'string' ? { path: entry } : entry;
            const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).map((p) => {
                if (typeof p !== 'string')
                    throw new errors/* UserError */.yo(`${file}: include entry without a path`);
                return (0,external_node_path_.resolve)((0,external_node_path_.dirname)(file), p);
            });
            const dir = typeof spec.project_directory === 'string'
                ? (0,external_node_path_.resolve)((0,external_node_path_.dirname)(file), spec.project_directory)
                : (0,external_node_path_.dirname)(paths[0]);
            const envFiles = (0,values/* stringList */.Yn)(spec.env_file ?? [(0,external_node_path_.join)(dir, '.env')], file, 'include.env_file');
            let includeEnv = {};
            for (const envFile of envFiles)
                includeEnv = await readEnvironment(this.source, (0,external_node_path_.resolve)((0,external_node_path_.dirname)(file), envFile), includeEnv);
            // The parent's environment wins over the included project's env files.
            const lookup = (n) => parentLookup(n) ?? includeEnv[n];
            const model = await this.load(paths, lookup, dir, chain);
            out.top = mergeComposeTrees(out.top, model.top);
            for (const [name, svc] of Object.entries(model.services)) {
                if (name in out.services) {
                    // The same file reached twice (or two identical definitions) is no conflict.
                    const svcDir = model.dirs.get(name) ?? dir;
                    if (sameDefinition(out.services[name], out.dirs.get(name) ?? dir, svc, svcDir))
                        continue;
                    throw new errors/* UserError */.yo(`${file}: service "${name}" is defined by two included files, differently`, { hint: 'Compose refuses such conflicts; rename one of them' });
                }
                out.services[name] = svc;
                out.where.set(name, model.where.get(name) ?? { file: paths[0] });
                out.dirs.set(name, model.dirs.get(name) ?? dir);
            }
        }
        return out;
    }
}
/**
 * compose-go accepts a service imported twice when both definitions are
 * equal with their relative paths resolved: equal text read from two folders
 * is a conflict when it holds a relative path (a build context, an env_file,
 * a bind mount), which would name two different things.
 */
function sameDefinition(a, aDir, b, bDir) {
    const x = stripMarkers(a);
    if (!(0,external_node_util_.isDeepStrictEqual)(x, stripMarkers(b)))
        return false;
    return aDir === bDir || !hasRelativePath(x);
}
function hasRelativePath(svc) {
    if (typeof svc !== 'object' || svc === null)
        return false;
    const s = svc;
    const relative = (p) => typeof p === 'string' && !(0,external_node_path_.isAbsolute)(p) && !/^[a-z]+:\/\//.test(p);
    const build = typeof s.build === 'object' && s.build !== null
        ? (s.build.context ?? '.')
        : s.build;
    const envFiles = Array.isArray(s.env_file) ? s.env_file : [s.env_file];
    const volumes = Array.isArray(s.volumes) ? s.volumes : [];
    return ((s.build !== undefined && relative(build)) ||
        envFiles.some((e) => relative(typeof e === 'object' && e !== null ? e.path : e)) ||
        volumes.some((v) => {
            const source = typeof v === 'string' ? v.split(':')[0] : v?.source;
            return typeof source === 'string' && (source.startsWith('.') || source.startsWith('~'));
        }));
}

// EXTERNAL MODULE: ./src/oci/platform.ts
var oci_platform = __webpack_require__(1890);
// EXTERNAL MODULE: ./src/compose/reference.ts
var reference = __webpack_require__(7709);
;// CONCATENATED MODULE: ./src/compose/service.ts




/** One merged service as the action needs it, checked, with a warning for a tag that moves. */
function toService(name, svc, where, log) {
    const image = (0,values/* stringOr */.JI)(svc.image);
    if (svc.provider !== undefined)
        throw new errors/* UserError */.yo(`${where.file}${where.line ? `:${where.line}` : ''}: service "${name}" has "provider:": Compose hands such a service to a provider plugin on the machine that runs \`docker compose\` (a cloud model, a managed database) instead of running a container, so there is no image to ship and nothing a device could run`, {
            hint: `keep "${name}" out of the device's compose files (a profile the device does not enable, or a separate file), or replace it by a service with "image:"`
        });
    if (!image) {
        if (svc.build !== undefined)
            throw new errors/* UserError */.yo(`${where.file}: service "${name}" has "build:" but no "image:": the devices cannot build it`, {
                hint: `build and push the image in an earlier step, then name it with "image:" (for example ghcr.io/owner/${name}:1.2.3)`
            });
        throw new errors/* UserError */.yo(`${where.file}: service "${name}" has neither "image:" nor "build:"`);
    }
    const problem = (0,reference/* referenceProblem */.te)(image);
    if (problem)
        throw new errors/* UserError */.yo(`${where.file}${where.line ? `:${where.line}` : ''}: service "${name}": "${image}" is not a valid image reference (${problem})`, { hint: 'check the variables it is built from (an unset one leaves "name:" with no tag)' });
    const platform = (0,values/* stringOr */.JI)(svc.platform);
    if (platform !== undefined)
        (0,oci_platform/* parsePlatform */.Y8)(platform, `${where.file}${where.line ? `:${where.line}` : ''}: service "${name}": platform`);
    const reason = (0,reference/* mutableTagReason */.R5)(image);
    if (reason)
        log.warn(`service "${name}": image "${image}" ${reason}; use a release tag (e.g. name:1.4.2), because a tag that moves cannot later be trusted as a delta base (not a digest: docker load on the device records no digests)`, { file: where.file, ...(where.line && { line: where.line }), title: 'Mutable image tag' });
    return { name, image, ...(platform && { platform }), ...where };
}

// EXTERNAL MODULE: ./src/compose/source.ts
var compose_source = __webpack_require__(9235);
;// CONCATENATED MODULE: ./src/compose/load.ts









/** Loads and merges a compose project the way `docker compose config --images` sees it. */
async function loadComposeProject(options = {}) {
    const source = options.source ?? compose_source/* localFiles */.J;
    const log = options.log ?? util_log/* silentLogger */.q;
    const cwd = options.workingDirectory ?? process.cwd();
    const osEnv = options.env ?? process.env;
    const { files, projectDirectory, environment } = await projectFiles(options, source, cwd, osEnv);
    // Which variables the files used from the process environment rather than from
    // .env: a previous release read later sees today's values of those.
    const fromProcess = new Set();
    const lookup = (n) => {
        if (osEnv[n] !== undefined)
            fromProcess.add(n);
        return environment[n];
    };
    const firstFile = files[0];
    const hostPaths = emptyHostPaths();
    const model = await new ModelLoader(source, hostPaths).load(files, lookup, projectDirectory);
    const profiles = activeProfiles(options.profiles, environment);
    const services = [];
    const disabled = [];
    const enabled = {};
    for (const [name, raw] of Object.entries(model.services).sort(([a], [b]) => a.localeCompare(b))) {
        const svc = (raw ?? {});
        const where = model.where.get(name) ?? { file: firstFile };
        const svcProfiles = (0,values/* stringList */.Yn)(svc.profiles, where.file, `services.${name}.profiles`);
        if (svcProfiles.length > 0 && !profiles.has('*') && !svcProfiles.some((p) => profiles.has(p))) {
            disabled.push(name);
            continue;
        }
        services.push(toService(name, svc, where, log));
        enabled[name] = svc;
    }
    if (services.length === 0 && disabled.length === 0)
        throw new errors/* UserError */.yo(`${files.join(', ')}: no services defined`, {
            hint: 'name the compose file(s) of the application with the compose-file input / -f'
        });
    const name = normalizeProjectName((0,values/* stringOr */.JI)(model.name) ?? environment.COMPOSE_PROJECT_NAME ?? (0,external_node_path_.basename)(projectDirectory));
    return {
        name,
        projectDirectory,
        files,
        services,
        disabledServices: disabled,
        environment,
        variablesFromProcess: [...fromProcess].sort(),
        model: { ...model.top, name, services: enabled },
        hostPaths
    };
}
/**
 * The files, project folder and interpolation environment, found as
 * `docker compose` finds them. With -f, the project folder (and its .env) is
 * the first file's folder. Without, the nearest folder from the working
 * directory upward that holds a default compose file (else the working
 * directory) gives the first .env, which may name the files (COMPOSE_FILE,
 * relative to the working directory); the project folder's own .env is then
 * read too, under the first.
 */
async function projectFiles(options, source, cwd, osEnv) {
    const explicitDir = options.projectDirectory ? (0,external_node_path_.resolve)(cwd, options.projectDirectory) : undefined;
    const given = (options.files ?? []).map((f) => (0,external_node_path_.resolve)(cwd, f));
    if (given.length > 0) {
        const projectDirectory = explicitDir ?? (0,external_node_path_.dirname)(given[0]);
        const environment = await readEnvironment(source, (0,external_node_path_.join)(projectDirectory, '.env'), osEnv);
        return { files: given, projectDirectory, environment };
    }
    const start = explicitDir ?? cwd;
    const found = await searchDefaultFiles(source, start);
    const envDir = explicitDir ?? found?.dir ?? cwd;
    let environment = await readEnvironment(source, (0,external_node_path_.join)(envDir, '.env'), osEnv);
    const files = composeFileEnv(environment, cwd) ?? found?.files;
    if (!files)
        throw new errors/* UserError */.yo(`no compose file in ${start} or any folder above it: looked for ${DEFAULT_FILES.join(', ')}`, {
            hint: 'add compose.yaml (or compose.yml, docker-compose.yaml, docker-compose.yml), or name the file(s) with the compose-file input / -f'
        });
    const projectDirectory = explicitDir ?? (0,external_node_path_.dirname)(files[0]);
    if (projectDirectory !== envDir)
        environment = await readEnvironment(source, (0,external_node_path_.join)(projectDirectory, '.env'), environment);
    return { files, projectDirectory, environment };
}
/**
 * The files `docker compose` reads when none is named, from `dir` (its
 * COMPOSE_FILE, else the nearest default file upward and its override).
 */
async function findComposeFiles(dir, env, source = compose_source/* localFiles */.J) {
    return (await projectFiles({}, source, dir, env)).files;
}
/** Compose project names: lower case letters, digits, dashes and underscores. */
function normalizeProjectName(name) {
    return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}


/***/ }),

/***/ 7709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H_: () => (/* binding */ isDigestPinned),
/* harmony export */   R5: () => (/* binding */ mutableTagReason),
/* harmony export */   te: () => (/* binding */ referenceProblem)
/* harmony export */ });
/* unused harmony exports tagAndDigest, isValidReference */
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9767);

/** Tag and digest as written (no tag stays no tag); throws a UserError for an invalid reference. */
function tagAndDigest(reference) {
    const { tag, digest } = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReference */ .F2)(reference, { defaultTag: false });
    return { ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}
/** Tags that are moved on purpose, so what they named at release time is lost. */
const MUTABLE_TAGS = new Set(['latest', 'dev', 'edge', 'main', 'master', 'nightly', 'develop']);
/**
 * Why `reference` is a poor delta base, or undefined when it is pinned by
 * digest or carries a release-like tag.
 */
function mutableTagReason(reference) {
    const { tag, digest } = tagAndDigest(reference);
    if (digest)
        return undefined;
    if (tag === undefined)
        return 'has no tag (Docker reads it as "latest")';
    if (MUTABLE_TAGS.has(tag))
        return `uses the moving tag "${tag}"`;
    if (tag.endsWith('-dirty'))
        return `uses the tag "${tag}" built from uncommitted changes`;
    return undefined;
}
function isDigestPinned(reference) {
    return tagAndDigest(reference).digest !== undefined;
}
/** Why Docker would refuse `reference` (e.g. `web:` left by an empty variable), or undefined. */
function referenceProblem(reference) {
    try {
        (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReference */ .F2)(reference, { defaultTag: false });
        return undefined;
    }
    catch (err) {
        return err.message.replace(/^invalid image reference "[^"]*": /, '');
    }
}
function isValidReference(reference) {
    return referenceProblem(reference) === undefined;
}


/***/ }),

/***/ 9235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ localFiles)
/* harmony export */ });
/* unused harmony export memoryFiles */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);

const localFiles = {
    async read(path) {
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
        }
        catch (err) {
            const code = err.code;
            if (code === 'ENOENT' || code === 'ENOTDIR')
                return undefined;
            throw err;
        }
    }
};
/** A source over a fixed map of absolute paths to contents (tests, and files already fetched). */
function memoryFiles(files) {
    return { read: async (path) => files[path] };
}


/***/ }),

/***/ 5708:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $H: () => (/* binding */ asMap),
/* harmony export */   J4: () => (/* binding */ composeBoolean),
/* harmony export */   JI: () => (/* binding */ stringOr),
/* harmony export */   Yn: () => (/* binding */ stringList)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

/** Type checks for values read from compose files, naming the file and field at fault. */
function asMap(v, file, field) {
    if (v === undefined || v === null)
        return {};
    if (typeof v !== 'object' || Array.isArray(v))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${file}: ${field} must be a mapping`);
    return v;
}
function stringList(v, file, field) {
    if (v === undefined || v === null)
        return [];
    if (typeof v === 'string')
        return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
        return v;
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${file}: ${field} must be a list of strings`);
}
function stringOr(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
/**
 * A boolean field as Compose casts it: `true`/`false` in any case, and the
 * YAML 1.1 words (`yes`/`on`/`y`, `no`/`off`/`n`) Compose still accepts with
 * a warning; undefined for anything else.
 */
function composeBoolean(v) {
    if (typeof v === 'boolean')
        return v;
    if (typeof v !== 'string')
        return undefined;
    const word = v.toLowerCase();
    if (['true', 'y', 'yes', 'on'].includes(word))
        return true;
    if (['false', 'n', 'no', 'off'].includes(word))
        return false;
    return undefined;
}


/***/ })

};
