export const id = 64;
export const ids = [64];
export const modules = {

/***/ 507:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ isLoopbackRegistry)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

/** localhost, *.localhost, 127.0.0.0/8 and ::1 talk plain HTTP (as Docker and go-containerregistry do). */
function isLoopbackRegistry(registry) {
    let host = registry;
    if (host.startsWith('['))
        host = host.slice(1, host.indexOf(']'));
    else if (host.includes(':'))
        host = host.slice(0, host.lastIndexOf(':'));
    if (host === 'localhost' || host.endsWith('.localhost'))
        return true;
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 4)
        return host.startsWith('127.');
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 6)
        return host === '::1';
    return false;
}


/***/ }),

/***/ 7856:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EU: () => (/* binding */ throughProxy),
/* harmony export */   GK: () => (/* binding */ describeProxy),
/* harmony export */   iJ: () => (/* binding */ proxyFor),
/* harmony export */   rZ: () => (/* binding */ proxyRefused)
/* harmony export */ });
/* harmony import */ var proxy_from_env__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8182);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _util_http_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9260);
/* harmony import */ var _loopback_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(507);




/**
 * The proxy for a URL (a registry, the Mender server) from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and
 * NO_PROXY (either case; `proxy-from-env` reads them as curl does), or
 * undefined for a direct connection. Loopback hosts always go direct, as in
 * GitHub's toolkit (@actions/http-client) and Go's ProxyFromEnvironment.
 */
function proxyFor(url) {
    if ((0,_loopback_js__WEBPACK_IMPORTED_MODULE_2__/* .isLoopbackRegistry */ .j)(url.host))
        return undefined;
    return (0,proxy_from_env__WEBPACK_IMPORTED_MODULE_3__/* .getProxyForUrl */ .T)(url.toString()) || undefined;
}
/** The proxy URL without its user and password, for logs and errors. */
function describeProxy(proxy) {
    try {
        const u = new URL(proxy);
        u.username = '';
        u.password = '';
        return (0,_util_http_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .redactUrl */ .BO)(u.toString()).replace(/\/$/, '');
    }
    catch {
        return 'the configured proxy';
    }
}
/** A proxy's 407, worded once for every HTTP client of the project. */
function proxyRefused(proxy, what) {
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`the proxy ${proxy ? describeProxy(proxy) : ''} refused to forward ${what} (407 Proxy Authentication Required)`, {
        hint: 'put the proxy user and password in HTTPS_PROXY (http://user:password@host:port), or exempt the host with NO_PROXY'
    });
}
/**
 * A failure on the way through a proxy, naming the proxy; the code stays,
 * so retry verdicts still see the network error.
 */
function throughProxy(err, proxy) {
    if (!proxy || err instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo || !(err instanceof Error))
        return err;
    return Object.assign(new Error(`${err.message} (through the proxy ${describeProxy(proxy)})`), {
        code: err.code
    });
}


/***/ }),

/***/ 3857:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ checkOutputFile),
/* harmony export */   s: () => (/* binding */ checkedReadStream)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9800);




/**
 * Reads a content-store entry for an output (an image layout, an archive, an
 * artifact) and hashes it on the way: the store trusts an entry whose size,
 * mtime and inode did not change, but bytes that leave the process are
 * checked against their name. A mismatch drops the entry (the next run
 * fetches it again) and fails the stream with a CorruptEntry.
 */
function checkedReadStream(path, digest = (0,_store_js__WEBPACK_IMPORTED_MODULE_3__/* .entryDigest */ .LE)(path)) {
    const source = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { highWaterMark: 1 << 20 });
    if (!digest)
        return source;
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const check = new node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            done(null, chunk);
        },
        flush(done) {
            const actual = `sha256:${hash.digest('hex')}`;
            if (actual === digest)
                return done();
            (0,_store_js__WEBPACK_IMPORTED_MODULE_3__/* .dropEntry */ .sT)(path).then(() => done(corrupt(path, digest, actual)), () => done(corrupt(path, digest, actual)));
        }
    });
    source.on('error', (err) => check.destroy(err));
    return source.pipe(check);
}
/** Hashes a file already placed in an output (a hard link of a store entry). */
async function checkOutputFile(output, storePath, digest) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(output, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    const actual = `sha256:${hash.digest('hex')}`;
    if (actual === digest)
        return;
    await (0,_store_js__WEBPACK_IMPORTED_MODULE_3__/* .dropEntry */ .sT)(storePath);
    throw corrupt(storePath, digest, actual);
}
function corrupt(path, digest, actual) {
    return new _store_js__WEBPACK_IMPORTED_MODULE_3__/* .CorruptEntry */ .Ob(`content store entry ${path} should hold ${digest} but hashes to ${actual} (changed in place on disk); it was dropped and is fetched again on the next run`);
}


/***/ }),

/***/ 664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ walkImage)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2060);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1890);



/**
 * From a root manifest or index to a ResolvedImage: pick the platform in an
 * index, check a single manifest's config platform, and tie the config's
 * diff_ids to the layers.
 */
