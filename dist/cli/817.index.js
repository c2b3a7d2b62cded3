export const id = 817;
export const ids = [817,369];
export const modules = {

/***/ 7369:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   encodeXdelta3: () => (/* binding */ encodeXdelta3),
/* harmony export */   runXdelta3: () => (/* binding */ runXdelta3),
/* harmony export */   sourceWindowFor: () => (/* binding */ sourceWindowFor),
/* harmony export */   xdelta3EncodeArgs: () => (/* binding */ xdelta3EncodeArgs)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);
/* harmony import */ var _util_atomic_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4535);




/**
 * xdelta3's -B limits: 3.0.11 refuses values below 512 KiB ("-B: minimum
 * value: 524288"; the spec's 16 KB is wrong) and above 2 GiB.
 */
const MIN_SOURCE_WINDOW = 512 * 1024;
const MAX_SOURCE_WINDOW = 2 ** 31;
/** `-B` for a source: the next power of two ≥ its size, within xdelta3's limits. */
function sourceWindowFor(sourceSize) {
    let b = MIN_SOURCE_WINDOW;
    while (b < sourceSize && b < MAX_SOURCE_WINDOW)
        b *= 2;
    return b;
}
/**
 * The portable xdelta3 encode line (registry-and-delta.md §4.3): no secondary
 * compression (devices may lack lzma), no app header, no external
 * (de)compression (-D, else gzip-looking input is recompressed on decode), and
 * a source window covering the whole source.
 */
function xdelta3EncodeArgs(sourceSize, source, target, out) {
    return [
        '-e',
        '-f',
        '-9',
        '-S',
        'none',
        '-A',
        '-D',
        '-B',
        String(sourceWindowFor(sourceSize)),
        '-s',
        source,
        target,
        out
    ];
}
async function runXdelta3(args, binary = 'xdelta3') {
    await new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => {
            if (stderr.length < 4096)
                stderr += d.toString();
        });
        child.on('error', (err) => reject(err.code === 'ENOENT'
            ? new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`the xdelta3 engine needs the ${binary} program, which is not installed`, {
                hint: 'install xdelta3 (apt-get install xdelta3) or use the native engine'
            })
            : err));
        child.on('close', (code) => code === 0
            ? resolve()
            : reject(new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${binary} ${args[0]} failed (exit ${code}): ${stderr.trim()}`)));
    });
}
async function encodeXdelta3(sourcePath, targetPath, outputPath, binary = 'xdelta3') {
    const sourceSize = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(sourcePath)).size;
    return (0,_util_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeAtomically */ .vK)(outputPath, async (tmp) => {
        await runXdelta3(xdelta3EncodeArgs(sourceSize, sourcePath, targetPath, tmp), binary);
        return { size: (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(tmp)).size };
    });
}


/***/ }),

/***/ 8000:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ch: () => (/* binding */ parseDevicePlatforms),
/* harmony export */   Dt: () => (/* binding */ parseServiceImages),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   Ep: () => (/* binding */ parseServerUrl),
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   HU: () => (/* binding */ parseChoice),
/* harmony export */   Hl: () => (/* binding */ parseKeyValues),
/* harmony export */   Jh: () => (/* binding */ parseDeploy),
/* harmony export */   K7: () => (/* binding */ toProjectName),
/* harmony export */   TW: () => (/* binding */ buildTargets),
/* harmony export */   TZ: () => (/* binding */ parseArtifactName),
/* harmony export */   Vb: () => (/* binding */ defaultArtifactName),
/* harmony export */   nS: () => (/* binding */ parseByteSize),
/* harmony export */   ry: () => (/* binding */ splitList)
/* harmony export */ });
/* unused harmony exports parseBoolean, splitLines, IMAGE_SOURCE_SCHEMES */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

/**
 * Pure parsers shared by both fronts. `field` names what is at fault the way
 * the user wrote it: `Input 'device-types'` for the action, `Option
 * '--device-type'` for the CLI, so every error says where to look and what is
 * accepted.
 */
function parseBoolean(field, raw) {
    const v = raw.trim();
    // The YAML 1.2 core schema booleans, as core.getBooleanInput accepts them.
    if (/^(true|True|TRUE)$/.test(v))
        return true;
    if (/^(false|False|FALSE)$/.test(v))
        return false;
    throw new UsageError(`${field} must be true or false, got '${v}'`);
}
function parseChoice(field, raw, choices) {
    const v = raw.trim();
    if (choices.includes(v))
        return v;
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be one of ${choices.join(', ')}, got '${v}'`);
}
/** Lines or commas; blank entries and `#` comments dropped (docker/metadata-action style). */
function splitList(raw) {
    return raw
        .split(/[\n,]/)
        .map((s) => s.replace(/#.*$/, '').trim())
        .filter((s) => s.length > 0);
}
/** One entry a line, for values that may themselves hold commas. */
function splitLines(raw) {
    return raw
        .split('\n')
        .map((s) => s.replace(/(^|\s)#.*$/, '').trim())
        .filter((s) => s.length > 0);
}
/**
 * `key: value` or `key=value` entries. The separator is whichever of `=` and
 * `: ` comes first, so `web=docker-daemon:web:dev` and `pi4: linux/arm64`
 * both read as meant.
 */
function parseKeyValues(field, entries, what = 'key: value') {
    const out = {};
    for (const entry of entries) {
        const m = /^([^=:\s]+)\s*(?:=|:(?=\s|$))\s*(.*)$/.exec(entry);
        if (!m || !m[2])
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} has '${entry}', which is not of the form '${what}'`);
        const [, key, value] = m;
        if (key in out)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} names '${key}' twice`);
        out[key] = value.trim();
    }
    return out;
}
const ARCH_ALIASES = {
    x86_64: ['amd64'],
    'x86-64': ['amd64'],
    aarch64: ['arm64'],
    armhf: ['arm', 'v7'],
    armel: ['arm', 'v6'],
    i386: ['386'],
    i686: ['386']
};
/**
 * `os/arch[/variant]`, normalised as containerd does (platforms
 * `normalizeArch`): arm64's default variant v8 is dropped, bare `arm` means
 * v7, and Debian/uname aliases map to the OCI names. Two spellings of one
 * platform therefore build one artifact, not two.
 */
function parsePlatform(field, raw) {
    const parts = raw.trim().toLowerCase().split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p)))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} has '${raw.trim()}', which is not a platform of the form os/arch[/variant] (e.g. linux/arm64 or linux/arm/v7)`);
    const os = parts[0];
    let arch = parts[1];
    let variant = parts[2];
    const alias = ARCH_ALIASES[arch];
    if (alias) {
        arch = alias[0];
        variant = variant ?? alias[1];
    }
    if (arch === 'arm64' && (variant === 'v8' || variant === '8'))
        variant = undefined;
    if (arch === 'amd64' && variant === 'v1')
        variant = undefined;
    if (arch === 'arm' && !variant)
        variant = 'v7';
    if (arch === 'arm' && variant && /^\d$/.test(variant))
        variant = `v${variant}`;
    return variant ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
}
/** `device-type: platform` per line (or `=`), each platform normalised. */
function parseDevicePlatforms(field, raw) {
    const map = parseKeyValues(field, splitList(raw), 'device-type: os/arch[/variant]');
    for (const key of Object.keys(map))
        map[key] = parsePlatform(field, map[key]);
    return map;
}
/**
 * Groups device types by platform: one artifact per distinct platform, in the
 * order the device types were given.
 */
function buildTargets(deviceTypes, defaultPlatform, devicePlatforms, fields) {
    if (deviceTypes.length === 0)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${fields.deviceTypes} names no device type`, {
            hint: 'give the device types of your fleet, e.g. raspberrypi4'
        });
    const unknown = Object.keys(devicePlatforms).filter((d) => !deviceTypes.includes(d));
    if (unknown.length > 0)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${fields.devicePlatforms} names ${unknown.map((d) => `'${d}'`).join(', ')}, which ${fields.deviceTypes} does not list`);
    const byPlatform = new Map();
    for (const dt of new Set(deviceTypes)) {
        const platform = devicePlatforms[dt] ?? defaultPlatform;
        byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), dt]);
    }
    return [...byPlatform].map(([platform, types]) => ({ platform, deviceTypes: types }));
}
/** Image source transports issue 5's resolver accepts; anything else is a registry reference. */
const IMAGE_SOURCE_SCHEMES = [
    'docker://',
    'oci:',
    'oci-archive:',
    'docker-archive:',
    'docker-daemon:'
];
function parseServiceImages(field, raw) {
    const map = parseKeyValues(field, splitList(raw), 'service=source');
    for (const [service, source] of Object.entries(map)) {
        if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(service))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} has '${service}', which is not a compose service name`);
        // `web:dev` and `registry:5000/web` are references, so only a `scheme://`
        // other than docker:// is known to be wrong.
        const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(source)?.[1];
        if (scheme && scheme !== 'docker')
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} gives service '${service}' the source '${source}' with an unknown transport '${scheme}://'`, { hint: `use one of ${IMAGE_SOURCE_SCHEMES.join(', ')} or a registry reference` });
        if (/\s/.test(source))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} gives service '${service}' a source with spaces: '${source}'`);
    }
    return map;
}
const SIZE_UNITS = {
    '': 1,
    b: 1,
    k: 1e3,
    kb: 1e3,
    kib: 1024,
    m: 1e6,
    mb: 1e6,
    mib: 1024 ** 2,
    g: 1e9,
    gb: 1e9,
    gib: 1024 ** 3,
    t: 1e12,
    tb: 1e12,
    tib: 1024 ** 4
};
/** `2GiB`, `500MB`, `1.5G`, or plain bytes; `0` means no limit (returns 0). */
function parseByteSize(field, raw) {
    const v = raw.trim();
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v);
    const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
    if (!m || unit === undefined)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be a size such as 2GiB, 500MiB, 800MB or plain bytes (0: no limit), got '${v}'`);
    return Math.floor(Number(m[1]) * unit);
}
/** `90s`, `30m`, `2h`, `1h30m`, or plain seconds. */
function parseDuration(field, raw) {
    const v = raw.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
    if (!v || !m || (!m[1] && !m[2] && !m[3]))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be a duration such as 90s, 30m, 2h or 1h30m, got '${v}'`);
    return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}
function parseServerUrl(field, raw) {
    const v = raw.trim();
    let url;
    try {
        url = new URL(v);
    }
    catch {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be an http(s) URL such as https://hosted.mender.io, got '${v}'`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be an http(s) URL, got '${v}'`);
    if (url.username || url.password)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must not hold credentials; use the token or password inputs`);
    return v.replace(/\/+$/, '');
}
/**
 * Mender artifact names travel in headers and URLs: no whitespace or control
 * characters, and the server caps them (deployments `name` is a string of at
 * most 256 characters in practice).
 */
function parseArtifactName(field, raw) {
    const v = raw.trim();
    if (!v)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} is empty`);
    if (/[\s\p{Cc}]/u.test(v) || v.length > 256)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be at most 256 characters without spaces or control characters, got '${v}'`);
    return v;
}
/** Compose project names: lowercase letters, digits, `_` and `-`, starting with a letter or digit. */
function toProjectName(raw) {
    return raw
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '')
        .replace(/-+$/, '');
}
/**
 * The default artifact name: the tag on tag pushes (`v2.0.0`), otherwise
 * `<application>-<branch>-<short sha>` (`pr-<n>` for pull requests) so every
 * commit gets its own name.
 */
function defaultArtifactName(ctx) {
    const ref = ctx.ref ?? '';
    if (ref.startsWith('refs/tags/'))
        return ref.slice('refs/tags/'.length);
    const branch = ref
        .replace(/^refs\/pull\/(\d+)\/merge$/, 'pr-$1')
        .replace(/^refs\/heads\//, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '');
    const sha = (ctx.sha ?? '').slice(0, 7);
    return [ctx.applicationName, branch, sha].filter((s) => s.length > 0).join('-');
}
function parseDeploy(values, fields) {
    const chosen = [
        values.group ? fields.group : '',
        values.devices.length > 0 ? fields.devices : '',
        values.all ? fields.all : ''
    ].filter(Boolean);
    if (chosen.length > 1)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${chosen.join(' and ')} are exclusive: give one deployment target`);
    if (chosen.length === 0) {
        if (values.wait)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${fields.wait} needs a deployment target`, {
                hint: `set ${fields.group}, ${fields.devices} or ${fields.all}`
            });
        return undefined;
    }
    const target = values.group
        ? { kind: 'group', group: values.group }
        : values.all
            ? { kind: 'all' }
            : { kind: 'devices', devices: values.devices };
    return { target, name: values.name, wait: values.wait, waitTimeoutMs: values.waitTimeoutMs };
}


/***/ }),

/***/ 8373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  E: () => (/* binding */ realStages)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/delta/index.ts
var delta = __webpack_require__(5630);
// EXTERNAL MODULE: ./src/delta/native.ts + 8 modules
var delta_native = __webpack_require__(3709);
;// CONCATENATED MODULE: ./src/delta/pool.ts









/**
 * Where the worker entry lives: `worker.js` beside this module (tsc output),
 * `worker.ts` beside it (tsx/vitest), or `dist/delta-worker/index.js` seen from
 * an ncc bundle in dist/ (the action) or dist/cli/ (the CLI). Undefined when
 * none exists.
 */
function findWorkerScript(moduleUrl = import.meta.url) {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(moduleUrl));
    const candidates = [
        [(0,external_node_path_.join)(here, 'worker.js'), false],
        [(0,external_node_path_.join)(here, 'worker.ts'), true],
        [(0,external_node_path_.join)(here, 'delta-worker', 'index.js'), false],
        [(0,external_node_path_.join)(here, '..', 'delta-worker', 'index.js'), false]
    ];
    for (const [path, ts] of candidates)
        if ((0,external_node_fs_.existsSync)(path))
            return { path, ts };
    return undefined;
}
/** Encodes one job and, when `verify` (native engine), decodes the delta to hash its result. */
async function encodeAndCheck(job) {
    const { verify, ...options } = job;
    const result = await (0,delta/* encodeDelta */.xb)(options);
    if (!verify || result.engine !== 'native')
        return result;
    return { ...result, decodedDigest: await (0,delta_native/* decodedDigest */.Hp)(job.sourcePath, job.outputPath) };
}
/** Workers started ahead of their job (`prewarmWorkers`), each waiting for one job. */
const warm = [];
/**
 * Starts up to `count` workers now, so the encodes that follow skip a
 * worker's start (~100 ms: a thread, the bundle's modules). Each waits for
 * one job; unused ones do not keep the process alive. Not for TypeScript
 * entries (tests through tsx start their own).
 */
function prewarmWorkers(count, workerScript) {
    const script = workerScript
        ? { path: workerScript, ts: workerScript.endsWith('.ts') }
        : findWorkerScript();
    if (!script || script.ts)
        return;
    for (let i = warm.filter((w) => w.path === script.path).length; i < count; i++) {
        const worker = new external_node_worker_threads_.Worker(script.path, { workerData: { wait: true } });
        worker.unref();
        const entry = { path: script.path, worker };
        const drop = () => {
            const at = warm.indexOf(entry);
            if (at >= 0)
                warm.splice(at, 1);
        };
        // a worker that fails before its job is simply not used
        worker.on('error', drop);
        worker.on('exit', drop);
        warm.push(entry);
    }
}
/** A prewarmed worker for `path`, given `job`; undefined when none is waiting. */
function warmWorker(path, job) {
    const at = warm.findIndex((w) => w.path === path);
    if (at < 0)
        return undefined;
    const { worker } = warm.splice(at, 1)[0];
    worker.removeAllListeners();
    worker.ref();
    worker.postMessage(job);
    return worker;
}
function runInWorker(script, job) {
    return new Promise((resolve, reject) => {
        const worker = script.ts
            ? // Under tsx/vitest the entry is TypeScript: register tsx in the worker first.
                new external_node_worker_threads_.Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify((0,external_node_url_.pathToFileURL)(script.path).href)}) })`, { eval: true, workerData: job })
            : (warmWorker(script.path, job) ?? new external_node_worker_threads_.Worker(script.path, { workerData: job }));
        let settled = false;
        worker.once('message', (m) => {
            settled = true;
            if (m.ok)
                resolve(m.result);
            else
                reject(new errors/* UserError */.yo(m.message ?? 'delta encode failed'));
        });
        worker.once('error', (err) => {
            settled = true;
            reject(err);
        });
        worker.once('exit', (code) => {
            if (!settled)
                reject(new Error(`delta worker exited with code ${code} before answering`));
        });
    });
}
/**
 * Encode many pairs on worker threads: at most `concurrency` at once, and
 * only as many as fit the memory budget by `encodeMemoryEstimate` (one job
 * always runs, even when it alone exceeds the budget). Results come back in
 * job order; the first failure rejects after the running jobs finish.
 */
