export const id = 231;
export const ids = [231,369];
export const modules = {

/***/ 668:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* reexport safe */ _load_js__WEBPACK_IMPORTED_MODULE_0__.$p),
/* harmony export */   IJ: () => (/* reexport safe */ _load_js__WEBPACK_IMPORTED_MODULE_0__.IJ),
/* harmony export */   J4: () => (/* reexport safe */ _values_js__WEBPACK_IMPORTED_MODULE_5__.J4),
/* harmony export */   dK: () => (/* reexport safe */ _go_yaml_js__WEBPACK_IMPORTED_MODULE_4__.d)
/* harmony export */ });
/* harmony import */ var _load_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4349);
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9235);
/* harmony import */ var _interpolate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9307);
/* harmony import */ var _dotenv_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5508);
/* harmony import */ var _go_yaml_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5230);
/* harmony import */ var _values_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5708);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7709);
/** Compose files without Docker: loading, merging, interpolation, image references. */









/***/ }),

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
 * value: 524288") and above 2 GiB.
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
 * The xdelta3 encode line: no app header (-A), no external (de)compression
 * (-D, else gzip-looking input is recompressed on decode), and the settings
 * given; without them, the portable line: `-9 -S none` and a source window
 * covering the whole source.
 */
function xdelta3EncodeArgs(e) {
    return [
        '-e',
        '-f',
        `-${e.level ?? 9}`,
        '-S',
        e.secondary ?? 'none',
        '-A',
        '-D',
        '-B',
        String(Math.max(MIN_SOURCE_WINDOW, e.sourceWindow)),
        '-s',
        e.source,
        e.target,
        e.output
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
        await runXdelta3(xdelta3EncodeArgs({
            source: sourcePath,
            target: targetPath,
            output: tmp,
            sourceWindow: sourceWindowFor(sourceSize)
        }), binary);
        return { size: (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(tmp)).size };
    });
}


/***/ }),

/***/ 8005:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ artifactFileName)
/* harmony export */ });
/**
 * The file name an artifact name gets in the output folder. An artifact name
 * is a name, not a path: separators and anything outside a portable file
 * name become `_`, and leading dots go, so `../../x` stays inside the folder
 * and `a/b` makes no subfolder.
 */
function artifactFileName(artifactName) {
    const safe = artifactName.replace(/[^A-Za-z0-9._+-]/g, '_').replace(/^\.+/, '');
    return safe || 'artifact';
}


/***/ }),

/***/ 1259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  aI: () => (/* binding */ runPipeline),
  uI: () => (/* binding */ savingPercent)
});

// UNUSED EXPORTS: artifactPath, serviceReports

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/pipeline/artifact-file-name.ts
var artifact_file_name = __webpack_require__(8005);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/compose/index.ts
var compose = __webpack_require__(668);
;// CONCATENATED MODULE: ./src/pipeline/compose-files.ts


/**
 * The options with their compose files named: when the front names none, the
 * files `docker compose` itself would read in the project folder
 * (COMPOSE_FILE, else compose.yaml … docker-compose.yml and its override), so
 * every stage after the plan (the payload's file list, the previous release's
 * files at a Git ref) sees the same list.
 */
async function withComposeFiles(options, log) {
    if (options.composeFiles.length > 0)
        return options;
    const found = await (0,compose/* findComposeFiles */.$p)(options.projectDirectory, options.composeEnv);
    const composeFiles = found.map((f) => {
        const rel = (0,external_node_path_.relative)(options.projectDirectory, f);
        return rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? f : rel;
    });
    log.info(`Compose file(s): ${composeFiles.join(', ')}`);
    return { ...options, composeFiles };
}

;// CONCATENATED MODULE: ./src/pipeline/platform-coverage.ts

/**
 * Before anything is fetched: every new image must offer every platform that
 * a device type needs and that the previous release shipped. A dropped
 * architecture would otherwise strand part of the fleet on the previous release,
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
    const base = `${(0,artifact_file_name/* artifactFileName */.U)(options.artifactName)}${options.targets.length === 1 ? '' : `-${suffix}`}`;
    return (0,external_node_path_.join)(options.outputDir, `${base}.mender`);
}
/**
 * Runs plan → (cache restore, bases chosen again) → fetch → delta → package →
 * publish, one log group per phase ending in a one-line result. Each stage
 * gets the options and the results before it, nothing else. Several
 * platforms give one artifact each, all with the same name; a dry run stops
 * before publish.
 */
async function runPipeline(given, stages, log, hooks = {}) {
    try {
        return await runStages(await withComposeFiles(given, log), stages, log, hooks);
    }
    finally {
        await stages.close?.();
    }
}
async function runStages(options, stages, log, hooks) {
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
    const planned = await phase('plan', async () => {
        const p = await stages.plan({ options });
        checkPlatformCoverage(p);
        return p;
    }, planLine);
    let restore;
    let plan = planned;
    const fetched = await phase('fetch', async () => {
        restore = await restoreCache(hooks.cache, planned, options, log);
        // the restored store may hold the previous release's record: the bases
        // are chosen again from it before anything is pulled
        if (stages.rebase)
            plan = await stages.rebase({ options, plan: planned });
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
                fetched: fetched[i],
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
            const pairings = payload.layers.flatMap((l, layer) => l.pairing && l.pairing.reason !== 'same layer'
                ? [
                    {
                        layer,
                        mode: l.mode,
                        fullBytes: l.fullBytes,
                        shippedBytes: l.shippedBytes,
                        ...l.pairing
                    }
                ]
                : []);
            out.push({
                platform: target.platform,
                name: payload.name,
                ...(planned?.previous ? { oldReference: planned.previous.reference } : {}),
                ...(got?.previous ? { oldDigest: got.previous.manifestDigest } : {}),
                newReference: planned?.image.reference ?? got?.image.reference ?? '',
                newDigest: got?.image.manifestDigest ?? planned?.image.digest ?? '',
                layers,
                fullBytes: payload.fullBytes,
                shippedBytes: payload.shippedBytes,
                ...(pairings.length ? { pairings } : {})
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


/***/ }),

/***/ 1077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ createStages)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/pipeline/artifact-file-name.ts
var artifact_file_name = __webpack_require__(8005);
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
 * worker's start (a thread loading the bundle's modules). Each waits for
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
function runInWorker(script, job, onProgress) {
    return new Promise((resolve, reject) => {
        const worker = script.ts
            ? // Under tsx/vitest the entry is TypeScript: register tsx in the worker first.
                new external_node_worker_threads_.Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify((0,external_node_url_.pathToFileURL)(script.path).href)}) })`, { eval: true, workerData: job })
            : (warmWorker(script.path, job) ?? new external_node_worker_threads_.Worker(script.path, { workerData: job }));
        let settled = false;
        const onMessage = (m) => {
            if ('progress' in m)
                return onProgress?.(m.progress);
            settled = true;
            worker.off('message', onMessage);
            if (m.ok)
                resolve(m.result);
            else
                reject(new errors/* UserError */.yo(m.message ?? 'delta encode failed'));
        };
        worker.on('message', onMessage);
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
                const progress = options.onProgress
                    ? (done) => options.onProgress?.(job, done)
                    : undefined;
                // a function does not cross to a worker: there, progress comes back as messages
                const work = script
                    ? runInWorker(script, pj, progress)
                    : encodeAndCheck(progress ? { ...pj, onProgress: progress } : pj);
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
;// CONCATENATED MODULE: ./src/delta/gzip-size.ts




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

;// CONCATENATED MODULE: ./src/delta/engine.ts











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
 * The engines (`native`, or the `xdelta3` binary with the portable flags:
 * `-S none -A -D -B ≥ source`), one encode at a time in this thread, decoded
 * by the native decoder, so a delta is checked by code other than the
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
/** The pool's hooks that feed `progress`: one entry per running job. */
function progressHooks(progress) {
    const running = new Map();
    return {
        onStart: (job) => {
            const label = job.label ?? job.targetPath;
            running.set(job, progress.start(label, (0,external_node_fs_.statSync)(job.targetPath).size));
        },
        onProgress: (job, done) => running.get(job)?.update(done),
        onDone: (job) => {
            running.get(job)?.finish();
            running.delete(job);
        },
        endAll: () => {
            for (const r of running.values())
                r.finish();
            running.clear();
        }
    };
}
/** Source + target bytes below which a pair is encoded without a worker thread. */
const IN_THREAD_BYTES = 16 * 1024 * 1024;
/**
 * Source + target bytes up to which the native encoder also tries
 * `SMALL_PAIR_CANDIDATES` (in this thread, after the default encode) and the
 * delta that gzips smallest is kept. The wide index's time grows with the
 * target (every lookup reads up to 512 candidates), so only small pairs get it
 * (measured: src/delta/README.md, Tuning notes).
 */
const SMALL_PAIR_BYTES = 4 * 1024 * 1024;
/**
 * Native encoder settings tried besides the default on small pairs. The
 * encoder itself uses 512-entry buckets for sources up to 2 MiB (more
 * candidates for its address-cost scoring), so the candidate is the narrower
 * 8-entry bucket, which still wins on some inputs (records sharing a head).
 */
const SMALL_PAIR_CANDIDATES = [{ indexWaysLog: 3 }];
/**
 * The pool's encoder settings: the dense index (source/4 + 16 MiB, what
 * `encodeMemoryEstimate` budgets). The encoder's default cuts the index of
 * 13–45 MiB sources to meet a standalone encoder's memory goal; a runner has
 * the memory, and the cut makes deltas larger there. Full 8 MiB windows and
 * the local index at every size for the same reason (the standalone default
 * halves windows on small sources and keeps the local index for sources over
 * 64 MiB).
 */
const POOL_ENCODER = {
    denseIndex: true,
    windowSize: format/* WINDOW_SIZE */.DK,
    localIndex: true
};
/**
 * The native encoder on its worker pool (`encodeMany`): all layers of a
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
    const hooks = options.progress ? progressHooks(options.progress) : undefined;
    if (hooks) {
        pool.onStart = hooks.onStart;
        pool.onProgress = hooks.onProgress;
        pool.onDone = hooks.onDone;
    }
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
        ]).finally(() => hooks?.endAll());
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
 * each costs little CPU, and on trees of many small files xdelta3's short
 * matches can beat the native encoder. Above it the native encoder wins, and
 * xdelta3 would add about as much time again as the encode (figures:
 * src/delta/README.md, Tuning notes).
 */
const XDELTA3_CANDIDATE_MAX_SOURCE = 32 * 1024 * 1024;
/**
 * The xdelta3 candidates (`-e -S none -A -D`, level and source window `-B`).
 * Level 3 with xdelta3's default 64 MiB window is the archived generator's
 * own encoding less the app header, so the kept delta is never larger than
 * its `-S none` delta. Level 9 finds shorter matches; with a 1 MiB window it
 * keeps them near their own offset (rewritten trees of source files), with
 * 64 MiB it also reaches far ones (small trees): each wins on some inputs
 * (figures: src/delta/README.md, Tuning notes).
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
        const args = (0,xdelta3.xdelta3EncodeArgs)({
            source: sourcePath,
            target: targetPath,
            output: outputPath,
            level: candidate.level,
            sourceWindow: candidate.window
        });
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
 * with liblzma (Debian, Ubuntu, Raspberry Pi OS; not a default Yocto build).
 * Deltas come out smaller than with
 * `-S none`. Our native decoder has no lzma, so these deltas are checked with
 * the xdelta3 decoder the device itself runs.
 */