async function walkImage(w, root, platform) {
    const where = w.reference;
    const parsed = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseManifest */ .Ng)(root.bytes, root.mediaType, where);
    let indexDigest;
    let manifest;
    let manifestDigest = root.digest;
    let manifestMediaType = parsed.mediaType;
    if (parsed.kind === 'index') {
        indexDigest = root.digest;
        const entry = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_1__/* .selectPlatform */ .md)(parsed.index, platform, where);
        const m = await w.manifest(entry);
        const inner = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseManifest */ .Ng)(m.bytes, m.mediaType ?? entry.mediaType, `${where} (${(0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)(platform)})`);
        if (inner.kind !== 'manifest')
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${where}: nested indexes are not supported`);
        manifest = inner.manifest;
        manifestDigest = entry.digest;
        manifestMediaType = inner.mediaType;
    }
    else {
        manifest = parsed.manifest;
    }
    const config = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseConfig */ .o4)(await w.config(manifest.config), where);
    const have = {
        os: config.os,
        architecture: config.architecture,
        ...(config.variant ? { variant: config.variant } : {})
    };
    if (!(0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformMatches */ .J5)(platform, have)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${where} has no image for platform ${(0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)(platform)}`, {
            hint: `the image has: ${(0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)(have)} (it is a single-platform image)`
        });
    }
    if (config.rootfs.diff_ids.length !== manifest.layers.length) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${where}: the manifest lists ${manifest.layers.length} layers but the config has ${config.rootfs.diff_ids.length} diff IDs`);
    }
    return {
        reference: w.reference,
        source: w.kind,
        ...(indexDigest ? { indexDigest } : {}),
        manifestDigest,
        manifestMediaType,
        configDigest: manifest.config.digest,
        config,
        layers: manifest.layers.map((l) => ({
            mediaType: l.mediaType,
            digest: l.digest,
            size: l.size
        })),
        diffIds: config.rootfs.diff_ids,
        platform: have
    };
}


/***/ }),

/***/ 7064:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vh: () => (/* reexport */ oci_store/* ContentStore */.Vh),
  Ob: () => (/* reexport */ oci_store/* CorruptEntry */.Ob),
  bP: () => (/* reexport */ RegistryClient),
  iB: () => (/* binding */ defaultStoreDir),
  d8: () => (/* reexport */ dockerCredentials),
  Bq: () => (/* reexport */ oci_platform/* formatPlatform */.Bq),
  Xe: () => (/* reexport */ openImageSource),
  Y8: () => (/* reexport */ oci_platform/* parsePlatform */.Y8),
  F2: () => (/* reexport */ reference/* parseReference */.F2),
  ZP: () => (/* reexport */ pullImage),
  xG: () => (/* binding */ pullToStore),
  z$: () => (/* reexport */ reference/* referenceName */.z$),
  zT: () => (/* reexport */ registryTimeoutsFromEnv),
  AT: () => (/* binding */ resolveImage),
  WJ: () => (/* reexport */ writeDockerArchive),
  fS: () => (/* reexport */ writeOciLayout)
});

// UNUSED EXPORTS: DEFAULT_REGISTRY_TIMEOUTS, DOCKER_HUB_API_HOST, DOCKER_HUB_CREDENTIAL_KEY, DOCKER_HUB_DOMAIN, DigestMismatch, MANIFEST_ACCEPT, MediaType, canonicalPlatform, credentialKey, decodeAuth, dockerConfigPath, dropEntry, entryDigest, familiarReference, formatReference, hashFile, indexPlatforms, isAttestationPlatform, isIndexType, isLoopbackRegistry, isManifestType, isValidDomain, isValidTag, keyHostname, layerCompression, normalizePlatform, parseConfig, parseManifest, platformMatches, referenceTarget, registryApiHost, registryRetryVerdict, runCredentialHelper, selectPlatform, sha256Digest, validateDigest

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(9767);
;// CONCATENATED MODULE: ./src/oci/credentials.ts






/** Docker Hub's key is `https://index.docker.io/v1/`; others are host[:port] (getAuthConfigKey). */
function credentialKey(registry) {
    if (registry === reference/* DOCKER_HUB_DOMAIN */.YY ||
        registry === 'index.docker.io' ||
        registry === reference/* DOCKER_HUB_API_HOST */.Tz) {
        return reference/* DOCKER_HUB_CREDENTIAL_KEY */.vw;
    }
    return registry;
}
/** ConvertToHostname: legacy keys may be URLs (`https://host/v1/`). */
function keyHostname(key) {
    let k = key;
    if (k.startsWith('http://'))
        k = k.slice(7);
    else if (k.startsWith('https://'))
        k = k.slice(8);
    const slash = k.indexOf('/');
    return slash < 0 ? k : k.slice(0, slash);
}
/** decodeAuth: base64("user:password"), split at the first ':' and NULs trimmed. */
function decodeAuth(auth) {
    const text = Buffer.from(auth, 'base64').toString('utf8');
    const i = text.indexOf(':');
    if (i < 0)
        throw new errors/* UserError */.yo('a Docker config "auth" entry is not base64 of user:password');
    return { username: text.slice(0, i), password: text.slice(i + 1).replace(/\0+$/, '') };
}
function entryToCredential(e) {
    let cred;
    if (e.auth)
        cred = decodeAuth(e.auth);
    else if (e.username !== undefined)
        cred = { username: e.username, password: e.password ?? '' };
    if (e.identitytoken)
        cred = { username: cred?.username ?? '', identityToken: e.identitytoken };
    return cred?.username || cred?.password || cred?.identityToken ? cred : undefined;
}
function findAuth(auths, key) {
    if (!auths)
        return undefined;
    const exact = auths[key];
    if (exact)
        return entryToCredential(exact);
    const host = keyHostname(key);
    for (const [k, v] of Object.entries(auths)) {
        if (keyHostname(k) === host)
            return entryToCredential(v);
    }
    return undefined;
}
/** Runs `docker-credential-<suffix> get` (docker-credential-helpers protocol) with a timeout. */
async function runCredentialHelper(suffix, serverUrl, timeoutMs = 30_000) {
    const program = `docker-credential-${suffix}`;
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.stdout.on('data', (d) => (stdout += d.toString()));
        child.stderr.on('data', (d) => (stderr += d.toString()));
        child.on('error', (err) => {
            clearTimeout(timer);
            reject(new errors/* UserError */.yo(`cannot run the Docker credential helper ${program}: ${err.code ?? err.message}`, {
                hint: `install ${program} or remove it from credsStore/credHelpers in the Docker config`
            }));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            if (signal) {
                return reject(new errors/* UserError */.yo(`Docker credential helper ${program} timed out for ${serverUrl}`));
            }
            if (code !== 0) {
                // "credentials not found in native keychain" means anonymous
                if (/credentials not found/i.test(stdout + stderr))
                    return resolve(undefined);
                // never echo the helper's stdout: it may hold a secret
                return reject(new errors/* UserError */.yo(`Docker credential helper ${program} failed for ${serverUrl} (exit ${code})`, {
                    hint: stderr.trim().slice(0, 200) || undefined
                }));
            }
            try {
                const parsed = JSON.parse(stdout);
                if (!parsed.Username && !parsed.Secret)
                    return resolve(undefined);
                if (parsed.Username === '<token>') {
                    return resolve({ username: '<token>', identityToken: parsed.Secret ?? '' });
                }
                resolve({ username: parsed.Username ?? '', password: parsed.Secret ?? '' });
            }
            catch {
                reject(new errors/* UserError */.yo(`Docker credential helper ${program} printed something that is not JSON`));
            }
        });
        child.stdin.on('error', () => { });
        child.stdin.end(serverUrl);
    });
}
/** The Docker config folder: $DOCKER_CONFIG, else ~/.docker. */
function dockerConfigPath(env = process.env) {
    return (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
async function readDockerConfig(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return {};
        throw new errors/* UserError */.yo(`cannot read the Docker config ${path}: ${err.message}`);
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw new errors/* UserError */.yo(`the Docker config ${path} is not valid JSON`, {
            hint: 'fix or remove the file; docker login writes it'
        });
    }
}
/**
 * Credentials the way docker/cli finds them, so docker/login-action just works:
 * explicit inputs, DOCKER_AUTH_CONFIG, credHelpers[host], credsStore, then auths
 * (exact key, then hostname match), else anonymous.
 */
function dockerCredentials(opts = {}) {
    const env = opts.env ?? process.env;
    let configPromise;
    const cache = new Map();
    const lookup = async (registry) => {
        const explicit = opts.explicit?.[registry];
        if (explicit)
            return explicit;
        const key = credentialKey(registry);
        if (env.DOCKER_AUTH_CONFIG) {
            let envConfig;
            try {
                envConfig = JSON.parse(env.DOCKER_AUTH_CONFIG);
            }
            catch {
                throw new errors/* UserError */.yo('DOCKER_AUTH_CONFIG is not valid JSON', {
                    hint: 'it must be {"auths":{…}}'
                });
            }
            const c = findAuth(envConfig.auths, key);
            if (c)
                return c;
        }
        configPromise ??= readDockerConfig(dockerConfigPath(env));
        const config = await configPromise;
        const helper = config.credHelpers?.[registry] ?? config.credHelpers?.[key] ?? config.credsStore;
        if (helper) {
            opts.log?.debug(`credentials for ${registry}: asking docker-credential-${helper}`);
            const c = await runCredentialHelper(helper, key);
            if (c)
                return c;
        }
        return findAuth(config.auths, key);
    };
    return (registry) => {
        let p = cache.get(registry);
        if (!p) {
            p = lookup(registry);
            cache.set(registry, p);
        }
        return p;
    };
}

// EXTERNAL MODULE: ./src/oci/platform.ts
var oci_platform = __webpack_require__(1890);
// EXTERNAL MODULE: ./src/util/log.ts
var util_log = __webpack_require__(9906);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(9217);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/oci/progress.ts

/**
 * Download progress for CI logs (not a TTY): one line when a layer starts and
 * one when it ends, plus a summary every `intervalMs` while anything runs.
 */
class PullProgress {
    log;
    intervalMs;
    now;
    total = 0;
    done = 0;
    active = 0;
    started;
    timer;
    lastSummary = 0;
    constructor(log, intervalMs = 10_000, now = Date.now) {
        this.log = log;
        this.intervalMs = intervalMs;
        this.now = now;
        this.started = now();
    }
    /** Adds bytes to the expected total (layers that must be downloaded). */
    expect(bytes) {
        this.total += bytes;
    }
    start(label, size) {
        const t0 = this.now();
        let mine = 0;
        this.active++;
        this.log.info(`pulling ${label} (${(0,format/* formatBytes */.z3)(size)})`);
        this.ensureTimer();
        return {
            bytes: (n) => {
                mine += n;
                this.done += n;
                this.maybeSummary();
            },
            finish: () => {
                this.active--;
                const ms = this.now() - t0;
                this.log.info(`pulled ${label}: ${(0,format/* formatBytes */.z3)(mine)} in ${(0,format/* formatDuration */.a3)(ms)} (${(0,format/* formatRate */.CE)(mine, ms)})`);
                if (this.active === 0)
                    this.stopTimer();
            }
        };
    }
    summaryLine() {
        const ms = this.now() - this.started;
        const pct = this.total > 0 ? ` (${Math.min(100, Math.round((this.done * 100) / this.total))}%)` : '';
        return `pull progress: ${(0,format/* formatBytes */.z3)(this.done)} of ${(0,format/* formatBytes */.z3)(this.total)}${pct}, ${this.active} downloading, ${(0,format/* formatRate */.CE)(this.done, ms)}`;
    }
    maybeSummary() {
        const t = this.now();
        if (t - this.lastSummary >= this.intervalMs && t - this.started >= this.intervalMs) {
            this.lastSummary = t;
            this.log.info(this.summaryLine());
        }
    }
    ensureTimer() {
        if (this.timer)
            return;
        this.timer = setInterval(() => this.maybeSummary(), this.intervalMs);
        this.timer.unref();
    }
    stopTimer() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
}
/** A small semaphore: at most `limit` tasks run at once. */
function limiter(limit) {
    let running = 0;
    const queue = [];
    return async (fn) => {
        if (running >= limit)
            await new Promise((r) => queue.push(r));
        running++;
        try {
            return await fn();
        }
        finally {
            running--;
            queue.shift()?.();
        }
    };
}

;// CONCATENATED MODULE: ./src/oci/pull.ts




/**
 * Resolves and fetches an image into the store: config, every layer blob
 * (verified, in parallel up to `concurrency`, shared blobs fetched once) and
 * the uncompressed tar of each layer checked against rootfs.diff_ids.
 */
async function pullImage(source, platform, opts) {
    const log = opts.log ?? util_log/* silentLogger */.q;
    const store = opts.store;
    const resolved = await source.resolve(platform);
    const progress = opts.progress ?? new PullProgress(log);
    const limit = limiter(opts.concurrency ?? 4);
    const wantTars = opts.layerTars !== false;
    const missing = await Promise.all(resolved.layers.map(async (l) => !(await store.hasBlob(l))));
    resolved.layers.forEach((l, i) => missing[i] && progress.expect(l.size));
    const cached = missing.filter((m) => !m).length;
    if (cached)
        log.info(`${resolved.reference}: ${cached} of ${resolved.layers.length} layers already in the content store`);
    try {
        const results = await Promise.all(resolved.layers.map((layer, i) => limit(async () => {
            const label = `${resolved.reference} layer ${i + 1}/${resolved.layers.length} ${layer.digest.slice(7, 19)}`;
            let blobPath;
            if (missing[i]) {
                const p = progress.start(label, layer.size);
                try {
                    blobPath = await source.fetchBlob(layer, p.bytes);
                }
                finally {
                    p.finish();
                }
            }
            else {
                blobPath = await source.fetchBlob(layer);
            }
            let tarPath = '';
            if (wantTars) {
                const compression = (0,media_types/* layerCompression */.AH)(layer.mediaType);
                if (!compression) {
                    throw new errors/* UserError */.yo(`${resolved.reference}: layer ${layer.digest} has the unsupported media type ${layer.mediaType}`);
                }
                tarPath = await store.ensureLayerTar(layer, compression, resolved.diffIds[i]);
            }
            return { blobPath, tarPath };
        })));
        return {
            resolved,
            layerBlobPaths: results.map((r) => r.blobPath),
            layerTarPaths: wantTars ? results.map((r) => r.tarPath) : []
        };
    }
    finally {
        if (!opts.progress)
            progress.stopTimer();
    }
}

// EXTERNAL MODULE: ./src/util/http-errors.ts
var http_errors = __webpack_require__(9260);
// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
// EXTERNAL MODULE: ./src/util/secrets.ts
var secrets = __webpack_require__(4537);
;// CONCATENATED MODULE: ./src/oci/challenge.ts
/**
 * RFC 7235 challenges. Values may be quoted strings holding commas
 * (`scope="repository:a:pull,push"`), so the header is tokenised, never split on `,`.
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const text = Array.isArray(header) ? header.join(', ') : header;
    const out = [];
    let i = 0;
    const n = text.length;
    const skipWs = () => {
        while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === ','))
            i++;
    };
    const token = () => {
        const start = i;
        while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(text[i]))
            i++;
        return text.slice(start, i);
    };
    while (i < n) {
        skipWs();
        const scheme = token();
        if (!scheme) {
            i++;
            continue;
        }
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        out.push(challenge);
        for (;;) {
            while (i < n && (text[i] === ' ' || text[i] === '\t'))
                i++;
            const save = i;
            if (text[i] === ',')
                i++;
            while (i < n && (text[i] === ' ' || text[i] === '\t'))
                i++;
            const name = token();
            while (i < n && text[i] === ' ')
                i++;
            if (!name || text[i] !== '=') {
                // not a parameter: the next challenge starts here
                i = save;
                break;
            }
            i++;
            while (i < n && text[i] === ' ')
                i++;
            let value = '';
            if (text[i] === '"') {
                i++;
                while (i < n && text[i] !== '"') {
                    if (text[i] === '\\' && i + 1 < n)
                        i++;
                    value += text[i];
                    i++;
                }
                i++;
            }
            else {
                value = token();
                // token68 padding such as `abc==`
                while (text[i] === '=')
                    value += text[i++];
            }
            challenge.params[name.toLowerCase()] = value;
        }
    }
    return out;
}
/** go-containerregistry picks the first basic or bearer challenge. */
function pickChallenge(challenges) {
    return challenges.find((c) => c.scheme === 'bearer' || c.scheme === 'basic');
}

// EXTERNAL MODULE: ./src/oci/manifest.ts
var manifest = __webpack_require__(2060);
;// CONCATENATED MODULE: ./src/oci/registry-errors.ts

/** The registry's `{"errors":[{code,message}]}` body, in one line. */
function registryErrorText(body) {
    try {
        const parsed = JSON.parse(body);
        if (Array.isArray(parsed.errors) && parsed.errors.length) {
            return parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
        }
    }
    catch {
        // not JSON: fall through
    }
    return body.trim().slice(0, 200);
}
/**
 * Final (not retried) answers worded for the user: which repository, and
 * what to check. 401 after a fresh token means "no access or no such
 * repository": registries do not tell the two apart.
 */
function registryUserError(err, what, repo, authenticated) {
    const detail = registryErrorText(err.body);
    const suffix = detail ? ` (${detail})` : '';
    switch (err.status) {
        case 401:
            return new errors/* UserError */.yo(`${repo}: not authorized to pull ${what}${suffix}`, {
                cause: err,
                hint: authenticated
                    ? 'the credentials were refused, or the repository does not exist or they cannot read it; check the name and the login'
                    : 'the repository does not exist or needs a login: log in with docker/login-action (or docker login), or check the name'
            });
        case 403:
            return new errors/* UserError */.yo(`${repo}: access to ${what} denied${suffix}`, {
                cause: err,
                hint: 'the login works but has no pull permission on this repository (e.g. GITHUB_TOKEN needs packages: read)'
            });
        case 404:
            return new errors/* UserError */.yo(`${repo}: ${what} not found${suffix}`, {
                cause: err,
                hint: 'check the repository name, the tag or digest, and that the image was pushed'
            });
        case 429:
            return new errors/* UserError */.yo(`${repo}: the registry keeps answering 429 Too Many Requests for ${what}${suffix}`, {
                cause: err,
                hint: 'the pull rate limit is reached; log in (Docker Hub limits anonymous pulls) or retry later'
            });
        default:
            return err;
    }
}

;// CONCATENATED MODULE: ./src/oci/token-cache.ts
/** Refresh this long before the server's expiry, so a request never carries a dying token. */
const MARGIN_MS = 30_000;
/** The token spec (distribution's docs/spec/auth/token.md): a missing expires_in means 60 s. */
const DEFAULT_LIFETIME_S = 60;
function tokenExpiry(body, receivedAt) {
    const lifetime = (typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in
        : DEFAULT_LIFETIME_S) * 1000;
    const issued = body.issued_at ? Date.parse(body.issued_at) : NaN;
    // a skewed issued_at from the server's clock must not make the token look expired
    const start = Number.isFinite(issued) && Math.abs(issued - receivedAt) < 5 * 60_000 ? issued : receivedAt;
    // a short-lived token keeps at least half of its life
    return start + Math.max(lifetime - MARGIN_MS, lifetime / 2);
}
class TokenCache {
    now;
    tokens = new Map();
    constructor(now = Date.now) {
        this.now = now;
    }
    static key(realm, service, scopes, identity) {
        return JSON.stringify([realm, service, [...scopes].sort(), identity]);
    }
    get(key) {
        const t = this.tokens.get(key);
        if (!t)
            return undefined;
        if (t.expiresAt <= this.now()) {
            this.tokens.delete(key);
            return undefined;
        }
        return t.token;
    }
    set(key, token) {
        this.tokens.set(key, token);
    }
    delete(key) {
        this.tokens.delete(key);
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: ./src/http/proxy.ts
var http_proxy = __webpack_require__(7856);
;// CONCATENATED MODULE: ./src/oci/transport.ts





const MAX_REDIRECTS = 5;
function header(headers, name) {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
}
/** Drains a body so the connection returns to the pool; returns its first `keep` characters. */
async function discard(res, keep = 2000) {
    const chunks = [];
    let n = 0;
    try {
        for await (const chunk of res.body) {
            if (n < keep)
                chunks.push(chunk);
            n += chunk.length;
        }
    }
    catch {
        // a broken body while discarding changes nothing
    }
    return Buffer.concat(chunks).toString('utf8').slice(0, keep);
}
/**
 * HTTP with redirects followed by hand, so credentials never follow one to
 * another host (registries redirect blob reads to storage): a relative Location
 * resolves against the request URL, `Authorization` is dropped as soon as the
 * origin (scheme, host, port) changes, and https→http downgrades are refused.
 * Built on node:http(s): streams with backpressure, no extra module to load.
 */
class Transport {
    log;
    /** One keep-alive agent per scheme and proxy (the proxy depends on the host: NO_PROXY). */
    agents = new Map();
    extraCa;
    insecureTls;
    userAgent;
    timeoutMs;
    connectTimeoutMs;
    constructor(opts = {}, log = util_log/* silentLogger */.q) {
        this.log = log;
        this.extraCa = opts.ca === undefined ? [] : Array.isArray(opts.ca) ? opts.ca : [opts.ca];
        this.insecureTls = opts.insecureTls ?? false;
        this.timeoutMs = opts.timeoutMs ?? 60_000;
        this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
        this.userAgent = opts.userAgent ?? 'mender-compose-action';
    }
    /**
     * The agent for `url`: direct, or through the proxy HTTPS_PROXY / HTTP_PROXY
     * name for it. https goes through a CONNECT tunnel, so the proxy sees only
     * the host and port and never the Authorization header; plain http (loopback
     * or --insecure-registry hosts only) is forwarded by the proxy as usual.
     * The proxy agents are loaded only when a proxy is in use.
     */
    agentFor(url) {
        const proxy = (0,http_proxy/* proxyFor */.iJ)(url);
        const key = `${url.protocol}${proxy ?? ''}`;
        let route = this.agents.get(key);
        if (!route) {
            if (proxy)
                this.log.debug(`reaching ${url.protocol}//${url.host} through ${(0,http_proxy/* describeProxy */.GK)(proxy)}`);
            route = url.protocol === 'https:' ? this.httpsRoute(url, proxy) : this.httpRoute(proxy);
            this.agents.set(key, route);
        }
        return route;
    }
    async httpRoute(proxy) {
        const common = { keepAlive: true, maxSockets: 16 };
        if (!proxy)
            return { agent: new (external_node_http_default()).Agent(common), request: (external_node_http_default()).request };
        const { HttpProxyAgent } = await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(970)]).then(__webpack_require__.t.bind(__webpack_require__, 1970, 23));
        return { agent: new HttpProxyAgent(proxy, common), request: (external_node_http_default()).request };
    }
    /** https and tls load here, on first use: a pull from a loopback registry never needs them. */
    async httpsRoute(url, proxy) {
        const [https, tls] = await Promise.all([Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23)), Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1692, 23))]);
        const options = {
            ...(this.extraCa.length ? { ca: [...tls.rootCertificates, ...this.extraCa] } : {}),
            ...(this.insecureTls ? { rejectUnauthorized: false } : {})
        };
        const common = { keepAlive: true, maxSockets: 16 };
        if (!proxy)
            return { agent: new https.Agent({ ...common, ...options }), request: https.request };
        const { HttpsProxyAgent } = await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(669)]).then(__webpack_require__.t.bind(__webpack_require__, 3669, 23));
        return {
            agent: new HttpsProxyAgent(proxy, { ...common, ...options }),
            request: https.request,
            // HttpsProxyAgent drops its own options for the registry's TLS: they go on each request.
            // Through the tunnel the TLS socket does not know the host (an IP gets no SNI), so the
            // certificate is checked against the registry's host here.
            perRequest: {
                ...options,
                checkServerIdentity: (_host, cert) => tls.checkServerIdentity(url.hostname.replace(/^\[|\]$/g, ''), cert)
            }
        };
    }
    async once(method, url, headers, body) {
        const { agent, request, perRequest } = await this.agentFor(url);
        return new Promise((resolve, reject) => {
            let response;
            const req = request(url, { method, headers, agent, timeout: this.timeoutMs, ...perRequest }, (res) => {
                response = res;
                resolve(res);
            });
            req.on('error', reject);
            req.on('socket', (socket) => {
                if (!socket.connecting)
                    return;
                const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no connection within ${this.connectTimeoutMs} ms`), {
                    code: 'ETIMEDOUT'
                })), this.connectTimeoutMs);
                timer.unref();
                socket.once('connect', () => clearTimeout(timer));
                socket.once('close', () => clearTimeout(timer));
            });
            // an idle socket (no headers, or a stalled body) is a network error the caller retries
            req.on('timeout', () => {
                const err = Object.assign(new Error(`no data for ${this.timeoutMs} ms`), {
                    code: 'ETIMEDOUT'
                });
                // a body reader sees why the body stopped, not a bare "aborted"
                response?.destroy(err);
                req.destroy(err);
            });
            req.end(body);
        });
    }
    async send(method, url, headers = {}, body) {
        let current = new URL(url);
        let hdrs = lowerKeys({ 'user-agent': this.userAgent, ...headers });
        for (let hop = 0;; hop++) {
            const res = await this.once(method, current, hdrs, body).catch((err) => {
                // a failure on the way through a proxy names the proxy (the code stays for retries)
                throw (0,http_proxy/* throughProxy */.EU)(err, (0,http_proxy/* proxyFor */.iJ)(current));
            });
            const status = res.statusCode ?? 0;
            if (status === 407) {
                res.resume();
                throw (0,http_proxy/* proxyRefused */.rZ)((0,http_proxy/* proxyFor */.iJ)(current), (0,http_errors/* redactUrl */.BO)(current.toString()));
            }
            const location = header(res.headers, 'location');
            if (status >= 300 && status < 400 && status !== 304 && location) {
                res.on('error', () => { });
                res.resume();
                if (hop >= MAX_REDIRECTS) {
                    throw new errors/* UserError */.yo(`too many redirects fetching ${(0,http_errors/* redactUrl */.BO)(url)}`);
                }
                const next = new URL(location, current);
                if (current.protocol === 'https:' && next.protocol !== 'https:') {
                    throw new errors/* UserError */.yo(`${(0,http_errors/* redactUrl */.BO)(url)} redirected from https to ${next.protocol} (${(0,http_errors/* redactUrl */.BO)(next.toString())}); refusing the downgrade`);
                }
                if (next.origin !== current.origin) {
                    // never send the registry's credentials (or cookies) to a storage host
                    const { authorization: _a, cookie: _c, ...rest } = hdrs;
                    hdrs = rest;
                }
                current = next;
                continue;
            }
            return { status, headers: res.headers, body: res, url: current.toString() };
        }
    }
    async close() {
        for (const a of this.agents.values())
            (await a).agent.destroy();
        this.agents.clear();
    }
}
function lowerKeys(h) {
    const out = {};
    for (const [k, v] of Object.entries(h))
        out[k.toLowerCase()] = v;
    return out;
}
/** An error's message with its code and cause, short enough for one log line. */
function shortError(err) {
    if (err instanceof Error) {
        const code = err.code;
        const cause = err.cause;
        const inner = cause instanceof Error && cause.message !== err.message ? ` (${cause.message})` : '';
        return `${err.message}${code && !err.message.includes(code) ? ` [${code}]` : ''}${inner}`.slice(0, 300);
    }
    return String(err);
}
/** Wraps a network error with what was being done, keeping it as the cause (retry verdicts walk causes). */
function withContext(err, message) {
    // a refusal already worded for the user (a proxy's 407) keeps its hint
    if (err instanceof errors/* UserError */.yo)
        return new errors/* UserError */.yo(`${message}: ${err.message}`, { hint: err.hint, cause: err });
    return new Error(`${message}: ${shortError(err)}`, { cause: err });
}

;// CONCATENATED MODULE: ./src/oci/bearer-token.ts





/** The cache identity of a credential: a hash, so no secret sits in a map key. */
function identity(cred) {
    return (0,manifest/* sha256Digest */.sI)(cred ? `${cred.username}\0${cred.password ?? cred.identityToken ?? ''}` : '');
}
/**
 * Refuses a realm that would receive credentials over plain HTTP from an
 * https registry (go-containerregistry's rule); loopback tests use http both sides.
 */
function checkRealm(registry, realm, registryScheme) {
    if (!realm)
        throw new errors/* UserError */.yo(`${registry} sent a Bearer challenge without a realm`);
    let url;
    try {
        url = new URL(realm);
    }
    catch {
        throw new errors/* UserError */.yo(`${registry} sent a Bearer challenge with an invalid realm`);
    }
    if (registryScheme === 'https' && url.protocol !== 'https:') {
        throw new errors/* UserError */.yo(`${registry} asks for tokens from a non-https realm ${(0,http_errors/* redactUrl */.BO)(realm)}; refusing to send credentials there`);
    }
    return realm;
}
/** Bearer tokens per (realm, service, scopes, credential), reused until shortly before expiry. */
class BearerTokens {
    retry;
    cache = new TokenCache();
    constructor(retry) {
        this.retry = retry;
    }
    async token(transport, registry, challenge, scopes, cred, opts = {}) {
        const key = TokenCache.key(challenge.realm, challenge.service, scopes, identity(cred));
        if (opts.fresh)
            this.cache.delete(key);
        const cached = this.cache.get(key);
        if (cached)
            return cached;
        const token = await this.retry(`token for ${scopes.join(' ')}`, () => requestToken(transport, registry, challenge, scopes, cred));
        this.cache.set(key, token);
        return token.token;
    }
}
/**
 * One token exchange (distribution's docs/spec/auth/token.md): GET the realm
 * with service and scopes, anonymously or with Basic credentials; an identity
 * token uses the OAuth2 refresh-token POST (docs/spec/auth/oauth.md), falling
 * back to GET on 404.
 */
async function requestToken(transport, registry, state, scopes, cred) {
    let res;
    if (cred?.identityToken) {
        // OAuth2 refresh-token grant (auth/oauth.md); fall back to GET on 404
        const form = new URLSearchParams({
            grant_type: 'refresh_token',
            service: state.service,
            client_id: 'mender-compose-action',
            refresh_token: cred.identityToken,
            scope: scopes.join(' ')
        });
        res = await transport
            .send('POST', state.realm, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString())
            .catch((e) => {
            throw withContext(e, `cannot reach the token server of ${registry}`);
        });
        if (res.status === 404) {
            await discard(res);
            res = undefined;
        }
    }
    if (!res) {
        const url = new URL(state.realm);
        if (state.service)
            url.searchParams.set('service', state.service);
        for (const s of scopes)
            url.searchParams.append('scope', s);
        const headers = {};
        if (cred?.password !== undefined && !cred.identityToken) {
            headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
        }
        res = await transport.send('GET', url.toString(), headers).catch((e) => {
            throw withContext(e, `cannot reach the token server of ${registry} (${(0,http_errors/* redactUrl */.BO)(state.realm)})`);
        });
    }
    // tokens with certificate chains run to several KiB
    const text = await discard(res, 1024 * 1024);
    const received = Date.now();
    if (res.status === 401 || res.status === 403) {
        throw new errors/* UserError */.yo(`the token server of ${registry} refused the ${cred ? 'credentials' : 'anonymous request'} (${res.status})`, {
            hint: cred
                ? 'check the registry login (docker/login-action or the Docker config)'
                : 'log in to the registry'
        });
    }
    if (res.status < 200 || res.status >= 300)
        throw new http_errors/* HttpError */.j$(res.status, 'GET', state.realm, res.headers, '');
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        throw new errors/* UserError */.yo(`the token server of ${registry} answered something that is not JSON`);
    }
    const token = body.token ?? body.access_token;
    if (!token)
        throw new errors/* UserError */.yo(`the token server of ${registry} answered without a token`);
    return { token, expiresAt: tokenExpiry(body, received) };
}

// EXTERNAL MODULE: ./src/http/loopback.ts
var loopback = __webpack_require__(507);
;// CONCATENATED MODULE: ./src/oci/registry-client.ts












const DEFAULT_REGISTRY_TIMEOUTS = {
    connectMs: 10_000,
    idleMs: 60_000,
    deadlineMs: 3 * 60_000
};
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };


/**
 * Retry verdict for registry calls: the shared HTTP verdict, plus Docker Hub's
 * `ratelimit-reset` when a 429 has no Retry-After.
 */
function registryRetryVerdict(err) {
    const v = (0,http_errors/* httpRetryVerdict */.S$)(err);
    if (v === true && err instanceof http_errors/* HttpError */.j$ && err.status === 429) {
        const reset = Number(err.header('ratelimit-reset') ?? err.header('x-ratelimit-reset'));
        if (Number.isFinite(reset) && reset > 0) {
            // either seconds to wait or an epoch second
            return reset > 1e9 ? Math.max(0, reset * 1000 - Date.now()) : reset * 1000;
        }
    }
    return v;
}
/** Pull-side Distribution/OCI API client: auth, manifests and blob streams. */
class RegistryClient {
    opts;
    log;
    transports = new Map();
    authStates = new Map();
    bearer;
    warned = new Set();
    /** Registries for which a credential was found (for the wording of a 401). */
    credentialed = new Set();
    retry;
    timeouts;
    /** Every credential sent: scrubbed from error bodies a server or proxy echoes them in. */
    secrets = new secrets/* Secrets */.S();
    credentials;
    insecure;
    constructor(opts = {}) {
        this.opts = opts;
        this.log = opts.log ?? util_log/* silentLogger */.q;
        this.retry = { ...DEFAULT_RETRY, ...opts.retry };
        this.timeouts = { ...DEFAULT_REGISTRY_TIMEOUTS, ...opts.timeouts };
        this.credentials = opts.credentials ?? (async () => undefined);
        this.insecure = new Set(opts.insecureRegistries ?? []);
        // one retry layer per request: the operation's (manifest, blob) covers its token exchange
        this.bearer = new BearerTokens((_what, fn) => fn());
    }
    scheme(registry) {
        if (this.opts.plainHttp)
            return this.opts.plainHttp(registry) ? 'http' : 'https';
        return (0,loopback/* isLoopbackRegistry */.j)(registry) || this.insecure.has(registry) ? 'http' : 'https';
    }
    baseUrl(registry) {
        return `${this.scheme(registry)}://${(0,reference/* registryApiHost */.Mb)(registry)}`;
    }
    transport(registry) {
        let t = this.transports.get(registry);
        if (!t) {
            t = new Transport({
                ca: this.opts.ca,
                insecureTls: this.insecure.has(registry),
                userAgent: this.opts.userAgent,
                timeoutMs: this.timeouts.idleMs,
                connectTimeoutMs: this.timeouts.connectMs
            }, this.log);
            this.transports.set(registry, t);
        }
        return t;
    }
    async close() {
        await Promise.all([...this.transports.values()].map((t) => t.close()));
    }
    /**
     * GET /v2/: learns whether and how the registry wants authentication. Not
     * retried here: it runs inside the calling operation's attempts, and a
     * connection refused or an unknown host ends the run at once.
     */
    ping(registry) {
        let p = this.authStates.get(registry);
        if (!p) {
            p = (async () => {
                const url = `${this.baseUrl(registry)}/v2/`;
                let res;
                try {
                    res = await this.transport(registry).send('GET', url);
                }
                catch (err) {
                    throw withContext(err, `cannot reach the registry ${registry} (${url})`);
                }
                const body = await discard(res);
                if (res.status === 401)
                    return this.stateFromChallenge(registry, res);
                if (res.status >= 200 && res.status < 300)
                    return { scheme: 'none' };
                if (res.status === 404) {
                    throw new errors/* UserError */.yo(`${registry} does not serve the registry API at ${url} (404)`, {
                        hint: 'check the registry host name'
                    });
                }
                throw new http_errors/* HttpError */.j$(res.status, 'GET', url, res.headers, this.secrets.redact(body));
            })();
            p.catch(() => this.authStates.delete(registry));
            this.authStates.set(registry, p);
        }
        return p;
    }
    stateFromChallenge(registry, res) {
        const c = pickChallenge(parseChallenges(res.headers['www-authenticate']));
        if (!c)
            return { scheme: 'basic' };
        if (c.scheme === 'basic')
            return { scheme: 'basic' };
        const realm = checkRealm(registry, c.params.realm, this.scheme(registry));
        return { scheme: 'bearer', realm, service: c.params.service ?? '' };
    }
    async credentialFor(registry) {
        const c = await this.credentials(registry);
        if (c) {
            this.credentialed.add(registry);
            this.secrets.add(c.password);
            this.secrets.add(c.identityToken);
            if (c.password !== undefined)
                this.secrets.addAuthorization(`Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`);
        }
        return c;
    }
    async authorization(repo, state, scopes) {
        if (state.scheme === 'none')
            return undefined;
        const cred = await this.credentialFor(repo.registry);
        if (state.scheme === 'basic') {
            if (!cred || cred.password === undefined)
                return undefined;
            return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
        }
        return `Bearer ${await this.bearer.token(this.transport(repo.registry), repo.registry, { realm: state.realm, service: state.service ?? '' }, scopes, cred)}`;
    }
    /**
     * One authenticated request (no retry): a 401 with a Bearer challenge gets a
     * fresh token with the challenged scope first and exactly one more try.
     * Non-2xx answers are thrown as HttpError with the body read.
     */
    async send(repo, method, path, headers = {}) {
        const state = await this.ping(repo.registry);
        const url = `${this.baseUrl(repo.registry)}/v2/${repo.repository}/${path}`;
        let scopes = [`repository:${repo.repository}:pull`];
        let auth = await this.authorization(repo, state, scopes);
        for (let attempt = 0;; attempt++) {
            this.secrets.addAuthorization(auth);
            const res = await this.transport(repo.registry).send(method, url, auth ? { ...headers, authorization: auth } : headers);
            this.noteHeaders(repo, res);
            if (res.status >= 200 && res.status < 300)
                return res;
            const body = await discard(res);
            if (res.status === 401 && attempt === 0) {
                const c = pickChallenge(parseChallenges(res.headers['www-authenticate']));
                if (c?.scheme === 'bearer' && c.params.realm) {
                    const fresh = {
                        realm: checkRealm(repo.registry, c.params.realm, this.scheme(repo.registry)),
                        service: c.params.service ?? state.service ?? ''
                    };
                    // some registries read only the first scope: the challenged one goes first
                    if (c.params.scope)
                        scopes = [c.params.scope, ...scopes.filter((x) => x !== c.params.scope)];
                    const cred = await this.credentialFor(repo.registry);
                    const token = await this.bearer.token(this.transport(repo.registry), repo.registry, fresh, scopes, cred, { fresh: true });
                    auth = `Bearer ${token}`;
                    continue;
                }
                if (c?.scheme === 'basic' && !auth) {
                    auth = await this.authorization(repo, { scheme: 'basic' }, scopes);
                    if (auth)
                        continue;
                }
            }
            throw new http_errors/* HttpError */.j$(res.status, method, url, res.headers, this.secrets.redact(body));
        }
    }
    noteHeaders(repo, res) {
        const warning = header(res.headers, 'warning');
        if (warning && !this.warned.has(warning)) {
            this.warned.add(warning);
            this.log.warn(`${repo.registry}: ${warning}`);
        }
        const remaining = header(res.headers, 'ratelimit-remaining');
        if (remaining)
            this.log.debug(`${repo.registry}: pull rate limit remaining ${remaining}`);
    }
    /**
     * The one retry layer of a registry operation: the registry verdict, the
     * operation's deadline, and one warning per retry.
     */
    withRetry(what, fn) {
        return (0,retry/* withRetry */.b)(fn, {
            ...this.retry,
            deadlineMs: this.timeouts.deadlineMs,
            retryable: registryRetryVerdict,
            onRetry: (err, attempt, delay) => this.log.warn(`retrying ${what} in ${delay} ms (attempt ${attempt + 1} of ${this.retry.attempts}): ${this.secrets.redact(shortError(err))}`)
        });
    }
    /** HEAD a manifest: the digest without counting a pull (Docker Hub). Undefined digest when the header is missing. */
    async headManifest(repo, target) {
        return this.wrap(repo, `manifest ${target}`, async () => {
            const res = await this.send(repo, 'HEAD', `manifests/${target}`, { accept: media_types/* MANIFEST_ACCEPT */.dY });
            await discard(res);
            const digest = header(res.headers, 'docker-content-digest');
            return {
                digest: digest && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined,
                mediaType: header(res.headers, 'content-type')?.split(';')[0]?.trim(),
                size: Number(header(res.headers, 'content-length') ?? NaN)
            };
        });
    }
    /** GET a manifest: bytes as received, digest of exactly those bytes, checked against the request and the header. */
    async getManifest(repo, target) {
        return this.wrap(repo, `manifest ${target}`, async () => {
            const res = await this.send(repo, 'GET', `manifests/${target}`, { accept: media_types/* MANIFEST_ACCEPT */.dY });
            const chunks = [];
            let total = 0;
            for await (const chunk of res.body) {
                total += chunk.length;
                if (total > MAX_MANIFEST_BYTES) {
                    res.body.destroy();
                    throw new errors/* UserError */.yo(`${repo.registry}/${repo.repository}: manifest ${target} is larger than 4 MiB`);
                }
                chunks.push(chunk);
            }
            const bytes = Buffer.concat(chunks);
            const digest = (0,manifest/* sha256Digest */.sI)(bytes);
            if (target.includes(':')) {
                (0,reference/* validateDigest */.n2)(target);
                if (target !== digest)
                    throw new DigestMismatch(`${repo.registry}/${repo.repository}: manifest ${target}`, digest);
            }
            const claimed = header(res.headers, 'docker-content-digest');
            if (claimed && claimed.startsWith('sha256:') && claimed !== digest) {
                throw new DigestMismatch(`${repo.registry}/${repo.repository}: manifest ${target} (Docker-Content-Digest ${claimed})`, digest);
            }
            return {
                bytes,
                digest,
                mediaType: header(res.headers, 'content-type')?.split(';')[0]?.trim() ?? ''
            };
        });
    }
    /**
     * Opens a blob stream (following redirects without Authorization), optionally
     * from `offset`. Errors stay raw so the caller's retry loop can judge them.
     */
    openBlob(repo, digest, offset = 0) {
        return this.send(repo, 'GET', `blobs/${digest}`, offset > 0 ? { range: `bytes=${offset}-` } : {});
    }
    async wrap(repo, what, fn) {
        try {
            return await this.withRetry(`${what} of ${repo.registry}/${repo.repository}`, fn);
        }
        catch (err) {
            throw this.finalError(err, repo, what);
        }
    }
    /**
     * What the user reads when an operation gave up: the repository, what was
     * asked, and the last attempt's failure, in one line with a hint.
     */
    finalError(err, repo, what) {
        if (err instanceof errors/* UserError */.yo)
            return err;
        const where = `${repo.registry}/${repo.repository}`;
        if ((0,http_errors/* unreachableCode */.A9)(err)) {
            // the message already holds the code and the address; its cause would repeat them
            const message = err instanceof Error ? err.message : String(err);
            return new errors/* UserError */.yo(`${where}: ${what}: ${message}`, {
                cause: err,
                hint: http_errors/* UNREACHABLE_HINT */.Zt
            });
        }
        if (err instanceof http_errors/* HttpError */.j$ && registryRetryVerdict(err) === false) {
            return registryUserError(err, what, `${repo.registry}/${repo.repository}`, this.credentialed.has(repo.registry));
        }
        if (err instanceof http_errors/* HttpError */.j$ && err.status === 429) {
            return registryUserError(err, what, `${repo.registry}/${repo.repository}`, false);
        }
        return new errors/* UserError */.yo(`${where}: ${what} failed; the last attempt: ${this.secrets.redact(shortError(err))}`, {
            cause: err,
            hint: 'the registry or the network in between kept failing; retry later, or raise the registry timeout (MENDER_COMPOSE_REGISTRY_TIMEOUT) for a slow link'
        });
    }
}
/** A body that does not hash to the digest asked for: retried once, never stored. */
class DigestMismatch extends errors/* UserError */.yo {
    constructor(what, actual) {
        super(`${what}: the registry sent bytes with digest ${actual}`, {
            hint: 'the registry or a proxy in between served corrupt content; retry, or report it to the registry operator'
        });
        this.name = 'DigestMismatch';
    }
}

;// CONCATENATED MODULE: ./src/oci/registry-timeouts.ts


/**
 * The environment variables that tune registry timeouts, for slow links
 * (longer) and for tests of faults (milliseconds), with the part they set.
 */
const VARIABLES = [
    ['MENDER_COMPOSE_REGISTRY_TIMEOUT', 'deadlineMs'],
    ['MENDER_COMPOSE_REGISTRY_CONNECT_TIMEOUT', 'connectMs'],
    ['MENDER_COMPOSE_REGISTRY_IDLE_TIMEOUT', 'idleMs']
];
const UNITS = { ms: 1, s: 1000, '': 1000, m: 60_000 };
/** `90`, `90s`, `3m` or `500ms`, in milliseconds. */
function duration(name, raw) {
    const m = /^(\d+)\s*(ms|s|m|)$/.exec(raw.trim());
    if (!m || Number(m[1]) === 0)
        throw new errors/* UsageError */.eb(`${name} must be a duration such as 90s, 3m or 500ms, got '${raw}'`);
    return Number(m[1]) * UNITS[m[2]];
}
/** Registry timeouts with what the environment sets over the defaults. */
function registryTimeoutsFromEnv(env = {}) {
    const out = { ...DEFAULT_REGISTRY_TIMEOUTS };
    for (const [name, key] of VARIABLES) {
        const raw = env[name];
        if (raw !== undefined && raw.trim() !== '')
            out[key] = duration(name, raw);
    }
    return out;
}

// EXTERNAL MODULE: ./src/oci/image-walk.ts
var image_walk = __webpack_require__(664);
// EXTERNAL MODULE: ./src/oci/sources/local-blob.ts
var local_blob = __webpack_require__(159);
;// CONCATENATED MODULE: ./src/oci/sources/oci-layout.ts








const REF_NAME = 'org.opencontainers.image.ref.name';
/** `oci:PATH[:TAG]`: an OCI image layout folder (index.json + blobs/). */
class OciLayoutSource {
    dir;
    tag;
    store;
    kind;
    reference;
    constructor(dir, tag, store, kind = 'oci', reference) {
        this.dir = dir;
        this.tag = tag;
        this.store = store;
        this.kind = kind;
        this.reference = reference ?? `oci:${(0,external_node_path_.resolve)(dir)}${tag ? `:${tag}` : ''}`;
    }
    blobFile(digest) {
        (0,reference/* validateDigest */.n2)(digest);
        const [alg, hex] = digest.split(':');
        return (0,external_node_path_.join)(this.dir, 'blobs', alg, hex);
    }
    async readVerified(desc) {
        await this.fetchBlob(desc);
        return (await this.store.readBlob(desc));
    }
    async resolve(platform) {
        let indexText;
        try {
            indexText = await (0,promises_.readFile)((0,external_node_path_.join)(this.dir, 'index.json'), 'utf8');
        }
        catch (err) {
            throw new errors/* UserError */.yo(`${this.reference}: no OCI image layout here (${err.code ?? 'unreadable'} index.json)`, {
                hint: 'point oci: at a folder made by skopeo copy … oci:DIR or umoci'
            });
        }
        const index = JSON.parse(indexText);
        const entries = index.manifests ?? [];
        let entry;
        if (this.tag) {
            entry = entries.find((m) => m.annotations?.[REF_NAME] === this.tag);
            if (!entry) {
                const tags = entries.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
                throw new errors/* UserError */.yo(`${this.reference}: no image tagged "${this.tag}"`, {
                    hint: tags.length
                        ? `the layout has: ${tags.join(', ')}`
                        : 'the layout has no tagged images'
                });
            }
        }
        else if (entries.length === 1) {
            entry = entries[0];
        }
        else {
            // index.json itself as a multi-platform index
            return (0,image_walk/* walkImage */.v)(this.walker(), {
                bytes: Buffer.from(indexText),
                mediaType: media_types/* MediaType */.zu.ociIndex,
                digest: (0,manifest/* sha256Digest */.sI)(indexText)
            }, platform);
        }
        if (!entry)
            throw new errors/* UserError */.yo(`${this.reference}: index.json lists no images`);
        const bytes = await this.readVerified(entry);
        return (0,image_walk/* walkImage */.v)(this.walker(), { bytes, mediaType: entry.mediaType, digest: entry.digest }, platform);
    }
    walker() {
        return {
            kind: this.kind,
            reference: this.reference,
            manifest: async (d) => ({
                bytes: await this.readVerified(d),
                mediaType: d.mediaType
            }),
            config: (d) => this.readVerified(d)
        };
    }
    fetchBlob(desc, onBytes) {
        return (0,local_blob/* copyBlobIntoStore */.M)(this.store, this.blobFile(desc.digest), desc, onBytes);
    }
    async close() { }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/oci/file-sink.ts
/** Bytes gathered before one `writev`: fewer thread-pool round trips than one write per socket read. */
const BATCH_BYTES = 1 << 20;
/** The body is paused while a write is in flight and this much more is waiting (bounds memory). */
const MAX_PENDING = 2 << 20;
/**
 * Streams `body` into `file` at its current position, calling `onChunk` on
 * each chunk first (hashing, size checks: a throw stops everything). Chunks
 * are written in batches with `writev` and never copied; reading pauses when
 * the disk falls behind. Resolves with the bytes written once the body ended;
 * a body that closes early resolves with what arrived (the caller checks the
 * size); a body error rejects after what arrived before it is written.
 */
function drainToFile(body, file, onChunk) {
    return new Promise((resolve, reject) => {
        let pending = [];
        let pendingBytes = 0;
        let written = 0;
        let writing = false;
        let ended = false;
        let failed = false;
        let bodyError;
        const fail = (err) => {
            if (failed)
                return;
            failed = true;
            body.destroy();
            reject(err);
        };
        const flush = () => {
            if (failed || writing)
                return;
            if (pendingBytes === 0) {
                if (ended && bodyError !== undefined)
                    reject(bodyError);
                else if (ended)
                    resolve(written);
                return;
            }
            const bufs = pending;
            const n = pendingBytes;
            pending = [];
            pendingBytes = 0;
            writing = true;
            writeAll(file, bufs, n).then(() => {
                writing = false;
                written += n;
                if (body.isPaused() && !ended)
                    body.resume();
                flush();
            }, fail);
        };
        body.on('data', (chunk) => {
            if (failed)
                return;
            try {
                onChunk(chunk);
            }
            catch (err) {
                fail(err);
                return;
            }
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes >= BATCH_BYTES)
                flush();
            if (writing && pendingBytes >= MAX_PENDING)
                body.pause();
        });
        const end = () => {
            if (ended)
                return;
            ended = true;
            flush();
        };
        body.once('end', end);
        // a cut connection may close without 'end' or 'error': the caller sees the short size
        body.once('close', end);
        // a broken connection: what arrived is written first, so a retry resumes after it
        body.once('error', (err) => {
            bodyError ??= err;
            end();
        });
    });
}
/** `writev` until every byte is on disk (a short write continues where it stopped). */
async function writeAll(file, bufs, total) {
    let done = 0;
    while (done < total) {
        const { bytesWritten } = await file.writev(done === 0 ? bufs : rest(bufs, done));
        if (bytesWritten <= 0)
            throw new Error('write made no progress');
        done += bytesWritten;
    }
}
function rest(bufs, skip) {
    const out = [];
    for (const b of bufs) {
        if (skip >= b.length) {
            skip -= b.length;
            continue;
        }
        out.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/oci/blob-download.ts







/** A body that ended before `size` bytes: retried, resuming where it stopped. */
class ShortBody extends Error {
    code = 'ECONNRESET';
    constructor(got, want) {
        super(`connection closed after ${got} of ${want} bytes`);
    }
}
async function hashPrefix(path, hash) {
    let n = 0;
    for await (const chunk of (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1 << 20 })) {
        hash.update(chunk);
        n += chunk.length;
    }
    return n;
}
/**
 * Streams blob `digest` of `size` bytes into `partialPath`, hashing as it
 * goes. A broken connection is retried with `Range: bytes=<have>-` against a
 * fresh request to the registry (storage redirects expire); a 200 instead of
 * 206 starts again from 0. More bytes than `size` or the wrong digest drop
 * the file; a digest mismatch is retried once. Returns the digest computed.
 */
async function downloadBlob(client, repo, digest, size, partialPath, opts = {}) {
    let mismatches = 0;
    /** Bytes reported to onBytes: the high-water mark over every attempt. */
    let reported = 0;
    const what = `layer blob ${digest} of ${repo.registry}/${repo.repository}`;
    try {
        return await client.withRetry(what, async () => {
            const hash = (0,external_node_crypto_.createHash)('sha256');
            let have = await (0,promises_.stat)(partialPath).then((st) => st.size, () => 0);
            if (have > size) {
                await (0,promises_.truncate)(partialPath, 0);
                have = 0;
            }
            if (have > 0)
                have = await hashPrefix(partialPath, hash);
            const res = await client.openBlob(repo, digest, have);
            if (have > 0 && res.status === 200) {
                // the server ignored the Range and sends the whole blob: take it from byte 0
                opts.onResume?.(0);
                return finish((0,external_node_crypto_.createHash)('sha256'), res.body, 'w', 0);
            }
            if (have > 0) {
                const m = /^bytes (\d+)-/.exec(header(res.headers, 'content-range') ?? '');
                if (res.status !== 206 || !m || Number(m[1]) !== have) {
                    await discard(res);
                    await (0,promises_.truncate)(partialPath, 0);
                    throw Object.assign(new Error(`unexpected answer to a Range request (${res.status})`), {
                        code: 'ECONNRESET'
                    });
                }
                opts.onResume?.(have);
            }
            return finish(hash, res.body, have > 0 ? 'a' : 'w', have);
        });
    }
    catch (err) {
        throw client.finalError(err, repo, `layer blob ${digest} (${size} bytes)`);
    }
    async function finish(h, body, flags, offset) {
        const file = await (0,promises_.open)(partialPath, flags);
        let got = offset;
        try {
            await drainToFile(body, file, (chunk) => {
                got += chunk.length;
                if (got > size) {
                    throw new errors/* UserError */.yo(`${what}: the registry sent more than the ${size} bytes the manifest lists`);
                }
                h.update(chunk);
                if (got > reported) {
                    opts.onBytes?.(got - reported);
                    reported = got;
                }
            });
        }
        catch (err) {
            if (got > size)
                await (0,promises_.truncate)(partialPath, 0).catch(() => { });
            if (err instanceof errors/* UserError */.yo || got >= size)
                throw err;
            // what was written stays for the next attempt's Range; the message says how far it got
            throw Object.assign(new Error(`${got} of ${size} bytes arrived, then: ${shortError(err)}`, { cause: err }), { code: 'ECONNRESET' });
        }
        finally {
            await file.close();
        }
        if (got < size)
            throw new ShortBody(got, size);
        const actual = `sha256:${h.digest('hex')}`;
        if (actual !== digest) {
            await (0,promises_.truncate)(partialPath, 0).catch(() => { });
            const e = new DigestMismatch(what, actual);
            // retry a mismatch once (a flaky proxy): the network code makes the verdict retry it
            if (++mismatches <= 1)
                throw Object.assign(e, { code: 'ECONNRESET' });
            throw e;
        }
        return actual;
    }
}

;// CONCATENATED MODULE: ./src/oci/sources/registry.ts




/**
 * Images from a registry. Tags are resolved with HEAD (free of Docker Hub's
 * pull quota); manifests and configs already in the store by digest are not
 * fetched again, so a warm resolve of a digest reference needs no network.
 */
class RegistrySource {
    ref;
    client;
    store;
    kind = 'registry';
    reference;
    constructor(ref, client, store) {
        this.ref = ref;
        this.client = client;
        this.store = store;
        this.reference = (0,reference/* formatReference */.FH)(ref);
    }
    async manifestByDigest(digest, mediaType) {
        const cached = await this.store.readBlob({ digest });
        const typeKey = `manifest-type:${digest}`;
        if (cached) {
            const t = await this.store.getResolved(typeKey);
            return { bytes: cached, mediaType: t?.value ?? mediaType };
        }
        const m = await this.client.getManifest(this.ref, digest);
        await this.store.putBlobBytes(m.digest, m.bytes);
        await this.store.putResolved(typeKey, m.mediaType);
        return { bytes: m.bytes, mediaType: m.mediaType };
    }
    async resolve(platform) {
        let digest = this.ref.digest;
        let root;
        if (!digest) {
            const head = await this.client.headManifest(this.ref, (0,reference/* referenceTarget */.Z9)(this.ref));
            digest = head.digest;
        }
        if (digest) {
            root = { ...(await this.manifestByDigest(digest)), digest };
        }
        else {
            // no Docker-Content-Digest on HEAD: GET and hash the bytes
            const m = await this.client.getManifest(this.ref, (0,reference/* referenceTarget */.Z9)(this.ref));
            await this.store.putBlobBytes(m.digest, m.bytes);
            await this.store.putResolved(`manifest-type:${m.digest}`, m.mediaType);
            root = { bytes: m.bytes, mediaType: m.mediaType, digest: m.digest };
        }
        const resolved = await (0,image_walk/* walkImage */.v)({
            kind: 'registry',
            reference: this.reference,
            manifest: (d) => this.manifestByDigest(d.digest, d.mediaType),
            config: async (d) => {
                await this.fetchBlob(d);
                return (await this.store.readBlob(d));
            }
        }, root, platform);
        await this.store.putResolved(`ref:${this.reference}|${(0,oci_platform/* formatPlatform */.Bq)(platform)}`, {
            indexDigest: resolved.indexDigest,
            manifestDigest: resolved.manifestDigest
        });
        return resolved;
    }
    fetchBlob(desc, onBytes) {
        return this.store.ensureBlob(desc, (partial) => downloadBlob(this.client, this.ref, desc.digest, desc.size, partial, {
            ...(onBytes ? { onBytes } : {})
        }));
    }
    async close() { }
}

;// CONCATENATED MODULE: ./src/oci/sources/index.ts






/** `PATH[:TAG]`: the last `:` splits a tag only when what follows looks like one (no `/`). */
function splitPathTag(rest) {
    const i = rest.lastIndexOf(':');
    if (i > 0 && !rest.slice(i + 1).includes('/'))
        return [rest.slice(0, i), rest.slice(i + 1) || undefined];
    return [rest, undefined];
}
/**
 * The source an image string names (the archive readers, and tar-stream with
 * them, load only when an archive is named: a registry pull starts faster): `oci:PATH[:TAG]`, `oci-archive:FILE[:TAG]`,
 * `docker-archive:FILE[:REF]`, `docker-daemon:REF`, `docker://REF` or a plain
 * registry reference.
 */
async function openImageSource(image, deps) {
    const colon = image.indexOf(':');
    const transport = colon > 0 ? image.slice(0, colon) : '';
    const rest = image.slice(colon + 1);
    switch (transport) {
        case 'oci': {
            const [path, tag] = splitPathTag(rest);
            return new OciLayoutSource(path, tag, deps.store);
        }
        case 'oci-archive': {
            const [file, tag] = splitPathTag(rest);
            const dir = deps.store.tempPath('oci-archive');
            const { extractImageArchive } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(253)]).then(__webpack_require__.bind(__webpack_require__, 1253));
            await extractImageArchive(file, dir).catch(async (err) => {
                await (0,promises_.rm)(dir, { recursive: true, force: true });
                throw err;
            });
            const src = new OciLayoutSource(dir, tag, deps.store, 'oci-archive', `oci-archive:${(0,external_node_path_.resolve)(file)}${tag ? `:${tag}` : ''}`);
            src.close = async () => (0,promises_.rm)(dir, { recursive: true, force: true });
            return src;
        }
        case 'docker-archive': {
            // a REF after the file contains ':' itself (name:tag), so split at the archive name
            const m = /^(.*?\.(?:tar|tar\.gz|tgz))(?::(.+))?$/.exec(rest);
            const { DockerArchiveSource } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(53)]).then(__webpack_require__.bind(__webpack_require__, 8053));
            return new DockerArchiveSource(m ? m[1] : rest, m?.[2], deps.store);
        }
        case 'docker-daemon':
            if (!rest)
                throw new errors/* UsageError */.eb('docker-daemon: needs an image reference, e.g. docker-daemon:app:1.0');
            return (await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(211)]).then(__webpack_require__.bind(__webpack_require__, 1211))).dockerDaemonSource(rest, deps.store);
        default: {
            const ref = (0,reference/* parseReference */.F2)(image.startsWith('docker://') ? image.slice('docker://'.length) : image);
            return new RegistrySource(ref, deps.client, deps.store);
        }
    }
}

