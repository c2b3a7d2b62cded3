export const id = 647;
export const ids = [647];
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

/***/ 6647:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  I: () => (/* binding */ loadComposeProject)
});

// UNUSED EXPORTS: normalizeProjectName

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/log.ts
var util_log = __webpack_require__(9906);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/compose/yaml-file.ts


/** Markers for Compose's `!reset` and `!override` tags, which change how a later file merges. */
const RESET = Symbol('compose !reset');
const OVERRIDE = '\u0000compose-override';
/**
 * Parses one compose file. YAML errors become UserErrors naming file, line
 * and column, as `docker compose` prints them.
 */
function parseComposeYaml(path, text) {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, {
        lineCounter,
        merge: true,
        uniqueKeys: true,
        prettyErrors: true
    });
    const first = doc.errors[0];
    if (first) {
        const pos = first.linePos?.[0];
        const where = pos ? `${path}:${pos.line}:${pos.col}` : path;
        const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        throw new errors/* UserError */.yo(`${where}: invalid YAML: ${reason}`, {
            hint: 'fix the compose file; `docker compose config` reports the same place'
        });
    }
    markComposeTags(doc);
    const data = doc.toJS({ maxAliasCount: 10_000 });
    if (data === null || data === undefined)
        return { path, data: {}, lineOf: () => undefined };
    if (typeof data !== 'object' || Array.isArray(data))
        throw new errors/* UserError */.yo(`${path}: a compose file must be a mapping at the top level`);
    return {
        path,
        data: data,
        lineOf: (p) => {
            const node = doc.getIn(p, true);
            const offset = (0,dist/* isNode */.Ll)(node) ? node.range?.[0] : undefined;
            if (offset === undefined)
                return undefined;
            const { line, col } = lineCounter.linePos(offset);
            return { line, column: col };
        }
    };
}
/** Replaces `!reset` nodes by a marker and wraps `!override` nodes, so the merge can see them. */
function markComposeTags(doc) {
    (0,dist/* visit */.YR)(doc, {
        Node(_key, node) {
            if (node.tag === '!reset')
                return new dist/* Scalar */.X5(RESET);
            if (node.tag === '!override') {
                node.tag = undefined;
                const wrapper = new dist/* YAMLMap */.CA();
                wrapper.set(new dist/* Scalar */.X5(OVERRIDE), node);
                return wrapper;
            }
            return undefined;
        }
    });
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
 * Markers stay in the result (a later `extends:` gives them meaning) and are
 * removed by the caller with stripMarkers once everything is merged; a marker
 * on the base side has already done its work, so it is dropped here.
 */
function mergeValue(rawBase, over, path) {
    const base = rawBase === RESET || isOverride(rawBase) ? stripMarkers(rawBase) : rawBase;
    if (over === RESET)
        return undefined;
    if (isOverride(over))
        return over[OVERRIDE];
    if (isServiceField(path, 'build')) {
        return mergeValue(buildAsMap(base), buildAsMap(over), [...path, '#map']);
    }
    if (isPlainObject(base) && isPlainObject(over)) {
        const out = { ...base };
        for (const [k, v] of Object.entries(over)) {
            const merged = k in base ? mergeValue(base[k], v, [...path, k]) : v;
            if (merged === undefined)
                delete out[k];
            else
                out[k] = merged;
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
 * Resolves `extends:` (compose-spec "extends"): the service starts from the
 * named one, in this project or in `file` (relative to the file that says
 * `extends`), and its own fields merge over it with the override rules.
 */
async function resolveExtends(set, loadFile) {
    const out = {};
    const resolveOne = async (name, stack) => {
        const svc = set.services[name];
        if (!isMap(svc) || svc.extends === undefined)
            return svc;
        const declaredIn = set.extendsDeclaredIn.get(name) ?? '';
        const ext = typeof svc.extends === 'string' ? { service: svc.extends } : svc.extends;
        if (!isMap(ext) || typeof ext.service !== 'string')
            throw new errors/* UserError */.yo(`${declaredIn}: services.${name}.extends needs a service name`);
        let base;
        const path = typeof ext.file === 'string' ? (0,external_node_path_.resolve)((0,external_node_path_.dirname)(declaredIn), ext.file) : undefined;
        // `file:` naming the file that says `extends` is the same as leaving it out.
        if (path !== undefined && path !== declaredIn) {
            const other = await loadFile(path);
            base = other.services[ext.service];
            if (base === undefined)
                throw new errors/* UserError */.yo(`${declaredIn}: service "${name}" extends "${ext.service}", which ${path} does not define`);
        }
        else {
            const key = ext.service;
            if (stack.includes(key))
                throw new errors/* UserError */.yo(`${declaredIn}: extends cycle: ${[...stack, key].join(' → ')}`);
            if (!(key in set.services))
                throw new errors/* UserError */.yo(`${declaredIn}: service "${name}" extends "${key}", which is not defined`);
            base = await resolveOne(key, [...stack, key]);
        }
        const own = { ...svc };
        delete own.extends;
        const merged = mergeComposeTrees({ services: { [name]: stripMarkers(base ?? {}) } }, { services: { [name]: own } }).services;
        return merged[name];
    };
    for (const name of Object.keys(set.services))
        out[name] = await resolveOne(name, [name]);
    return out;
}
function isMap(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// EXTERNAL MODULE: ./src/compose/interpolate.ts
var interpolate = __webpack_require__(9307);
;// CONCATENATED MODULE: ./src/compose/interpolate-tree.ts


/**
 * Interpolates every string value of a parsed compose file (keys are left
 * alone, as Compose does), naming the file and the field on error.
 */
function interpolateTree(tree, lookup, file) {
    const walk = (v, path) => {
        if (typeof v === 'string') {
            try {
                return (0,interpolate/* interpolate */.G)(v, lookup);
            }
            catch (err) {
                if (!(err instanceof interpolate/* InterpolationError */.D))
                    throw err;
                throw new errors/* UserError */.yo(`${file}: ${path.join('.')}: ${err.message}`, {
                    hint: err.variable
                        ? `set ${err.variable} in the environment or in the project's .env file`
                        : 'write a literal "$" as "$$"'
                });
            }
        }
        if (Array.isArray(v))
            return v.map((x, i) => walk(x, [...path, String(i)]));
        if (typeof v === 'object' && v !== null) {
            const out = {};
            for (const [k, x] of Object.entries(v))
                out[k] = walk(x, [...path, k]);
            return out;
        }
        return v;
    };
    return walk(tree, []);
}

// EXTERNAL MODULE: ./src/compose/dotenv.ts
var dotenv = __webpack_require__(5508);
;// CONCATENATED MODULE: ./src/compose/project-files.ts



/** Where a project's files and variables come from when the command line does not say. */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
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
async function defaultFiles(source, env, searchDir) {
    if (env.COMPOSE_FILE) {
        const sep = env.COMPOSE_PATH_SEPARATOR ?? ':';
        return env.COMPOSE_FILE.split(sep).map((f) => (0,external_node_path_.resolve)(searchDir, f));
    }
    const first = await firstExisting(source, searchDir, DEFAULT_FILES);
    if (!first)
        throw new errors/* UserError */.yo(`no compose file in ${searchDir}`, {
            hint: `add ${DEFAULT_FILES[0]} or name the file(s) with -f / compose-files`
        });
    const override = await firstExisting(source, searchDir, OVERRIDE_FILES);
    return override ? [first, override] : [first];
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

// EXTERNAL MODULE: ./src/compose/reference.ts
var reference = __webpack_require__(7709);
;// CONCATENATED MODULE: ./src/compose/values.ts

/** Type checks for values read from compose files, naming the file and field at fault. */
function asMap(v, file, field) {
    if (v === undefined || v === null)
        return {};
    if (typeof v !== 'object' || Array.isArray(v))
        throw new errors/* UserError */.yo(`${file}: ${field} must be a mapping`);
    return v;
}
function stringList(v, file, field) {
    if (v === undefined || v === null)
        return [];
    if (typeof v === 'string')
        return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
        return v;
    throw new errors/* UserError */.yo(`${file}: ${field} must be a list of strings`);
}
function stringOr(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}

;// CONCATENATED MODULE: ./src/compose/service.ts



/** One merged service as the action needs it, checked, with a warning for a tag that moves. */
function toService(name, svc, where, log) {
    const image = stringOr(svc.image);
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
    const platform = stringOr(svc.platform);
    if (platform !== undefined && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform))
        throw new errors/* UserError */.yo(`${where.file}: service "${name}": platform "${platform}" is not os/arch[/variant]`, { hint: 'for example linux/arm64 or linux/arm/v7' });
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
    const explicitDir = options.projectDirectory ? (0,external_node_path_.resolve)(cwd, options.projectDirectory) : undefined;
    // With -f the project folder (and its .env) is the first file's folder; without, the
    // .env of the working directory may itself name the files (COMPOSE_FILE).
    const given = (options.files ?? []).map((f) => (0,external_node_path_.resolve)(cwd, f));
    const envDir = explicitDir ?? (given[0] ? (0,external_node_path_.dirname)(given[0]) : cwd);
    const environment = await readEnvironment(source, (0,external_node_path_.join)(envDir, '.env'), osEnv);
    // Which variables the files took from the process environment rather than from
    // .env: a previous release read later sees today's values of those.
    const fromProcess = new Set();
    const lookup = (n) => {
        if (osEnv[n] !== undefined)
            fromProcess.add(n);
        return environment[n];
    };
    const files = given.length > 0 ? given : await defaultFiles(source, environment, envDir);
    const firstFile = files[0]; // defaultFiles returns at least one
    const projectDirectory = explicitDir ?? (0,external_node_path_.dirname)(firstFile);
    const model = await loadModel(source, files, lookup, new Set());
    const profiles = activeProfiles(options.profiles, environment);
    const services = [];
    const disabled = [];
    for (const [name, raw] of Object.entries(model.services).sort(([a], [b]) => a.localeCompare(b))) {
        const svc = (raw ?? {});
        const where = model.where.get(name) ?? { file: firstFile };
        const svcProfiles = stringList(svc.profiles, where.file, `services.${name}.profiles`);
        if (svcProfiles.length > 0 && !profiles.has('*') && !svcProfiles.some((p) => profiles.has(p))) {
            disabled.push(name);
            continue;
        }
        services.push(toService(name, svc, where, log));
    }
    if (services.length === 0 && disabled.length === 0)
        throw new errors/* UserError */.yo(`${files.join(', ')}: no services defined`, {
            hint: 'name the compose file(s) of the application with -f / compose-files'
        });
    const name = normalizeProjectName(stringOr(model.name) ?? environment.COMPOSE_PROJECT_NAME ?? (0,external_node_path_.basename)(projectDirectory));
    return {
        name,
        projectDirectory,
        files,
        services,
        disabledServices: disabled,
        environment,
        variablesFromProcess: [...fromProcess].sort()
    };
}
/** Reads files in order, resolving `include:` in each, and merges them. */
async function loadModel(source, files, lookup, seen) {
    const firstFile = files[0];
    let merged = {};
    const where = new Map();
    const extendsDeclaredIn = new Map();
    const included = {};
    for (const file of files) {
        if (seen.has(file))
            throw new errors/* UserError */.yo(`${file}: include cycle`);
        const text = await source.read(file);
        if (text === undefined)
            throw new errors/* UserError */.yo(`compose file not found: ${file}`, {
                hint: 'check the compose-files input / -f paths (relative to the working directory)'
            });
        const parsed = parseComposeYaml(file, text);
        const data = interpolateTree(parsed.data, lookup, file);
        for (const [name, svc] of Object.entries(asMap(data.services, file, 'services'))) {
            const hasImage = typeof svc === 'object' && svc !== null && 'image' in svc;
            const pos = parsed.lineOf(hasImage ? ['services', name, 'image'] : ['services', name]);
            if (hasImage || !where.has(name))
                where.set(name, { file, ...(pos && { line: pos.line }) });
            if (typeof svc === 'object' && svc !== null && 'extends' in svc)
                extendsDeclaredIn.set(name, file);
        }
        const sub = await loadIncludes(source, data.include, file, lookup, new Set([...seen, file]));
        for (const [name, svc] of Object.entries(sub.services)) {
            if (name in included || name in asMap(data.services, file, 'services'))
                throw new errors/* UserError */.yo(`${file}: service "${name}" is defined both here and in an included file`, {
                    hint: 'Compose refuses such conflicts; rename one, or extend it with a -f override file'
                });
            included[name] = svc;
            where.set(name, sub.where.get(name) ?? { file });
            extendsDeclaredIn.delete(name);
        }
        delete data.include;
        merged = files.indexOf(file) === 0 ? data : mergeComposeTrees(merged, data);
    }
    const own = asMap(merged.services, firstFile, 'services');
    // Included services come resolved; the rest may extend each other or other files.
    const resolved = await resolveExtends({ services: { ...included, ...own }, extendsDeclaredIn }, (path) => loadModel(source, [path], lookup, new Set([...seen, ...files])));
    const services = stripMarkers(resolved);
    return { name: merged.name, services, where, extendsDeclaredIn };
}
async function loadIncludes(source, include, file, parentLookup, seen) {
    const out = { services: {}, where: new Map(), extendsDeclaredIn: new Map() };
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
        const envFiles = stringList(spec.env_file ?? [(0,external_node_path_.join)(dir, '.env')], file, 'include.env_file');
        let includeEnv = {};
        for (const envFile of envFiles)
            includeEnv = await readEnvironment(source, (0,external_node_path_.resolve)((0,external_node_path_.dirname)(file), envFile), includeEnv);
        // The parent's environment wins over the included project's env files.
        const lookup = (n) => parentLookup(n) ?? includeEnv[n];
        const model = await loadModel(source, paths, lookup, seen);
        for (const [name, svc] of Object.entries(model.services)) {
            if (name in out.services)
                throw new errors/* UserError */.yo(`${file}: service "${name}" is defined by two included files`);
            out.services[name] = svc;
            out.where.set(name, model.where.get(name) ?? { file: paths[0] });
        }
    }
    return out;
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
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2148);

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


/***/ })

};