function lzmaDeltaEngine(binary = 'xdelta3', concurrency = (0,external_node_os_.cpus)().length) {
    const encode = async ({ sourcePath, targetPath, outputPath }) => {
        const { size: sourceSize } = await (0,promises_.stat)(sourcePath);
        const args = (0,xdelta3.xdelta3EncodeArgs)({
            source: sourcePath,
            target: targetPath,
            output: outputPath,
            secondary: 'lzma',
            // with lzma, -9 makes larger deltas than -6 (bench/README.md)
            level: 6,
            sourceWindow: (0,xdelta3.sourceWindowFor)(sourceSize)
        });
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
/** The `containerd-registry` mode keeps the registry's compressed blobs and descriptors. */
function containerdLayers(image) {
    return image.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType }));
}
/**
 * The members of a `docker image save` archive of `image` as a device with
 * `store` would write it (as `docker save` on the device does), with each layer's content
 * either whole or as `.vcdiff` + `.source` (OCI) / `layer.tar.vcdiff` + sums
 * (legacy) — the deep-delta layouts the App Update Module decodes.
 */
function imageArchiveEntries(image, layers, store) {
    return store === 'legacy' ? legacyEntries(image, layers) : ociEntries(image, layers, store);
}
/**
 * The OCI manifest of an image over the layer files we write: what the
 * classic store regenerates on `docker save`, and what a containerd store
 * keeps (its image ID is this manifest's digest) for the uncompressed layers
 * the `containerd` mode ships. Deterministic, so the next build computes the
 * same image ID for a current image from its config and layers alone.
 */
function shippedManifest(image, layers) {
    const bytes = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: image.configDigest, size: image.config.length },
        layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size }))
    }));
    return { bytes, digest: `sha256:${sha256Hex(bytes)}` };
}
function ociEntries(image, layers, store) {
    const { repository, tag } = repoTag(image.reference);
    let manifestBytes;
    let manifestDigest;
    if (store === 'containerd-registry') {
        // the store keeps the manifest as pulled: its digest is the image ID
        manifestBytes = image.manifest;
        manifestDigest = image.manifestDigest;
    }
    else {
        // an OCI manifest over the uncompressed layers (the classic store regenerates one)
        const m = shippedManifest(image, layers);
        manifestBytes = m.bytes;
        manifestDigest = m.digest;
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

;// CONCATENATED MODULE: ./src/delta/similarity/choose-source.ts
/** A runner-up within this share of the best estimate is worth a second encode… */
const CLOSE = 0.85;
/** …on a layer no bigger than this (encoding twice costs a second encode of the layer). */
const ALTERNATE_MAX_BYTES = 16 << 20;
/**
 * The bytes a delta against this source is expected to copy rather than
 * carry: the content estimate, or half the bytes of files matched by path
 * (same path or versionless) — a matched file is usually a changed file, and
 * the fingerprint's equal chunks are the surer sign, but a recompiled binary
 * shares few equal chunks and still gives a good delta.
 */
function expectedCopied(s) {
    return Math.max(s.contentBytes, Math.max(s.pathBytes, s.renamedBytes) / 2);
}
/**
 * Picks the current layer a changed new layer (`index`, `size` bytes) should be
 * delta-encoded against: the one expected to leave the fewest bytes to carry,
 * i.e. the smallest delta; ties go to more shared paths, then the same
 * position, then the lower index. Undefined when nothing is expected to copy:
 * the layer ships whole.
 */
function chooseSource(index, size, candidates) {
    const ranked = candidates
        .map((signals) => ({ signals, score: expectedCopied(signals) }))
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score ||
        b.signals.pathBytes - a.signals.pathBytes ||
        Number(b.signals.source === index) - Number(a.signals.source === index) ||
        a.signals.source - b.signals.source);
    const best = ranked[0];
    if (!best)
        return undefined;
    const byPath = pathChoice(index, candidates);
    const second = ranked[1];
    const close = second && second.score >= CLOSE * best.score && size <= ALTERNATE_MAX_BYTES;
    return {
        source: best.signals.source,
        reason: byPath === best.signals.source ? 'path overlap' : 'content similarity',
        signals: best.signals,
        ...(close ? { alternate: second.signals.source } : {})
    };
}
/** The choice by shared paths alone: most shared bytes, then paths, then the same position. */
function pathChoice(index, candidates) {
    let best;
    for (const c of candidates) {
        if (c.pathBytes === 0)
            continue;
        const better = !best ||
            c.pathBytes > best.pathBytes ||
            (c.pathBytes === best.pathBytes && c.sharedPaths > best.sharedPaths) ||
            (c.pathBytes === best.pathBytes && c.sharedPaths === best.sharedPaths && c.source === index);
        if (better)
            best = c;
    }
    return best?.source;
}

;// CONCATENATED MODULE: ./src/delta/similarity/fingerprint.ts


const MIN_CHUNK = 256;
const MAX_CHUNK = 8192;
/** The top 10 bits of the gear hash zero: a cut about every 1 KiB past the minimum. */
const CUT_MASK = 0xffc00000 | 0;
/** The gear hash forgets a byte after 32 shifts; hashing restarts this far before a cut may fall. */
const WINDOW = 32;
const MAX_SAMPLES = 2048;
const READ_SIZE = 1 << 20;
const GEAR = gearTable();
/**
 * 256 pseudo-random words (a fixed seed: fingerprints are stored and compared
 * across builds). A run of one repeated byte drives the gear hash to a fixed
 * point; no fixed point may pass the cut test, so runs of zeros (tar padding)
 * never cut and never yield chunks shared by unrelated layers.
 */
function gearTable() {
    const table = new Uint32Array(256);
    let s = 0x9e3779b9;
    for (let i = 0; i < 256; i++) {
        s = (s + 0x6d2b79f5) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 15), z | 1);
        z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
        table[i] = (z ^ (z >>> 14)) >>> 0;
        // fixed point of h = 2h + g (mod 2^32) is −g
        if (((-table[i] >>> 0) & CUT_MASK) === 0)
            table[i] = table[i] ^ 0x80000000;
    }
    return table;
}
/** murmur3's finaliser: a uniform 32-bit value from the cut-point hash, for sampling. */
function mix(h) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
const threshold = (level) => 2 ** (32 - level);
/** One byte repeated: runs like tar padding say nothing about two layers' likeness. */
function uniform(chunk) {
    const b = chunk[0];
    for (let i = 1; i < chunk.length; i++)
        if (chunk[i] !== b)
            return false;
    return true;
}
/**
 * The end of the chunk starting at `start` and the gear hash there, into
 * `out`; false when `buf` ends (before `filled`) without a cut.
 */
function nextCut(buf, start, filled, out) {
    const end = Math.min(filled, start + MAX_CHUNK);
    const armed = Math.min(end, start + MIN_CHUNK - 1);
    let h = 0;
    let i = start + MIN_CHUNK - WINDOW;
    for (; i < armed; i++)
        h = ((h << 1) + GEAR[buf[i]]) | 0;
    for (; i < end; i++) {
        h = ((h << 1) + GEAR[buf[i]]) | 0;
        if ((h & CUT_MASK) === 0) {
            out.end = i + 1;
            out.hash = h;
            return true;
        }
    }
    out.hash = h;
    if (end - start < MAX_CHUNK)
        return false;
    out.end = end;
    return true;
}
/** Streams the file once; memory is one read buffer and at most MAX_SAMPLES entries. */
async function fingerprintFile(path) {
    const file = await (0,promises_.open)(path, 'r');
    try {
        const size = (await file.stat()).size;
        const kept = new Map();
        let level = 0;
        const keep = (chunk, h) => {
            const value = mix(h);
            if (value >= threshold(level) || uniform(chunk))
                return;
            const id = (0,external_node_crypto_.createHash)('sha1').update(chunk).digest('hex').slice(0, 16);
            if (!kept.has(id))
                kept.set(id, { value, id, length: chunk.length });
            while (kept.size > MAX_SAMPLES) {
                level++;
                for (const [k, e] of kept)
                    if (e.value >= threshold(level))
                        kept.delete(k);
            }
        };
        // unfinished chunks are carried to the front of `buf` and scanned again with more bytes
        const buf = Buffer.allocUnsafe(READ_SIZE + MAX_CHUNK);
        const cut = { end: 0, hash: 0 };
        let filled = 0;
        let offset = 0;
        for (;;) {
            const { bytesRead } = await file.read(buf, filled, READ_SIZE, offset);
            offset += bytesRead;
            filled += bytesRead;
            let start = 0;
            while (nextCut(buf, start, filled, cut)) {
                keep(buf.subarray(start, cut.end), cut.hash);
                start = cut.end;
            }
            if (bytesRead === 0) {
                if (filled > start)
                    keep(buf.subarray(start, filled), cut.hash);
                break;
            }
            buf.copy(buf, 0, start, filled);
            filled -= start;
        }
        return { size, level, chunks: [...kept.values()] };
    }
    finally {
        await file.close();
    }
}
/**
 * Estimated bytes of `layer` that `other` holds too: the share of `layer`'s
 * sampled chunk bytes whose chunk `other` has, times `layer`'s size. Zero when
 * nothing sampled matches (or `layer` is too small to have chunks).
 */
function sharedBytes(layer, other) {
    const level = Math.max(layer.level, other.level);
    const limit = threshold(level);
    const theirs = new Set();
    for (const c of other.chunks)
        if (c.value < limit)
            theirs.add(c.id);
    let total = 0;
    let shared = 0;
    for (const c of layer.chunks) {
        if (c.value >= limit)
            continue;
        total += c.length;
        if (theirs.has(c.id))
            shared += c.length;
    }
    return total === 0 ? 0 : Math.round((shared / total) * layer.size);
}
/** A compact form for the store: 16 bytes per chunk (value, 8 bytes of hash, length), base64. */
function encodeFingerprint(fp) {
    const out = Buffer.alloc(fp.chunks.length * 16);
    fp.chunks.forEach((c, k) => {
        out.writeUInt32BE(c.value, k * 16);
        out.write(c.id, k * 16 + 4, 8, 'hex');
        out.writeUInt32BE(c.length, k * 16 + 12);
    });
    return { v: 1, size: fp.size, level: fp.level, chunks: out.toString('base64') };
}
/** The stored form back; undefined for anything else (an older or damaged record). */
function decodeFingerprint(value) {
    const r = value;
    if (!r || r.v !== 1 || typeof r.chunks !== 'string')
        return undefined;
    if (!Number.isSafeInteger(r.size) || !Number.isInteger(r.level))
        return undefined;
    const raw = Buffer.from(r.chunks, 'base64');
    if (raw.length % 16 !== 0)
        return undefined;
    const chunks = [];
    for (let k = 0; k < raw.length; k += 16)
        chunks.push({
            value: raw.readUInt32BE(k),
            id: raw.toString('hex', k + 4, k + 12),
            length: raw.readUInt32BE(k + 12)
        });
    return { size: r.size, level: r.level, chunks };
}

;// CONCATENATED MODULE: ./src/delta/similarity/renamed-files.ts
/**
 * File-level likeness that survives versioned names: `opt/app-2.6.7/bin/app`
 * and `opt/app-2.6.8/bin/app`, `lib/app-1.4.2.jar` and `lib/app-1.4.3.jar`,
 * `node_modules/.pnpm/pkg@1.0.1_3f9a2c1d/` all lose their version (digit runs,
 * and hex runs that carry a digit, such as content hashes) and are matched by
 * what is left, when their sizes are of one class (within 2×, or both small).
 */