async function encodeMany(jobs, options = {}) {
    const concurrency = Math.max(1, options.concurrency ?? (0,external_node_os_.availableParallelism)());
    const budget = options.memoryBudget ?? Math.floor((0,external_node_os_.totalmem)() / 2);
    const script = options.inProcess
        ? undefined
        : options.workerScript
            ? { path: options.workerScript, ts: options.workerScript.endsWith('.ts') }
            : findWorkerScript();
    if (!script && !options.inProcess)
        options.log?.warn('delta worker script not found; encoding in the main thread, one at a time');
    const limit = script ? concurrency : 1;
    const costs = await Promise.all(jobs.map(async (j) => j.engine === 'xdelta3'
        ? 64 * 1024 * 1024
        : (0,delta/* encodeMemoryEstimate */.IO)((await (0,promises_.stat)(j.sourcePath)).size)));
    const results = new Array(jobs.length);
    let next = 0;
    let running = 0;
    let used = 0;
    let failure;
    await new Promise((resolveAll) => {
        const pump = () => {
            while (failure === undefined && next < jobs.length && running < limit) {
                const cost = costs[next];
                if (running > 0 && used + cost > budget)
                    break;
                const i = next++;
                running++;
                used += cost;
                const job = jobs[i];
                options.onStart?.(job);
                options.log?.debug(`delta: encoding ${job.targetPath} against ${job.sourcePath}`);
                const pj = options.verify ? { ...job, verify: true } : job;
                const work = script ? runInWorker(script, pj) : encodeAndCheck(pj);
                work
                    .then((r) => {
                    results[i] = r;
                    options.onDone?.(job, r);
                }, (err) => {
                    failure ??= err;
                })
                    .finally(() => {
                    running--;
                    used -= cost;
                    pump();
                });
            }
            if (running === 0 && (next >= jobs.length || failure !== undefined))
                resolveAll();
        };
        pump();
    });
    if (failure !== undefined)
        throw failure;
    return results;
}

// EXTERNAL MODULE: ./src/oci/index.ts + 18 modules
var oci = __webpack_require__(9224);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/delta/vcdiff/format.ts
var format = __webpack_require__(648);
// EXTERNAL MODULE: ./src/delta/xdelta3.ts
var xdelta3 = __webpack_require__(7369);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/payload/gzip-size.ts




/** The payload's gzip level (GNU `tar czf`, as the archived generator uses). */
const PAYLOAD_GZIP_LEVEL = 6;
/** Bytes `path` takes after gzip at the payload's level, streamed (nothing is kept). */
async function gzipSize(path, level = PAYLOAD_GZIP_LEVEL) {
    let n = 0;
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(path), (0,external_node_zlib_.createGzip)({ level }), new external_node_stream_.Writable({
        write(chunk, _enc, cb) {
            n += chunk.length;
            cb();
        }
    }));
    return n;
}

;// CONCATENATED MODULE: ./src/util/map-limit.ts
/**
 * `fn` over `items` with at most `limit` running at once; results in item
 * order. The first failure rejects once the running calls have settled, and
 * no new call starts after it.
 */
async function mapLimit(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    let failed = false;
    let failure;
    const lane = async () => {
        while (!failed && next < items.length) {
            const i = next++;
            try {
                out[i] = await fn(items[i], i);
            }
            catch (err) {
                if (!failed)
                    failure = err;
                failed = true;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
    if (failed)
        throw failure;
    return out;
}

;// CONCATENATED MODULE: ./src/payload/delta-engine.ts










/** Runs `jobs` through the engine: all at once when it can bound them itself, else in order. */
async function encodeAll(engine, jobs) {
    if (jobs.length === 0)
        return [];
    if (engine.encodeMany)
        return engine.encodeMany(jobs);
    const out = [];
    for (const job of jobs)
        out.push(await engine.encode(job));
    return out;
}
/**
 * Issue 4's engines (`native`, or the `xdelta3` binary with the portable flags:
 * `-S none -A -D -B ≥ source`), one encode at a time in this thread, decoded
 * by issue 4's native decoder, so a delta is checked by code other than the
 * code that wrote it. Kept for callers that pass no pool; see `poolDeltaEngine`.
 */
function deltaEngine(engine = 'native') {
    return {
        encode: ({ sourcePath, targetPath, outputPath }) => encodeDelta({ sourcePath, targetPath, outputPath, engine }),
        decode: nativeDecode
    };
}
async function nativeDecode(job) {
    await (0,delta/* decodeDelta */.Vr)(job);
}
/** Source + target bytes below which a pair is encoded without a worker thread. */
const IN_THREAD_BYTES = 16 * 1024 * 1024;
/**
 * Source + target bytes up to which the native encoder also tries
 * `SMALL_PAIR_CANDIDATES` (in this thread, after the default encode) and the
 * delta that gzips smallest is kept. On npm-small (1.2 + 1.2 MB) the wide
 * index took 0.2–0.3 CPU s against 0.1 s for the default encode; the time
 * grows with the target (every lookup reads up to 512 candidates), so only
 * small pairs get it.
 */
const SMALL_PAIR_BYTES = 4 * 1024 * 1024;
/**
 * Native encoder settings tried besides the default on small pairs. The
 * encoder itself now uses 512-entry buckets for sources up to 2 MiB (more
 * candidates for its address-cost scoring; npm-small −5 %), so the candidate
 * is the narrower 8-entry bucket, which still wins on some inputs (records
 * sharing a head: 26,502 against 27,334 bytes of gzip).
 */
const SMALL_PAIR_CANDIDATES = [{ indexWaysLog: 3 }];
/**
 * The pool's encoder settings: the dense index (source/4 + 16 MiB, what
 * `encodeMemoryEstimate` budgets). The encoder's default cuts the index of
 * 13–45 MiB sources to meet a standalone encoder's memory goal; a runner has
 * the memory, and the cut costs up to 20 % of delta size there. Full 8 MiB
 * windows and the local index at every size for the same reason (the
 * standalone default halves windows on small sources and keeps the local
 * index for sources over 64 MiB; on typescript it is −18 % of delta gzip).
 */
const POOL_ENCODER = {
    denseIndex: true,
    windowSize: format/* WINDOW_SIZE */.DK,
    localIndex: true
};
/**
 * Issue 4's native encoder on its worker pool (`encodeMany`): all layers of a
 * payload at once, at most one per CPU and within the pool's memory budget
 * (`encodeMemoryEstimate` per source). Small pairs are encoded in this thread
 * meanwhile, since starting a worker costs more than they do. Decoded by the
 * native decoder.
 */
function poolDeltaEngine(options = {}) {
    const small = options.inThreadBytes ?? IN_THREAD_BYTES;
    const pool = {
        verify: true,
        ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
        ...(options.memoryBudget !== undefined && { memoryBudget: options.memoryBudget }),
        ...(options.workerScript !== undefined && { workerScript: options.workerScript }),
        ...(options.log && { log: options.log })
    };
    const many = async (jobs) => {
        const sizes = await Promise.all(jobs.map(async (j) => (await (0,promises_.stat)(j.sourcePath)).size + (await (0,promises_.stat)(j.targetPath)).size));
        const inThread = jobs.flatMap((j, i) => (sizes[i] < small ? [i] : []));
        const onWorkers = jobs.flatMap((j, i) => (sizes[i] < small ? [] : [i]));
        const native = (i) => ({
            ...jobs[i],
            engine: 'native',
            encoderOptions: POOL_ENCODER
        });
        const [a, b] = await Promise.all([
            inThread.length
                ? encodeMany(inThread.map(native), { ...pool, inProcess: true })
                : Promise.resolve([]),
            onWorkers.length ? encodeMany(onWorkers.map(native), pool) : Promise.resolve([])
        ]);
        const out = new Array(jobs.length);
        const result = (r) => ({
            size: r.size,
            ...(r.decodedDigest ? { decodedDigest: r.decodedDigest } : {})
        });
        inThread.forEach((i, k) => (out[i] = result(a[k])));
        onWorkers.forEach((i, k) => (out[i] = result(b[k])));
        // a candidate that wins carries no decodedDigest: the payload decodes it to check it
        const tiny = options.smallPairBytes ?? SMALL_PAIR_BYTES;
        for (const [i, job] of jobs.entries())
            if (sizes[i] <= tiny)
                out[i] = await smallestOf(job, out[i]);
        return out;
    };
    return {
        encode: async (job) => (await many([job]))[0],
        encodeMany: many,
        decode: nativeDecode
    };
}
/**
 * `job`'s delta (already encoded with the defaults, `first`) or one of
 * `SMALL_PAIR_CANDIDATES`, whichever gzips smallest (the first on a tie); the
 * kept one is at `job.outputPath`.
 */
async function smallestOf(job, first) {
    let best = { ...first, gzipSize: first.gzipSize ?? (await gzipSize(job.outputPath)) };
    for (const [k, options] of SMALL_PAIR_CANDIDATES.entries()) {
        const alt = `${job.outputPath}.native${k}`;
        try {
            const { size } = await (0,delta_native/* encodeNative */.iw)(job.sourcePath, job.targetPath, alt, {
                ...POOL_ENCODER,
                ...options
            });
            const gz = await gzipSize(alt);
            if (gz < best.gzipSize) {
                await (0,promises_.rename)(alt, job.outputPath);
                best = { size, gzipSize: gz };
            }
        }
        finally {
            await (0,promises_.rm)(alt, { force: true });
        }
    }
    return best;
}
/**
 * Sources up to this size also get `xdelta3 -e -S none` candidates: there
 * each costs under a second of CPU (0.1–0.9 s on the 32 MB TypeScript pair),
 * and on small npm trees xdelta3's short matches beat the native encoder
 * (bench/deep-delta). Above it the native encoder won on the whole delta
 * corpus, and xdelta3 would add about as much time again as the encode.
 */
const XDELTA3_CANDIDATE_MAX_SOURCE = 32 * 1024 * 1024;
/**
 * The xdelta3 candidates (`-e -S none -A -D`, level and source window `-B`).
 * Level 3 with xdelta3's default 64 MiB window is the archived generator's
 * own encoding less the app header, so the kept delta is never larger than
 * its `-S none` delta. Level 9 finds shorter matches; with a 1 MiB window it
 * keeps them near their own offset, which on the TypeScript pair gave 108 KB
 * gzipped against 143 KB (level 3, 64 MiB) and 157 KB (native); with 64 MiB
 * it was best on npm-small and the Python stdlib. Measured with
 * bench/deep-delta's corpus; each run took under 1 CPU s on those sources.
 */
const XDELTA3_CANDIDATES = [
    { level: 3, window: 64 * 1024 * 1024 },
    { level: 9, window: 1024 * 1024 },
    { level: 9, window: 64 * 1024 * 1024 }
];
/**
 * `xdelta3 -e -<level> -S none -A -D -B <window>`: the archived generator's
 * encoding without secondary compression (stock `xdelta3 -d -s` on any device
 * decodes it, and so does the native decoder), at most one run per CPU.
 */
function xdelta3PortableEngine(candidate, binary = 'xdelta3', concurrency = (0,external_node_os_.cpus)().length) {
    const encode = async ({ sourcePath, targetPath, outputPath }) => {
        const { size: sourceSize } = await (0,promises_.stat)(sourcePath);
        const args = (0,xdelta3.xdelta3EncodeArgs)(sourceSize, sourcePath, targetPath, outputPath);
        args[args.indexOf('-9')] = `-${candidate.level}`;
        args[args.indexOf('-B') + 1] = String(Math.max(524_288, candidate.window));
        await (0,xdelta3.runXdelta3)(args, binary);
        return { size: (await (0,promises_.stat)(outputPath)).size };
    };
    return {
        encode,
        encodeMany: (jobs) => mapLimit(jobs, Math.max(1, concurrency), encode),
        decode: nativeDecode
    };
}
/**
 * The default engine of the App Update Module payload: the native encoder on
 * the pool and, for sources up to `XDELTA3_CANDIDATE_MAX_SOURCE`, also the
 * `xdelta3 -3 -S none` candidates; it keeps whichever delta gzips smallest
 * (the payload is gzip). Every delta it keeps decodes with a stock xdelta3
 * built without liblzma, and with the native decoder.
 */
function portableDeltaEngine(options = {}) {
    const primary = poolDeltaEngine(options);
    const others = XDELTA3_CANDIDATES.map((c) => xdelta3PortableEngine(c, options.xdelta3Binary, options.concurrency));
    const binary = options.xdelta3Binary ?? 'xdelta3';
    let available;
    const many = async (jobs) => {
        const small = await Promise.all(jobs.map(async (j) => (await (0,promises_.stat)(j.sourcePath)).size <= XDELTA3_CANDIDATE_MAX_SOURCE));
        let picked = jobs.flatMap((j, i) => (small[i] ? [i] : []));
        // the candidates are an optimisation: without xdelta3 (not on GitHub's
        // runners by default) the native encoder's delta is kept
        if (picked.length > 0 && !(await (available ??= hasProgram(binary, options.log))))
            picked = [];
        // one phase after the other, so the pool's CPU and memory bounds are not
        // shared with xdelta3 runs it does not know about
        const first = await primary.encodeMany(jobs);
        const rest = [];
        for (const [k, e] of others.entries())
            rest.push(await mapLimit(picked, Math.max(1, options.concurrency ?? (0,external_node_os_.cpus)().length), (i) => e.encode({ ...jobs[i], outputPath: `${jobs[i].outputPath}.${k}` }).catch((err) => {
                options.log?.warn(`xdelta3 candidate for ${jobs[i].targetPath} failed, not used: ${err.message}`);
                return undefined;
            })));
        const out = first.map((r) => ({ ...r }));
        await Promise.all(picked.map(async (i, n) => {
            const path = jobs[i].outputPath;
            let best = { ...first[i], gzipSize: first[i].gzipSize ?? (await gzipSize(path)), path };
            for (const [k, results] of rest.entries()) {
                const alt = `${path}.${k}`;
                const r = results[n];
                if (!r)
                    continue;
                const c = { ...r, gzipSize: await gzipSize(alt), path: alt };
                if (c.gzipSize < best.gzipSize) {
                    if (best.path !== path)
                        await (0,promises_.rm)(best.path, { force: true });
                    best = c;
                }
                else
                    await (0,promises_.rm)(alt, { force: true });
            }
            if (best.path !== path)
                await (0,promises_.rename)(best.path, path);
            out[i] = { size: best.size, gzipSize: best.gzipSize };
        }));
        return out;
    };
    return {
        encode: async (job) => (await many([job]))[0],
        encodeMany: many,
        decode: nativeDecode
    };
}
/**
 * xdelta3 with lzma secondary compression, for devices whose xdelta3 is built
 * with liblzma (Debian, Ubuntu, Raspberry Pi OS; not a default Yocto build,
 * registry-and-delta.md §4.3). Deltas come out about a third smaller than with
 * `-S none`. Our native decoder has no lzma, so these deltas are checked with
 * the xdelta3 decoder the device itself runs.
 */
function lzmaDeltaEngine(binary = 'xdelta3', concurrency = (0,external_node_os_.cpus)().length) {
    const encode = async ({ sourcePath, targetPath, outputPath }) => {
        const { size: sourceSize } = await (0,promises_.stat)(sourcePath);
        const args = (0,xdelta3.xdelta3EncodeArgs)(sourceSize, sourcePath, targetPath, outputPath);
        args[args.indexOf('-S') + 1] = 'lzma';
        // -9 made a 44 % larger delta than -6 on the TypeScript pair (bench/deep-delta)
        args[args.indexOf('-9')] = '-6';
        args[args.indexOf('-B') + 1] = xdelta3Window(sourceSize);
        await (0,xdelta3.runXdelta3)(args, binary);
        return { size: (await (0,promises_.stat)(outputPath)).size };
    };
    return {
        encode,
        encodeMany: (jobs) => mapLimit(jobs, Math.max(1, concurrency), encode),
        async decode({ sourcePath, deltaPath, outputPath }) {
            const { size: sourceSize } = await (0,promises_.stat)(sourcePath);
            await (0,xdelta3.runXdelta3)([
                '-d',
                '-f',
                '-D',
                '-B',
                xdelta3Window(sourceSize),
                '-s',
                sourcePath,
                deltaPath,
                outputPath
            ], binary);
        }
    };
}
/** Whether `binary` runs (`-V`); logs once when it does not. */
function hasProgram(binary, log) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)(binary, ['-V'], { stdio: 'ignore' });
        child.on('error', () => {
            log?.info(`${binary} not found: layers up to 32 MiB use the native encoder only (install xdelta3 for smaller deltas of small layers)`);
            resolve(false);
        });
        child.on('close', () => resolve(true));
    });
}
/** xdelta3 3.0.11 refuses `-B` below 512 KiB ("-B: minimum value: 524288"), whatever the source size. */
function xdelta3Window(sourceSize) {
    return String(Math.max(524_288, (0,xdelta3.sourceWindowFor)(sourceSize)));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/oci/store.ts
var oci_store = __webpack_require__(9800);
;// CONCATENATED MODULE: ./src/payload/digest.ts


/** `sha256:<hex>` → `<hex>`; anything that is not a sha256 digest is refused. */
function digestHex(digest) {
    const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
    if (!m?.[1])
        throw new Error(`not a sha256 digest: ${digest}`);
    return m[1];
}
function sha256Hex(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}
/** Streams the file through sha256 (files may be GBs): the store's hasher, as bare hex. */
async function sha256File(path) {
    return digestHex((await (0,oci_store/* hashFile */.DC)(path)).digest);
}

;// CONCATENATED MODULE: ./src/payload/deep-delta-plan.ts
/**
 * Picks, for each new layer, the current layer to delta against, by content
 * rather than by position (the reference generator pairs by index, so an
 * inserted, removed or reordered layer defeats it):
 * - a current layer with the same diff ID gives a near-empty delta;
 * - otherwise the current layer sharing the most file bytes (by path), ties
 *   broken by the same position, then the lower index;
 * - no shared non-empty file (shared folders alone do not help): ship the full layer.
 * Pure, so it is tested on its own; whether the delta really beats the full
 * layer is decided after encoding.
 */
function planDeepDelta(next, current) {
    return next.map((layer, i) => {
        const same = current.findIndex((c) => c.diffId === layer.diffId);
        if (same >= 0)
            return { kind: 'same', source: same };
        let best;
        current.forEach((c, j) => {
            const { bytes, paths } = overlap(layer.members, c.members);
            if (bytes === 0)
                return;
            const better = !best ||
                bytes > best.sharedBytes ||
                (bytes === best.sharedBytes && paths > best.sharedPaths) ||
                (bytes === best.sharedBytes && paths === best.sharedPaths && j === i);
            if (better)
                best = { source: j, sharedBytes: bytes, sharedPaths: paths };
        });
        return best ? { kind: 'similar', ...best } : { kind: 'full' };
    });
}
/** Shared paths and the bytes of the smaller side of each shared member (folders count 0). */
function overlap(a, b) {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    let bytes = 0;
    let paths = 0;
    for (const [path, size] of small) {
        const other = large.get(path);
        if (other === undefined)
            continue;
        paths++;
        bytes += Math.min(size, other);
    }
    return { bytes, paths };
}

;// CONCATENATED MODULE: ./src/payload/deep-delta.ts







const CLASSIC_LAYER = 'application/vnd.oci.image.layer.v1.tar';
/** The layer files `docker save` yields on a device with `store`, reproduced from the registry blobs. */
async function deviceLayers(image, store, blobs, cache) {
    if (image.layers.length !== image.diffIds.length)
        throw new errors/* UserError */.yo(`${image.reference}: ${image.layers.length} layers but ${image.diffIds.length} diff IDs in its config`);
    return Promise.all(image.layers.map(async (layer, i) => {
        if (store === 'containerd') {
            const path = blobs.blobPath(layer.digest);
            const hex = await sha256File(path);
            if (hex !== digestHex(layer.digest))
                throw new errors/* UserError */.yo(`blob ${layer.digest} of ${image.reference} is corrupt on disk`);
            return { digest: layer.digest, path, size: layer.size, mediaType: layer.mediaType };
        }
        const diffId = image.diffIds[i];
        const path = await cache.uncompressed(layer, diffId);
        return { digest: diffId, path, size: (await (0,promises_.stat)(path)).size, mediaType: CLASSIC_LAYER };
    }));
}
/**
 * The layers of `next` for its `image.img`: whole when there is no current
 * image, else per-layer deltas against the device's current layers, chosen by
 * content. Each delta is decoded once and checked against the expected digest
 * before it is kept; a delta that gzips no smaller than the layer's registry
 * blob is replaced by the layer.
 */
async function deepDeltaLayers(next, current, ctx) {
    const work = await planDeepDeltaWork(next, current, ctx);
    return finishDeepDelta(work, await encodeAll(ctx.engine, work.jobs.map((j) => j.job)), ctx);
}
/** Reproduces the device's layers of both images and plans which pairs to encode. */
async function planDeepDeltaWork(next, current, ctx) {
    const target = await deviceLayers(next, ctx.store, ctx.blobs, ctx.cache);
    if (!current)
        return { next, target, source: [], jobs: [] };
    const source = await deviceLayers(current, ctx.store, ctx.blobs, ctx.cache);
    const plan = planDeepDelta(await layerFacts(next, target, ctx, source), await layerFacts(current, source, ctx, target, true));
    const dir = (0,external_node_path_.join)(ctx.workDir, 'deltas', digestHex(next.manifestDigest));
    await (0,promises_.mkdir)(dir, { recursive: true });
    const jobs = plan.flatMap((choice, index) => choice.kind === 'full'
        ? []
        : [
            {
                index,
                source: choice.source,
                job: {
                    sourcePath: source[choice.source].path,
                    targetPath: target[index].path,
                    outputPath: (0,external_node_path_.join)(dir, `${index}.vcdiff`)
                }
            }
        ]);
    return { next, target, source, plan, jobs };
}
/** Checks each encoded delta and assembles the image's layers; `results` in `work.jobs` order. */
async function finishDeepDelta(work, results, ctx) {
    const { next, target, source } = work;
    const encoded = new Map(work.jobs.map((j, k) => [j.index, { ...j, result: results[k] }]));
    const layers = [];
    const outcomes = [];
    for (const [index, t] of target.entries()) {
        const full = () => {
            layers.push({
                digest: t.digest,
                size: t.size,
                mediaType: t.mediaType,
                content: { kind: 'full', path: t.path }
            });
            outcomes.push({
                index,
                digest: t.digest,
                choice: 'full',
                fullSize: t.size,
                shippedSize: t.size
            });
        };
        const e = encoded.get(index);
        if (!e) {
            full();
            continue;
        }
        const what = `${next.reference} layer ${index}`;
        const deltaPath = e.job.outputPath;
        // the payload is gzip: a delta is worth it only if it gzips smaller than the
        // layer does, and the registry blob is that layer gzipped (or zstd'd)
        const blobSize = next.layers[index].size;
        const gz = e.result.gzipSize ?? (await gzipSize(deltaPath));
        if (e.result.size >= t.size || gz >= blobSize) {
            ctx.log.debug(`${what}: delta ${gz} B gzipped ≥ blob ${blobSize} B, shipping the layer`);
            await (0,promises_.rm)(deltaPath, { force: true });
            full();
            continue;
        }
        const s = source[e.source];
        if (e.result.decodedDigest !== undefined)
            checkDecoded(e.result.decodedDigest, t.digest, what);
        else
            await verifyDelta(ctx.engine, s.path, deltaPath, t.digest, what);
        layers.push({
            digest: t.digest,
            size: t.size,
            mediaType: t.mediaType,
            content: { kind: 'delta', deltaPath, sourceHex: digestHex(s.digest) }
        });
        outcomes.push({
            index,
            digest: t.digest,
            choice: work.plan[index].kind,
            source: e.source,
            fullSize: t.size,
            shippedSize: e.result.size
        });
    }
    return { layers, outcomes };
}
/** The delta's decoding (by our decoder, in the engine) must be the layer the device will check. */
function checkDecoded(got, expectedDigest, what) {
    if (got !== expectedDigest)
        throw new errors/* UserError */.yo(`${what}: the delta decodes to ${got}, expected ${expectedDigest}; refusing to package it`, { hint: 'the delta encoder is broken or a layer file changed during the build' });
}
/** Decodes the delta with our decoder and compares the result with the digest the device will check. */
async function verifyDelta(engine, sourcePath, deltaPath, expectedDigest, what) {
    if (engine.checked?.(deltaPath, expectedDigest))
        return;
    const out = `${deltaPath}.check`;
    try {
        await engine.decode({ sourcePath, deltaPath, outputPath: out });
        const got = await sha256File(out);
        if (got !== digestHex(expectedDigest))
            throw new errors/* UserError */.yo(`${what}: the delta decodes to sha256:${got}, expected ${expectedDigest}; refusing to package it`, { hint: 'the delta encoder is broken or a layer file changed during the build' });
    }
    catch (err) {
        if (err instanceof errors/* UserError */.yo && err.message.startsWith(what))
            throw err;
        throw new errors/* UserError */.yo(`${what}: the delta does not decode: ${err.message}`, {
            cause: err,
            hint: 'the delta encoder is broken or a layer file changed during the build'
        });
    }
    finally {
        await (0,promises_.rm)(out, { force: true });
    }
}
/**
 * Member lists are read only where the planner may use them: not for a new
 * layer whose diff ID the current image has (it pairs with that layer), and
 * not for the current image at all when every new layer is paired so; reading
 * them means parsing every tar, which costs more than the rest of a build
 * whose layers are mostly unchanged.
 */
async function layerFacts(image, device, ctx, other, isCurrent = false) {
    const otherIds = new Set(other.map((l) => l.digest));
    const ids = new Set(device.map((l) => l.digest));
    const anyUnpaired = other.some((l) => !ids.has(l.digest));
    const facts = [];
    for (const [i, layer] of image.layers.entries()) {
        const needed = isCurrent ? anyUnpaired : !otherIds.has(device[i].digest);
        if (!needed) {
            facts.push({ diffId: device[i].digest, members: new Map() });
            continue;
        }
        // member paths come from the uncompressed tar whatever the store ships
        const tarPath = await ctx.cache.uncompressed(layer, image.diffIds[i]);
        facts.push({ diffId: device[i].digest, members: await ctx.cache.members(tarPath) });
    }
    return facts;
}

;// CONCATENATED MODULE: ./src/payload/image-archive.ts

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
/**
 * `docker.io/library/nginx:1.27` → repository `nginx`, tag `1.27` as Docker
 * names them in RepoTags; no tag is `latest`, as Docker reads it. A digest
 * reference gets no tag (the builders refuse those, see device-references.ts).
 */
function repoTag(reference) {
    const [noDigest = reference, digest] = reference.split('@');
    const m = /^(.*?)(?::([\w][\w.-]{0,127}))?$/.exec(noDigest);
    const tag = m?.[2] ?? (digest === undefined ? 'latest' : undefined);
    const repository = (m?.[1] ?? noDigest)
        .replace(/^docker\.io\/library\//, '')
        .replace(/^docker\.io\//, '');
    return tag === undefined ? { repository } : { repository, tag };
}
/** The layer descriptors Docker ≥ 25's classic store writes: uncompressed tars named by diff ID. */
function classicLayers(image, sizes) {
    return image.diffIds.map((diffId, i) => ({
        digest: diffId,
        size: sizes[i] ?? 0,
        mediaType: OCI_LAYER_TAR
    }));
}
/** The containerd store keeps the registry's compressed blobs and descriptors. */
function containerdLayers(image) {
    return image.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType }));
}
/**
 * The members of a `docker image save` archive of `image` as a device with
 * `store` would write it (registry-and-delta.md §7), with each layer's content
 * either whole or as `.vcdiff` + `.source` (OCI) / `layer.tar.vcdiff` + sums
 * (legacy) — the deep-delta layouts the App Update Module decodes.
 */