// EXTERNAL MODULE: ./src/oci/store.ts
var oci_store = __webpack_require__(9800);
// EXTERNAL MODULE: ./src/oci/checked-read.ts
var checked_read = __webpack_require__(3857);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/util/atomic.ts
var atomic = __webpack_require__(4535);
;// CONCATENATED MODULE: ./src/oci/export.ts









/** Errors where a hard link cannot be made but a copy can: another file system, no link support. */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);
/** Hard-links `from` to `to` (no bytes copied); copies when linking is impossible. True if copied. */
async function linkOrCopy(from, to) {
    try {
        await (0,promises_.link)(from, to);
        return false;
    }
    catch (err) {
        if (!NO_LINK.has(err.code ?? ''))
            throw err;
        await (0,promises_.copyFile)(from, to);
        return true;
    }
}
/**
 * Writes an OCI image layout (`oci-layout`, `index.json`, `blobs/`) for the
 * platform manifest: the manifest's original bytes, so its digest is kept.
 * Blobs are hard-linked from the store when possible; the folder appears
 * complete or not at all.
 */
async function writeOciLayout(store, image, dir, tag, log = util_log/* silentLogger */.q) {
    const r = image.resolved;
    try {
        await (0,promises_.stat)((0,external_node_path_.join)(dir, 'index.json'));
        throw new errors/* UserError */.yo(`${dir} already holds an OCI layout`, {
            hint: 'choose an empty or new --output folder'
        });
    }
    catch (err) {
        if (err instanceof errors/* UserError */.yo)
            throw err;
    }
    const manifest = await store.readBlob({ digest: r.manifestDigest });
    if (!manifest)
        throw new errors/* UserError */.yo(`the manifest ${r.manifestDigest} is missing from the content store; pull again`);
    await (0,atomic/* writeAtomically */.vK)(dir, async (tmp) => {
        const blobs = (0,external_node_path_.join)(tmp, 'blobs', 'sha256');
        await (0,promises_.mkdir)(blobs, { recursive: true });
        const digests = [r.manifestDigest, r.configDigest, ...r.layers.map((l) => l.digest)];
        const copied = await Promise.all([...new Set(digests)].map(async (d) => {
            const copied = await linkOrCopy(store.blobPath(d), (0,external_node_path_.join)(blobs, d.slice(7)));
            // what leaves the store is hashed, whatever its marker says
            await (0,checked_read/* checkOutputFile */.C)((0,external_node_path_.join)(blobs, d.slice(7)), store.blobPath(d), d);
            return copied;
        }));
        if (copied.some(Boolean))
            log.info(`${dir}: the content store ${store.root} is on another file system (or forbids hard links), so the blobs were copied, not linked`);
        await (0,promises_.writeFile)((0,external_node_path_.join)(tmp, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
        const desc = {
            mediaType: r.manifestMediaType === media_types/* MediaType */.zu.dockerManifest
                ? media_types/* MediaType */.zu.dockerManifest
                : media_types/* MediaType */.zu.ociManifest,
            digest: r.manifestDigest,
            size: manifest.length,
            platform: r.platform,
            ...(tag ? { annotations: { 'org.opencontainers.image.ref.name': tag } } : {})
        };
        await (0,promises_.writeFile)((0,external_node_path_.join)(tmp, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: media_types/* MediaType */.zu.ociIndex, manifests: [desc] }));
    });
}
/**
 * Writes a `docker save`-style archive (manifest.json, repositories, config
 * JSON and one uncompressed layer.tar per layer), loadable by `docker load`
 * and `skopeo copy docker-archive:`. Needs the layer tars (pull with layerTars).
 */
async function writeDockerArchive(store, image, file, repoTag) {
    const r = image.resolved;
    if (image.layerTarPaths.length !== r.layers.length)
        throw new Error('writeDockerArchive needs the uncompressed layer tars');
    const config = await store.readBlob({ digest: r.configDigest });
    if (!config)
        throw new errors/* UserError */.yo(`the config ${r.configDigest} is missing from the content store; pull again`);
    const configName = `${r.configDigest.slice(7)}.json`;
    const layerNames = r.diffIds.map((d) => `${d.slice(7)}/layer.tar`);
    const manifest = [{ Config: configName, RepoTags: repoTag ? [repoTag] : [], Layers: layerNames }];
    // tar-stream only for this output: an OCI pull never loads it
    const { pack } = await __webpack_require__.e(/* import() */ 118).then(__webpack_require__.t.bind(__webpack_require__, 6118, 19));
    await (0,atomic/* writeAtomically */.vK)(file, async (tmp) => {
        const p = pack();
        const out = (0,external_node_stream_promises_.pipeline)(p, (0,external_node_fs_.createWriteStream)(tmp));
        const add = (name, data) => {
            p.entry({ name, size: data.length, mtime: new Date(0), mode: 0o644 }, data);
        };
        add(configName, config);
        const seen = new Set();
        for (const [i, name] of layerNames.entries()) {
            if (seen.has(name))
                continue;
            seen.add(name);
            const path = image.layerTarPaths[i];
            const size = (await (0,promises_.stat)(path)).size;
            await new Promise((resolve, reject) => {
                const entry = p.entry({ name, size, mtime: new Date(0), mode: 0o644 }, (err) => err ? reject(err) : resolve());
                (0,external_node_stream_promises_.pipeline)((0,checked_read/* checkedReadStream */.s)(path, r.diffIds[i]), entry).catch(reject);
            });
        }
        add('manifest.json', Buffer.from(JSON.stringify(manifest)));
        if (repoTag) {
            const i = repoTag.lastIndexOf(':');
            add('repositories', Buffer.from(JSON.stringify({
                [repoTag.slice(0, i)]: { [repoTag.slice(i + 1)]: r.diffIds.at(-1)?.slice(7) ?? '' }
            })));
        }
        p.finalize();
        await out;
    }).catch(async (err) => {
        await (0,promises_.rm)(file, { force: true }).catch(() => { });
        throw err;
    });
}

;// CONCATENATED MODULE: ./src/oci/index.ts





















/** $MENDER_COMPOSE_STORE, else $XDG_CACHE_HOME (or ~/.cache)/mender-compose/store. */
function defaultStoreDir(env = process.env) {
    if (env.MENDER_COMPOSE_STORE)
        return env.MENDER_COMPOSE_STORE;
    return (0,external_node_path_.join)(env.XDG_CACHE_HOME || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache'), 'mender-compose', 'store');
}
async function withSource(image, opts, fn) {
    const store = await oci_store/* ContentStore */.Vh.open(opts.storeDir ?? defaultStoreDir(opts.env), {
        log: opts.log,
        maxBytes: opts.maxStoreBytes
    });
    const client = opts.client ??
        new RegistryClient({
            log: opts.log,
            insecureRegistries: opts.insecureRegistries,
            ca: opts.ca,
            credentials: dockerCredentials({ env: opts.env, explicit: opts.credentials, log: opts.log }),
            timeouts: registryTimeoutsFromEnv(opts.env ?? process.env)
        });
    try {
        const src = await openImageSource(image, { client, store });
        try {
            return await fn({ client, store }, src);
        }
        finally {
            await src.close();
        }
    }
    finally {
        if (!opts.client)
            await client.close();
    }
}
function toPlatform(p) {
    return typeof p === 'string' ? (0,oci_platform/* parsePlatform */.Y8)(p) : p;
}
/** The digests, config and layers of `image` for `platform`: what every later step needs. */
async function resolveImage(image, platform, opts = {}) {
    return withSource(image, opts, (_deps, src) => src.resolve(toPlatform(platform)));
}
/** Resolve and fetch into the store (blobs + uncompressed layer tars), then `then` while the source is open. */
async function pullToStore(image, platform, opts, then) {
    return withSource(image, opts, async ({ store }, src) => {
        const pulled = await pullImage(src, toPlatform(platform), {
            store,
            log: opts.log,
            concurrency: opts.concurrency,
            layerTars: opts.layerTars
        });
        if (opts.maxStoreBytes !== undefined)
            await store.evict();
        return then ? then(pulled, store) : pulled;
    });
}


/***/ }),