function versionlessPath(path) {
    return path.replace(/[0-9a-f]{7,}/gi, (run) => (/\d/.test(run) ? '#' : run)).replace(/\d+/g, '#');
}
/** Files this small are matched by name alone: their size says little. */
const SMALL_FILE = 4096;
function renameIndex(members) {
    const index = new Map();
    for (const [path, size] of members) {
        if (size === 0)
            continue;
        const key = versionlessPath(path);
        const list = index.get(key);
        if (list)
            list.push(size);
        else
            index.set(key, [size]);
    }
    for (const list of index.values())
        list.sort((a, b) => b - a);
    return index;
}
/**
 * Bytes (the smaller side of each pair) and count of `layer`'s files that have
 * a counterpart in `other` under the same versionless path and size class;
 * files sharing a versionless path are paired largest with largest.
 */
function renamedOverlap(layer, other) {
    let bytes = 0;
    let files = 0;
    for (const [key, sizes] of layer) {
        const theirs = other.get(key);
        if (!theirs)
            continue;
        for (let k = 0; k < Math.min(sizes.length, theirs.length); k++) {
            const [a, b] = [sizes[k], theirs[k]];
            const [lo, hi] = a < b ? [a, b] : [b, a];
            if (hi > SMALL_FILE && hi > 2 * lo)
                continue;
            bytes += lo;
            files++;
        }
    }
    return { bytes, files };
}

;// CONCATENATED MODULE: ./src/delta/layer-pairing.ts



/**
 * Picks, for each new layer, the current layer to delta against, by content
 * rather than by position (the reference generator pairs by index, so an
 * inserted, removed or reordered layer defeats it):
 * - a current layer with the same diff ID gives a near-empty delta;
 * - otherwise the current layer expected to give the smallest delta, judged
 *   by shared file paths, files renamed only by their version, and sampled
 *   content fingerprints (`chooseSource`);
 * - nothing expected to copy (shared folders alone do not help): ship the full layer.
 * Pure, so it is tested on its own; whether the delta really beats the full
 * layer is decided after encoding.
 */
function planDeepDelta(next, current) {
    const renames = [];
    const renamesOf = (j) => (renames[j] ??= renameIndex(current[j].members));
    return next.map((layer, i) => {
        const same = current.findIndex((c) => c.diffId === layer.diffId);
        if (same >= 0)
            return { kind: 'reused', source: same };
        const mine = renameIndex(layer.members);
        const candidates = current.map((c, j) => signals(layer, c, j, mine, renamesOf(j)));
        const size = layer.fingerprint?.size ?? sum(layer.members.values());
        const choice = chooseSource(i, size, candidates);
        return choice ? { kind: 'delta', ...choice } : { kind: 'full' };
    });
}
function signals(layer, other, source, mine, theirs) {
    const { bytes, paths } = overlap(layer.members, other.members);
    const renamed = renamedOverlap(mine, theirs);
    return {
        source,
        pathBytes: bytes,
        sharedPaths: paths,
        renamedBytes: renamed.bytes,
        renamedFiles: renamed.files,
        contentBytes: layer.fingerprint && other.fingerprint ? sharedBytes(layer.fingerprint, other.fingerprint) : 0
    };
}
function sum(values) {
    let n = 0;
    for (const v of values)
        n += v;
    return n;
}
/** Shared non-empty files: the bytes of the smaller side of each, and their count. */
function overlap(a, b) {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    let bytes = 0;
    let paths = 0;
    for (const [path, size] of small) {
        const other = large.get(path);
        if (other === undefined || Math.min(size, other) === 0)
            continue;
        paths++;
        bytes += Math.min(size, other);
    }
    return { bytes, paths };
}

;// CONCATENATED MODULE: ./src/payload/image.ts
/** The image ID `docker image inspect --format {{.ID}}` shows for an image held as the registry serves it. */
function imageId(image, store) {
    return (store === 'containerd' || store === 'containerd-registry'
        ? image.manifestDigest
        : image.configDigest).replace(/^sha256:/, '');
}

// EXTERNAL MODULE: ./src/util/format.ts
var util_format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/delta/similarity/pairing-report.ts

/** The pairing of a planned layer; `encodedFrom` is the source whose delta was kept, if any. */
function pairingOf(choice, encodedFrom) {
    if (!choice || choice.kind === 'full' || choice.source === undefined)
        return { reason: 'none' };
    if (choice.kind === 'reused')
        return { reason: 'same layer', source: choice.source };
    const source = encodedFrom ?? choice.source;
    // the other close source lost only when a delta shipped
    const tried = encodedFrom === undefined
        ? []
        : [choice.source, choice.alternate].filter((s) => s !== undefined && s !== source);
    return {
        reason: choice.reason ?? 'path overlap',
        source,
        ...(tried.length ? { alsoTried: tried[0] } : {}),
        ...(choice.signals && source === choice.source ? { signals: choice.signals } : {})
    };
}
/** One line: `current layer 2 by content similarity (~93 % of its bytes, 41 files renamed)`. */
function describePairing(p, layerBytes) {
    if (p.reason === 'none')
        return 'none: nothing in common with a current layer';
    const what = `current layer ${p.source} by ${p.reason}`;
    const s = p.signals;
    const facts = [];
    if (s) {
        if (s.contentBytes > 0 && layerBytes > 0)
            facts.push(`~${Math.min(100, Math.round((100 * s.contentBytes) / layerBytes))} % of its bytes`);
        if (s.sharedPaths > 0)
            facts.push(`${s.sharedPaths} file${s.sharedPaths === 1 ? '' : 's'} at the same path (${(0,util_format/* formatBytes */.z3)(s.pathBytes)})`);
        const renamed = s.renamedFiles - s.sharedPaths;
        if (renamed > 0)
            facts.push(`${renamed} file${renamed === 1 ? '' : 's'} renamed`);
    }
    if (p.alsoTried !== undefined)
        facts.push(`smaller delta than from layer ${p.alsoTried}`);
    return facts.length ? `${what} (${facts.join(', ')})` : what;
}

;// CONCATENATED MODULE: ./src/payload/deep-delta.ts










const UNCOMPRESSED_LAYER = 'application/vnd.oci.image.layer.v1.tar';
/** Compressions xdelta3 undoes on a source by itself (`gzip -dc`): gzip, not zstd. */
function xdelta3Reads(mediaType) {
    return !/zstd/.test(mediaType);
}
/**
 * The layer files `docker save` yields on a device with `store`, reproduced
 * from the registry blobs. `asCurrent`: the image the device has now, held as
 * `image.held` says (containerd store); otherwise the image we ship.
 * Every mode but `containerd-registry` encodes on the uncompressed tars:
 * a current layer the device holds gzipped is decompressed by the device's
 * xdelta3 before decoding (its external `gzip -dc`, so not with `-D`).
 */
async function deviceLayers(image, store, blobs, cache, asCurrent = false) {
    if (image.layers.length !== image.diffIds.length)
        throw new errors/* UserError */.yo(`${image.reference}: ${image.layers.length} layers but ${image.diffIds.length} diff IDs in its config`);
    return Promise.all(image.layers.map(async (layer, i) => {
        if (store === 'containerd-registry') {
            const path = blobs.blobPath(layer.digest);
            const hex = await sha256File(path);
            if (hex !== digestHex(layer.digest))
                throw new errors/* UserError */.yo(`blob ${layer.digest} of ${image.reference} is corrupt on disk`);
            const { digest, size, mediaType } = layer;
            return { digest, contentId: digest, path, size, mediaType, usable: true };
        }
        const diffId = image.diffIds[i];
        const path = await cache.uncompressed(layer, diffId);
        const size = (await (0,promises_.stat)(path)).size;
        if (store === 'containerd' && asCurrent && image.held === 'registry')
            return {
                digest: layer.digest,
                contentId: diffId,
                path,
                size,
                mediaType: layer.mediaType,
                usable: xdelta3Reads(layer.mediaType)
            };
        return {
            digest: diffId,
            contentId: diffId,
            path,
            size,
            mediaType: UNCOMPRESSED_LAYER,
            usable: true
        };
    }));
}
/**
 * The image ID the device gives `image` once it holds it (`asCurrent`: as it
 * holds it now): on the `containerd` store, for the images we ship, the digest
 * of the manifest over the uncompressed layers, which needs their sizes.
 */
async function deviceImageId(image, store, blobs, cache, asCurrent = false) {
    if (store !== 'containerd' || (asCurrent && image.held === 'registry'))
        return imageId(image, store);
    const layers = await deviceLayers(image, store, blobs, cache);
    return digestHex(shippedManifest(image, layers).digest);
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
    const source = await deviceLayers(current, ctx.store, ctx.blobs, ctx.cache, true);
    const plan = planDeepDelta(await layerFacts(next, target, ctx, source), await layerFacts(current, source, ctx, target, true));
    const dir = (0,external_node_path_.join)(ctx.workDir, 'deltas', digestHex(next.manifestDigest));
    await (0,promises_.mkdir)(dir, { recursive: true });
    const jobs = [];
    for (const [index, choice] of plan.entries()) {
        if (choice.kind === 'full')
            continue;
        // a close runner-up is encoded too; the smaller delta is kept
        const sources = choice.kind === 'delta' && choice.alternate !== undefined
            ? [choice.source, choice.alternate]
            : [choice.source];
        for (const [k, s] of sources.entries()) {
            // hashed only where the encode reads them: not a cached delta, not an unchanged layer
            const reads = !(await ctx.engine.holds?.(source[s].contentId, target[index].contentId));
            jobs.push({
                index,
                source: s,
                job: {
                    sourcePath: reads ? await outputPath(current, s, source[s], ctx) : source[s].path,
                    targetPath: reads
                        ? await outputPath(next, index, target[index], ctx)
                        : target[index].path,
                    outputPath: (0,external_node_path_.join)(dir, k === 0 ? `${index}.vcdiff` : `${index}.${s}.vcdiff`),
                    label: `${next.reference} layer ${index + 1}/${target.length}${k === 0 ? '' : ', against its runner-up base'}`
                }
            });
        }
    }
    return { next, target, source, plan, jobs };
}
/** The layer file, hashed against its ID before its bytes feed the payload. */
async function outputPath(image, i, layer, ctx) {
    // stored blobs on the containerd-registry store were hashed when listed
    if (ctx.store === 'containerd-registry')
        return layer.path;
    return ctx.cache.forOutput(image.layers[i], image.diffIds[i]);
}
/** Checks each encoded delta and assembles the image's layers; `results` in `work.jobs` order. */
async function finishDeepDelta(work, results, ctx) {
    const { next, target, source } = work;
    const encoded = await smallestPerLayer(work.jobs, results);
    const layers = [];
    const outcomes = [];
    for (const [index, t] of target.entries()) {
        const full = async () => {
            layers.push({
                digest: t.digest,
                size: t.size,
                mediaType: t.mediaType,
                content: { kind: 'full', path: await outputPath(next, index, t, ctx) }
            });
            outcomes.push({
                index,
                digest: t.digest,
                choice: 'full',
                ...(work.plan ? { pairing: pairingOf(work.plan[index]) } : {}),
                fullSize: t.size,
                shippedSize: t.size
            });
        };
        const e = encoded.get(index);
        if (!e) {
            await full();
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
            await full();
            continue;
        }
        const s = source[e.source];
        if (e.result.decodedDigest !== undefined)
            checkDecoded(e.result.decodedDigest, t.digest, what);
        else
            await verifyDelta(ctx.engine, e.job.sourcePath, deltaPath, t.digest, what);
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
            pairing: pairingOf(work.plan[index], e.source),
            fullSize: t.size,
            shippedSize: e.result.size
        });
    }
    return { layers, outcomes };
}
/**
 * Per layer, the job whose delta gzips smallest (a layer has two when its two
 * best sources were estimated close); the other deltas are deleted.
 */