function imageArchiveEntries(image, layers, store) {
    return store === 'legacy' ? legacyEntries(image, layers) : ociEntries(image, layers, store);
}
function ociEntries(image, layers, store) {
    const { repository, tag } = repoTag(image.reference);
    let manifestBytes;
    let manifestDigest;
    if (store === 'containerd') {
        // the store keeps the manifest as pulled: its digest is the image ID
        manifestBytes = image.manifest;
        manifestDigest = image.manifestDigest;
    }
    else {
        // the classic store regenerates an OCI manifest over the uncompressed layers
        manifestBytes = Buffer.from(JSON.stringify({
            schemaVersion: 2,
            mediaType: OCI_MANIFEST,
            config: { mediaType: OCI_CONFIG, digest: image.configDigest, size: image.config.length },
            layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size }))
        }));
        manifestDigest = `sha256:${sha256Hex(manifestBytes)}`;
    }
    const annotations = { 'io.containerd.image.name': image.reference };
    if (tag !== undefined)
        annotations['org.opencontainers.image.ref.name'] = tag;
    const index = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
            { mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifestBytes.length, annotations }
        ]
    };
    const blob = (digest) => `blobs/sha256/${digestHex(digest)}`;
    const dockerManifest = [
        {
            Config: blob(image.configDigest),
            RepoTags: tag === undefined ? [] : [`${repository}:${tag}`],
            Layers: layers.map((l) => blob(l.digest)),
            LayerSources: Object.fromEntries(layers.map((l) => [l.digest, { mediaType: l.mediaType, size: l.size, digest: l.digest }]))
        }
    ];
    const entries = [
        { name: 'blobs/', type: 'directory' },
        { name: 'blobs/sha256/', type: 'directory' },
        { name: blob(image.configDigest), type: 'file', data: image.config },
        { name: blob(manifestDigest), type: 'file', data: manifestBytes }
    ];
    const seen = new Set();
    for (const layer of layers) {
        if (seen.has(layer.digest))
            continue; // a repeated layer is stored once
        seen.add(layer.digest);
        const name = blob(layer.digest);
        if (layer.content.kind === 'full') {
            entries.push({ name, type: 'file', path: layer.content.path });
        }
        else {
            entries.push({ name: `${name}.vcdiff`, type: 'file', path: layer.content.deltaPath });
            entries.push({
                name: `${name}.source`,
                type: 'file',
                data: `blobs/sha256/${layer.content.sourceHex}`
            });
        }
    }
    entries.push({ name: 'index.json', type: 'file', data: JSON.stringify(index) });
    entries.push({ name: 'manifest.json', type: 'file', data: JSON.stringify(dockerManifest) });
    entries.push({ name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion":"1.0.0"}' });
    if (store === 'classic' && tag !== undefined) {
        const top = layers.at(-1);
        entries.push({
            name: 'repositories',
            type: 'file',
            data: JSON.stringify({ [repository]: { [tag]: top ? digestHex(top.digest) : '' } })
        });
    }
    return entries;
}
/** Legacy v1 layer IDs: chained so the same diff ID under another parent gets another directory. */
function legacyLayerIds(diffIds) {
    const ids = [];
    let parent = '';
    for (const diffId of diffIds) {
        parent = sha256Hex(`${parent}\n${diffId}`);
        ids.push(parent);
    }
    return ids;
}
function legacyEntries(image, layers) {
    const { repository, tag } = repoTag(image.reference);
    const ids = legacyLayerIds(layers.map((l) => l.digest));
    const configName = `${digestHex(image.configDigest)}.json`;
    const entries = [{ name: configName, type: 'file', data: image.config }];
    layers.forEach((layer, i) => {
        const id = ids[i];
        const v1 = { id, ...(i > 0 ? { parent: ids[i - 1] } : {}), created: '1970-01-01T00:00:00Z' };
        entries.push({ name: `${id}/`, type: 'directory' });
        entries.push({ name: `${id}/VERSION`, type: 'file', data: '1.0' });
        entries.push({ name: `${id}/json`, type: 'file', data: JSON.stringify(v1) });
        if (layer.content.kind === 'full') {
            entries.push({ name: `${id}/layer.tar`, type: 'file', path: layer.content.path });
        }
        else {
            entries.push({ name: `${id}/layer.tar.vcdiff`, type: 'file', path: layer.content.deltaPath });
            entries.push({
                name: `${id}/layer.tar.current.sha256sum`,
                type: 'file',
                data: `${layer.content.sourceHex}\n`
            });
            entries.push({
                name: `${id}/layer.tar.new.sha256sum`,
                type: 'file',
                data: `${digestHex(layer.digest)}\n`
            });
        }
    });
    const manifest = [
        {
            Config: configName,
            RepoTags: tag === undefined ? [] : [`${repository}:${tag}`],
            Layers: ids.map((id) => `${id}/layer.tar`)
        }
    ];
    entries.push({ name: 'manifest.json', type: 'file', data: JSON.stringify(manifest) });
    if (tag !== undefined)
        entries.push({
            name: 'repositories',
            type: 'file',
            data: JSON.stringify({ [repository]: { [tag]: ids.at(-1) ?? '' } })
        });
    return entries;
}

;// CONCATENATED MODULE: ./src/payload/image.ts
/** The image ID `docker image inspect --format {{.ID}}` shows on a device with that store. */
function imageId(image, store) {
    return (store === 'containerd' ? image.manifestDigest : image.configDigest).replace(/^sha256:/, '');
}

;// CONCATENATED MODULE: ./src/payload/tar-members.ts

/**
 * The member list of an uncompressed tar (path → size) read from its headers
 * only: a header gives the member's size, so the reader jumps over the data
 * instead of streaming every byte through a tar parser. On a layer of large
 * files that reads a few percent of the file; a cold build plans ~100 MiB of
 * layers this way (tar-stream took ~0.25 s for them, this ~0.03 s).
 *
 * It reads tars exactly as tar-stream 3 (what the payload writes with and used
 * to read with) does, so the lists, and the layer pairing built on them, stay
 * the same: ustar prefixes, GNU long names (`L`), pax `path` and `size`
 * (global pax records only merged into a member's own pax record), zero
 * blocks skipped, a directory's data never skipped, and the same refusals
 * (bad checksum, unknown format, data cut short).
 */
async function tarMemberPaths(path) {
    const file = await (0,promises_.open)(path, 'r');
    try {
        return await readMembers(new BlockReader(file, (await file.stat()).size));
    }
    finally {
        await file.close();
    }
}
const BLOCK = 512;
/** Bytes read at once: the headers of many small members per read, one read per header of a large one. */
const CHUNK = 1 << 18;
/** tar-stream's limit on a long-name or pax record. */
const MAX_LONG_HEADER = 4 * 1024 * 1024;
async function readMembers(reader) {
    const members = new Map();
    let pax;
    let paxGlobal;
    let longPath;
    let pos = 0;
    while (pos + BLOCK <= reader.size) {
        const header = decodeHeader(await reader.view(pos, BLOCK));
        pos += BLOCK;
        if (!header)
            continue;
        if (header.kind !== 'entry' && header.kind !== 'directory') {
            if (header.size > MAX_LONG_HEADER)
                throw new Error('Header exceeds max size');
            if (pos + header.size > reader.size)
                break;
            const data = await reader.view(pos, header.size);
            pos += padded(header.size);
            if (header.kind === 'long-path')
                longPath = decodeStr(data, 0, data.length);
            else if (header.kind === 'pax')
                pax = { ...paxGlobal, ...decodePax(data) };
            else if (header.kind === 'pax-global')
                paxGlobal = decodePax(data);
            continue;
        }
        let { name, size } = header;
        if (longPath !== undefined)
            name = longPath;
        longPath = undefined;
        if (pax) {
            if (pax.path)
                name = pax.path;
            if (pax.size)
                size = parseInt(pax.size, 10);
            pax = undefined;
        }
        if (!(size >= 0))
            throw new Error('Invalid header');
        const member = name.replace(/^\.\//, '').replace(/\/$/, '');
        if (member)
            members.set(member, size);
        if (size === 0 || header.kind === 'directory')
            continue;
        pos += padded(size);
    }
    // tar-stream's "Unexpected end of data": a member cut short, or bytes after the last block
    if (pos !== reader.size)
        throw new Error('Unexpected end of data');
    return members;
}
/** Reads a file through one reused buffer; a view is valid until the next `view`. */
class BlockReader {
    file;
    size;
    buf = Buffer.allocUnsafe(CHUNK);
    start = 0;
    length = 0;
    constructor(file, size) {
        this.file = file;
        this.size = size;
    }
    async view(pos, length) {
        if (pos >= this.start && pos + length <= this.start + this.length)
            return this.buf.subarray(pos - this.start, pos - this.start + length);
        if (length > CHUNK) {
            const big = Buffer.allocUnsafe(length);
            const { bytesRead } = await this.file.read(big, 0, length, pos);
            return big.subarray(0, bytesRead);
        }
        const { bytesRead } = await this.file.read(this.buf, 0, CHUNK, pos);
        this.start = pos;
        this.length = bytesRead;
        return this.buf.subarray(0, Math.min(length, bytesRead));
    }
}
function padded(size) {
    return Math.ceil(size / BLOCK) * BLOCK;
}
const KINDS = {
    5: 'directory',
    72: 'pax',
    55: 'pax-global',
    27: 'long-link',
    28: 'long-path',
    30: 'long-path'
};
/** tar-stream's `headers.decode`, for the fields a member list needs; undefined for a zero block. */
function decodeHeader(buf) {
    if (buf.length < BLOCK)
        throw new Error('Unexpected end of data');
    let sum = 8 * 32;
    for (let i = 0; i < 148; i++)
        sum += buf[i];
    for (let i = 156; i < BLOCK; i++)
        sum += buf[i];
    if (sum === 8 * 32)
        return undefined;
    if (sum !== decodeOct(buf, 148, 8))
        throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?');
    let name = decodeStr(buf, 0, 100);
    const magic = buf.toString('latin1', 257, 263);
    if (magic === 'ustar\0') {
        if (buf[345])
            name = `${decodeStr(buf, 345, 155)}/${name}`;
    }
    else if (magic !== 'ustar ' || buf[263] !== 0x20 || buf[264] !== 0)
        throw new Error('Invalid tar header: unknown format.');
    const flag = buf[156] === 0 ? 0 : buf[156] - 48;
    let kind = KINDS[flag] ?? 'entry';
    if (flag === 0 && name.endsWith('/'))
        kind = 'directory';
    return { kind, name, size: decodeOct(buf, 124, 12) };
}
function decodeStr(buf, offset, length) {
    let end = offset;
    while (end < offset + length && buf[end] !== 0)
        end++;
    return buf.toString('utf8', offset, end);
}
/** Octal, or base-256 when the first byte has its high bit set (GNU, for sizes ≥ 8 GiB). */
function decodeOct(buf, offset, length) {
    const field = buf.subarray(offset, offset + length);
    if (field[0] & 0x80)
        return parse256(field);
    let i = 0;
    while (i < field.length && field[i] === 32)
        i++;
    let end = field.indexOf(32, i);
    if (end < 0)
        end = field.length;
    while (i < end && field[i] === 0)
        i++;
    if (end === i)
        return 0;
    return parseInt(field.toString('utf8', i, end), 8);
}
function parse256(field) {
    const positive = field[0] === 0x80;
    if (!positive && field[0] !== 0xff)
        return NaN;
    let sum = 0;
    for (let i = field.length - 1, scale = 1; i > 0; i--, scale *= 256)
        sum += (positive ? field[i] : 0xff - field[i]) * scale;
    return positive ? sum : -sum;
}
/** A pax record block: `<len> <key>=<value>\n` repeated. */
function decodePax(buf) {
    const out = {};
    let rest = buf;
    while (rest.length) {
        let i = 0;
        while (i < rest.length && rest[i] !== 32)
            i++;
        const len = parseInt(rest.toString('utf8', 0, i), 10);
        if (!len)
            return out;
        const record = rest.toString('utf8', i + 1, len - 1);
        const eq = record.indexOf('=');
        if (eq === -1)
            return out;
        out[record.slice(0, eq)] = record.slice(eq + 1);
        rest = rest.subarray(len);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/payload/layers.ts










/** Decompressor for a layer media type; zstd needs a Node with zlib zstd (22.15+). */
function decompressorFor(mediaType) {
    if (/tar$/.test(mediaType) && !/gzip|zstd/.test(mediaType))
        return undefined;
    if (/gzip/.test(mediaType))
        return external_node_zlib_default().createGunzip();
    if (/zstd/.test(mediaType)) {
        const make = (external_node_zlib_default()).createZstdDecompress;
        if (!make)
            throw new errors/* UserError */.yo(`layer media type ${mediaType} needs zstd, which this Node lacks`, {
                hint: 'run on Node ≥ 22.15, or push the image with gzip layers'
            });
        return make();
    }
    throw new errors/* UserError */.yo(`unsupported layer media type ${mediaType}`, {
        hint: 'only tar, tar+gzip and tar+zstd layers can be delta-encoded'
    });
}
/**
 * Keeps the uncompressed layer tars, named by diff ID, that the classic store's
 * `docker save` holds: decompressing a registry blob reproduces those exact
 * bytes, checked against the config's diff ID before use.
 */
class LayerCache {
    dir;
    blobs;
    memberPaths = new Map();
    constructor(dir, blobs) {
        this.dir = dir;
        this.blobs = blobs;
    }
    /**
     * Member paths of a layer tar, read once per build, and kept in the store
     * (when it keeps records) under the tar's diff ID, so a later build of the
     * same layers does not parse the tars again.
     */
    members(tarPath) {
        let m = this.memberPaths.get(tarPath);
        if (!m) {
            m = this.storedMembers(tarPath);
            this.memberPaths.set(tarPath, m);
        }
        return m;
    }
    async storedMembers(tarPath) {
        // layer tars here and in the store are named by the sha256 of their bytes
        const id = /^([0-9a-f]{64})(?:\.tar)?$/.exec((0,external_node_path_.basename)(tarPath))?.[1];
        const { getResolved, putResolved } = this.blobs;
        if (!id || !getResolved || !putResolved)
            return tarMemberPaths(tarPath);
        const key = `layer-members/v1 sha256:${id}`;
        const kept = await getResolved.call(this.blobs, key).catch(() => undefined);
        if (kept && Array.isArray(kept.value))
            return new Map(kept.value);
        const members = await tarMemberPaths(tarPath);
        await putResolved.call(this.blobs, key, [...members]).catch(() => { });
        return members;
    }
    made = new Map();
    /** The uncompressed tar of `layer`; callers asking for one diff ID at once share one job. */
    uncompressed(layer, diffId) {
        let p = this.made.get(diffId);
        if (!p) {
            p = this.makeUncompressed(layer, diffId);
            this.made.set(diffId, p);
            p.catch(() => this.made.delete(diffId));
        }
        return p;
    }
    async makeUncompressed(layer, diffId) {
        // the content store (issue 5) may already hold it, verified against the diff ID
        if (this.blobs.hasLayerTar && this.blobs.layerTarPath && (await this.blobs.hasLayerTar(diffId)))
            return this.blobs.layerTarPath(diffId);
        const out = (0,external_node_path_.join)(this.dir, digestHex(diffId));
        if (await exists(out))
            return out;
        await (0,promises_.mkdir)(this.dir, { recursive: true });
        const tmp = `${out}.${process.pid}.tmp`;
        const hash = (0,external_node_crypto_.createHash)('sha256');
        const tee = new external_node_stream_.Transform({
            transform(chunk, _enc, cb) {
                hash.update(chunk);
                cb(null, chunk);
            }
        });
        const decompress = decompressorFor(layer.mediaType);
        const src = (0,external_node_fs_.createReadStream)(this.blobs.blobPath(layer.digest));
        try {
            if (decompress)
                await (0,external_node_stream_promises_.pipeline)(src, decompress, tee, (0,external_node_fs_.createWriteStream)(tmp));
            else
                await (0,external_node_stream_promises_.pipeline)(src, tee, (0,external_node_fs_.createWriteStream)(tmp));
        }
        catch (err) {
            await (0,promises_.rm)(tmp, { force: true });
            throw new errors/* UserError */.yo(`layer ${layer.digest} could not be decompressed`, { cause: err });
        }
        const got = `sha256:${hash.digest('hex')}`;
        if (got !== diffId) {
            await (0,promises_.rm)(tmp, { force: true });
            throw new errors/* UserError */.yo(`layer ${layer.digest} decompresses to ${got}, but the image config says ${diffId}`, { hint: 'the stored blob or config is corrupt; clear the cache and pull again' });
        }
        await (0,promises_.rename)(tmp, out);
        return out;
    }
}
async function exists(path) {
    return (0,promises_.stat)(path).then(() => true, () => false);
}


// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/payload/manifests.ts




/**
 * The files the device needs to run the composition, relative to the project
 * folder: the compose files, `.env`, and the files they reference
 * (`env_file`, `configs.*.file`, `secrets.*.file`, `extends.file`). A file
 * outside the project folder would not exist on the device, so it is refused.
 */
async function manifestFiles(options) {
    const root = (0,external_node_path_.resolve)(options.projectDirectory);
    const found = new Set();
    const add = async (file, from) => {
        const abs = (0,external_node_path_.resolve)(root, file);
        const rel = (0,external_node_path_.relative)(root, abs);
        if (rel === '' || rel.startsWith(`..${external_node_path_.sep}`) || rel === '..' || (0,external_node_path_.isAbsolute)(rel))
            throw new errors/* UserError */.yo(`${from} refers to ${file}, which is outside the project folder ${root}`, { hint: 'move the file into the project folder: only that folder is shipped to the device' });
        const st = await (0,promises_.stat)(abs).catch(() => undefined);
        if (!st?.isFile())
            throw new errors/* UserError */.yo(`${from} refers to ${file}, which does not exist or is not a file`);
        found.add(rel.split(external_node_path_.sep).join('/'));
        return abs;
    };
    const queue = options.composeFiles.map((file) => ({
        file,
        from: 'the compose file list'
    }));
    const done = new Set();
    while (queue.length > 0) {
        const { file, from } = queue.shift();
        const abs = await add(file, from);
        if (done.has(abs))
            continue;
        done.add(abs);
        for (const ref of referencedFiles(await (0,promises_.readFile)(abs, 'utf8'), abs)) {
            const base = (0,external_node_path_.resolve)(abs, '..');
            const target = (0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(base, ref.path));
            if (ref.compose)
                queue.push({ file: target, from: `${abs} (${ref.where})` });
            else
                await add(target, `${abs} (${ref.where})`);
        }
    }
    const dotEnv = (0,external_node_path_.join)(root, '.env');
    if (await (0,promises_.stat)(dotEnv).then((s) => s.isFile(), () => false))
        found.add('.env');
    return [...found].sort();
}
/** The file references in one compose document. */
function referencedFiles(text, file) {
    let doc;
    try {
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (err) {
        throw new errors/* UserError */.yo(`${file} is not valid YAML: ${err.message}`);
    }
    const refs = [];
    const obj = (v) => v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    for (const [name, svc] of Object.entries(obj(obj(doc).services))) {
        const s = obj(svc);
        const envFiles = Array.isArray(s.env_file) ? s.env_file : s.env_file ? [s.env_file] : [];
        for (const e of envFiles) {
            const path = typeof e === 'string' ? e : obj(e).path;
            const required = typeof e === 'string' || obj(e).required !== false;
            if (typeof path === 'string' && required)
                refs.push({ path, where: `services.${name}.env_file`, compose: false });
        }
        const ext = obj(s.extends).file;
        if (typeof ext === 'string')
            refs.push({ path: ext, where: `services.${name}.extends`, compose: true });
    }
    for (const kind of ['configs', 'secrets'])
        for (const [name, def] of Object.entries(obj(obj(doc)[kind]))) {
            const path = obj(def).file;
            if (typeof path === 'string')
                refs.push({ path, where: `${kind}.${name}.file`, compose: false });
        }
    return refs;
}
/** Tar members `manifests/…` for the files, with their folders first. */
function manifestEntries(projectDirectory, files) {
    const dirs = new Set(['manifests/']);
    for (const f of files) {
        const parts = f.split('/').slice(0, -1);
        for (let i = 1; i <= parts.length; i++)
            dirs.add(`manifests/${parts.slice(0, i).join('/')}/`);
    }
    return [
        ...[...dirs].sort().map((name) => ({ name, type: 'directory' })),
        ...files.map((f) => ({
            name: `manifests/${f}`,
            type: 'file',
            path: (0,external_node_path_.join)(projectDirectory, f)
        }))
    ];
}

// EXTERNAL MODULE: ./src/oci/reference.ts
var oci_reference = __webpack_require__(2148);
;// CONCATENATED MODULE: ./src/payload/device-references.ts


/**
 * Why the device could not find a loaded image by `reference`, or undefined.
 *
 * Both modules install images with `docker image load` and then run
 * `docker compose up`, which uses a local image only when the daemon resolves
 * the service's `image:` to it. `docker load` records the archive's RepoTags,
 * never a digest (RepoDigests come only from `docker pull`), and Docker
 * resolves a reference that carries a digest by that digest alone, ignoring
 * any tag (moby's reference store: "only lookup by digest as it takes
 * precedence over tag"). So `name@sha256:…` or `name:tag@sha256:…` is not
 * found after the install: compose pulls it (a device without registry
 * access fails the deployment) and the next release's deep delta cannot
 * `docker image save` it.
 */
function deviceReferenceProblem(reference) {
    const { digest } = (0,oci_reference/* parseReference */.F2)(reference, { defaultTag: false });
    if (digest === undefined)
        return undefined;
    return ('is pinned by digest; docker load on the device records tags only, never digests, so ' +
        'docker compose would not find the loaded image and would pull it from the registry ' +
        '(failing without registry access), and the next release could not delta against it');
}
/** Throws a UserError naming every service whose image the device could not resolve after loading. */
function checkDeviceReferences(services) {
    const bad = services.flatMap((s) => {
        const problem = deviceReferenceProblem(s.reference);
        return problem
            ? [`${s.name ? `service "${s.name}": ` : ''}image "${s.reference}" ${problem}`]
            : [];
    });
    if (bad.length === 0)
        return;
    throw new errors/* UserError */.yo(bad.join('\n'), {
        hint: 'write the image with a release tag in the compose file (name:tag, no @sha256:…): the ' +
            'artifact carries exactly the image resolved at build time, so the tag pins what the ' +
            'device runs as a digest would'
    });
}

;// CONCATENATED MODULE: ./src/payload/provides.ts

function softwareProvides(options) {
    const fs = options.filesystem ?? 'rootfs-image';
    const versionKey = `${fs}.${options.name}.version`;
    return {
        provides: { [versionKey]: options.version },
        // The docker-compose generator clears "*mender-docker-compose_*": `_`
        // where the key has `.`, so it never matches; ours matches the key's own prefix.
        clearsProvides: [`${fs}.${options.name}.*`],
        versionKey
    };
}
/** App names go into file paths and provides keys (app-gen's own rule). */
function checkAppName(name, what) {
    if (!/^[a-zA-Z0-9_-]+$/.test(name))
        throw new errors/* UserError */.yo(`${what} "${name}" may only hold letters, digits, "_" and "-"`);
}

// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/util/atomic.ts
var atomic = __webpack_require__(4535);
;// CONCATENATED MODULE: ./src/payload/tar-write.ts






/** Fixed owner and time so the same inputs give the same payload bytes. */
const MTIME = new Date(0);
/**
 * Writes `entries` in order as a tar (gzip when asked), streaming file entries
 * from disk so GB layers never sit in memory, to a temp sibling renamed on success.
 */
async function writeTar(outPath, entries, options = {}) {
    await (0,atomic/* writeAtomically */.vK)(outPath, async (tmp) => {
        const pack = tar_stream.pack();
        const out = (0,external_node_fs_.createWriteStream)(tmp);
        const done = options.gzip ? (0,external_node_stream_promises_.pipeline)(pack, (0,external_node_zlib_.createGzip)({ level: 6 }), out) : (0,external_node_stream_promises_.pipeline)(pack, out);
        try {
            for (const entry of entries)
                await addEntry(pack, entry);
            pack.finalize();
        }
        catch (err) {
            pack.destroy(err);
        }
        await done;
    });
}
const base = { mtime: MTIME, uid: 0, gid: 0, uname: 'root', gname: 'root' };
async function addEntry(pack, entry) {
    if (entry.type === 'directory') {
        await new Promise((resolve, reject) => pack.entry({ ...base, name: entry.name, type: 'directory', mode: 0o755 }, (err) => err ? reject(err) : resolve()));
        return;
    }
    if ('data' in entry) {
        const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : entry.data;
        await new Promise((resolve, reject) => pack.entry({ ...base, name: entry.name, mode: 0o644 }, Buffer.from(data), (err) => err ? reject(err) : resolve()));
        return;
    }
    const { size } = await (0,promises_.stat)(entry.path);
    const sink = pack.entry({ ...base, name: entry.name, mode: 0o644, size });
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(entry.path), sink);
}

;// CONCATENATED MODULE: ./src/payload/app-payload.ts











/**
 * Builds the App Update Module payload (app-update-module.md §4, §5): one
 * `images/<new id>/` directory per distinct new image with the url and sums
 * files and an `image.img` that is either a `docker save`-style archive or,
 * when the device has a current image, a deep delta against it. Unchanged
 * images become deep deltas of identical layers: config, manifest and a few
 * dozen bytes per layer.
 */
async function buildAppPayload(options) {
    checkAppName(options.applicationName, 'application name');
    checkDeviceReferences(options.services.map((s) => ({ name: s.name, reference: s.next.reference })));
    const store = options.deviceStore ?? 'classic';
    const deep = options.deepDelta ?? true;
    const cache = new LayerCache((0,external_node_path_.join)(options.workDir, 'layers'), options.blobs);
    const ctx = {
        store,
        blobs: options.blobs,
        cache,
        engine: options.engine,
        workDir: options.workDir,
        log: options.log
    };
    const byId = new Map();
    for (const svc of options.services) {
        const id = imageId(svc.next, store);
        const group = byId.get(id);
        if (group)
            group.services.push(svc);
        else
            byId.set(id, { services: [svc] });
    }
    const entries = [{ name: 'images/', type: 'directory' }];
    const reports = [];
    const allIds = new Set();
    // plan every image first, then encode all their layer pairs at once, so the
    // engine's pool runs the changed layers of different services side by side
    const groups = [...byId].map(([id, { services }]) => {
        const svc = services[0];
        const unchanged = svc.current !== undefined && imageId(svc.current, store) === id;
        return { id, services, svc, unchanged, current: deep || unchanged ? svc.current : undefined };
    });
    // planned side by side: reading the layers' member lists is I/O and tar parsing
    const works = await Promise.all(groups.map((g) => planDeepDeltaWork(g.svc.next, g.current, ctx)));
    const results = await encodeAll(options.engine, works.flatMap((w) => w.jobs.map((j) => j.job)));
    let taken = 0;
    for (const [k, { id, services, svc, unchanged, current }] of groups.entries()) {
        const work = works[k];
        const mine = results.slice(taken, (taken += work.jobs.length));
        if (svc.current && current)
            allIds.add(imageId(svc.current, store));
        allIds.add(id);
        const { layers, outcomes } = await finishDeepDelta(work, mine, ctx);
        const delta = outcomes.some((o) => o.choice !== 'full') && current !== undefined;
        const imgPath = (0,external_node_path_.join)(options.workDir, 'images', `${id}.img`);
        await writeTar(imgPath, imageArchiveEntries(svc.next, layers, store));
        const dir = `images/${id}/`;
        const currentId = delta ? imageId(current, store) : id;
        const currentRef = delta ? currentReference(current, svc.next, currentId) : svc.next.reference;
        entries.push({ name: dir, type: 'directory' }, { name: `${dir}url-new.txt`, type: 'file', data: `${svc.next.reference}\n` }, { name: `${dir}url-current.txt`, type: 'file', data: `${currentRef}\n` }, { name: `${dir}sums-new.txt`, type: 'file', data: `${id}\n` }, { name: `${dir}sums-current.txt`, type: 'file', data: `${currentId}\n` }, { name: `${dir}image.img`, type: 'file', path: imgPath });
        if (delta) {
            entries.push({ name: `${dir}deep_delta`, type: 'file', data: '' });
        }
        reports.push({
            id,
            services: services.map((s) => s.name),
            reference: svc.next.reference,
            mode: unchanged ? 'unchanged' : delta ? 'deep-delta' : 'full',
            layers: outcomes
        });
    }
    const imagesPath = (0,external_node_path_.join)(options.outDir, 'images.tar.gz');
    const manifestsPath = (0,external_node_path_.join)(options.outDir, 'manifests.tar.gz');
    try {
        await writeTar(imagesPath, entries, { gzip: true });
    }
    finally {
        await (0,promises_.rm)((0,external_node_path_.join)(options.workDir, 'images'), { recursive: true, force: true });
    }
    const files = await manifestFiles(options);
    await writeTar(manifestsPath, manifestEntries(options.projectDirectory, files), { gzip: true });
    const sw = softwareProvides({
        name: options.applicationName,
        version: options.softwareVersion ?? options.artifactName,
        filesystem: options.softwareFilesystem
    });
    const anyDelta = reports.some((r) => r.mode !== 'full');
    const metaData = {
        application_name: options.applicationName,
        images: [...allIds].sort(),
        orchestrator: 'docker-compose',
        platform: options.platform,
        version: '1.0'
    };
    options.log.info(`app payload: ${reports.length} image(s), images.tar.gz ${(await (0,promises_.stat)(imagesPath)).size} B`);
    return {
        type: 'app',
        files: [imagesPath, manifestsPath],
        metaData,
        provides: sw.provides,
        clearsProvides: sw.clearsProvides,
        depends: anyDelta && options.previousVersion ? { [sw.versionKey]: options.previousVersion } : {},
        images: reports
    };
}
/**
 * What the device passes to `docker image save` for the current image. The
 * device tells a delta from a full image only by url-current ≠ url-new, so
 * when both releases use the same reference (an unchanged service, or a moved
 * tag) the current image is named by its ID, which `docker image save` accepts;
 * so is a current image the previous release named by digest.
 */
function currentReference(current, next, currentId) {
    // a digest reference is not resolvable after `docker load` (device-references.ts);
    // an older release may still have used one
    return current.reference !== next.reference &&
        deviceReferenceProblem(current.reference) === undefined
        ? current.reference
        : `sha256:${currentId}`;
}

;// CONCATENATED MODULE: ./src/payload/compose-payload.ts









/** The archive name the generator gives an image: its reference with `/`, `:`, `@` as `_`. */
function archiveName(reference) {
    return `${reference.replace(/[/:@]/g, '_')}.tar`;
}
/**
 * Builds the payload of mender-container-modules' `docker-compose` module
 * (app-update-module.md §11): `images.tar.gz` with one docker-archive per
 * image (full images; the module has no deltas) and an uncompressed
 * `manifests.tar`.
 */
async function buildComposeModulePayload(options) {
    checkAppName(options.projectName, 'project name');
    checkDeviceReferences(options.images.map((i) => ({ reference: i.reference })));
    const cache = new LayerCache((0,external_node_path_.join)(options.workDir, 'layers'), options.blobs);
    const ctx = {
        store: 'classic',
        blobs: options.blobs,
        cache,
        engine: noDeltas,
        workDir: options.workDir,
        log: options.log
    };
    const entries = [{ name: 'images/', type: 'directory' }];
    const seen = new Set();
    for (const image of options.images) {
        const name = archiveName(image.reference);
        if (seen.has(name))
            continue;
        seen.add(name);
        const { layers } = await deepDeltaLayers(image, undefined, ctx);
        const path = (0,external_node_path_.join)(options.workDir, 'archives', name);
        await writeTar(path, imageArchiveEntries(image, layers, 'classic'));
        entries.push({ name: `images/${name}`, type: 'file', path });
    }
    const imagesPath = (0,external_node_path_.join)(options.outDir, 'images.tar.gz');
    const manifestsPath = (0,external_node_path_.join)(options.outDir, 'manifests.tar');
    try {
        await writeTar(imagesPath, entries, { gzip: true });
    }
    finally {
        await (0,promises_.rm)((0,external_node_path_.join)(options.workDir, 'archives'), { recursive: true, force: true });
    }
    const files = await manifestFiles(options);
    await writeTar(manifestsPath, manifestEntries(options.projectDirectory, files));
    const sw = softwareProvides({
        name: `mender-docker-compose.${options.projectName}`,
        version: options.softwareVersion ?? options.artifactName,
        filesystem: options.softwareFilesystem
    });
    return {
        type: 'docker-compose',
        files: [imagesPath, manifestsPath],
        metaData: { project_name: options.projectName, version: '1' },
        provides: sw.provides,
        clearsProvides: sw.clearsProvides,
        depends: {},
        images: []
    };
}
/** The docker-compose module installs full images only. */
const noDeltas = {
    encode: () => Promise.reject(new Error('the docker-compose module has no deltas')),
    decode: () => Promise.reject(new Error('the docker-compose module has no deltas'))
};

;// CONCATENATED MODULE: ./src/payload/from-store.ts

/**
 * A pulled image (issue 5's content store) as the payload builders take it:
 * the raw manifest and config bytes (their digests are the device's image IDs)
 * read back from the store, which verified them against their digests.
 */
async function payloadImageFromStore(resolved, store, reference = resolved.reference) {
    const read = async (digest, what) => {
        const bytes = await store.readBlob({ digest });
        if (!bytes)
            throw new errors/* UserError */.yo(`${resolved.reference}: the ${what} ${digest} is not in the content store`, {
                hint: 'pull the image into the store before building the payload'
            });
        return bytes;
    };
    return {
        reference,
        manifest: await read(resolved.manifestDigest, 'manifest'),
        manifestDigest: resolved.manifestDigest,
        config: await read(resolved.configDigest, 'config'),
        configDigest: resolved.configDigest,
        layers: resolved.layers.map((l) => ({
            digest: l.digest,
            size: l.size,
            mediaType: l.mediaType
        })),
        diffIds: resolved.diffIds
    };
}
/** The `mender-artifact write module-image` options (issue 3's writer) for a module payload. */
function moduleImageOptions(payload, options) {
    return {
        type: payload.type,
        name: options.name,
        deviceTypes: options.deviceTypes,
        files: payload.files,
        metaData: payload.metaData,
        provides: payload.provides,
        depends: payload.depends,
        clearsProvides: payload.clearsProvides,
        noDefaultSoftwareVersion: true,
        noDefaultClearsProvides: true,
        // images are compressed already and the payload files are gzip (app-gen's `be0a3bf`)
        compression: 'none'
    };
}

;// CONCATENATED MODULE: ./src/payload/index.ts










;// CONCATENATED MODULE: ./src/pipeline/real/run-state.ts
/**
 * State one run shares between stages: the base image chosen per platform and
 * service in plan, the resolved images fetched, and the payload built.
 */
class RunState {
    log;
    opts;
    bases = new Map();
    fetched = new Map();
    payloads = new Map();
    /** What plan chose the bases from, so fetch can choose again after the cache restore. */
    baseInputs;
    /** Platforms whose bases came from a recorded release (not a tag resolved now). */
    recordUsed = new Set();
    constructor(log, opts) {
        this.log = log;
        this.opts = opts;
    }
    source(reference) {
        return this.opts.sourceFor?.(reference) ?? reference;
    }
    static key(platform, service) {
        return `${platform}\u0000${service}`;
    }
}

// EXTERNAL MODULE: ./src/delta/vcdiff/code-table.ts
var code_table = __webpack_require__(2931);
// EXTERNAL MODULE: ./src/delta/vcdiff/varint.ts
var varint = __webpack_require__(689);
;// CONCATENATED MODULE: ./src/pipeline/delta-cache/copy-delta.ts




/**
 * The VCDIFF (RFC 3284) of a file against itself: one window per 8 MiB of
 * source, each a single COPY of its whole source segment. It needs only the
 * size: no encoder reads 2 × the layer to find what a diff ID already says
 * (the two layers are the same bytes), and it decodes with any decoder (our
 * native one, the device's xdelta3) to exactly the source.
 */
function copyDelta(size, windowSize = format/* WINDOW_SIZE */.DK) {
    const code = (0,code_table/* singleCode */.w3)(code_table/* COPY */.sF, 0); // COPY, size follows, mode VCD_SELF: address 0 = segment start
    const windows = [Uint8Array.from([...format/* MAGIC */.mS, 0])];
    // An empty file: one empty window (decoders expect at least one), as xdelta3 writes it.
    if (size === 0)
        windows.push(Uint8Array.from([0, 5, 0, 0, 0, 0, 0]));
    for (let pos = 0; pos < size; pos += windowSize) {
        const len = Math.min(windowSize, size - pos);
        const inst = 1 + (0,varint/* varintLength */.jE)(len);
        const body = [len, 0, 0, inst, 1]; // target length, indicator, data, instructions, addresses
        const encodingLength = (0,varint/* varintLength */.jE)(len) + 1 + (0,varint/* varintLength */.jE)(0) + (0,varint/* varintLength */.jE)(inst) + (0,varint/* varintLength */.jE)(1) + inst + 1;
        const out = new Uint8Array(1 + (0,varint/* varintLength */.jE)(len) + (0,varint/* varintLength */.jE)(pos) + (0,varint/* varintLength */.jE)(encodingLength) + encodingLength);
        let p = 0;
        out[p++] = format/* VCD_SOURCE */.kS;
        p = (0,varint/* writeVarint */.uD)(out, p, len);
        p = (0,varint/* writeVarint */.uD)(out, p, pos);
        p = (0,varint/* writeVarint */.uD)(out, p, encodingLength);
        p = (0,varint/* writeVarint */.uD)(out, p, body[0]);
        out[p++] = body[1]; // Delta_Indicator: nothing compressed
        for (const v of body.slice(2))
            p = (0,varint/* writeVarint */.uD)(out, p, v);
        out[p++] = code;
        p = (0,varint/* writeVarint */.uD)(out, p, len);
        p = (0,varint/* writeVarint */.uD)(out, p, 0); // the address: the start of the source segment
        if (p !== out.length)
            throw new Error(`copy delta window: wrote ${p} of ${out.length} bytes`);
        windows.push(out);
    }
    const total = windows.reduce((n, w) => n + w.length, 0);
    const delta = new Uint8Array(total);
    let at = 0;
    for (const w of windows) {
        delta.set(w, at);
        at += w.length;
    }
    return delta;
}
async function writeCopyDelta(size, outputPath) {
    const delta = copyDelta(size);
    await (0,promises_.writeFile)(outputPath, delta);
    return delta.length;
}

;// CONCATENATED MODULE: ./src/pipeline/delta-cache/cached-engine.ts





/** `sha256:<hex>` when the file is named by the sha256 of its bytes (store and layer-cache names). */
function contentIdOf(path) {
    const m = /^([0-9a-f]{64})(?:\.tar)?$/.exec((0,external_node_path_.basename)(path));
    return m ? `sha256:${m[1]}` : undefined;
}
function deltaCacheKey(source, target, engineId) {
    return `delta-cache/v1 ${source} ${target} ${engineId}`;
}
function cachedDeltaEngine(inner, opts) {
    const { store, engineId, log } = opts;
    const stats = { hits: 0, encoded: 0, identical: 0, uncached: 0 };
    /** Delta path → the target file it was checked to decode to. */
    const checked = new Map();
    async function fromCache(key, job) {
        const got = await store.getResolved(key);
        const e = got?.value;
        if (!e || e.engine !== engineId)
            return undefined;
        if (!(await store.hasBlob({ digest: e.delta, size: e.size })))
            return undefined;
        await (0,promises_.copyFile)(store.blobPath(e.delta), job.outputPath);
        const copy = await (0,oci_store/* hashFile */.DC)(job.outputPath);
        if (copy.digest !== e.delta || copy.size !== e.size) {
            log.warn(`delta cache: the copy of ${e.delta} does not match its digest; encoding again`);
            await (0,promises_.rm)(job.outputPath, { force: true });
            return undefined;
        }
        checked.set(job.outputPath, job.targetPath);
        return { size: e.size, ...(e.gzipSize !== undefined ? { gzipSize: e.gzipSize } : {}) };
    }
    /** Decodes a fresh delta once and keeps it only if it gives the target's bytes. */
    async function checkAndKeep(key, ids, job, r) {
        const check = `${job.outputPath}.cache-check`;
        try {
            // the engine may have decoded it already (the pool does, on the worker that encoded it)
            if (r.decodedDigest === undefined)
                await inner.decode({
                    sourcePath: job.sourcePath,
                    deltaPath: job.outputPath,
                    outputPath: check
                });
            const decoded = r.decodedDigest ?? (await (0,oci_store/* hashFile */.DC)(check)).digest;
            if (decoded !== ids.target) {
                log.warn(`delta cache: the delta of ${ids.target} does not decode to it; not cached`);
                return;
            }
            checked.set(job.outputPath, job.targetPath);
            const { digest, size } = await (0,oci_store/* hashFile */.DC)(job.outputPath);
            await store.ensureBlob({ digest, size }, async (partial) => {
                await (0,promises_.copyFile)(job.outputPath, partial);
                return (await (0,oci_store/* hashFile */.DC)(partial)).digest;
            });
            const entry = {
                ...ids,
                engine: engineId,
                delta: digest,
                size,
                ...(r.gzipSize !== undefined ? { gzipSize: r.gzipSize } : {})
            };
            await store.putResolved(key, entry);
        }
        catch (err) {
            // The payload's own check reports a bad delta; the cache only stays out of it.
            log.debug(`delta cache: not caching the delta of ${ids.target}: ${err.message}`);
        }
        finally {
            await (0,promises_.rm)(check, { force: true });
        }
    }
    async function encodeMany(jobs) {
        const out = new Array(jobs.length);
        const misses = [];
        for (const [i, job] of jobs.entries()) {
            checked.delete(job.outputPath);
            const source = contentIdOf(job.sourcePath);
            const target = contentIdOf(job.targetPath);
            if (!source || !target) {
                stats.uncached++;
                misses.push({ i });
            }
            else if (source === target) {
                stats.identical++;
                checked.set(job.outputPath, job.targetPath);
                const size = (await (0,promises_.stat)(job.sourcePath)).size;
                out[i] = { size: await writeCopyDelta(size, job.outputPath) };
            }
            else {
                const key = deltaCacheKey(source, target, engineId);
                out[i] = await fromCache(key, job);
                if (out[i])
                    stats.hits++;
                else
                    misses.push({ i, key, ids: { source, target } });
            }
        }
        // The same pair twice in one payload (two images sharing a changed layer): encode it once.
        const first = new Map();
        const toEncode = misses.filter((m) => {
            if (!m.key)
                return true;
            if (first.has(m.key))
                return false;
            first.set(m.key, m.i);
            return true;
        });
        const jobsToEncode = toEncode.map((m) => jobs[m.i]);
        const results = await encodeAll(inner, jobsToEncode);
        for (const [k, m] of toEncode.entries()) {
            out[m.i] = results[k];
            if (m.key && m.ids) {
                stats.encoded++;
                await checkAndKeep(m.key, m.ids, jobs[m.i], results[k]);
            }
        }
        for (const m of misses)
            if (!out[m.i]) {
                const again = m.key ? await fromCache(m.key, jobs[m.i]) : undefined;
                if (again)
                    stats.hits++;
                out[m.i] = again ?? (await inner.encode(jobs[m.i]));
            }
        return out;
    }
    return {
        stats,
        encodeMany,
        async holds(source, target) {
            const e = (await store.getResolved(deltaCacheKey(source, target, engineId)))?.value;
            return e?.engine === engineId && (await store.hasBlob({ digest: e.delta, size: e.size }));
        },
        encode: async (job) => (await encodeMany([job]))[0],
        checked: (deltaPath, targetDigest) => {
            const target = checked.get(deltaPath);
            return target !== undefined && contentIdOf(target) === targetDigest;
        },
        async decode(job) {
            const target = checked.get(job.deltaPath);
            if (!target)
                return inner.decode(job);
            // Checked already: its decoding is the target file, held by the store under its ID.
            await (0,promises_.rm)(job.outputPath, { force: true });
            await (0,promises_.link)(target, job.outputPath).catch(() => (0,promises_.copyFile)(target, job.outputPath));
        }
    };
}

// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/pipeline/real/delta.ts









/** The encoder and its settings, as the delta cache keys them. */
function engineId(encoder) {
    const name = encoder === 'native' ? 'native (dense index)' : encoder;
    return `${name}, mender-compose ${version/* VERSION */.x}`;
}
/**
 * The user's `delta-encoder`. `native` (the default) depends on nothing
 * installed on the runner, so the same inputs give the same artifact
 * everywhere; `best` and `lzma` need the xdelta3 binary.
 */
function encoderEngine(encoder, state) {
    const concurrency = state.opts.deltaConcurrency;
    const opts = { log: state.log, ...(concurrency ? { concurrency } : {}) };
    if (encoder === 'best')
        return portableDeltaEngine(opts);
    if (encoder === 'lzma')
        return lzmaDeltaEngine(undefined, concurrency);
    return poolDeltaEngine(opts);
}
const MODE = { same: 'reused', similar: 'delta', full: 'full' };
/**
 * delta: issue 6's payload builder (App Update Module deep deltas, or the
 * docker-compose module's full images) over the images fetched for one
 * platform.
 */
function deltaStage(state) {
    return async ({ options, plan, target }) => {
        const store = await oci/* ContentStore */.Vh.open(options.cacheDir, { log: state.log });
        const suffix = target.platform.replace(/\//g, '-');
        const outDir = (0,external_node_path_.join)(options.outputDir, `.payload-${options.artifactName}-${suffix}`);
        const workDir = (0,external_node_path_.join)(options.cacheDir, 'tmp', `work-${process.pid}-${suffix}`);
        await (0,promises_.rm)(outDir, { recursive: true, force: true });
        await (0,promises_.mkdir)(outDir, { recursive: true });
        const engine = cachedDeltaEngine(encoderEngine(options.deltaEncoder, state), {
            store,
            engineId: engineId(options.deltaEncoder),
            log: state.log
        });
        // the pool's workers start while the layers are planned (~100 ms each otherwise), as
        // many as there are likely pairs not in the delta cache: none on a warm build
        if (options.deltaEncoder === 'native' &&
            options.module !== 'docker-compose' &&
            options.delta === 'deep') {
            let missing = 0;
            for (const svc of plan.services) {
                const got = state.fetched.get(RunState.key(target.platform, svc.name));
                for (const [source, next] of likelyPairs(got?.next, got?.current))
                    if (!(await engine.holds(source, next)))
                        missing++;
            }
            if (missing > 0)
                prewarmWorkers(Math.min(missing, state.opts.deltaConcurrency ?? (0,external_node_os_.availableParallelism)()));
        }
        const services = [];
        for (const svc of plan.services) {
            const got = state.fetched.get(RunState.key(target.platform, svc.name));
            if (!got)
                throw new Error(`service ${svc.name} was not fetched for ${target.platform}`);
            const next = await payloadImageFromStore(got.next, store, svc.image.reference);
            const base = state.bases.get(RunState.key(target.platform, svc.name));
            const current = got.current && base?.reference
                ? await payloadImageFromStore(got.current, store, base.reference)
                : undefined;
            services.push({ name: svc.name, next, ...(current ? { current } : {}) });
        }
        try {
            const payload = options.module === 'docker-compose'
                ? await buildComposeModulePayload({
                    projectName: options.applicationName,
                    artifactName: options.artifactName,
                    softwareFilesystem: options.softwareFilesystem,
                    images: services.map((s) => s.next),
                    projectDirectory: options.projectDirectory,
                    composeFiles: options.composeFiles,
                    blobs: store,
                    outDir,
                    workDir,
                    log: state.log
                })
                : await buildAppPayload({
                    applicationName: options.applicationName,
                    platform: target.platform,
                    artifactName: options.artifactName,
                    softwareFilesystem: options.softwareFilesystem,
                    ...(plan.previous?.artifactName
                        ? { previousVersion: plan.previous.artifactName }
                        : {}),
                    services,
                    projectDirectory: options.projectDirectory,
                    composeFiles: options.composeFiles,
                    deepDelta: options.delta === 'deep',
                    deviceStore: options.deviceImageStore,
                    blobs: store,
                    engine,
                    outDir,
                    workDir,
                    log: state.log
                });
            const s = engine.stats;
            if (s.hits + s.encoded + s.identical)
                state.log.info(`${target.platform}: ${s.encoded} deltas encoded, ${s.hits} from the delta cache, ${s.identical} of unchanged layers (nothing to encode)`);
            state.payloads.set(target.platform, payload);
            return {
                platform: target.platform,
                services: options.module === 'docker-compose'
                    ? services.map((s) => fullService(s))
                    : servicePayloads(payload.images),
                payloadDir: outDir,
                deltasEncoded: engine.stats.encoded,
                deltasFromCache: engine.stats.hits
            };
        }
        finally {
            await (0,promises_.rm)(workDir, { recursive: true, force: true });
        }
    };
}
/**
 * The layer pairs (current diff ID, new diff ID) a delta of `next` against
 * `current` most likely encodes: a layer changed in place (another diff ID at
 * the same index, not one `current` has anywhere, which ships as a copy). The
 * planner pairs by content; this only sizes the workers started ahead.
 */
function likelyPairs(next, current) {
    if (!next || !current || current.manifestDigest === next.manifestDigest)
        return [];
    const had = new Set(current.diffIds);
    return next.diffIds.flatMap((id, i) => i < current.diffIds.length && !had.has(id) ? [[current.diffIds[i], id]] : []);
}
/** Per service, how its layers travel; an image shared by services is counted on the first. */
function servicePayloads(images) {
    const out = [];
    for (const img of images)
        for (const [i, name] of img.services.entries()) {
            const layers = img.layers.map((l) => ({
                digest: l.digest,
                mode: i === 0 ? (MODE[l.choice] ?? 'full') : 'reused',
                fullBytes: l.fullSize,
                shippedBytes: i === 0 ? l.shippedSize : 0
            }));
            out.push({
                name,
                layers,
                fullBytes: layers.reduce((n, l) => n + l.fullBytes, 0),
                shippedBytes: layers.reduce((n, l) => n + l.shippedBytes, 0)
            });
        }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}
/** The docker-compose module ships every layer in full. */
function fullService(s) {
    const layers = s.next.layers.map((l) => ({
        digest: l.digest,
        mode: 'full',
        fullBytes: l.size,
        shippedBytes: l.size
    }));
    const bytes = layers.reduce((n, l) => n + l.fullBytes, 0);
    return { name: s.name, layers, fullBytes: bytes, shippedBytes: bytes };
}

// EXTERNAL MODULE: ./src/compose/load.ts + 7 modules
var load = __webpack_require__(6647);
// EXTERNAL MODULE: ./src/compose/source.ts
var source = __webpack_require__(9235);
// EXTERNAL MODULE: ./src/compose/interpolate.ts
var interpolate = __webpack_require__(9307);
// EXTERNAL MODULE: ./src/compose/dotenv.ts
var dotenv = __webpack_require__(5508);
// EXTERNAL MODULE: ./src/compose/reference.ts
var reference = __webpack_require__(7709);
;// CONCATENATED MODULE: ./src/compose/index.ts
/** Compose files without Docker: loading, merging, interpolation, image references. */






;// CONCATENATED MODULE: ./src/github/base-images.ts


/**
 * Chooses the delta base of every service from the most exact source
 * available: metadata recorded when the previous artifact was built (what the
 * devices really run, even if a tag moved since), then references pinned by
 * digest in the previous compose file, then the previous tags resolved now
 * (with a warning, as a moved tag makes a wrong base).
 */
async function chooseBaseImages(inputs) {
    const { log } = inputs;
    const recorded = await firstMetadata(inputs);
    const bases = [];
    for (const svc of inputs.services) {
        const platform = svc.platform ?? inputs.platform;
        const base = recorded
            ? fromMetadata(svc, platform, recorded.meta, recorded.source)
            : await fromPreviousCompose(svc, platform, inputs);
        bases.push(base);
        const what = base.manifestDigest
            ? `${base.manifestDigest} (${base.reference}), ${base.reason}`
            : `none, full image: ${base.reason}`;
        log.info(`base image for service "${svc.name}": ${what}`);
    }
    return bases;
}
async function firstMetadata(inputs) {
    const tries = [
        ['mender-metadata', 'the previous artifact on the Mender server', inputs.menderMetadata],
        ['cache-metadata', 'the cache', inputs.cacheMetadata]
    ];
    for (const [source, label, lookup] of tries) {
        if (!lookup)
            continue;
        let meta;
        try {
            meta = await lookup();
        }
        catch (err) {
            inputs.log.warn(`could not read the previous release's metadata from ${label}: ${(0,errors/* describeError */.Uc)(err)}`);
            continue;
        }
        if (!meta) {
            inputs.log.debug(`no previous release metadata in ${label}`);
            continue;
        }
        if (meta.application !== inputs.application) {
            inputs.log.warn(`metadata from ${label} is for application "${meta.application}", not "${inputs.application}"; ignoring it`);
            continue;
        }
        inputs.log.info(`previous release metadata from ${label}${meta.artifactName ? ` (artifact ${meta.artifactName})` : ''}`);
        return { meta, source };
    }
    return undefined;
}
function noBase(svc, reason) {
    return { service: svc.name, source: 'none', reason };
}
function fromMetadata(svc, platform, meta, source) {
    const rec = meta.services.find((s) => s.service === svc.name);
    if (!rec)
        return noBase(svc, 'a new service (not in the previous artifact)');
    const recPlatform = rec.platform ?? meta.platform;
    if (recPlatform !== platform)
        return noBase(svc, `the previous artifact carried ${recPlatform}, this one ${platform}`);
    const label = source === 'mender-metadata'
        ? 'previous artifact metadata on the Mender server'
        : 'previous artifact metadata from the cache';
    return {
        service: svc.name,
        source,
        reason: `from the ${label}`,
        reference: rec.reference,
        manifestDigest: rec.manifestDigest,
        configDigest: rec.configDigest,
        diffIds: rec.diffIds
    };
}
async function fromPreviousCompose(svc, platform, inputs) {
    if (!inputs.previousServices)
        return noBase(svc, 'no previous release');
    const old = inputs.previousServices.find((s) => s.name === svc.name);
    if (!old)
        return noBase(svc, 'a new service (not in the previous compose file)');
    const oldPlatform = old.platform ?? inputs.platform;
    if (oldPlatform !== platform)
        return noBase(svc, `the platform changed from ${oldPlatform}`);
    const pinned = (0,reference/* isDigestPinned */.H_)(old.image);
    if (!pinned)
        inputs.log.warn(`service "${svc.name}": no metadata of the previous artifact, so its base is the old tag "${old.image}" resolved now; if that tag moved since the release, the delta is computed against the wrong image and devices will refuse it`, { file: old.file, ...(old.line && { line: old.line }), title: 'Delta base from a tag' });
    try {
        const r = await inputs.resolver.resolve(old.image, platform);
        return {
            service: svc.name,
            source: pinned ? 'pinned-reference' : 'resolved-tag',
            reason: pinned
                ? 'the digest pinned in the previous compose file'
                : "the previous compose file's tag, resolved now",
            reference: old.image,
            manifestDigest: r.manifestDigest,
            configDigest: r.configDigest,
            diffIds: r.diffIds
        };
    }
    catch (err) {
        inputs.log.warn(`service "${svc.name}": cannot resolve the previous image "${old.image}": ${(0,errors/* describeError */.Uc)(err)}`);
        return noBase(svc, `the previous image "${old.image}" cannot be resolved`);
    }
}

// EXTERNAL MODULE: ./src/mender/index.ts + 13 modules
var mender = __webpack_require__(1351);
;// CONCATENATED MODULE: ./src/pipeline/metadata.ts



const METADATA_FORMAT_VERSION = 1;
const META_DATA_KEY = 'mender_compose';
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Checks an untrusted value (a file, the server, an artifact) and returns it typed. */
function parseArtifactMetadata(value, where) {
    const bad = (what) => {
        throw new errors/* UserError */.yo(`${where}: invalid mender-compose metadata: ${what}`, {
            hint: 'the file was not written by mender-compose, or by an incompatible version'
        });
    };
    if (!isObject(value))
        return bad('not a JSON object');
    if (value.formatVersion !== METADATA_FORMAT_VERSION)
        return bad(`format version ${String(value.formatVersion)} (this version reads ${METADATA_FORMAT_VERSION})`);
    if (typeof value.application !== 'string' || !value.application)
        return bad('no application');
    if (typeof value.platform !== 'string' || !value.platform)
        return bad('no platform');
    if (value.artifactName !== undefined && typeof value.artifactName !== 'string')
        return bad('artifactName is not a string');
    if (!Array.isArray(value.services))
        return bad('services is not a list');
    const services = value.services.map((s, i) => {
        const at = `services[${i}]`;
        if (!isObject(s))
            return bad(`${at} is not an object`);
        if (typeof s.service !== 'string' || !s.service)
            return bad(`${at}.service missing`);
        if (typeof s.reference !== 'string' || !s.reference)
            return bad(`${at}.reference missing`);
        if (s.platform !== undefined && typeof s.platform !== 'string')
            return bad(`${at}.platform`);
        for (const k of ['manifestDigest', 'configDigest'])
            if (typeof s[k] !== 'string' || !DIGEST.test(s[k]))
                return bad(`${at}.${k} is not a sha256 digest`);
        if (!Array.isArray(s.diffIds) ||
            !s.diffIds.every((d) => typeof d === 'string' && DIGEST.test(d)))
            return bad(`${at}.diffIds is not a list of sha256 digests`);
        return {
            service: s.service,
            reference: s.reference,
            ...(typeof s.platform === 'string' && { platform: s.platform }),
            manifestDigest: s.manifestDigest,
            configDigest: s.configDigest,
            diffIds: s.diffIds
        };
    });
    const names = new Set(services.map((s) => s.service));
    if (names.size !== services.length)
        return bad('a service is listed twice');
    return {
        formatVersion: METADATA_FORMAT_VERSION,
        application: value.application,
        platform: value.platform,
        ...(typeof value.artifactName === 'string' && { artifactName: value.artifactName }),
        services
    };
}
/** Stable JSON: services sorted by name so two runs over the same inputs write the same bytes. */
function metadataToJson(meta) {
    const sorted = { ...meta, services: [...meta.services].sort((a, b) => cmp(a.service, b.service)) };
    return `${JSON.stringify(sorted, null, 2)}\n`;
}
async function writeMetadataFile(path, meta) {
    await (0,atomic/* writeFileAtomic */.Zf)(path, metadataToJson(parseArtifactMetadata(meta, path)));
}
async function readMetadataFile(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new errors/* UserError */.yo(`cannot read ${path}: ${err.message}`, { cause: err });
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (err) {
        throw new errors/* UserError */.yo(`${path}: not JSON: ${err.message}`, { cause: err });
    }
    return parseArtifactMetadata(value, path);
}
/** The update module's meta-data object with our record added (a copy; other keys kept). */
function embedInMetaData(metaData, meta) {
    // As a JSON string: mender-artifact refuses lists of objects in meta-data
    // ("List cannot contain JSON object or list"), and `services` is one.
    return { ...metaData, [META_DATA_KEY]: JSON.stringify(JSON.parse(metadataToJson(meta))) };
}
/**
 * Our record from an artifact's meta-data: an object, or the list of
 * per-payload objects a reader may return. Undefined when the artifact was
 * not written by mender-compose (app-gen's artifacts have no such key).
 */
function extractFromMetaData(metaData, where) {
    const candidates = Array.isArray(metaData) ? metaData : [metaData];
    for (const c of candidates)
        if (isObject(c) && c[META_DATA_KEY] !== undefined)
            return parseArtifactMetadata(fromString(c[META_DATA_KEY], where), `${where} (meta-data)`);
    return undefined;
}
/**
 * Our record from an artifact as the Mender server lists it (deployments
 * `ArtifactV1/V2`): each entry of `updates[]` carries its payload's
 * `meta_data`, so no download is needed. Undefined when absent.
 */
function extractFromServerArtifact(artifact) {
    // deployments' Update.MetaData is `interface{}`; the GUI's OpenAPI types call it an
    // array of objects. Accept either shape.
    const metaData = (artifact.updates ?? []).flatMap((u) => {
        const md = u.meta_data;
        return Array.isArray(md) ? md : [md];
    });
    return extractFromMetaData(metaData, `Mender artifact ${artifact.name ?? '(unnamed)'}`);
}
async function readMetadataFromArtifact(path, readArtifact) {
    const artifact = await readArtifact(path);
    return extractFromMetaData(artifact.metaData, path);
}
/** The record is stored as a JSON string (see embedInMetaData); an object is read too. */
function fromString(v, where) {
    if (typeof v !== 'string')
        return v;
    try {
        return JSON.parse(v);
    }
    catch (err) {
        throw new errors/* UserError */.yo(`${where} (meta-data): ${META_DATA_KEY} is not JSON: ${err.message}`);
    }
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Lookup (1) of the digest-source chain: the record of the previous artifact
 * on the Mender server, found by its exact name (issue 8's
 * `MenderClient.findArtifacts`). Several artifacts may share a name (one per
 * platform / device type); the one recorded for `platform` is taken.
 */
function menderMetadataLookup(findArtifacts, artifactName, platform) {
    return async () => {
        const listed = await findArtifacts(artifactName);
        const records = listed
            .filter((a) => a.name === artifactName)
            .map((a) => extractFromServerArtifact(a))
            .filter((m) => m !== undefined);
        return records.find((m) => m.platform === platform);
    };
}

// EXTERNAL MODULE: ./src/pipeline/option-parsers.ts
var option_parsers = __webpack_require__(8000);
;// CONCATENATED MODULE: ./src/pipeline/real/previous-artifact.ts



const LOOKUP_RETRY = { attempts: 3, baseDelayMs: 500, maxDelayMs: 4000 };
const SHA = /^[0-9a-f]{7,40}$/i;
/**
 * The name of the artifact the devices run now: the explicit option, else the
 * name the default rule gave the previous release, which is only known when
 * this run used that rule too (a user-set artifact-name follows a rule of its
 * own). Undefined when it cannot be told.
 */
function previousArtifactName(options, previous) {
    if (options.previousArtifactName)
        return options.previousArtifactName;
    if (!options.artifactNameIsDefault)
        return undefined;
    const tag = previous.tag ?? tagName(previous.ref);
    if (tag)
        return tag;
    // A branch or a symbolic name: which commit it meant when built is unknown.
    if (!SHA.test(previous.ref))
        return undefined;
    return (0,option_parsers/* defaultArtifactName */.Vb)({
        ref: branchOfPrevious(options.github),
        sha: previous.ref,
        applicationName: options.applicationName
    });
}
function tagName(ref) {
    return ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
}
/**
 * The branch the previous commit was built on: a pull request's base branch
 * (its base commit was built there), else the branch of this run.
 */
function branchOfPrevious(github) {
    const pr = github?.payload.pull_request;
    const base = pr?.base?.ref;
    if (typeof base === 'string' && base)
        return `refs/heads/${base}`;
    return github?.ref;
}
/** The credentials the options hold, or undefined (the lookup is then skipped). */
function menderCredentials(options) {
    const c = options.credentials;
    if (c.accessToken)
        return { token: c.accessToken };
    if (c.username && c.password)
        return { username: c.username, password: c.password };
    return undefined;
}
/**
 * Lookup (1) of the digest-source chain, per platform, over one client
 * connected on first use (so a server that is down costs a warning from the
 * chain, never the build). Undefined when no server, credentials or name.
 */
class MenderLookup {
    options;
    credentials;
    artifactName;
    log;
    mask;
    client;
    constructor(options, credentials, artifactName, log, mask) {
        this.options = options;
        this.credentials = credentials;
        this.artifactName = artifactName;
        this.log = log;
        this.mask = mask;
    }
    static create(options, artifactName, log, mask) {
        const credentials = menderCredentials(options);
        if (!options.menderServerUrl || !credentials || !artifactName) {
            if (options.menderServerUrl && credentials)
                log.debug('no previous artifact name known: the Mender server is not asked for it');
            return undefined;
        }
        return new MenderLookup(options, credentials, artifactName, log, mask);
    }
    forPlatform(platform) {
        return menderMetadataLookup(async (name) => (await this.connect()).findArtifacts(name), this.artifactName, platform);
    }
    async close() {
        const client = await this.client?.catch(() => undefined);
        await client?.close();
    }
    connect() {
        this.client ??= mender/* MenderClient */.Xr.connect({
            serverUrl: this.options.menderServerUrl,
            credentials: this.credentials,
            credentialSource: this.options.credentials.accessToken ? 'mender-access-token' : undefined,
            log: this.log,
            // The lookup only improves the delta base: a server in trouble should
            // cost seconds, not the minutes an upload is worth waiting.
            retry: LOOKUP_RETRY,
            ...(this.mask ? { maskSecret: this.mask } : {})
        });
        return this.client;
    }
}

;// CONCATENATED MODULE: ./src/pipeline/real/release-records.ts




/**
 * Lookup (2) of the digest-source chain: the metadata of each release built
 * here, kept in the layer store that the Actions cache carries from run to
 * run, under the commit and the ref name it was built from. The next run
 * finds it by its baseline ref (the push's `before`, the previous tag), so
 * the delta base is exactly what the devices got, even after a tag moved.
 */
function recordPath(options, ref, platform) {
    const safe = (s) => s.replace(/[^A-Za-z0-9._-]/g, '_');
    return (0,external_node_path_.join)(options.cacheDir, 'releases', safe(options.applicationName), safe(ref), `${safe(platform)}.json`);
}
async function readReleaseRecord(options, ref, platform) {
    const path = recordPath(options, ref, platform);
    return (0,external_node_fs_.existsSync)(path) ? readMetadataFile(path) : undefined;
}
/** The refs a later run may name this release by: the commit, and the tag or branch name. */
function releaseRefs(options) {
    const gh = options.github;
    if (!gh)
        return [];
    const name = gh.ref.replace(/^refs\/(heads|tags)\//, '');
    return [...new Set([gh.sha, name].filter(Boolean))];
}
async function writeReleaseRecords(options, meta) {
    for (const ref of releaseRefs(options)) {
        const path = recordPath(options, ref, meta.platform);
        await (0,promises_.mkdir)((0,external_node_path_.join)(path, '..'), { recursive: true });
        await writeMetadataFile(path, meta);
    }
}

;// CONCATENATED MODULE: ./src/pipeline/real/plan.ts

// not github/index.js: the previous-release lookup (with @actions/github, Octokit, ~1.5 MB
// bundled) loads only when a build looks up a Git ref, not for previous compose files






function imageOptions(options, state) {
    return { storeDir: options.cacheDir, log: state.log, env: options.composeEnv };
}
/**
 * plan: the compose project, the previous release (by event, ref or files),
 * the delta base of every service per platform (issue 7's digest-source
 * chain: recorded metadata first, then pinned or resolved references) and the
 * platforms each new image offers.
 */
function planStage(state) {
    return async ({ options }) => {
        const log = state.log;
        const project = await (0,load/* loadComposeProject */.I)({
            files: options.composeFiles,
            workingDirectory: options.projectDirectory,
            env: options.composeEnv,
            log
        });
        if (project.services.length === 0)
            throw new errors/* UserError */.yo(`${project.files.join(', ')}: no service names an image`);
        const previous = await previousProject(options, state);
        state.baseInputs = { services: project.services, ...(previous ? { previous } : {}) };
        const found = { artifactName: undefined, platforms: new Set() };
        const mender = previous
            ? MenderLookup.create(options, previousArtifactName(options, previous), log, state.opts.mask)
            : undefined;
        if (mender)
            log.info(`looking for the previous artifact ${mender.artifactName} on the Mender server`);
        try {
            for (const target of options.targets)
                await chooseBases(options, state, target, found, mender);
        }
        finally {
            await mender?.close();
        }
        if (previous)
            explicitPreviousName(options, found, log);
        // the services' images resolved side by side (a manifest and config request each)
        const services = await Promise.all(project.services.map(async (svc) => {
            const image = await plannedImage(svc.image, options, state, svc.name);
            const prev = plannedPrevious(svc.name, options.targets, state);
            return { name: svc.name, image, ...(prev ? { previous: prev } : {}) };
        }));
        const plan = {
            applicationName: options.applicationName,
            artifactName: options.artifactName,
            targets: options.targets,
            services
        };
        if (previous)
            plan.previous = {
                ref: previous.ref,
                ...(found.artifactName ? { artifactName: found.artifactName } : {}),
                platforms: [...found.platforms]
            };
        return plan;
    };
}
/**
 * A name the user gave (`previous-artifact-name`) is what the delta artifact
 * depends on, found or not: a delta installed on a device that runs another
 * release fails there, so Mender must refuse it up front. When no release
 * record confirmed the name, the bases came from the previous compose files
 * or tags, which the user vouches for: say so.
 */
function explicitPreviousName(options, found, log) {
    const named = options.previousArtifactName;
    if (!named)
        return;
    if (!found.artifactName)
        log.warn(`no release record of the previous artifact ${named} was found (Mender server or cache): its images could not be verified; the delta artifact depends on ${named} as given`);
    else if (found.artifactName !== named)
        log.warn(`the previous release's record names artifact ${found.artifactName}, but previous-artifact-name is ${named}: the delta artifact depends on ${named}`);
    found.artifactName = named;
}
/** Issue 7's chain for one platform: recorded metadata, else the previous compose file's images. */
async function chooseBases(options, state, target, found, mender) {
    const inputs = state.baseInputs;
    if (!inputs)
        throw new Error('chooseBases before plan');
    const previous = inputs.previous;
    /** A record the chain takes names the previous artifact and fixes this platform's bases. */
    const recorded = (lookup, name) => async () => {
        const rec = await lookup();
        if (rec && rec.application === options.applicationName) {
            found.platforms.add(rec.platform);
            found.artifactName ??= rec.artifactName ?? name;
            state.recordUsed.add(target.platform);
        }
        return rec;
    };
    const resolver = {
        resolve: (reference, platform) => (0,oci/* resolveImage */.AT)(state.source(reference), platform, imageOptions(options, state))
    };
    const bases = await chooseBaseImages({
        application: options.applicationName,
        platform: target.platform,
        services: inputs.services,
        previousServices: previous?.project.services,
        ...(mender
            ? { menderMetadata: recorded(mender.forPlatform(target.platform), mender.artifactName) }
            : {}),
        ...(previous
            ? {
                cacheMetadata: recorded(() => readReleaseRecord(options, previous.ref, target.platform))
            }
            : {}),
        resolver,
        log: state.log
    });
    for (const b of bases)
        state.bases.set(RunState.key(target.platform, b.service), b);
}
/**
 * The cache is restored after plan (its key needs the plan's digests), and
 * it may hold the previous release's metadata (lookup 2 of the chain). When
 * it does and plan did not have it, the bases are chosen again from it
 * before anything is fetched: the exact images the devices got beat a tag
 * resolved now.
 */
async function refreshBasesFromCache(options, plan, target, state) {
    const previous = state.baseInputs?.previous;
    if (!previous || !plan.previous || state.recordUsed.has(target.platform))
        return;
    if (!(await readReleaseRecord(options, previous.ref, target.platform)))
        return;
    state.log.info(`the restored cache holds the metadata of release ${previous.ref}: using it`);
    const found = { artifactName: undefined, platforms: new Set() };
    await chooseBases(options, state, target, found);
    if (found.artifactName)
        plan.previous.artifactName ??= found.artifactName;
    for (const p of found.platforms)
        if (!plan.previous.platforms.includes(p))
            plan.previous.platforms.push(p);
    for (const svc of plan.services) {
        const prev = plannedPrevious(svc.name, plan.targets, state);
        if (prev)
            svc.previous = prev;
        else
            delete svc.previous;
    }
}
async function previousProject(options, state) {
    const prev = options.previous;
    const log = state.log;
    if (prev.kind === 'none')
        return undefined;
    if (prev.kind === 'compose') {
        const project = await (0,load/* loadComposeProject */.I)({
            files: prev.files,
            workingDirectory: options.projectDirectory,
            env: options.composeEnv,
            log: { ...log, warn: (m) => log.debug(m) }
        });
        return { ref: prev.files.join(', '), project };
    }
    const gh = options.github;
    const [owner = '', repo = ''] = (gh?.repository ?? '/').split('/');
    const common = {
        workspace: options.projectDirectory,
        files: options.composeFiles,
        env: options.composeEnv,
        repo: { owner, repo },
        log
    };
    const { findPreviousRelease, loadPreviousCompose } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(88), __webpack_require__.e(595)]).then(__webpack_require__.bind(__webpack_require__, 8595));
    if (gh && gh.token) {
        const found = await findPreviousRelease({
            ...common,
            eventName: gh.eventName,
            payload: gh.payload,
            sha: gh.sha,
            ...(prev.kind === 'ref' ? { previousRef: prev.ref } : {}),
            api: (await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(584)]).then(__webpack_require__.bind(__webpack_require__, 6584))).githubClient({
                token: gh.token,
                baseUrl: gh.apiUrl
            })
        });
        if (!found)
            return undefined;
        const { ref, tag } = found.baseline;
        return { ref, ...(tag ? { tag } : {}), project: found.project };
    }
    const ref = prev.kind === 'ref' ? prev.ref : pushBefore(options);
    if (!ref) {
        log.info('no previous release: no previous-ref and no GitHub token to find one by event');
        return undefined;
    }
    const project = await loadPreviousCompose({ ...common, ref });
    return project ? { ref, project } : undefined;
}
/** Without a token, a push event still names the commit before it (local history must have it). */
function pushBefore(options) {
    const push = options.github?.push;
    if (!push || push.created || push.forced || /^0+$/.test(push.before))
        return undefined;
    return push.before;
}
/** The new image per target platform; a platform it lacks is left out for the coverage check. */
async function plannedImage(reference, options, state, service) {
    const source = options.serviceImages[service] ?? state.source(reference);
    const manifests = {};
    let digest = '';
    for (const target of options.targets) {
        let r;
        try {
            r = await (0,oci/* resolveImage */.AT)(source, target.platform, imageOptions(options, state));
        }
        catch (err) {
            if (err instanceof errors/* UserError */.yo && /has no image for platform/.test(err.message))
                continue;
            throw err;
        }
        manifests[target.platform] = r.manifestDigest;
        digest ||= r.indexDigest ?? r.manifestDigest;
    }
    return { reference, digest, platforms: Object.keys(manifests), manifests };
}
function plannedPrevious(service, targets, state) {
    const manifests = {};
    let reference;
    for (const t of targets) {
        const b = state.bases.get(RunState.key(t.platform, service));
        if (!b?.manifestDigest || !b.reference)
            continue;
        manifests[t.platform] = b.manifestDigest;
        reference ??= b.reference;
    }
    if (!reference)
        return undefined;
    const platforms = Object.keys(manifests);
    return { reference, digest: manifests[platforms[0]], platforms, manifests };
}

;// CONCATENATED MODULE: ./src/pipeline/real/fetch.ts





const TRANSPORTS = /^(oci|oci-archive|docker-archive|docker-daemon):/;
/** A registry reference is pulled by the recorded digest; a local source is checked against it. */
function pinnedSource(source, manifestDigest) {
    if (TRANSPORTS.test(source))
        return source;
    const ref = (0,oci/* parseReference */.F2)(source.replace(/^docker:\/\//, ''));
    return `${(0,oci/* referenceName */.z$)(ref)}@${manifestDigest}`;
}
/**
 * fetch: every new image, and the base image of every service, into the
 * content store (the folder the cache keeps). Blobs already there (restored
 * cache, earlier run, a layer shared with another service) are counted as
 * reused; only the others travel.
 */
function fetchStage(state) {
    return async ({ options, plan, target }) => {
        const store = await oci/* ContentStore */.Vh.open(options.cacheDir, { log: state.log });
        const client = new oci/* RegistryClient */.bP({
            log: state.log,
            credentials: (0,oci/* dockerCredentials */.d8)({ env: options.composeEnv, log: state.log })
        });
        await refreshBasesFromCache(options, plan, target, state);
        const counts = { blobsFetched: 0, bytesFetched: 0, blobsReused: 0 };
        const deps = { store, client, log: state.log };
        const p = (0,oci/* parsePlatform */.Y8)(target.platform);
        const opened = [];
        const services = [];
        try {
            // resolve every image first (manifests and configs are small), then pull
            // all their layers at once: the services' downloads, decompressions and
            // hashes overlap instead of running one image after the other
            const wanted = await Promise.all(plan.services.map(async (svc) => {
                const source = options.serviceImages[svc.name] ?? state.source(svc.image.reference);
                const base = state.bases.get(RunState.key(target.platform, svc.name));
                const from = base?.manifestDigest && base.reference
                    ? pinnedSource(state.source(base.reference), base.manifestDigest)
                    : undefined;
                const next = await openResolved(source, p, deps, opened);
                const current = from ? await openResolved(from, p, deps, opened) : undefined;
                return { svc, base, from, next, current };
            }));
            // counted in service order as pulling one image after the other would:
            // a blob an earlier image of this run brings is reused by a later one
            const seen = new Set();
            for (const w of wanted)
                for (const img of w.current ? [w.next, w.current] : [w.next])
                    await countBlobs(img.resolved, store, seen, counts);
            const pulled = await mapLimit(wanted.flatMap((w) => (w.current ? [w.next, w.current] : [w.next])), IMAGES_AT_ONCE, async (img) => (await (0,oci/* pullImage */.ZP)(img.src, p, { store, log: state.log })).resolved);
            let k = 0;
            for (const { svc, base, from, current: cur } of wanted) {
                const next = pulled[k++];
                const current = cur ? pulled[k++] : undefined;
                if (current && current.manifestDigest !== base?.manifestDigest)
                    throw new errors/* UserError */.yo(`service '${svc.name}': the previous image ${from} is ${current.manifestDigest}, but the previous release recorded ${base?.manifestDigest}`, {
                        hint: 'the image source changed since that release; build a full artifact with delta: off'
                    });
                state.fetched.set(RunState.key(target.platform, svc.name), {
                    nextReference: svc.image.reference,
                    next,
                    ...(current ? { current } : {})
                });
                services.push({
                    name: svc.name,
                    image: fetchedImage(svc.image.reference, next),
                    ...(current && base?.reference ? { previous: fetchedImage(base.reference, current) } : {})
                });
            }
        }
        finally {
            await Promise.all(opened.map((o) => o.src.close()));
            await client.close();
        }
        return { platform: target.platform, services, ...counts };
    };
}
/**
 * Images pulled at once (each pulls up to 4 layers at once): every image of a
 * typical app. With 4, the images past the fourth waited for a lane, that is
 * for the layers shared with the first ones (a base layer) to be downloaded
 * and unpacked, before their own layers started.
 */
const IMAGES_AT_ONCE = 8;
/** Opens `source` (closed by the caller through `opened`) and resolves it for `platform`. */
async function openResolved(source, platform, deps, opened) {
    const src = await (0,oci/* openImageSource */.Xe)(source, deps);
    const o = { src, resolved: undefined };
    opened.push(o);
    o.resolved = await src.resolve(platform);
    return o;
}
/** Counts the layers of `resolved` as fetched (not in the store, not seen this run) or reused. */
async function countBlobs(resolved, store, seen, counts) {
    const mine = new Set();
    for (const l of resolved.layers) {
        if (mine.has(l.digest))
            continue;
        mine.add(l.digest);
        if (seen.has(l.digest))
            counts.blobsReused++;
        else if (await store.hasBlob(l))
            counts.blobsReused++;
        else {
            counts.blobsFetched++;
            counts.bytesFetched += l.size;
        }
        seen.add(l.digest);
    }
}
function fetchedImage(reference, r) {
    return {
        reference,
        manifestDigest: r.manifestDigest,
        configDigest: r.configDigest,
        layers: r.layers.map((l, i) => ({
            digest: l.digest,
            diffId: r.diffIds[i] ?? '',
            size: l.size,
            mediaType: l.mediaType
        }))
    };
}

// EXTERNAL MODULE: ./src/artifact/index.ts + 13 modules
var artifact = __webpack_require__(2085);
;// CONCATENATED MODULE: ./src/pipeline/real/package.ts






/** The artifact's member compression for a `compression` input (zstd levels by name). */
function writerCompression(c) {
    const levels = {
        zstd_fastest: 1,
        zstd_fast: 3,
        zstd_better: 7,
        zstd_best: 11
    };
    if (c.startsWith('zstd_'))
        return { compression: 'zstd', level: levels[c] };
    return { compression: c };
}
/** The metadata path beside an artifact: `x.mender` → `x.json`. */
function metadataPathFor(artifactPath) {
    return artifactPath.replace(/(\.mender)?$/, '.json');
}
/**
 * package: issue 3's writer over issue 6's payload, with issue 7's release
 * metadata (the exact images shipped) in the meta-data and as JSON beside the
 * artifact; signed when a key is given. The record is also kept in the layer
 * store for the next release's delta base.
 */
function packageStage(state) {
    return async ({ options, target, delta, outputPath }) => {
        const payload = state.payloads.get(target.platform);
        if (!payload)
            throw new Error(`no payload was built for ${target.platform}`);
        const meta = releaseMetadata(options, target.platform, state);
        const base = moduleImageOptions(payload, {
            name: options.artifactName,
            deviceTypes: target.deviceTypes
        });
        const { compression, level } = writerCompression(options.compression);
        const provides = { ...payload.provides, ...options.provides };
        const depends = { ...payload.depends, ...options.depends };
        const clearsProvides = [...payload.clearsProvides, ...options.clearsProvides];
        const written = await (0,artifact/* writeArtifact */.w6)({
            ...base,
            metaData: embedInMetaData(base.metaData ?? {}, meta),
            provides,
            depends,
            clearsProvides,
            compression,
            ...(level !== undefined ? { compressionLevel: level } : {}),
            ...(options.signingKey ? { signingKey: { pem: options.signingKey } } : {})
        }, outputPath, { log: state.log });
        await (0,promises_.rm)(delta.payloadDir, { recursive: true, force: true });
        const metadataPath = metadataPathFor(outputPath);
        await writeMetadataFile(metadataPath, meta);
        await writeReleaseRecords(options, meta);
        return {
            platform: target.platform,
            deviceTypes: target.deviceTypes,
            name: options.artifactName,
            path: outputPath,
            size: written.size,
            sha256: await sha256File(outputPath),
            metadataPath,
            signed: written.signed,
            provides,
            depends,
            clearsProvides
        };
    };
}
function releaseMetadata(options, platform, state) {
    const services = [];
    for (const [key, pair] of state.fetched) {
        const [p, service] = key.split('\u0000');
        if (p !== platform)
            continue;
        services.push({
            service,
            reference: pair.nextReference,
            manifestDigest: pair.next.manifestDigest,
            configDigest: pair.next.configDigest,
            diffIds: pair.next.diffIds
        });
    }
    return {
        formatVersion: 1,
        application: options.applicationName,
        platform,
        artifactName: options.artifactName,
        services
    };
}

;// CONCATENATED MODULE: ./src/pipeline/real/publish.ts



function credentials(options) {
    const c = menderCredentials(options);
    if (c)
        return c;
    throw new errors/* UsageError */.eb('Uploading or deploying needs mender-access-token, or mender-username and mender-password');
}
function deploymentTarget(t) {
    return t.kind === 'group'
        ? { group: t.group }
        : t.kind === 'devices'
            ? { devices: t.devices }
            : { allDevices: true };
}
/**
 * publish: issue 8's client. Every artifact (one per platform) is uploaded
 * unless the server already holds it (an identical one is found, not sent
 * again), then one deployment by name, which Mender resolves per device type;
 * an identical active deployment is reported, not duplicated.
 */
function publishStage(state) {
    return async ({ options, artifacts }) => {
        const client = await mender/* MenderClient */.Xr.connect({
            serverUrl: options.menderServerUrl,
            credentials: credentials(options),
            credentialSource: options.credentials.accessToken ? 'mender-access-token' : undefined,
            log: state.log,
            ...(state.opts.mask ? { maskSecret: state.opts.mask } : {})
        });
        try {
            const published = [];
            if (options.upload)
                for (const a of artifacts) {
                    const r = await (0,mender/* publish */.mk)(client, { artifactPath: a.path });
                    published.push({
                        platform: a.platform,
                        id: r.artifact?.id ?? '',
                        uploaded: r.artifact?.outcome === 'uploaded'
                    });
                }
            const result = { artifacts: published };
            const deploy = options.deploy;
            if (!deploy)
                return result;
            const r = await (0,mender/* publish */.mk)(client, {
                artifactName: options.artifactName,
                deploy: { name: deploy.name, target: deploymentTarget(deploy.target) },
                ...(deploy.wait ? { wait: { timeoutMs: deploy.waitTimeoutMs } } : {})
            });
            const d = r.deployment;
            result.deployment = {
                id: d.id,
                url: d.url,
                status: d.status ?? (d.created ? 'created' : 'existing'),
                ...(d.counts ? { counts: d.counts } : {})
            };
            if (!r.ok && r.problem)
                result.problem = r.problem;
            return result;
        }
        finally {
            await client.close();
        }
    };
}

;// CONCATENATED MODULE: ./src/pipeline/real-stages.ts






/**
 * The production stages, one run's worth (they share what plan chose and
 * fetch pulled): compose + previous release + digest chain (issues 7, 5),
 * content store pulls (issue 5), deep-delta payload on the delta pool
 * (issues 6, 4), artifact writer + release metadata (issues 3, 7), and the
 * Mender client (issue 8).
 */
function realStages(log, opts = {}) {
    const state = new RunState(log, opts);
    return {
        plan: planStage(state),
        fetch: fetchStage(state),
        delta: deltaStage(state),
        package: packageStage(state),
        publish: publishStage(state)
    };
}


/***/ }),

/***/ 3021:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  aI: () => (/* binding */ runPipeline),
  uI: () => (/* binding */ savingPercent)
});

// UNUSED EXPORTS: artifactPath, serviceReports

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/pipeline/platform-coverage.ts

/**
 * Before anything is fetched: every new image must offer every platform that
 * a device type needs and that the previous release shipped. A dropped
 * architecture would otherwise strand part of the fleet on the old release,
 * or, worse, ship it an image it cannot run.
 */
function platformCoverageProblems(plan) {
    const needs = new Map();
    for (const t of plan.targets)
        needs.set(t.platform, `device type${t.deviceTypes.length > 1 ? 's' : ''} ${t.deviceTypes.join(', ')}`);
    for (const p of plan.previous?.platforms ?? [])
        if (!needs.has(p))
            needs.set(p, `the previous release (${plan.previous?.ref})`);
    const problems = [];
    for (const service of plan.services)
        for (const [platform, why] of needs)
            if (!service.image.platforms.includes(platform))
                problems.push(`image '${service.image.reference}' of service '${service.name}' has no ${platform} variant, which ${why} need${why.startsWith('device types') ? '' : 's'}`);
    return problems;
}
function checkPlatformCoverage(plan) {
    const problems = platformCoverageProblems(plan);
    if (problems.length === 0)
        return;
    throw new errors/* UserError */.yo(problems.length === 1
        ? `Platform check failed: ${problems[0]}`
        : `Platform check failed:\n- ${problems.join('\n- ')}`, {
        hint: 'build and push the image for that platform (docker buildx --platform), or remove the device type'
    });
}

;// CONCATENATED MODULE: ./src/pipeline/run-pipeline.ts




const TITLES = {
    plan: 'Plan',
    fetch: 'Fetch',
    delta: 'Delta',
    package: 'Package',
    publish: 'Publish'
};
/** The artifact path of one target: `--output` for a single platform, else one file per platform. */
function artifactPath(options, target) {
    const suffix = target.platform.replace(/\//g, '-');
    if (options.outputPath)
        return options.targets.length === 1
            ? options.outputPath
            : options.outputPath.replace(/(\.mender)?$/, `-${suffix}.mender`);
    const base = `${options.artifactName}${options.targets.length === 1 ? '' : `-${suffix}`}`;
    return (0,external_node_path_.join)(options.outputDir, `${base}.mender`);
}
/**
 * Runs plan → fetch → delta → package → publish, one log group per phase
 * ending in a one-line result. Several platforms give one artifact each, all
 * with the same name; a dry run stops before publish.
 */
async function runPipeline(options, stages, log, hooks = {}) {
    const now = hooks.now ?? (() => performance.now());
    const phaseLines = {};
    const durationsMs = {};
    const phase = async (name, fn, line) => {
        const run = async () => {
            const start = now();
            const result = await fn();
            durationsMs[name] = now() - start;
            phaseLines[name] = `${TITLES[name]}: ${line(result)} (${(0,format/* formatDuration */.a3)(durationsMs[name])})`;
            log.info(phaseLines[name]);
            return result;
        };
        return log.group ? log.group(TITLES[name], run) : run();
    };
    const plan = await phase('plan', async () => {
        const p = await stages.plan({ options });
        checkPlatformCoverage(p);
        return p;
    }, planLine);
    let restore;
    const fetched = await phase('fetch', async () => {
        restore = await restoreCache(hooks.cache, plan, options, log);
        const results = [];
        for (const target of plan.targets)
            results.push(await stages.fetch({ options, plan, target }));
        return results;
    }, (r) => fetchLine(r, restore));
    const deltas = await phase('delta', async () => {
        const results = [];
        for (const [i, target] of plan.targets.entries())
            results.push(await stages.delta({ options, plan, target, fetched: fetched[i] }));
        return results;
    }, deltaLine);
    const artifacts = await phase('package', async () => {
        const results = [];
        for (const [i, target] of plan.targets.entries()) {
            const a = await stages.package({
                options,
                plan,
                target,
                delta: deltas[i],
                outputPath: artifactPath(options, target)
            });
            if (a.name !== plan.artifactName)
                throw new Error(`package stage named the artifact '${a.name}', not '${plan.artifactName}'`);
            results.push(a);
        }
        return results;
    }, packageLine);
    let published;
    if (options.dryRun || (!options.upload && !options.deploy)) {
        phaseLines.publish = `${TITLES.publish}: skipped (${options.dryRun ? 'dry run' : 'upload is off and no deployment target'})`;
        log.info(phaseLines.publish);
    }
    else {
        published = await phase('publish', () => stages.publish({ options, plan, artifacts }), publishLine);
    }
    const services = serviceReports(plan, fetched, deltas);
    return {
        applicationName: plan.applicationName,
        artifactName: plan.artifactName,
        dryRun: options.dryRun,
        ...(plan.previous ? { previousRef: plan.previous.ref } : {}),
        ...(plan.previous?.artifactName ? { previousArtifactName: plan.previous.artifactName } : {}),
        services,
        artifacts,
        ...(published ? { published } : {}),
        ...(published?.problem ? { failure: published.problem } : {}),
        fullSize: services.reduce((n, s) => n + s.fullBytes, 0),
        deltaSize: services.reduce((n, s) => n + s.shippedBytes, 0),
        cache: cacheReport(restore, fetched, deltas),
        phaseLines,
        durationsMs
    };
}
/** Cache trouble never fails a build: it only costs a slower fetch. */
async function restoreCache(cache, plan, options, log) {
    if (!cache)
        return undefined;
    try {
        return await cache.restore({ plan, options });
    }
    catch (err) {
        log.warn(`Cache restore failed, fetching everything: ${(0,errors/* describeError */.Uc)(err)}`);
        return undefined;
    }
}
function cacheReport(restore, fetched, deltas) {
    const blobsFetched = fetched.reduce((n, f) => n + f.blobsFetched, 0);
    const deltasEncoded = deltas.reduce((n, d) => n + (d.deltasEncoded ?? 0), 0);
    const hit = restore?.matchedKey !== undefined && restore.matchedKey === restore.primaryKey;
    const enabled = restore !== undefined;
    return {
        enabled,
        ...(restore ? { primaryKey: restore.primaryKey } : {}),
        ...(restore?.matchedKey ? { matchedKey: restore.matchedKey } : {}),
        hit,
        // An exact hit holds everything this key stands for; otherwise save if
        // anything came over the network or a delta was encoded.
        dirty: enabled && !hit && (blobsFetched > 0 || deltasEncoded > 0),
        blobsFetched,
        deltasEncoded,
        deltasFromCache: deltas.reduce((n, d) => n + (d.deltasFromCache ?? 0), 0),
        bytesFetched: fetched.reduce((n, f) => n + f.bytesFetched, 0),
        blobsReused: fetched.reduce((n, f) => n + f.blobsReused, 0)
    };
}
function serviceReports(plan, fetched, deltas) {
    const out = [];
    for (const [i, target] of plan.targets.entries()) {
        for (const payload of deltas[i]?.services ?? []) {
            const planned = plan.services.find((s) => s.name === payload.name);
            const got = fetched[i]?.services.find((s) => s.name === payload.name);
            const layers = { reused: 0, delta: 0, full: 0 };
            for (const l of payload.layers)
                layers[l.mode]++;
            out.push({
                platform: target.platform,
                name: payload.name,
                ...(planned?.previous ? { oldReference: planned.previous.reference } : {}),
                ...(got?.previous ? { oldDigest: got.previous.manifestDigest } : {}),
                newReference: planned?.image.reference ?? got?.image.reference ?? '',
                newDigest: got?.image.manifestDigest ?? planned?.image.digest ?? '',
                layers,
                fullBytes: payload.fullBytes,
                shippedBytes: payload.shippedBytes
            });
        }
    }
    return out;
}
function planLine(p) {
    const prev = p.previous ? `previous release ${p.previous.ref}` : 'no previous release (full)';
    const platforms = p.targets.map((t) => `${t.platform} (${t.deviceTypes.join(', ')})`).join('; ');
    return `${p.services.length} service${p.services.length === 1 ? '' : 's'}, ${prev}, ${platforms}`;
}
function fetchLine(r, restore) {
    const fetched = r.reduce((n, f) => n + f.blobsFetched, 0);
    const bytes = r.reduce((n, f) => n + f.bytesFetched, 0);
    const reused = r.reduce((n, f) => n + f.blobsReused, 0);
    const cache = !restore
        ? ''
        : restore.matchedKey
            ? `, cache ${restore.matchedKey === restore.primaryKey ? 'hit' : 'partial hit'}`
            : ', cache miss';
    return `${fetched} blob${fetched === 1 ? '' : 's'} fetched (${(0,format/* formatBytes */.z3)(bytes)}), ${reused} from the store${cache}`;
}
function deltaLine(r) {
    const counts = { reused: 0, delta: 0, full: 0 };
    let full = 0;
    let shipped = 0;
    for (const d of r)
        for (const s of d.services) {
            full += s.fullBytes;
            shipped += s.shippedBytes;
            for (const l of s.layers)
                counts[l.mode]++;
        }
    const encoded = r.reduce((n, d) => n + (d.deltasEncoded ?? 0), 0);
    const cached = r.reduce((n, d) => n + (d.deltasFromCache ?? 0), 0);
    const work = encoded + cached ? `; ${encoded} encoded, ${cached} from the delta cache` : '';
    return `${counts.reused} layers reused, ${counts.delta} delta, ${counts.full} full; ${(0,format/* formatBytes */.z3)(full)} → ${(0,format/* formatBytes */.z3)(shipped)} shipped (${savingPercent(full, shipped)} saved)${work}`;
}
function packageLine(a) {
    const name = a[0]?.name ?? '';
    const each = a.map((x) => `${x.platform} ${(0,format/* formatBytes */.z3)(x.size)}`).join(', ');
    return `${a.length} artifact${a.length === 1 ? '' : 's'} '${name}' (${each})${a.some((x) => x.signed) ? ', signed' : ''}`;
}
function publishLine(p) {
    const up = p.artifacts.filter((a) => a.uploaded).length;
    const existing = p.artifacts.length - up;
    const dep = p.deployment
        ? `, deployment ${p.deployment.id} ${p.deployment.status}`
        : ', no deployment';
    return `${up} uploaded, ${existing} already on the server${dep}`;
}
function savingPercent(full, shipped) {
    if (full <= 0)
        return '0%';
    return `${Math.round((1 - shipped / full) * 1000) / 10}%`;
}


/***/ })

};