/***/ 2060:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   md: () => (/* binding */ selectPlatform),
/* harmony export */   o4: () => (/* binding */ parseConfig),
/* harmony export */   sI: () => (/* binding */ sha256Digest)
/* harmony export */ });
/* unused harmony export indexPlatforms */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9217);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1890);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9767);





function sha256Digest(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
function checkDescriptor(d, where) {
    const desc = d;
    if (!desc || typeof desc.digest !== 'string' || typeof desc.size !== 'number' || desc.size < 0) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where}: a descriptor lacks a valid digest or size`);
    }
    (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .validateDigest */ .n2)(desc.digest, `digest in ${where}`);
    return desc;
}
/**
 * Parses manifest bytes by their Content-Type (parameters ignored), refusing
 * schema 1, unknown types and a body whose mediaType contradicts the header.
 */
function parseManifest(bytes, contentType, where) {
    let json;
    try {
        json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where}: the manifest is not valid JSON`);
    }
    const header = contentType?.split(';')[0]?.trim().toLowerCase();
    const type = header && header !== 'application/json' && header !== 'application/octet-stream'
        ? header
        : (json.mediaType ??
            (Array.isArray(json.manifests) ? _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MediaType */ .zu.ociIndex : _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MediaType */ .zu.ociManifest));
    if (type === _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MediaType */ .zu.schema1 || type === _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MediaType */ .zu.schema1Signed || json.schemaVersion === 1) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where} is a Docker schema 1 manifest, which is deprecated and not supported`, {
            hint: 'push the image again with a current Docker/buildx/skopeo (schema 2 or OCI)'
        });
    }
    if (json.mediaType !== undefined && json.mediaType !== type) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where}: the manifest says mediaType ${json.mediaType} but was served as ${type}`);
    }
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexType */ .$U)(type)) {
        if (!Array.isArray(json.manifests))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where}: the index has no manifests list`);
        json.manifests.forEach((m) => checkDescriptor(m, where));
        return { kind: 'index', mediaType: type, index: json };
    }
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestType */ .Q3)(type)) {
        if (!Array.isArray(json.layers))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where}: the manifest has no layers list`);
        checkDescriptor(json.config, where);
        json.layers.forEach((l) => checkDescriptor(l, where));
        return { kind: 'manifest', mediaType: type, manifest: json };
    }
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where} has the unsupported manifest type ${type}`, {
        hint: 'only OCI and Docker schema 2 images (and their indexes) can be pulled'
    });
}
/** The runnable platforms an index offers, in its order, for error messages. */
function indexPlatforms(index) {
    return index.manifests
        .filter((m) => (0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestType */ .Q3)(m.mediaType) && m.platform && !(0,_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .isAttestationPlatform */ .Cf)(m.platform))
        .map((m) => (0,_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .formatPlatform */ .Bq)(m.platform));
}
/**
 * Picks the entry for `platform` by exact normalised match; unknown media
 * types and attestation entries are skipped; a miss lists what the image has.
 */
function selectPlatform(index, platform, where) {
    const entry = index.manifests.find((m) => (0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestType */ .Q3)(m.mediaType) &&
        m.platform !== undefined &&
        !(0,_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .isAttestationPlatform */ .Cf)(m.platform) &&
        (0,_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .platformMatches */ .J5)(platform, m.platform));
    if (entry)
        return entry;
    const have = indexPlatforms(index);
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where} has no image for platform ${(0,_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .formatPlatform */ .Bq)(platform)}`, {
        hint: have.length ? `the image has: ${have.join(', ')}` : 'the index lists no platform images'
    });
}
function parseConfig(bytes, where) {
    let cfg;
    try {
        cfg = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where}: the image config is not valid JSON`);
    }
    if (!cfg.rootfs || !Array.isArray(cfg.rootfs.diff_ids)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${where}: the image config has no rootfs.diff_ids`);
    }
    cfg.rootfs.diff_ids.forEach((d) => (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .validateDigest */ .n2)(d, `diff ID in ${where}`));
    return cfg;
}