async function smallestPerLayer(jobs, results) {
    const best = new Map();
    for (const [k, job] of jobs.entries()) {
        const result = results[k];
        const gz = result.gzipSize ?? (await gzipSize(job.job.outputPath));
        const kept = best.get(job.index);
        if (kept && kept.gz <= gz) {
            await (0,promises_.rm)(job.job.outputPath, { force: true });
            continue;
        }
        if (kept)
            await (0,promises_.rm)(kept.job.outputPath, { force: true });
        best.set(job.index, { ...job, result: { ...result, gzipSize: gz }, gz });
    }
    return best;
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
 * whose layers are mostly unchanged. Content fingerprints (a whole read of the
 * tar, then kept in the store) are taken of the new layers that need a source
 * and of the current layers the new image does not keep as they are.
 */
async function layerFacts(image, device, ctx, other, isCurrent = false) {
    const otherIds = new Set(other.map((l) => l.contentId));
    const ids = new Set(device.map((l) => l.contentId));
    const anyUnpaired = other.some((l) => !ids.has(l.contentId));
    const facts = [];
    for (const [i, layer] of image.layers.entries()) {
        const d = device[i];
        if (!d.usable) {
            // a source the device cannot decode from: matches nothing, shares nothing
            facts.push({ diffId: `unusable:${i}`, members: new Map() });
            continue;
        }
        const kept = otherIds.has(d.contentId);
        const needed = isCurrent ? anyUnpaired : !kept;
        if (!needed) {
            facts.push({ diffId: d.contentId, members: new Map() });
            continue;
        }
        // member paths and content come from the uncompressed tar whatever the store ships
        const tarPath = await ctx.cache.uncompressed(layer, image.diffIds[i]);
        facts.push({
            diffId: d.contentId,
            members: await ctx.cache.members(tarPath),
            ...(kept ? {} : { fingerprint: await ctx.cache.fingerprints.of(tarPath) })
        });
    }
    return facts;
}

;// CONCATENATED MODULE: ./src/payload/tar-members.ts

/**
 * The member list of an uncompressed tar (path → size) read from its headers
 * only: a header gives the member's size, so the reader jumps over the data
 * instead of streaming every byte through a tar parser. On a layer of large
 * files that reads a few percent of the file (what that saves a cold build is
 * measured in bench/README.md, e2e).
 *
 * It reads tars exactly as tar-stream 3 (which writes the payload) does, so
 * the lists, and the layer pairing built on them, are what a tar-stream
 * reader gives: ustar prefixes, GNU long names (`L`), pax `path` and `size`
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

;// CONCATENATED MODULE: ./src/delta/similarity/stored-fingerprint.ts


/**
 * Content fingerprints of layer tars, computed once per build and kept in the
 * store beside the layer (under the tar's diff ID), so that a warm build
 * compares layers without reading them again.
 */
class FingerprintCache {
    records;
    made = new Map();
    constructor(records) {
        this.records = records;
    }
    /** `tarPath` is named by the sha256 of its bytes (as layer tars are here); others are not kept. */
    of(tarPath) {
        let fp = this.made.get(tarPath);
        if (!fp) {
            fp = this.load(tarPath);
            this.made.set(tarPath, fp);
        }
        return fp;
    }
    async load(tarPath) {
        const id = /^([0-9a-f]{64})(?:\.tar)?$/.exec((0,external_node_path_.basename)(tarPath))?.[1];
        const { getResolved, putResolved } = this.records;
        if (!id || !getResolved || !putResolved)
            return fingerprintFile(tarPath);
        const key = `layer-fingerprint/v1 sha256:${id}`;
        const kept = await getResolved.call(this.records, key).catch(() => undefined);
        const stored = kept && decodeFingerprint(kept.value);
        if (stored)
            return stored;
        const fp = await fingerprintFile(tarPath);
        await putResolved.call(this.records, key, encodeFingerprint(fp)).catch(() => { });
        return fp;
    }
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
    /** Content fingerprints of layer tars, kept in the store beside their member lists. */
    fingerprints;
    constructor(dir, blobs) {
        this.dir = dir;
        this.blobs = blobs;
        this.fingerprints = new FingerprintCache(blobs);
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
    /**
     * `uncompressed`, hashed against the diff ID before its bytes feed an
     * output (a delta's source or target, a whole layer): a tar the store
     * trusted by its marker is hashed once in this process, and one that no
     * longer hashes to its ID is made again from the blob. Planning reads
     * sizes, member lists and fingerprints only, so it takes `uncompressed`
     * and a build whose deltas all come from the cache hashes nothing.
     */
    async forOutput(layer, diffId) {
        const path = await this.uncompressed(layer, diffId);
        // a tar this process made from the blob was hashed on its way to disk
        if (!this.blobs.hasLayerTar || path !== this.blobs.layerTarPath?.(diffId))
            return path;
        if (await this.blobs.hasLayerTar(diffId, { forOutput: true }))
            return path;
        // dropped by the store as changed: make it again from the blob
        this.made.delete(diffId);
        return this.uncompressed(layer, diffId);
    }
    async makeUncompressed(layer, diffId) {
        // the content store may already hold it (hashed by forOutput before it feeds an output)
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
            await this.blobs.forgetBlob?.(layer.digest, 'it does not decompress');
            throw new errors/* UserError */.yo(`layer ${layer.digest} could not be decompressed`, {
                cause: err,
                hint: 'the stored blob was corrupt and is dropped: run the build again to fetch it'
            });
        }
        const got = `sha256:${hash.digest('hex')}`;
        if (got !== diffId) {
            await (0,promises_.rm)(tmp, { force: true });
            await this.blobs.forgetBlob?.(layer.digest, `it decompresses to ${got}, not ${diffId}`);
            throw new errors/* UserError */.yo(`layer ${layer.digest} decompresses to ${got}, but the image config says ${diffId}`, { hint: 'the stored blob was corrupt and is dropped: run the build again to fetch it' });
        }
        await (0,promises_.rename)(tmp, out);
        return out;
    }
}
async function exists(path) {
    return (0,promises_.stat)(path).then(() => true, () => false);
}


// EXTERNAL MODULE: ./src/compose/index.ts
var compose = __webpack_require__(668);
// EXTERNAL MODULE: ./src/util/log.ts
var log = __webpack_require__(9906);
;// CONCATENATED MODULE: ./src/payload/manifests.ts






/** The name both modules' `docker compose` finds first in the manifests folder. */
const SHIPPED_COMPOSE_FILE = 'compose.yaml';
async function manifestsFrom(source, applicationName, images) {
    const project = source.project ??
        (await (0,compose/* loadComposeProject */.IJ)({
            files: [...(source.composeFiles ?? [])],
            workingDirectory: source.projectDirectory,
            env: {},
            log: log/* silentLogger */.q
        }));
    return resolvedManifests(project, { applicationName, ...(images && { images }) });
}
/**
 * The composition the device must start, whatever its environment and its
 * compose's file lookup: the merged model of every `-f` file (`include`,
 * `extends`, overrides and profiles applied, interpolated here), named after
 * the application, each service's `image:` the tag `docker image load` gives
 * the shipped image. A literal `$` is written `$$`, as `docker compose
 * config` does, so the device's compose does not interpolate a second time,
 * and every value is written so the device's compose reads it back as it is
 * (a string that reads as a number, a date or a boolean there is quoted).
 * Bind-mount sources stay relative to the project folder (they are the
 * device's paths, nothing is shipped for them); a file the model reads from
 * outside the project folder cannot be shipped and is refused.
 */
async function resolvedManifests(project, options) {
    const root = project.projectDirectory;
    const files = new Map();
    const ship = async (abs, optional) => {
        const origin = project.hostPaths.files.get(abs);
        const rel = inside(root, abs);
        if (rel === undefined)
            throw new errors/* UserError */.yo(`${at(origin)}refers to ${origin?.written ?? abs}, which is outside the project folder ${root}`, { hint: 'move the file into the project folder: only that folder is shipped to the device' });
        const isFile = await (0,promises_.stat)(abs).then((s) => s.isFile(), () => false);
        if (!isFile) {
            if (optional)
                return undefined;
            throw new errors/* UserError */.yo(`${at(origin)}refers to ${origin?.written ?? abs}, which does not exist or is not a file`);
        }
        if (rel === SHIPPED_COMPOSE_FILE)
            throw new errors/* UserError */.yo(`${at(origin)}refers to ${origin?.written ?? abs}, which would be replaced by the resolved ${SHIPPED_COMPOSE_FILE} the device starts`, { hint: 'rename the file' });
        files.set(rel, abs);
        return `./${rel}`;
    };
    const model = structuredClone(project.model);
    const services = asMap(model.services);
    for (const [name, raw] of Object.entries(services)) {
        const svc = asMap(raw);
        const image = options.images?.[name] ?? svc.image;
        svc.image = shippedReference(image);
        // the image is shipped: the device neither builds nor needs a build context
        delete svc.build;
        if (svc.pull_policy === 'build')
            delete svc.pull_policy;
        // enabled at build time; the device would need the same COMPOSE_PROFILES otherwise
        delete svc.profiles;
        if (Array.isArray(svc.env_file)) {
            const kept = [];
            for (const entry of svc.env_file) {
                const e = typeof entry === 'string' ? { path: entry } : asMap(entry);
                const shipped = await ship(e.path, (0,compose/* composeBoolean */.J4)(e.required) === false);
                if (shipped === undefined)
                    continue;
                kept.push(typeof entry === 'string' ? shipped : { ...e, path: shipped });
            }
            if (kept.length > 0)
                svc.env_file = kept;
            else
                delete svc.env_file;
        }
        if (Array.isArray(svc.volumes))
            svc.volumes = svc.volumes.map((v) => relativeBind(v, project));
        services[name] = svc;
    }
    for (const kind of ['configs', 'secrets'])
        for (const def of Object.values(asMap(model[kind]))) {
            const d = asMap(def);
            if (typeof d.file === 'string')
                d.file = await ship(d.file, false);
        }
    delete model.version;
    const { name: _name, services: _services, ...rest } = model;
    const ordered = { name: options.applicationName, services, ...rest };
    const header = `# The composition mender-compose built from ${project.files
        .map((f) => inside(root, f) ?? f)
        .join(', ')}: resolved and interpolated; the device starts it as written.\n`;
    return {
        compose: header + (0,compose/* stringifyComposeYaml */.dK)(escapeDollars(ordered)),
        files: [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, path]) => ({ name, path }))
    };
}
/** The reference `docker image load` tags the shipped image with (`name` → `name:latest`). */
function shippedReference(reference) {
    const { repository, tag } = repoTag(reference);
    return tag === undefined ? reference : `${repository}:${tag}`;
}
/** A bind source made absolute by the loader, back to a path relative to the project folder. */
function relativeBind(v, project) {
    const rel = (abs) => {
        const r = (0,external_node_path_.relative)(project.projectDirectory, abs).split(external_node_path_.sep).join('/');
        return r === '' ? '.' : r.startsWith('../') || r === '..' ? r : `./${r}`;
    };
    if (typeof v === 'string') {
        const [src = '', ...restParts] = v.split(':');
        return project.hostPaths.binds.has(src) ? [rel(src), ...restParts].join(':') : v;
    }
    const m = asMap(v);
    if (typeof m.source === 'string' && project.hostPaths.binds.has(m.source))
        return { ...m, source: rel(m.source) };
    return v;
}
/** `abs` relative to `root` with `/`, or undefined when it is not inside. */
function inside(root, abs) {
    const rel = (0,external_node_path_.relative)(root, abs);
    if (rel === '' || rel === '..' || rel.startsWith(`..${external_node_path_.sep}`) || (0,external_node_path_.isAbsolute)(rel))
        return undefined;
    return rel.split(external_node_path_.sep).join('/');
}
function at(origin) {
    if (!origin)
        return '';
    return `${origin.file}${origin.line ? `:${origin.line}` : ''}: ${origin.field} `;
}
function escapeDollars(v) {
    if (typeof v === 'string')
        return v.replace(/\$/g, '$$$$');
    if (Array.isArray(v))
        return v.map(escapeDollars);
    if (typeof v === 'object' && v !== null)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeDollars(x)]));
    return v;
}
function asMap(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? v
        : {};
}
/** Tar members `manifests/…`: the resolved compose file and the files it reads, folders first. */
function manifestEntries(shipped) {
    const dirs = new Set(['manifests/']);
    for (const { name } of shipped.files) {
        const parts = name.split('/').slice(0, -1);
        for (let i = 1; i <= parts.length; i++)
            dirs.add(`manifests/${parts.slice(0, i).join('/')}/`);
    }
    return [
        ...[...dirs].sort().map((name) => ({ name, type: 'directory' })),
        { name: `manifests/${SHIPPED_COMPOSE_FILE}`, type: 'file', data: shipped.compose },
        ...shipped.files.map((f) => ({
            name: `manifests/${f.name}`,
            type: 'file',
            path: f.path
        }))
    ];
}