/***/ }),

/***/ 9217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $U: () => (/* binding */ isIndexType),
/* harmony export */   AH: () => (/* binding */ layerCompression),
/* harmony export */   Q3: () => (/* binding */ isManifestType),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
/** Media types a pull-only client meets (image-spec media-types.md, distribution manifest-v2-2.md). */
const MediaType = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    ociLayer: 'application/vnd.oci.image.layer.v1.tar',
    ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    dockerLayerTar: 'application/vnd.docker.image.rootfs.diff.tar',
    dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
    schema1: 'application/vnd.docker.distribution.manifest.v1+json',
    schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws'
};
/** Sent on every manifest HEAD and GET: distribution 2.8 answers 404 for a type not listed. */
const MANIFEST_ACCEPT = [
    MediaType.ociIndex,
    MediaType.dockerList,
    MediaType.ociManifest,
    MediaType.dockerManifest
].join(', ');
function isIndexType(t) {
    return t === MediaType.ociIndex || t === MediaType.dockerList;
}
function isManifestType(t) {
    return t === MediaType.ociManifest || t === MediaType.dockerManifest;
}
/** How a layer blob is compressed, from its media type; undefined for a type we cannot unpack. */
function layerCompression(mediaType) {
    const t = mediaType.replace('.nondistributable', '');
    if (t.endsWith('+gzip') || t.endsWith('.tar.gzip') || t === MediaType.dockerForeignLayer)
        return 'gzip';
    if (t.endsWith('+zstd'))
        return 'zstd';
    if (t.endsWith('.tar') || t === MediaType.dockerLayerTar)
        return 'none';
    return undefined;
}


/***/ }),

/***/ 1890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   Cf: () => (/* binding */ isAttestationPlatform),
/* harmony export */   J5: () => (/* binding */ platformMatches),
/* harmony export */   Y8: () => (/* binding */ parsePlatform),
/* harmony export */   _l: () => (/* binding */ canonicalPlatform)
/* harmony export */ });
/* unused harmony export normalizePlatform */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

/**
 * containerd's normalisation (platforms `database.go`): both sides of a match
 * go through this, so `arm64/v8` equals `arm64` and `arm` means `arm/v7`.
 */
function normalizePlatform(p) {
    let os = p.os.toLowerCase();
    if (os === 'macos')
        os = 'darwin';
    let arch = p.architecture.toLowerCase();
    let variant = (p.variant ?? '').toLowerCase();
    switch (arch) {
        case 'i386':
            arch = '386';
            variant = '';
            break;
        case 'x86_64':
        case 'x86-64':
        case 'amd64':
            arch = 'amd64';
            if (variant === 'v1')
                variant = '';
            break;
        case 'aarch64':
        case 'arm64':
            arch = 'arm64';
            if (variant === '8' || variant === 'v8' || variant === 'v8.0')
                variant = '';
            else if (variant === '9' || variant === '9.0' || variant === 'v9.0')
                variant = 'v9';
            break;
        case 'armhf':
            arch = 'arm';
            variant = 'v7';
            break;
        case 'armel':
            arch = 'arm';
            variant = 'v6';
            break;
        case 'arm':
            if (variant === '' || variant === '7')
                variant = 'v7';
            else if (variant === '5' || variant === '6' || variant === '8')
                variant = `v${variant}`;
            break;
    }
    return variant ? { os, architecture: arch, variant } : { os, architecture: arch };
}
// Go's GOOS and GOARCH lists, as containerd's platforms package knows them.
const KNOWN_OS = new Set('aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos'.split(' '));
const KNOWN_ARCH = new Set('386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm'.split(' '));
const PLATFORM_HINT = 'write it as docker --platform takes it: os/arch[/variant] or arch[/variant], e.g. linux/arm64, arm64, linux/arm/v7 or arm/v7';
/**
 * The one platform parser of the project (inputs, flags, compose files, image
 * commands): what `docker --platform` accepts, normalised as containerd
 * normalises it. `os/arch[/variant]`; a bare `arch` or `arch/variant` means
 * linux (containerd would read `arm/v7` as OS `arm`, but no OS is called
 * that). The result is normalised: `arm64` and `linux/arm64/v8` are
 * `linux/arm64`, `arm` is `linux/arm/v7`, `x86_64` is `linux/amd64`.
 * `where` names the input, flag or file in the error.
 */