// EXTERNAL MODULE: ./src/oci/reference.ts
var oci_reference = __webpack_require__(9767);
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
    const imagesKey = `${fs}.${options.name}.images`;
    return {
        provides: {
            [versionKey]: options.version,
            ...(options.imageIds && { [imagesKey]: imagesValue(options.imageIds) })
        },
        // The docker-compose generator clears "*mender-docker-compose_*": `_`
        // where the key has `.`, so it never matches; ours matches the key's own prefix.
        clearsProvides: [`${fs}.${options.name}.*`],
        versionKey,
        imagesKey
    };
}
/**
 * The value of the images key: `sha256:` over the sorted, distinct image IDs
 * (bare hex), one a line. Two releases that install the same images provide
 * the same value.
 */
function imagesValue(ids) {
    const sorted = [...new Set([...ids].map((id) => id.replace(/^sha256:/, '')))].sort();
    return `sha256:${sha256Hex(sorted.map((id) => `${id}\n`).join(''))}`;
}
/** App names go into file paths and provides keys (app-gen's own rule). */
function checkAppName(name, what) {
    if (!/^[a-zA-Z0-9_-]+$/.test(name))
        throw new errors/* UserError */.yo(`${what} "${name}" may only hold letters, digits, "_" and "-"`);
}

// EXTERNAL MODULE: ./src/oci/checked-read.ts
var checked_read = __webpack_require__(3857);
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
    // a store entry (named by its digest) is hashed on its way into the artifact
    await (0,external_node_stream_promises_.pipeline)((0,checked_read/* checkedReadStream */.s)(entry.path), sink);
}

;// CONCATENATED MODULE: ./src/payload/app-payload.ts










/**
 * Builds the App Update Module payload (its images and manifests archives): one
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
    // before any layer work: an unshippable manifest is an error in the compose file
    const shipped = await manifestsFrom(options, options.applicationName, Object.fromEntries(options.services.map((s) => [s.name, s.next.reference])));
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
    const id = (image, asCurrent = false) => deviceImageId(image, store, options.blobs, cache, asCurrent);
    const byId = new Map();
    for (const svc of options.services) {
        const nextId = await id(svc.next);
        const group = byId.get(nextId);
        if (group)
            group.services.push(svc);
        else
            byId.set(nextId, { services: [svc] });
    }
    const entries = [{ name: 'images/', type: 'directory' }];
    const reports = [];
    const allIds = new Set();
    // plan every image first, then encode all their layer pairs at once, so the
    // engine's pool runs the changed layers of different services side by side
    const groups = await Promise.all([...byId].map(async ([nextId, { services }]) => {
        const svc = services[0];
        const currentId = svc.current ? await id(svc.current, true) : undefined;
        const unchanged = currentId === nextId;
        const current = deep || unchanged ? svc.current : undefined;
        return { id: nextId, services, svc, unchanged, current, currentId };
    }));
    // planned side by side: reading the layers' member lists is I/O and tar parsing
    const works = await Promise.all(groups.map((g) => planDeepDeltaWork(g.svc.next, g.current, ctx)));
    const results = await encodeAll(options.engine, works.flatMap((w) => w.jobs.map((j) => j.job)));
    let taken = 0;
    for (const [k, group] of groups.entries()) {
        const { id, services, svc, unchanged, current } = group;
        const work = works[k];
        const mine = results.slice(taken, (taken += work.jobs.length));
        if (current && group.currentId)
            allIds.add(group.currentId);
        allIds.add(id);
        const { layers, outcomes } = await finishDeepDelta(work, mine, ctx);
        const delta = outcomes.some((o) => o.choice !== 'full') && current !== undefined;
        const imgPath = (0,external_node_path_.join)(options.workDir, 'images', `${id}.img`);
        await writeTar(imgPath, imageArchiveEntries(svc.next, layers, store));
        const dir = `images/${id}/`;
        const currentId = delta ? group.currentId : id;
        const currentRef = delta ? currentReference(current, svc.next, currentId) : svc.next.reference;
        entries.push({ name: dir, type: 'directory' }, { name: `${dir}url-new.txt`, type: 'file', data: `${svc.next.reference}\n` }, { name: `${dir}url-current.txt`, type: 'file', data: `${currentRef}\n` }, { name: `${dir}sums-new.txt`, type: 'file', data: `${id}\n` }, { name: `${dir}sums-current.txt`, type: 'file', data: `${currentId}\n` }, { name: `${dir}image.img`, type: 'file', path: imgPath });
        if (delta) {
            entries.push({ name: `${dir}deep_delta`, type: 'file', data: '' });
        }
        reports.push({
            id,
            services: services.map((s) => s.name),
            reference: svc.next.reference,
            mode: unchanged ? 'reused' : delta ? 'delta' : 'full',
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
    await writeTar(manifestsPath, manifestEntries(shipped), { gzip: true });
    const sw = softwareProvides({
        name: options.applicationName,
        version: options.softwareVersion ?? options.artifactName,
        filesystem: options.softwareFilesystem,
        imageIds: byId.keys()
    });
    // a delta installs only on the images it was computed against: the base's images value
    // (recorded, else from the current images as the device names them), and its version if named
    const baseImages = options.previousImages ??
        imagesValue(await Promise.all(options.services.flatMap((s) => (s.current ? [id(s.current, true)] : []))));
    const depends = {
        ...(baseImages !== false && { [sw.imagesKey]: baseImages }),
        ...(options.previousVersion && { [sw.versionKey]: options.previousVersion })
    };
    const anyDelta = reports.some((r) => r.mode !== 'full');
    const metaData = {
        application_name: options.applicationName,
        images: [...allIds].sort(),
        orchestrator: 'docker-compose',
        platform: options.platform,
        version: '1.0',
        xdelta_args: xdeltaDecodeArgs(store)
    };
    options.log.info(`app payload: ${reports.length} image(s), images.tar.gz ${(await (0,promises_.stat)(imagesPath)).size} B`);
    return {
        type: 'app',
        files: [imagesPath, manifestsPath],
        metaData,
        provides: sw.provides,
        clearsProvides: sw.clearsProvides,
        depends: anyDelta ? depends : {},
        images: reports
    };
}
/**
 * The `xdelta3` arguments (before `<source> <delta> <output>`) that decode
 * this payload's deltas on the device, carried in the meta-data as
 * `xdelta_args` so the device module takes them from the artifact rather than
 * from a device-wide setting (the archived module ignores the key). Deltas
 * are made against uncompressed layer tars, so a source layer the device
 * holds gzipped (an image pulled from a registry) must be decompressed by
 * xdelta3 itself: no `-D`. Only `containerd-registry` deltas are made against
 * the compressed registry blobs, where `-D` keeps xdelta3 from decompressing.
 */