function parsePlatform(text, where = 'platform') {
    const spec = text.trim().toLowerCase();
    const fail = (why) => {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${where} has '${text.trim()}', which is not a platform: ${why}`, {
            hint: PLATFORM_HINT
        });
    };
    const parts = spec.split('/');
    if (spec === '')
        fail('it is empty');
    if (parts.length > 3)
        fail('more than three parts');
    const bad = parts.find((p) => !/^[a-z0-9_.-]+$/.test(p));
    if (bad !== undefined)
        fail(bad === '' ? 'an empty part' : `'${bad}' holds other than letters, digits, '.', '_' or '-'`);
    const os = (name) => (name === 'macos' ? 'darwin' : name);
    const arch = (name, variant) => {
        const n = normalizePlatform({
            os: 'linux',
            architecture: name,
            ...(variant ? { variant } : {})
        });
        if (!KNOWN_ARCH.has(n.architecture))
            fail(`unknown architecture '${name}'`);
        return n;
    };
    const [first, second, third] = parts;
    let p;
    if (second === undefined) {
        if (KNOWN_OS.has(os(first)))
            fail(`'${first}' is an operating system; name the architecture too, e.g. ${os(first)}/arm64`);
        p = arch(first);
    }
    else if (third !== undefined || KNOWN_OS.has(os(first))) {
        if (!KNOWN_OS.has(os(first)))
            fail(`unknown operating system '${first}'`);
        p = { ...arch(second, third), os: os(first) };
    }
    else if (KNOWN_ARCH.has(normalizePlatform({ os: 'linux', architecture: first }).architecture)) {
        p = arch(first, second);
    }
    else
        fail(`'${first}' is neither an operating system nor an architecture`);
    return normalizePlatform(p);
}
/** `parsePlatform` as text: the normalised `os/arch[/variant]`. */
function canonicalPlatform(text, where) {
    return formatPlatform(parsePlatform(text, where));
}
function formatPlatform(p) {
    return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}
/** Exact match after normalising both sides (deterministic: no fallback to older variants). */
function platformMatches(wanted, candidate) {
    const a = normalizePlatform(wanted);
    const b = normalizePlatform(candidate);
    return (a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? ''));
}
/** BuildKit attestation entries carry unknown/unknown: never a runnable image. */
function isAttestationPlatform(p) {
    return p?.os === 'unknown' || p?.architecture === 'unknown';
}


/***/ }),

/***/ 9767:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Mb: () => (/* binding */ registryApiHost),
/* harmony export */   Tz: () => (/* binding */ DOCKER_HUB_API_HOST),
/* harmony export */   YY: () => (/* binding */ DOCKER_HUB_DOMAIN),
/* harmony export */   Z9: () => (/* binding */ referenceTarget),
/* harmony export */   n2: () => (/* binding */ validateDigest),
/* harmony export */   vw: () => (/* binding */ DOCKER_HUB_CREDENTIAL_KEY),
/* harmony export */   z$: () => (/* binding */ referenceName)
/* harmony export */ });
/* unused harmony exports isValidTag, isValidDomain, familiarReference */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

const DOCKER_HUB_DOMAIN = 'docker.io';
const LEGACY_DOCKER_HUB_DOMAIN = 'index.docker.io';
/** The API host Docker's own client talks to for docker.io (docker/cli DefaultV2Registry). */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The key Docker writes Docker Hub credentials under in config.json. */
const DOCKER_HUB_CREDENTIAL_KEY = 'https://index.docker.io/v1/';
const NAME_TOTAL_LENGTH_MAX = 255;
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const REFERENCE_RE = new RegExp(`^((?:${domainAndPort}/)?${remoteName})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const ANCHORED_IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const DOMAIN_RE = new RegExp(`^${domainAndPort}$`);
const TAG_RE = new RegExp(`^${tagPat}$`);
const DIGEST_HEX = {
    sha256: /^[a-f0-9]{64}$/,
    sha512: /^[a-f0-9]{128}$/
};
/** Checks `algorithm:hex` with the lengths of the registered algorithms; returns it unchanged. */
function validateDigest(digest, what = 'digest') {
    const i = digest.indexOf(':');
    const alg = digest.slice(0, i);
    const hex = digest.slice(i + 1);
    const re = DIGEST_HEX[alg];
    if (i < 0 || !re) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid ${what} "${digest}": unsupported digest algorithm`, {
            hint: 'use a sha256:<64 hex> digest'
        });
    }
    if (!re.test(hex)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid ${what} "${digest}": ${alg} needs ${alg === 'sha256' ? 64 : 128} lowercase hex digits`);
    }
    return digest;
}
function invalid(input, why) {
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid image reference "${input}": ${why}`, {
        hint: 'write it as [registry[:port]/]name[:tag][@sha256:<64 hex>], name in lowercase'
    });
}
/** Docker's splitDockerDomain: is the part before the first `/` a registry host? */
function splitDomain(name) {
    const i = name.indexOf('/');
    let domain;
    let rest;
    const first = i < 0 ? '' : name.slice(0, i);
    if (i < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
        domain = DOCKER_HUB_DOMAIN;
        rest = name;
    }
    else {
        domain = first;
        rest = name.slice(i + 1);
    }
    if (domain === LEGACY_DOCKER_HUB_DOMAIN)
        domain = DOCKER_HUB_DOMAIN;
    if (domain === DOCKER_HUB_DOMAIN && !rest.includes('/'))
        rest = `library/${rest}`;
    return [domain, rest];
}
/**
 * ParseNormalizedNamed + TagNameOnly: `nginx` → docker.io/library/nginx:latest.
 * A digest wins over a tag for pulling; the tag is kept for display.
 */
function parseReference(input, opts = {}) {
    const s = input.trim();
    if (s === '')
        throw invalid(input, 'it is empty');
    if (ANCHORED_IDENTIFIER_RE.test(s)) {
        throw invalid(input, 'a 64-character hexadecimal string is an image ID, not a name');
    }
    const [domain, remainder] = splitDomain(s);
    const tagSep = remainder.search(/[:@]/);
    const remote = tagSep < 0 ? remainder : remainder.slice(0, tagSep);
    if (remote.toLowerCase() !== remote) {
        throw invalid(input, `repository name "${remote}" must be lowercase`);
    }
    if (!DOMAIN_RE.test(domain))
        throw invalid(input, `"${domain}" is not a valid registry host`);
    const m = REFERENCE_RE.exec(`${domain}/${remainder}`);
    if (!m)
        throw invalid(input, 'invalid reference format');
    const name = m[1];
    if (name.length > NAME_TOTAL_LENGTH_MAX) {
        throw invalid(input, `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
    }
    const repository = name.slice(domain.length + 1);
    const ref = { registry: domain, repository };
    if (m[2] !== undefined)
        ref.tag = m[2];
    if (m[3] !== undefined) {
        try {
            ref.digest = validateDigest(m[3]);
        }
        catch (err) {
            throw invalid(input, err.message);
        }
    }
    if (ref.tag === undefined && ref.digest === undefined && opts.defaultTag !== false)
        ref.tag = 'latest';
    return ref;
}
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
function isValidDomain(domain) {
    return DOMAIN_RE.test(domain);
}
/** The full normalised form: docker.io/library/nginx:latest@sha256:… */
function formatReference(ref) {
    return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** Docker's FamiliarString: drops docker.io/ and library/ again. */
function familiarReference(ref) {
    let name = `${ref.registry}/${ref.repository}`;
    if (ref.registry === DOCKER_HUB_DOMAIN) {
        name =
            ref.repository.startsWith('library/') && ref.repository.split('/').length === 2
                ? ref.repository.slice('library/'.length)
                : ref.repository;
    }
    return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** `registry/repository` without tag or digest. */
function referenceName(ref) {
    return `${ref.registry}/${ref.repository}`;
}
/** What to ask the registry for: the digest when there is one, else the tag. */
function referenceTarget(ref) {
    return ref.digest ?? ref.tag ?? 'latest';
}
/** The host[:port] the HTTP API lives on (docker.io is served by registry-1.docker.io). */
function registryApiHost(registry) {
    return registry === DOCKER_HUB_DOMAIN ? DOCKER_HUB_API_HOST : registry;
}


/***/ }),

/***/ 159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ copyBlobIntoStore)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);





/** Copies a local file into the store as blob `digest`, hashing on the way. */
function copyBlobIntoStore(store, file, desc, onBytes) {
    return store.ensureBlob(desc, async (partial) => {
        const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        try {
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(file, { highWaterMark: 1 << 20 }), new node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform({
                transform(chunk, _e, cb) {
                    h.update(chunk);
                    onBytes?.(chunk.length);
                    cb(null, chunk);
                }
            }), (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(partial));
        }
        catch (err) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot read ${file}: ${err.code ?? err.message}`);
        }
        const actual = `sha256:${h.digest('hex')}`;
        if (actual !== desc.digest) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${file} should hold ${desc.digest} but hashes to ${actual}`, {
                hint: 'the image folder or archive is corrupt; export it again'
            });
        }
        return actual;
    });
}


/***/ }),

/***/ 9800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DC: () => (/* binding */ hashFile),
/* harmony export */   LE: () => (/* binding */ entryDigest),
/* harmony export */   Ob: () => (/* binding */ CorruptEntry),
/* harmony export */   Vh: () => (/* binding */ ContentStore),
/* harmony export */   sT: () => (/* binding */ dropEntry)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _util_atomic_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4535);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2693);
/* harmony import */ var _util_log_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9906);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9767);









/**
 * What a file looked like when it was hashed: a write changes mtime (ns
 * precision), a restore from the cache makes a new inode. ctime is left out
 * on purpose: hard-linking a blob into an output folder changes it.
 */
function fingerprint(st) {
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}
function sameEntry(m, digest, fp) {
    return m.digest === digest && m.size === fp.size && m.mtimeMs === fp.mtimeMs && m.ino === fp.ino;
}
/** True while process `pid` runs (EPERM: it runs as another user). */
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
/** Thrown when an entry's bytes do not hash to its name. */
class CorruptEntry extends Error {
}
/**
 * Removes a store entry (and its marker) found corrupt on its way into an
 * output: the next command that needs it fetches or makes it again.
 */