function xdeltaDecodeArgs(store) {
    return store === 'containerd-registry' ? '-d -D -s' : '-d -s';
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
 * (the docker-compose Update Module): `images.tar.gz` with one docker-archive per
 * image (full images; the module has no deltas) and an uncompressed
 * `manifests.tar`.
 */
async function buildComposeModulePayload(options) {
    checkAppName(options.projectName, 'project name');
    checkDeviceReferences(options.images.map((i) => ({ reference: i.reference })));
    const shipped = await manifestsFrom(options, options.projectName);
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
    await writeTar(manifestsPath, manifestEntries(shipped));
    const sw = softwareProvides({
        name: `mender-docker-compose.${options.projectName}`,
        version: options.softwareVersion ?? options.artifactName,
        filesystem: options.softwareFilesystem,
        imageIds: options.images.map((i) => imageId(i, 'classic'))
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
 * A pulled image (in the content store) as the payload builders take it:
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
/** The `mender-artifact write module-image` options (the artifact writer's) for a module payload. */
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








// EXTERNAL MODULE: ./src/delta/vcdiff/code-table.ts
var code_table = __webpack_require__(2931);
// EXTERNAL MODULE: ./src/delta/vcdiff/varint.ts
var varint = __webpack_require__(689);
;// CONCATENATED MODULE: ./src/delta/copy-delta.ts




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

;// CONCATENATED MODULE: ./src/delta/cached-engine.ts





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
            // the bad entry goes, so the fresh delta takes its place instead of warning every build
            await store.forgetBlob(e.delta, `content hashes to ${copy.digest}`);
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
            if (source === target)
                return true;
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

;// CONCATENATED MODULE: ./src/delta/progress.ts

/**
 * Progress of delta encodes for a log: every `intervalMs`, one line per layer
 * that has been encoding for at least that long, with the target bytes done,
 * the rate and the time left at that rate; a last line when such a layer
 * ends. Encodes shorter than the interval print nothing, so a small release
 * adds no lines, and a long one at most one round of lines per interval.
 */
class EncodeProgress {
    log;
    running = new Set();
    intervalMs;
    now;
    timer;
    constructor(log, options = {}) {
        this.log = log;
        this.intervalMs = options.intervalMs ?? 10_000;
        this.now = options.now ?? (() => performance.now());
    }
    /** A layer starts: `total` is its target's size in bytes. */
    start(label, total) {
        const r = { label, total, done: 0, started: this.now(), reported: false };
        this.running.add(r);
        if (!this.timer) {
            this.timer = setInterval(() => this.tick(), this.intervalMs);
            this.timer.unref();
        }
        return {
            update: (done) => {
                r.done = Math.min(done, r.total);
            },
            finish: () => {
                if (!this.running.delete(r))
                    return;
                if (r.reported) {
                    const ms = this.now() - r.started;
                    this.log.info(`delta ${r.label}: ${(0,util_format/* formatBytes */.z3)(r.total)} encoded in ${(0,util_format/* formatDuration */.a3)(ms)} (${(0,util_format/* formatRate */.CE)(r.total, ms)})`);
                }
                if (this.running.size === 0)
                    this.stop();
            }
        };
    }
    /** One round of lines: every layer running for at least an interval. */
    tick() {
        const t = this.now();
        for (const r of this.running) {
            const ms = t - r.started;
            if (ms < this.intervalMs)
                continue;
            r.reported = true;
            this.log.info(`delta ${r.label}: ${progressLine(r.done, r.total, ms)}`);
        }
    }
    /** Stops the timer (after a failure, the layers still listed are dropped). */
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
        this.running.clear();
    }
}
/** `12.0 MiB of 300.0 MiB (4%), 1.2 MiB/s, about 4.0 min left` */
function progressLine(done, total, ms) {
    const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
    const rate = done > 0 ? done / ms : 0;
    const eta = rate > 0 ? `about ${(0,util_format/* formatDuration */.a3)((total - done) / rate)} left` : 'time left not known yet';
    return `${(0,util_format/* formatBytes */.z3)(done)} of ${(0,util_format/* formatBytes */.z3)(total)} (${pct}%), ${(0,util_format/* formatRate */.CE)(done, ms)}, ${eta}`;
}

// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/pipeline/stages/delta.ts












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
function encoderEngine(encoder, session) {
    const concurrency = session.opts.deltaConcurrency;
    const opts = {
        log: session.log,
        // per-layer bytes, rate and time left while the encodes run (inside the Delta log group)
        progress: new EncodeProgress(session.log),
        ...(concurrency ? { concurrency } : {})
    };
    if (encoder === 'best')
        return portableDeltaEngine(opts);
    if (encoder === 'lzma')
        return lzmaDeltaEngine(undefined, concurrency);
    return poolDeltaEngine(opts);
}
/**
 * On the containerd store, a base nobody recorded is taken to be held as the
 * registry serves it (compressed layers under the registry's manifest); a
 * device that got it from one of our `containerd` artifacts holds it
 * uncompressed under another image ID, and refuses the deltas. Said before
 * the encodes, with what makes the record found.
 */
function warnUnrecordedContainerdBase(options, plan, platform, fetched, log) {
    if (options.deviceImageStore !== 'containerd' || options.module === 'docker-compose')
        return;
    if (!plan.previous || plan.previous.platforms.includes(platform))
        return;
    if (!fetched.services.some((s) => s.previous))
        return;
    const release = plan.previous.artifactName ?? plan.previous.ref;
    log.warn(`${platform}: no record of the previous release ${release} was found (not on the Mender server, not in the cache), so its images are taken to be on the containerd-store devices as the registry serves them. Devices that got them from an artifact built with device-image-store: containerd will refuse this delta ("… which this device does not hold"): name the previous artifact (previous-artifact-name) with the Mender server reachable, or keep the cache, so its record is found; or ship this release with delta: off once`, { title: 'Delta base without a release record' });
}
/**
 * delta: the module payload (App Update Module deep deltas, or the
 * docker-compose module's full images) over the images fetched for one
 * platform.
 */
function deltaStage(session) {
    return async ({ options, plan, target, fetched }) => {
        const { store } = await session.open(options);
        const log = session.log;
        const suffix = target.platform.replace(/\//g, '-');
        const outDir = (0,external_node_path_.join)(options.outputDir, `.payload-${(0,artifact_file_name/* artifactFileName */.U)(options.artifactName)}-${suffix}`);
        const workDir = (0,external_node_path_.join)(options.cacheDir, 'tmp', `work-${process.pid}-${suffix}`);
        await (0,promises_.rm)(outDir, { recursive: true, force: true });
        await (0,promises_.mkdir)(outDir, { recursive: true });
        warnUnrecordedContainerdBase(options, plan, target.platform, fetched, log);
        const engine = cachedDeltaEngine(encoderEngine(options.deltaEncoder, session), {
            store,
            engineId: engineId(options.deltaEncoder),
            log
        });
        // the pool's workers start while the layers are planned, so no encode waits for a
        // thread to load; as many as there are likely pairs not in the delta cache: none warm
        if (options.deltaEncoder === 'native' &&
            options.module !== 'docker-compose' &&
            options.delta === 'deep') {
            let missing = 0;
            for (const got of fetched.services)
                for (const [source, next] of likelyPairs(got.image, got.previous))
                    if (!(await engine.holds(source, next)))
                        missing++;
            if (missing > 0)
                prewarmWorkers(Math.min(missing, session.opts.deltaConcurrency ?? (0,external_node_os_.availableParallelism)()));
        }
        const services = [];
        for (const svc of plan.services) {
            const got = fetched.services.find((s) => s.name === svc.name);
            if (!got)
                throw new Error(`service ${svc.name} was not fetched for ${target.platform}`);
            const next = await payloadImageFromStore(resolvedOf(got.image), store);
            const current = got.previous
                ? {
                    ...(await payloadImageFromStore(resolvedOf(got.previous), store)),
                    held: got.previous.held ?? 'registry'
                }
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
                    ...manifestsSource(options, plan),
                    blobs: store,
                    outDir,
                    workDir,
                    log
                })
                : await buildAppPayload({
                    applicationName: options.applicationName,
                    platform: target.platform,
                    artifactName: options.artifactName,
                    softwareFilesystem: options.softwareFilesystem,
                    ...(plan.previous?.artifactName
                        ? { previousVersion: plan.previous.artifactName }
                        : {}),
                    ...(plan.previous?.baseImages?.[target.platform] !== undefined
                        ? { previousImages: plan.previous.baseImages[target.platform] }
                        : {}),
                    services,
                    ...manifestsSource(options, plan),
                    deepDelta: options.delta === 'deep',
                    deviceStore: options.deviceImageStore,
                    blobs: store,
                    engine,
                    outDir,
                    workDir,
                    log
                });
            if (options.module !== 'docker-compose')
                logPairings(payload.images, log);
            const s = engine.stats;
            if (s.hits + s.encoded + s.identical)
                log.info(`${target.platform}: ${s.encoded} deltas encoded, ${s.hits} from the delta cache, ${s.identical} of unchanged layers (nothing to encode)`);
            return {
                platform: target.platform,
                services: options.module === 'docker-compose'
                    ? services.map((s) => fullService(s))
                    : servicePayloads(payload.images),
                payloadDir: outDir,
                payload,
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
/** The project plan loaded, else its files (a plan from a test double). */
function manifestsSource(options, plan) {
    return plan.compose
        ? { project: plan.compose }
        : { projectDirectory: options.projectDirectory, composeFiles: options.composeFiles };
}
/** A fetched image as the payload builder reads it from the store. */
function resolvedOf(image) {
    return {
        reference: image.reference,
        manifestDigest: image.manifestDigest,
        configDigest: image.configDigest,
        layers: image.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
        diffIds: image.diffIds
    };
}
/** Per service, how its layers travel; an image shared by services is counted on the first. */
function servicePayloads(images) {
    const out = [];
    for (const img of images)
        for (const [i, name] of img.services.entries()) {
            const layers = img.layers.map((l) => ({
                digest: l.digest,
                mode: i === 0 ? l.choice : 'reused',
                fullBytes: l.fullSize,
                shippedBytes: i === 0 ? l.shippedSize : 0,
                ...(i === 0 && l.pairing ? { pairing: pairingNote(l.pairing, l.fullSize) } : {})
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
function pairingNote(p, fullBytes) {
    return {
        reason: p.reason,
        ...(p.source !== undefined ? { source: p.source } : {}),
        detail: describePairing(p, fullBytes)
    };
}
/** One log line per changed layer of an image with a current image: its source and why. */
function logPairings(images, log) {
    for (const img of images)
        for (const l of img.layers) {
            if (!l.pairing || l.pairing.reason === 'same layer')
                continue;
            const how = l.choice === 'full' ? 'full' : `delta ${(0,util_format/* formatBytes */.z3)(l.shippedSize)}`;
            log.info(`${img.services.join(', ')}: layer ${l.index} (${(0,util_format/* formatBytes */.z3)(l.fullSize)}, ${how}) ${l.pairing.reason === 'none' ? 'not paired: nothing in common with a current layer' : `paired with ${describePairing(l.pairing, l.fullSize)}`}`);
        }
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

// EXTERNAL MODULE: ./src/oci/index.ts + 16 modules
var oci = __webpack_require__(7064);
;// CONCATENATED MODULE: ./src/pipeline/stages/fetch.ts



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
 * content store (the folder the cache keeps), each by the digest the plan
 * resolved or chose, so what is shipped is what the plan (and the cache key)
 * describes. Blobs already there (restored cache, earlier run, a layer shared
 * with another service) are counted as reused; only the others travel.
 */
function fetchStage(session) {
    return async ({ options, plan, target }) => {
        const { store, client } = await session.open(options);
        const log = session.log;
        const counts = { blobsFetched: 0, bytesFetched: 0, blobsReused: 0 };
        const deps = { store, client, log };
        const p = (0,oci/* parsePlatform */.Y8)(target.platform);
        const opened = [];
        const services = [];
        try {
            // resolve every image first (manifests and configs are small), then pull
            // all their layers at once: the services' downloads, decompressions and
            // hashes overlap instead of running one image after the other
            // one open source per image, however many services run it
            const sources = new Map();
            const open = (source) => {
                let o = sources.get(source);
                if (!o) {
                    o = openResolved(source, p, deps, opened);
                    sources.set(source, o);
                }
                return o;
            };
            const wanted = await mapLimit(plan.services, IMAGES_AT_ONCE, async (svc) => {
                const planned = svc.image.manifests[target.platform];
                if (!planned)
                    throw new Error(`service ${svc.name} has no image planned for ${target.platform}`);
                const source = pinnedSource(options.serviceImages[svc.name] ?? session.source(svc.image.reference), planned);
                const baseDigest = svc.previous?.manifests[target.platform];
                const base = svc.previous && baseDigest
                    ? { reference: svc.previous.reference, manifestDigest: baseDigest }
                    : undefined;
                const from = base
                    ? pinnedSource(session.source(base.reference), base.manifestDigest)
                    : undefined;
                const next = await open(source);
                const current = from ? await open(from) : undefined;
                return { svc, planned, source, base, from, next, current };
            });
            // counted in service order as pulling one image after the other would:
            // a blob an earlier image of this run brings is reused by a later one
            const seen = new Set();
            for (const w of wanted)
                for (const img of w.current ? [w.next, w.current] : [w.next])
                    await countBlobs(img.resolved, store, seen, counts);
            // each image pulled once; the services share the result
            const images = wanted.flatMap((w) => (w.current ? [w.next, w.current] : [w.next]));
            const unique = [...new Set(images)];
            const pulledOnce = await mapLimit(unique, IMAGES_AT_ONCE, async (img) => (await (0,oci/* pullImage */.ZP)(img.src, p, { store, log })).resolved);
            const at = new Map(unique.map((img, i) => [img, i]));
            const pulled = images.map((img) => pulledOnce[at.get(img)]);
            let k = 0;
            for (const { svc, planned, source, base, from, current: cur } of wanted) {
                const next = pulled[k++];
                const current = cur ? pulled[k++] : undefined;
                if (next.manifestDigest !== planned)
                    throw new errors/* UserError */.yo(`service '${svc.name}': the image ${source} is ${next.manifestDigest} now, but the plan resolved ${planned}`, { hint: 'the image source changed during the build; run it again' });
                if (current && current.manifestDigest !== base?.manifestDigest)
                    throw new errors/* UserError */.yo(`service '${svc.name}': the previous image ${from} is ${current.manifestDigest}, but the previous release recorded ${base?.manifestDigest}`, {
                        hint: 'the image source changed since that release; build a full artifact with delta: off'
                    });
                services.push({
                    name: svc.name,
                    image: fetchedImage(svc.image.reference, next),
                    ...(current && base
                        ? {
                            previous: {
                                ...fetchedImage(base.reference, current),
                                ...(svc.previous?.held?.[target.platform]
                                    ? { held: svc.previous.held[target.platform] }
                                    : {})
                            }
                        }
                        : {})
                });
            }
        }
        finally {
            await Promise.all(opened.map((o) => o.src.close()));
        }
        return { platform: target.platform, services, ...counts };
    };
}
/**
 * Images pulled at once (each pulls up to 4 layers at once): every image of a
 * typical app. With fewer lanes than images, an image past them waits for a
 * lane, that is for the layers it shares with the first ones (a base layer)
 * to be downloaded and unpacked, before its own layers start.
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
        })),
        diffIds: r.diffIds
    };
}

// EXTERNAL MODULE: ./src/artifact/index.ts + 12 modules
var artifact = __webpack_require__(9851);
// EXTERNAL MODULE: ./src/compose/reference.ts
var reference = __webpack_require__(7709);
;// CONCATENATED MODULE: ./src/release/base-images.ts


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
        diffIds: rec.diffIds,
        held: rec.deviceLayers ?? 'registry'
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
            diffIds: r.diffIds,
            held: 'registry'
        };
    }
    catch (err) {
        inputs.log.warn(`service "${svc.name}": cannot resolve the previous image "${old.image}": ${(0,errors/* describeError */.Uc)(err)}`);
        return noBase(svc, `the previous image "${old.image}" cannot be resolved`);
    }
}

;// CONCATENATED MODULE: ./src/release/metadata.ts



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
    if (value.provides !== undefined &&
        (!isObject(value.provides) ||
            !Object.values(value.provides).every((v) => typeof v === 'string')))
        return bad('provides is not a map of strings');
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
        if (s.deviceLayers !== undefined &&
            s.deviceLayers !== 'uncompressed' &&
            s.deviceLayers !== 'registry')
            return bad(`${at}.deviceLayers is neither uncompressed nor registry`);
        if (s.deviceImageId !== undefined &&
            (typeof s.deviceImageId !== 'string' || !DIGEST.test(s.deviceImageId)))
            return bad(`${at}.deviceImageId is not a sha256 digest`);
        return {
            service: s.service,
            reference: s.reference,
            ...(typeof s.platform === 'string' && { platform: s.platform }),
            manifestDigest: s.manifestDigest,
            configDigest: s.configDigest,
            diffIds: s.diffIds,
            ...(s.deviceLayers !== undefined && { deviceLayers: s.deviceLayers }),
            ...(typeof s.deviceImageId === 'string' && { deviceImageId: s.deviceImageId })
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
        ...(isObject(value.provides) && { provides: value.provides }),
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
 * on the Mender server, found by its exact name (the Mender client's
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

;// CONCATENATED MODULE: ./src/release/release-records.ts




function recordPath(options, ref, platform) {
    const safe = (s) => s.replace(/[^A-Za-z0-9._-]/g, '_');
    return (0,external_node_path_.join)(options.cacheDir, 'releases', safe(options.applicationName), safe(ref), `${safe(platform)}.json`);
}
async function readReleaseRecord(options, ref, platform) {
    const path = recordPath(options, ref, platform);
    return (0,external_node_fs_.existsSync)(path) ? readMetadataFile(path) : undefined;
}
/** The refs a later run may name this release by: the commit, and the tag or branch name. */
function releaseRefs(gh) {
    if (!gh)
        return [];
    const name = gh.ref.replace(/^refs\/(heads|tags)\//, '');
    return [...new Set([gh.sha, name].filter(Boolean))];
}
/**
 * The key a record is also kept under: its artifact name, so a build that
 * names the previous artifact (`previous-artifact-name`, the CLI outside
 * GitHub) finds it without a Git ref.
 */
function artifactRef(artifactName) {
    return `artifact=${artifactName}`;
}
/** The record under the previous release's ref, else under the previous artifact's name. */
async function findReleaseRecord(place, platform) {
    return ((await readReleaseRecord(place, place.ref, platform)) ??
        (place.previousArtifactName
            ? await readReleaseRecord(place, artifactRef(place.previousArtifactName), platform)
            : undefined));
}
async function writeReleaseRecords(options, meta) {
    const refs = releaseRefs(options.github);
    if (meta.artifactName)
        refs.push(artifactRef(meta.artifactName));
    for (const ref of refs) {
        const path = recordPath(options, ref, meta.platform);
        await (0,promises_.mkdir)((0,external_node_path_.join)(path, '..'), { recursive: true });
        await writeMetadataFile(path, meta);
    }
}

;// CONCATENATED MODULE: ./src/release/choose-bases.ts


/**
 * The digest-source chain for one platform, with the lookups wired: which
 * image every service's devices run now, and the record it came from.
 */
async function chooseBasesForPlatform(inputs) {
    let record;
    const recorded = (lookup, name) => async () => {
        const rec = await lookup();
        if (rec && rec.application === inputs.application && !record) {
            const artifactName = rec.artifactName ?? name;
            record = {
                platform: rec.platform,
                ...(artifactName ? { artifactName } : {}),
                ...(rec.provides ? { provides: rec.provides } : {})
            };
        }
        return rec;
    };
    const { mender, records } = inputs;
    const bases = await chooseBaseImages({
        application: inputs.application,
        platform: inputs.platform,
        services: inputs.services,
        previousServices: inputs.previousServices,
        ...(mender
            ? { menderMetadata: recorded(mender.forPlatform(inputs.platform), mender.artifactName) }
            : {}),
        ...(records
            ? {
                cacheMetadata: recorded(() => findReleaseRecord(records, inputs.platform))
            }
            : {}),
        resolver: inputs.resolver,
        log: inputs.log
    });
    return { bases, ...(record ? { record } : {}) };
}

// EXTERNAL MODULE: ./src/mender/index.ts + 14 modules
var mender = __webpack_require__(3546);
;// CONCATENATED MODULE: ./src/release/artifact-name.ts
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

;// CONCATENATED MODULE: ./src/release/previous-artifact.ts



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
    return defaultArtifactName({
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
/**
 * Lookup (1) of the digest-source chain, per platform, over one client
 * connected on first use (so a server that is down costs a warning from the
 * chain, never the build). Undefined when no server, credentials or name.
 */
class MenderLookup {
    server;
    credentials;
    artifactName;
    log;
    mask;
    client;
    constructor(server, credentials, artifactName, log, mask) {
        this.server = server;
        this.credentials = credentials;
        this.artifactName = artifactName;
        this.log = log;
        this.mask = mask;
    }
    static create(server, artifactName, log, mask) {
        const credentials = server.credentials;
        if (!server.url || !credentials || !artifactName) {
            if (server.url && credentials)
                log.debug('no previous artifact name known: the Mender server is not asked for it');
            return undefined;
        }
        return new MenderLookup(server, credentials, artifactName, log, mask);
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
            serverUrl: this.server.url,
            credentials: this.credentials,
            credentialSource: 'token' in this.credentials ? 'mender-access-token' : undefined,
            log: this.log,
            // The lookup only improves the delta base: a server in trouble should
            // cost seconds, not the minutes an upload is worth waiting.
            retry: LOOKUP_RETRY,
            ...(this.mask ? { maskSecret: this.mask } : {})
        });
        return this.client;
    }
}

;// CONCATENATED MODULE: ./src/release/index.ts
/**
 * What the devices run now, and what this release records for the next one:
 * the previous release, its artifact's name, the digest-source chain that
 * picks each service's delta base, and the release records it reads.
 */







;// CONCATENATED MODULE: ./src/pipeline/stages/package.ts





/** The metadata path beside an artifact: `x.mender` → `x.json`. */
function metadataPathFor(artifactPath) {
    return artifactPath.replace(/(\.mender)?$/, '.json');
}
/**
 * package: the artifact writer over the delta stage's payload, with the
 * release record (the exact images shipped) in the meta-data and as JSON
 * beside the artifact; signed when a key is given. The record is also kept in
 * the layer store for the next release's delta base.
 */
function packageStage(session) {
    return async ({ options, target, fetched, delta, outputPath }) => {
        const payload = delta.payload;
        const provides = { ...payload.provides, ...options.provides };
        // the record keeps the provides: a delta against this release depends on them
        const meta = { ...releaseMetadata(options, target.platform, fetched, payload), provides };
        const base = moduleImageOptions(payload, {
            name: options.artifactName,
            deviceTypes: target.deviceTypes
        });
        const { compression, level } = (0,artifact/* parseCompression */.Gd)(options.compression);
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
        }, outputPath, 
        // generated files whose times and owner say nothing: fixed, so a build
        // of the same release writes the same artifact
        { log: session.log, fixedTimestamp: 0 });
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
/** How a device holds the images of the release being built (see ServiceImageRecord). */
function package_deviceLayers(options) {
    return options.module === 'app' && options.deviceImageStore === 'containerd-registry'
        ? 'registry'
        : 'uncompressed';
}
function releaseMetadata(options, platform, fetched, payload) {
    const services = fetched.services.map((s) => {
        const id = payload.images.find((i) => i.services.includes(s.name))?.id;
        return {
            service: s.name,
            reference: s.image.reference,
            manifestDigest: s.image.manifestDigest,
            configDigest: s.image.configDigest,
            diffIds: s.image.diffIds,
            deviceLayers: package_deviceLayers(options),
            ...(id ? { deviceImageId: `sha256:${id}` } : {})
        };
    });
    return {
        formatVersion: 1,
        application: options.applicationName,
        platform,
        artifactName: options.artifactName,
        services
    };
}

;// CONCATENATED MODULE: ./src/pipeline/stages/session.ts

/**
 * The resources one run's stages share: the content store and one registry
 * client (its connections and tokens serve every resolve and pull of the
 * run). Opened on first use with the run's options; it holds no stage data,
 * which travels in the stage results.
 */
class Session {
    log;
    opts;
    opened;
    resolutions = new Map();
    constructor(log, opts = {}) {
        this.log = log;
        this.opts = opts;
    }
    /** The source of an image the compose file names (see StagesOptions.sourceFor). */
    source(reference) {
        return this.opts.sourceFor?.(reference) ?? reference;
    }
    open(options) {
        this.opened ??= oci/* ContentStore */.Vh.open(options.cacheDir, { log: this.log }).then((store) => ({
            store,
            client: new oci/* RegistryClient */.bP({
                log: this.log,
                credentials: (0,oci/* dockerCredentials */.d8)({ env: options.composeEnv, log: this.log }),
                timeouts: (0,oci/* registryTimeoutsFromEnv */.zT)(options.composeEnv)
            })
        }));
        return this.opened;
    }
    /**
     * Digests, config and layers of `source` for `platform`, through the run's
     * client and store; once per source and platform in a run (many services on
     * one image resolve it once). A failure is not kept.
     */
    resolve(options, source, platform) {
        const key = `${platform} ${source}`;
        let p = this.resolutions.get(key);
        if (!p) {
            p = this.resolveNow(options, source, platform);
            p.catch(() => this.resolutions.delete(key));
            this.resolutions.set(key, p);
        }
        return p;
    }
    async resolveNow(options, source, platform) {
        const deps = await this.open(options);
        const src = await (0,oci/* openImageSource */.Xe)(source, deps);
        try {
            return await src.resolve((0,oci/* parsePlatform */.Y8)(platform));
        }
        finally {
            await src.close();
        }
    }
    async close() {
        const opened = await this.opened?.catch(() => undefined);
        this.opened = undefined;
        this.resolutions.clear();
        await opened?.client.close();
    }
}
/** The Mender credentials the options hold, or undefined. */
function menderCredentials(options) {
    const c = options.credentials;
    if (c.accessToken)
        return { token: c.accessToken };
    if (c.username && c.password)
        return { username: c.username, password: c.password };
    return undefined;
}

;// CONCATENATED MODULE: ./src/pipeline/stages/plan.ts





/** Images resolved at once: bounds open files and requests, whatever the number of services. */
const RESOLVE_AT_ONCE = 8;
/**
 * plan: the compose project, the previous release (by event, ref or files),
 * the delta base of every service per platform (the digest-source chain:
 * recorded metadata first, then pinned or resolved references) and the
 * platforms each new image offers.
 */
function planStage(session) {
    return async ({ options }) => {
        const log = session.log;
        const project = await (0,compose/* loadComposeProject */.IJ)({
            files: options.composeFiles,
            workingDirectory: options.projectDirectory,
            ...(options.composeProjectDirectory && {
                projectDirectory: options.composeProjectDirectory
            }),
            env: options.composeEnv,
            log
        });
        if (project.services.length === 0)
            throw new errors/* UserError */.yo(`${project.files.join(', ')}: no service names an image`);
        const previous = await previousProject(options, session);
        const baseInputs = {
            services: project.services,
            ...(previous ? { previousServices: previous.project.services } : {}),
            recordedPlatforms: []
        };
        const found = { artifactName: undefined, platforms: new Set() };
        const mender = previous
            ? MenderLookup.create({ url: options.menderServerUrl, credentials: menderCredentials(options) }, previousArtifactName(options, previous), log, session.opts.mask)
            : undefined;
        if (mender)
            log.info(`looking for the previous artifact ${mender.artifactName} on the Mender server`);
        const bases = new Map();
        const baseImages = {};
        try {
            for (const target of options.targets) {
                const chosen = await chooseBases(options, session, target, baseInputs, previous, mender);
                bases.set(target.platform, chosen.bases);
                if (chosen.record) {
                    found.platforms.add(chosen.record.platform);
                    found.artifactName ??= chosen.record.artifactName;
                    baseInputs.recordedPlatforms.push(target.platform);
                    baseImages[target.platform] = imagesProvided(chosen.record.provides);
                }
            }
        }
        finally {
            await mender?.close();
        }
        if (previous)
            explicitPreviousName(options, found, log);
        sayVersionOnly(baseImages, found.artifactName, log);
        // the services' images resolved side by side (a manifest and config request each)
        const services = await mapLimit(project.services, RESOLVE_AT_ONCE, async (svc) => {
            const image = await plannedImage(svc.image, options, session, svc.name);
            const prev = plannedPrevious(svc.name, options.targets, bases);
            return { name: svc.name, image, ...(prev ? { previous: prev } : {}) };
        });
        return {
            applicationName: options.applicationName,
            artifactName: options.artifactName,
            targets: options.targets,
            services,
            ...(previous
                ? {
                    previous: {
                        ref: previous.ref,
                        ...(previous.tag ? { tag: previous.tag } : {}),
                        ...(found.artifactName ? { artifactName: found.artifactName } : {}),
                        platforms: [...found.platforms],
                        ...(Object.keys(baseImages).length > 0 ? { baseImages } : {})
                    }
                }
                : {}),
            baseInputs,
            compose: project
        };
    };
}
/** The images value a recorded release provides; false for a record from before that key. */
function imagesProvided(provides) {
    return Object.entries(provides ?? {}).find(([k]) => k.endsWith('.images'))?.[1] ?? false;
}
/** One line when a recorded base predates the images key: the delta depends on its version. */
function sayVersionOnly(baseImages, artifactName, log) {
    if (Object.values(baseImages).includes(false))
        log.info(`the previous release ${artifactName ?? '(unnamed)'} was built before artifacts provided their images: the delta artifact depends on its version only`);
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
/** Where the previous release's record may be: its ref, or the previous artifact's name. */
function recordPlace(options, previous) {
    const name = previousArtifactName(options, previous);
    return {
        cacheDir: options.cacheDir,
        applicationName: options.applicationName,
        ref: previous.ref,
        ...(name ? { previousArtifactName: name } : {})
    };
}
/** The digest-source chain for one platform, with this run's lookups. */
function chooseBases(options, session, target, inputs, previous, mender) {
    const resolver = {
        resolve: (reference, platform) => session.resolve(options, session.source(reference), platform)
    };
    return chooseBasesForPlatform({
        application: options.applicationName,
        platform: target.platform,
        services: inputs.services,
        ...(inputs.previousServices ? { previousServices: inputs.previousServices } : {}),
        ...(mender ? { mender } : {}),
        ...(previous ? { records: recordPlace(options, previous) } : {}),
        resolver,
        log: session.log
    });
}
/**
 * The cache is restored after plan (its key needs the plan's digests), and
 * it may hold the previous release's record (the chain's second lookup). Where it
 * does and plan did not have one, the bases of that platform are chosen again
 * from it before anything is fetched.
 */
function rebaseStage(session) {
    return async ({ options, plan }) => {
        const inputs = plan.baseInputs;
        const previous = plan.previous;
        if (!inputs?.previousServices || !previous)
            return plan;
        const bases = basesOf(plan);
        let next;
        for (const target of plan.targets) {
            const done = next?.baseInputs?.recordedPlatforms ?? inputs.recordedPlatforms;
            if (done.includes(target.platform))
                continue;
            if (!(await findReleaseRecord(recordPlace(options, previous), target.platform)))
                continue;
            session.log.info(`the restored cache holds the metadata of release ${previous.ref}: using it`);
            const chosen = await chooseBases(options, session, target, inputs, previous);
            bases.set(target.platform, chosen.bases);
            const cur = next ?? plan;
            const prev = cur.previous ?? previous;
            const platforms = [...prev.platforms];
            if (chosen.record && !platforms.includes(chosen.record.platform))
                platforms.push(chosen.record.platform);
            const artifactName = prev.artifactName ?? chosen.record?.artifactName;
            const baseImages = chosen.record
                ? { ...prev.baseImages, [target.platform]: imagesProvided(chosen.record.provides) }
                : prev.baseImages;
            if (chosen.record)
                sayVersionOnly({ [target.platform]: baseImages[target.platform] }, artifactName, session.log);
            next = {
                ...cur,
                previous: {
                    ...prev,
                    ...(artifactName ? { artifactName } : {}),
                    platforms,
                    ...(baseImages ? { baseImages } : {})
                },
                baseInputs: {
                    ...inputs,
                    recordedPlatforms: chosen.record ? [...done, target.platform] : [...done]
                }
            };
        }
        if (!next)
            return plan;
        return {
            ...next,
            services: plan.services.map((svc) => {
                const { previous: _old, ...rest } = svc;
                const prev = plannedPrevious(svc.name, plan.targets, bases);
                return prev ? { ...rest, previous: prev } : rest;
            })
        };
    };
}
/** The bases a plan holds, per platform (what `plannedPrevious` summed up). */
function basesOf(plan) {
    const out = new Map();
    for (const t of plan.targets)
        out.set(t.platform, plan.services.flatMap((s) => {
            const digest = s.previous?.manifests[t.platform];
            return s.previous && digest
                ? [
                    {
                        service: s.name,
                        reference: s.previous.reference,
                        manifestDigest: digest,
                        held: s.previous.held?.[t.platform]
                    }
                ]
                : [];
        }));
    return out;
}
async function previousProject(options, session) {
    const prev = options.previous;
    const log = session.log;
    if (prev.kind === 'none')
        return undefined;
    if (prev.kind === 'compose') {
        const project = await (0,compose/* loadComposeProject */.IJ)({
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
async function plannedImage(reference, options, session, service) {
    const source = options.serviceImages[service] ?? session.source(reference);
    const manifests = {};
    let digest = '';
    for (const target of options.targets) {
        let r;
        try {
            r = await session.resolve(options, source, target.platform);
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
function plannedPrevious(service, targets, bases) {
    const manifests = {};
    const held = {};
    let reference;
    for (const t of targets) {
        const b = bases.get(t.platform)?.find((x) => x.service === service);
        if (!b?.manifestDigest || !b.reference)
            continue;
        manifests[t.platform] = b.manifestDigest;
        if (b.held)
            held[t.platform] = b.held;
        reference ??= b.reference;
    }
    if (!reference)
        return undefined;
    const platforms = Object.keys(manifests);
    return {
        reference,
        digest: manifests[platforms[0]],
        platforms,
        manifests,
        ...(Object.keys(held).length ? { held } : {})
    };
}

;// CONCATENATED MODULE: ./src/pipeline/stages/publish.ts



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
 * publish: the Mender client. Every artifact (one per platform) is uploaded
 * unless the server already holds it (an identical one is found, not sent
 * again), then one deployment by name, which Mender resolves per device type;
 * an identical active deployment is reported, not duplicated.
 */
function publishStage(session) {
    return async ({ options, artifacts }) => {
        const client = await mender/* MenderClient */.Xr.connect({
            serverUrl: options.menderServerUrl,
            credentials: credentials(options),
            credentialSource: options.credentials.accessToken ? 'mender-access-token' : undefined,
            log: session.log,
            ...(session.opts.mask ? { maskSecret: session.opts.mask } : {})
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
            const rollout = deploy.rollout ?? {};
            const r = await (0,mender/* publish */.mk)(client, {
                artifactName: options.artifactName,
                deploy: {
                    name: deploy.name,
                    target: deploymentTarget(deploy.target),
                    ...(rollout.forceInstallation ? { forceInstallation: true } : {}),
                    ...(rollout.retries !== undefined ? { retries: rollout.retries } : {}),
                    ...(rollout.phases ? { phases: rollout.phases } : {}),
                    ...(rollout.updateControlMap ? { updateControlMap: rollout.updateControlMap } : {})
                },
                ...(deploy.wait
                    ? { wait: { timeoutMs: deploy.waitTimeoutMs, maxFailures: rollout.maxFailures ?? 0 } }
                    : {})
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

;// CONCATENATED MODULE: ./src/pipeline/stages/index.ts






/**
 * The production stages for one run: compose files, previous release and
 * delta bases (plan, rebase), content store pulls (fetch), the module payload
 * on the delta pool (delta), the artifact writer and release record
 * (package), and the Mender client (publish). They share one session (the
 * content store and registry client), never stage data.
 */
function createStages(log, opts = {}) {
    const session = new Session(log, opts);
    return {
        plan: planStage(session),
        rebase: rebaseStage(session),
        fetch: fetchStage(session),
        delta: deltaStage(session),
        package: packageStage(session),
        publish: publishStage(session),
        close: () => session.close()
    };
}


/***/ })

};