async function dropEntry(path) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(`${path}.ok`, { force: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { force: true });
}
/** `sha256:<hex>` of a store entry named by its content (blobs, `<hex>.tar` layer tars). */
function entryDigest(path) {
    const m = /(?:^|\/)([0-9a-f]{64})(?:\.tar)?$/.exec(path);
    return m ? `sha256:${m[1]}` : undefined;
}
async function hashFile(path, alg = 'sha256') {
    const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(alg);
    let size = 0;
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { highWaterMark: 1 << 20 })) {
        h.update(chunk);
        size += chunk.length;
    }
    return { digest: `${alg}:${h.digest('hex')}`, size };
}
function hexOf(digest) {
    const d = (0,_reference_js__WEBPACK_IMPORTED_MODULE_7__/* .validateDigest */ .n2)(digest);
    if (!d.startsWith('sha256:'))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`the content store only keeps sha256 content, not ${digest}`);
    return d.slice(7);
}
class ContentStore {
    root;
    opts;
    log;
    /** Shared by every store object of the process: one fetch per path, however many callers. */
    static inflight = new Map();
    inflight = ContentStore.inflight;
    /**
     * Entries used (and verified) by this process, with what they looked like
     * then: never evicted under its feet, and checked again by one `stat`
     * against that fingerprint instead of reading the marker a second time.
     */
    pinned = new Map();
    /** Entries hashed in full in this process because their bytes go into an output. */
    hashedForOutput = new Set();
    constructor(root, opts = {}) {
        this.root = root;
        this.opts = opts;
        this.log = opts.log ?? _util_log_js__WEBPACK_IMPORTED_MODULE_6__/* .silentLogger */ .q;
    }
    static async open(root, opts = {}) {
        const s = new ContentStore(root, opts);
        await Promise.all(['blobs/sha256', 'layers/sha256', 'refs', 'tmp'].map((d) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, d), { recursive: true })));
        await s.takeOverTemporaries();
        return s;
    }
    /**
     * What processes that died (killed mid-pull, mid-build) left in tmp/: a
     * partial download is taken over, so this process resumes it with Range;
     * anything else of theirs (an unpacked archive, a build's work folder) is
     * removed. Every command opens the store, so the folder stays bounded by
     * what live processes use.
     */
    async takeOverTemporaries() {
        const dir = this.tmpDir();
        for (const name of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir).catch(() => [])) {
            const partial = /^([0-9a-f]{64})\.(\d+)\.partial$/.exec(name);
            const pid = Number(partial ? partial[2] : /^[a-z-]+?-(\d+)-/.exec(name)?.[1]);
            if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid))
                continue;
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name);
            if (partial) {
                const mine = this.partialPath(`sha256:${partial[1]}`);
                const taken = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(mine).then(() => false, () => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(path, mine).then(() => true, () => false));
                if (taken) {
                    this.log.info(`content store: resuming the partial download ${partial[1].slice(0, 12)} of an earlier run`);
                    continue;
                }
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { recursive: true, force: true });
        }
    }
    /** A fresh name in tmp/ that says which process owns it. */
    tempPath(prefix, suffix = '') {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.tmpDir(), `${prefix}-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}${suffix}`);
    }
    blobPath(digest) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'blobs', 'sha256', hexOf(digest));
    }
    layerTarPath(diffId) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'layers', 'sha256', `${hexOf(diffId)}.tar`);
    }
    /**
     * Where a blob's download goes: stable within this process, so a retry
     * resumes it with Range; the pid keeps two processes sharing a store (say,
     * parallel jobs on one runner) from writing into one file.
     */
    partialPath(digest) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'tmp', `${hexOf(digest)}.${process.pid}.partial`);
    }
    tmpDir() {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'tmp');
    }
    /** Records that `path` hashed to `digest` (the marker) and pins it for this process. */
    async writeMarker(path, digest) {
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
        const marker = { ...fingerprint(st), digest };
        await (0,_util_atomic_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Zf)(`${path}.ok`, JSON.stringify(marker));
        this.pinned.set(path, marker);
    }
    /** Drops a blob found bad by a reader that checks it (a cached delta): fetched or made again. */
    async forgetBlob(digest, why) {
        await this.drop(this.blobPath(digest), why);
    }
    async drop(path, why) {
        this.pinned.delete(path);
        this.log.warn(`content store: dropping ${path}: ${why}; it will be fetched again`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(`${path}.ok`, { force: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { force: true });
    }
    /**
     * True when `path` holds `digest` (and `size`): trusted by a matching marker,
     * else re-hashed. A bad entry is removed and false returned.
     */
    async checkEntry(path, digest, size) {
        let st;
        try {
            st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
        }
        catch {
            this.pinned.delete(path);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(`${path}.ok`, { force: true });
            return false;
        }
        if (size !== undefined && st.size !== size) {
            await this.drop(path, `size ${st.size} instead of ${size}`);
            return false;
        }
        const fp = fingerprint(st);
        const seen = this.pinned.get(path);
        // checked earlier in this process (its marker read and its last use recorded then)
        if (seen && sameEntry(seen, digest, fp))
            return true;
        let marker;
        try {
            marker = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(`${path}.ok`, 'utf8'));
        }
        catch {
            marker = undefined;
        }
        if (marker && sameEntry(marker, digest, fp)) {
            const now = new Date();
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.utimes)(`${path}.ok`, now, now).catch(() => { });
            this.pinned.set(path, marker);
            return true;
        }
        const actual = await hashFile(path);
        if (actual.digest !== digest) {
            await this.drop(path, `content hashes to ${actual.digest}`);
            return false;
        }
        await this.writeMarker(path, digest);
        return true;
    }
    async hasBlob(ref) {
        return this.checkEntry(this.blobPath(ref.digest), ref.digest, ref.size);
    }
    /**
     * `forOutput`: the tar feeds something that leaves the process (a delta
     * source or target, a payload), so it is hashed once in this process
     * whatever its marker says: a byte changed in place (size, mtime and inode
     * kept) is found before it shapes an artifact.
     */
    async hasLayerTar(diffId, opts = {}) {
        const path = this.layerTarPath(diffId);
        if (!(await this.checkEntry(path, diffId)))
            return false;
        if (!opts.forOutput || this.hashedForOutput.has(path))
            return true;
        const actual = await hashFile(path);
        if (actual.digest !== diffId) {
            await this.drop(path, `content hashes to ${actual.digest}`);
            return false;
        }
        this.hashedForOutput.add(path);
        return true;
    }
    /**
     * The path of a verified blob, fetching it when missing or corrupt. `fetch`
     * fills `partialPath` (it may resume from what is already there) and
     * returns the digest it computed over the whole file; concurrent callers
     * for one digest share a single fetch.
     */
    async ensureBlob(ref, fetch) {
        const path = this.blobPath(ref.digest);
        let p = this.inflight.get(path);
        if (!p) {
            p = (async () => {
                if (await this.hasBlob(ref))
                    return path;
                const partial = this.partialPath(ref.digest);
                const digest = await fetch(partial);
                const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(partial);
                if (digest !== ref.digest || (ref.size !== undefined && st.size !== ref.size)) {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(partial, { force: true });
                    throw new CorruptEntry(`blob ${ref.digest}: fetched content has digest ${digest} and size ${st.size}`);
                }
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(partial, path);
                await this.writeMarker(path, ref.digest);
                return path;
            })().finally(() => this.inflight.delete(path));
            this.inflight.set(path, p);
        }
        return p;
    }
    /** Stores small content (manifests, configs) given as bytes, verified against `digest`. */
    async putBlobBytes(digest, bytes) {
        return this.ensureBlob({ digest, size: bytes.length }, async (partial) => {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(partial, bytes);
            return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
        });
    }
    /** Reads a small verified blob, or undefined when it is not (validly) stored. */
    async readBlob(ref) {
        if (!(await this.hasBlob(ref)))
            return undefined;
        const bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(this.blobPath(ref.digest));
        if (`sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}` !== ref.digest) {
            await this.drop(this.blobPath(ref.digest), 'content changed while reading');
            return undefined;
        }
        return bytes;
    }
    /**
     * The uncompressed tar of a layer, named by its diff ID: made once from
     * the compressed blob, and kept only if it hashes to `diffId` (the config's
     * rootfs.diff_ids entry).
     */
    async ensureLayerTar(blob, compression, diffId) {
        const path = this.layerTarPath(diffId);
        let p = this.inflight.get(path);
        if (!p) {
            p = (async () => {
                if (await this.hasLayerTar(diffId))
                    return path;
                const blobPath = this.blobPath(blob.digest);
                await (0,_util_atomic_js__WEBPACK_IMPORTED_MODULE_4__/* .writeAtomically */ .vK)(path, async (tmp) => {
                    // zlib (and zstd) load only when a layer tar is made
                    const { decompressLayer } = await __webpack_require__.e(/* import() */ 846).then(__webpack_require__.bind(__webpack_require__, 846));
                    const actual = await decompressLayer(blobPath, compression, tmp);
                    if (actual !== diffId) {
                        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`layer ${blob.digest} uncompresses to ${actual}, but the image config's rootfs.diff_ids says ${diffId}`, { hint: 'the image is inconsistent; rebuild and push it again' });
                    }
                });
                await this.writeMarker(path, diffId);
                return path;
            })().finally(() => this.inflight.delete(path));
            this.inflight.set(path, p);
        }
        return p;
    }
    refPath(key) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'refs', `${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(key).digest('hex')}.json`);
    }
    async putResolved(key, value) {
        await (0,_util_atomic_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Zf)(this.refPath(key), JSON.stringify({ key, savedAt: new Date().toISOString(), value }));
    }
    async getResolved(key) {
        try {
            const parsed = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(this.refPath(key), 'utf8'));
            return parsed.key === key ? { value: parsed.value, savedAt: parsed.savedAt } : undefined;
        }
        catch {
            return undefined;
        }
    }
    /** Every entry with its size and last use, oldest first. */
    async entries() {
        const out = [];
        for (const dir of [(0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'blobs', 'sha256'), (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'layers', 'sha256')]) {
            let names;
            try {
                names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir);
            }
            catch {
                continue;
            }
            for (const name of names) {
                if (name.endsWith('.ok') || name.startsWith('.'))
                    continue;
                const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name);
                try {
                    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
                    const marker = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(`${path}.ok`).catch(() => undefined);
                    out.push({ path, size: st.size, lastUse: marker?.mtimeMs ?? 0 });
                }
                catch {
                    // vanished meanwhile
                }
            }
        }
        return out.sort((a, b) => a.lastUse - b.lastUse);
    }
    /** Total bytes of blobs and layer tars. */
    async size() {
        return (await this.entries()).reduce((n, e) => n + e.size, 0);
    }
    /**
     * Removes least-recently-used entries until the store is within `maxBytes`;
     * entries used by this process are kept. Stale partial downloads go too.
     */
    async evict(maxBytes = this.opts.maxBytes) {
        const entries = await this.entries();
        let total = entries.reduce((n, e) => n + e.size, 0);
        let removed = 0;
        let freed = 0;
        if (maxBytes !== undefined) {
            for (const e of entries) {
                if (total <= maxBytes)
                    break;
                if (this.pinned.has(e.path))
                    continue;
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(`${e.path}.ok`, { force: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(e.path, { force: true });
                total -= e.size;
                freed += e.size;
                removed++;
            }
        }
        await this.removeStaleTemporaries();
        if (removed)
            this.log.info(`content store: evicted ${removed} entries (${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_8__/* .formatBytes */ .z3)(freed)}), ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_8__/* .formatBytes */ .z3)(total)} kept`);
        return { removed, freedBytes: freed, keptBytes: total };
    }
    /** Partial downloads and unpacked archives left by processes that died (a day old). */
    async removeStaleTemporaries(maxAgeMs = 24 * 3600_000) {
        const dir = this.tmpDir();
        for (const name of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir).catch(() => [])) {
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name)).catch(() => undefined);
            if (st && Date.now() - st.mtimeMs > maxAgeMs)
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name), { recursive: true, force: true });
        }
    }
    /** Re-hashes every entry, dropping bad ones; for after a cache restore. */
    async verifyAll() {
        let checked = 0;
        let dropped = 0;
        for (const e of await this.entries()) {
            const name = e.path
                .split('/')
                .pop()
                .replace(/\.tar$/, '');
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(`${e.path}.ok`, { force: true });
            this.pinned.delete(e.path);
            checked++;
            if (!(await this.checkEntry(e.path, `sha256:${name}`)))
                dropped++;
        }
        return { checked, dropped };
    }
}


/***/ }),

/***/ 2693:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CE: () => (/* binding */ formatRate),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/** Human-readable byte count: 1536 → "1.5 KiB". */
function formatBytes(bytes) {
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    const s = ms / 1000;
    if (s < 60)
        return `${s.toFixed(1)} s`;
    return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
/** Bytes per second as "12.3 MiB/s"; guards against a zero interval. */
function formatRate(bytes, ms) {
    return `${formatBytes(Math.round((bytes * 1000) / Math.max(ms, 1)))}/s`;
}


/***/ }),

/***/ 9260:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A9: () => (/* binding */ unreachableCode),
/* harmony export */   BO: () => (/* binding */ redactUrl),
/* harmony export */   S$: () => (/* binding */ httpRetryVerdict),
/* harmony export */   TX: () => (/* binding */ isNetworkError),
/* harmony export */   Zt: () => (/* binding */ UNREACHABLE_HINT),
/* harmony export */   aN: () => (/* binding */ describeUnreachable),
/* harmony export */   j$: () => (/* binding */ HttpError),
/* harmony export */   mK: () => (/* binding */ GarbledAnswer)
/* harmony export */ });
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4266);

/**
 * A non-success HTTP answer, kept with what a retry decision and a helpful
 * message need. `body` is truncated; it must never hold credentials (servers
 * do not echo them; callers must not put request headers here).
 */
class HttpError extends Error {
    status;
    method;
    url;
    headers;
    body;
    constructor(status, method, url, headers, body) {
        super(`${method} ${redactUrl(url)} answered ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
        this.status = status;
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.body = body;
        this.name = 'HttpError';
    }
    header(name) {
        const v = this.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
    }
}
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'ERR_STREAM_PREMATURE_CLOSE'
]);
/**
 * Nothing listens there, or the name does not resolve: another attempt a few
 * seconds later meets the same wall, so these fail at once with a hint.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
/** What a person checks when a server cannot be reached at all. */
const UNREACHABLE_HINT = 'check the network, the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and the host name';
/** The code of a connection refused or an unknown host, else undefined. */
function unreachableCode(err) {
    for (let e = err; e instanceof Error; e = e.cause) {
        const code = e.code;
        if (typeof code === 'string' && UNREACHABLE_CODES.has(code))
            return code;
        // undici groups the attempts of a multi-address host
        for (const inner of e.errors ?? []) {
            const c = unreachableCode(inner);
            if (c)
                return c;
        }
    }
    return undefined;
}
/** The words for an unreachable code, for the one line the user reads. */
function describeUnreachable(code) {
    if (code === 'ECONNREFUSED')
        return 'connection refused';
    return `unknown host (${code})`;
}
/**
 * A success status whose body is not what the API speaks (a gateway's HTML
 * page in place of JSON): transient, as a 502 would be.
 */
class GarbledAnswer extends Error {
    constructor(message) {
        super(message);
        this.name = 'GarbledAnswer';
    }
}
/** True for errors of the connection rather than of the server's answer. */
function isNetworkError(err) {
    for (let e = err; e instanceof Error; e = e.cause) {
        const code = e.code;
        if (typeof code === 'string' && NETWORK_CODES.has(code))
            return true;
        if (e.name === 'AbortError' && e.message.includes('timeout'))
            return true;
        if (e.message === 'terminated' || e.message === 'other side closed')
            return true;
    }
    return false;
}
/**
 * The verdict `withRetry` wants for HTTP work: network errors, 5xx, 408 and
 * 429 are retried (honouring Retry-After); every other status is final.
 */
function httpRetryVerdict(err) {
    if (err instanceof HttpError) {
        if (err.status === 429 || err.status === 503 || err.status === 408 || err.status >= 500) {
            return (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRetryAfter */ .m)(err.header('retry-after')) ?? true;
        }
        return false;
    }
    if (err instanceof GarbledAnswer)
        return true;
    if (unreachableCode(err))
        return false;
    return isNetworkError(err);
}
/** Drops userinfo and signed query strings (S3/GCS/Azure SAS) from a URL before it is printed. */
function redactUrl(url) {
    try {
        const u = new URL(url);
        const hadQuery = u.search !== '';
        u.username = '';
        u.password = '';
        u.search = '';
        return hadQuery ? `${u.toString()}?…` : u.toString();
    }
    catch {
        return url;
    }
}


/***/ }),

/***/ 4266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ withRetry),
/* harmony export */   m: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);

async function withRetry(fn, opts) {
    const random = opts.random ?? Math.random;
    const now = opts.now ?? Date.now;
    const deadline = opts.deadlineMs === undefined ? Infinity : now() + opts.deadlineMs;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            const verdict = attempt < opts.attempts ? opts.retryable(err) : false;
            if (verdict === false)
                throw err;
            const backoff = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
            const delay = typeof verdict === 'number'
                ? Math.min(Math.max(0, verdict), opts.maxDelayMs)
                : Math.round(backoff * (0.5 + random() / 2));
            if (now() + delay >= deadline)
                throw err;
            opts.onRetry?.(err, attempt, delay);
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(delay, undefined, opts.signal ? { signal: opts.signal } : undefined);
        }
    }
}
/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds to wait, or undefined when absent or unparseable.
 */
function parseRetryAfter(value, now = Date.now()) {
    if (value == null)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}


/***/ })

};
