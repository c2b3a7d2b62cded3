export const id = 454;
export const ids = [454];
export const modules = {

/***/ 2874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   credentialsFrom: () => (/* binding */ credentialsFrom),
/* harmony export */   registerMenderCommands: () => (/* binding */ registerMenderCommands),
/* harmony export */   targetFrom: () => (/* binding */ targetFrom)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8179);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);
/* harmony import */ var _pipeline_option_parsers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8000);
/* harmony import */ var _mender_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3546);
/* harmony import */ var _pipeline_rollout_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4759);
/* harmony import */ var _build_options_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7131);
/* harmony import */ var _table_flag_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6437);









function serverOptions(cmd) {
    return cmd
        .option('--server-url <url>', 'Mender server (default: $MENDER_SERVER_URL)')
        .option('--token <pat>', 'personal access token (default: $MENDER_ACCESS_TOKEN; prefer the variable: arguments show in `ps`)')
        .option('--username <email>', 'log in with user and password instead (or $MENDER_USERNAME)')
        .option('--password <password>', 'password for --username (default: $MENDER_PASSWORD)')
        .option('--json', 'print every result as JSON');
}
/** Credentials from flags, then environment; a token wins over a password. */
function credentialsFrom(flags, env) {
    const serverUrl = flags.serverUrl ?? env.MENDER_SERVER_URL;
    if (!serverUrl)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('No Mender server: set MENDER_SERVER_URL or --server-url');
    const username = flags.username ?? env.MENDER_USERNAME;
    const token = flags.token ?? env.MENDER_ACCESS_TOKEN ?? env.MENDER_SERVER_ACCESS_TOKEN;
    if (flags.token)
        return { serverUrl, credentials: { token: flags.token }, source: '--token' };
    if (username) {
        const password = flags.password ?? env.MENDER_PASSWORD;
        if (!password)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--username ${username} needs --password or MENDER_PASSWORD`);
        return { serverUrl, credentials: { username, password }, source: '' };
    }
    if (token) {
        const source = env.MENDER_ACCESS_TOKEN ? 'MENDER_ACCESS_TOKEN' : 'MENDER_SERVER_ACCESS_TOKEN';
        return { serverUrl, credentials: { token }, source };
    }
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('No Mender credential: set MENDER_ACCESS_TOKEN (a personal access token), or --username and --password');
}
async function connect(flags, ctx) {
    const { serverUrl, credentials, source } = credentialsFrom(flags, process.env);
    return _mender_index_js__WEBPACK_IMPORTED_MODULE_4__/* .MenderClient */ .Xr.connect({
        serverUrl,
        credentials,
        credentialSource: source ? `the access token in ${source}` : undefined,
        log: ctx.log
    });
}
function targetFrom(flags) {
    const given = [
        flags.group !== undefined,
        (flags.device?.length ?? 0) > 0,
        Boolean(flags.allDevices)
    ];
    if (given.filter(Boolean).length !== 1) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('Give exactly one of --group G, --device ID (repeatable) or --all-devices');
    }
    if (flags.group !== undefined)
        return { group: flags.group };
    if (flags.device?.length)
        return { devices: flags.device.flatMap((d) => d.split(',')).filter(Boolean) };
    return { allDevices: true };
}
function deployOptions(flags) {
    const rollout = (0,_pipeline_rollout_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRollout */ .Z4)({
        forceInstallation: Boolean(flags.forceInstallation),
        retries: flags.retries ?? '',
        phases: flags.phases ?? '',
        updateControlMap: flags.updateControlMap ?? '',
        maxFailures: flags.maxFailures
    }, _build_options_js__WEBPACK_IMPORTED_MODULE_6__/* .ROLLOUT_FLAGS */ .CL, (p) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(p, 'utf8'));
    return {
        // the same name check as build: a newline here would forge lines in a CI log
        artifactName: (0,_pipeline_option_parsers_js__WEBPACK_IMPORTED_MODULE_3__/* .parseArtifactName */ .TZ)('--artifact-name', flags.artifactName),
        deploy: {
            target: targetFrom(flags),
            ...(flags.name ? { name: (0,_pipeline_option_parsers_js__WEBPACK_IMPORTED_MODULE_3__/* .parseArtifactName */ .TZ)('--name', flags.name) } : {}),
            ...(rollout.forceInstallation ? { forceInstallation: true } : {}),
            ...(rollout.retries !== undefined ? { retries: rollout.retries } : {}),
            ...(rollout.phases ? { phases: rollout.phases } : {}),
            ...(rollout.updateControlMap ? { updateControlMap: rollout.updateControlMap } : {}),
            ...(flags.checkDevices ? { checkAcceptedDevices: true } : {})
        },
        ...(flags.wait
            ? {
                wait: {
                    timeoutMs: (0,_pipeline_option_parsers_js__WEBPACK_IMPORTED_MODULE_3__/* .parseDuration */ .E9)("Option '--wait-timeout'", flags.waitTimeout),
                    pollIntervalMs: (0,_pipeline_rollout_js__WEBPACK_IMPORTED_MODULE_5__/* .parseWholeNumber */ .oA)('--poll-interval', flags.pollInterval, 1) * 1000,
                    maxFailures: rollout.maxFailures,
                    ...(flags.abortOnTimeout ? { abortOnTimeout: true } : {})
                }
            }
            : {})
    };
}
function report(result, json, ctx) {
    if (json)
        ctx.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else {
        if (result.artifact)
            ctx.stdout(`artifact ${result.artifact.id ?? '?'} ${result.artifact.outcome}\n`);
        const d = result.deployment;
        if (d) {
            ctx.stdout(`deployment ${d.id} ${d.created ? 'created' : 'existing'}${d.wait ? ` ${d.wait}` : ''}\n`);
            ctx.log.info(`Mender UI: ${d.url}`);
        }
    }
    if (!result.ok)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(result.problem ?? 'publish failed');
}
async function withClient(flags, ctx, opts) {
    const client = await connect(flags, ctx);
    try {
        report(await (0,_mender_index_js__WEBPACK_IMPORTED_MODULE_4__/* .publish */ .mk)(client, opts), flags.json, ctx);
    }
    finally {
        await client.close();
    }
}
/** `artifact upload` (under the shared `artifact` group) and top-level `deploy`. */
function registerMenderCommands(program, artifact, ctx) {
    serverOptions(artifact
        .command('upload')
        .description('upload a Mender Artifact unless the server already has it; prints the artifact ID')
        .argument('<file>', 'the .mender file')
        .option('--description <text>', 'artifact description shown in the Mender UI')
        .addOption(new commander__WEBPACK_IMPORTED_MODULE_1__/* .Option */ .c$('--on-conflict <policy>', 'same name and depends but other contents')
        .choices(['fail', 'skip'])
        .default('fail'))).action(async (file, flags) => {
        await withClient(flags, ctx, {
            artifactPath: file,
            upload: {
                ...(flags.description !== undefined ? { description: flags.description } : {}),
                onConflict: flags.onConflict
            }
        });
    });
    serverOptions(program
        .command('deploy')
        .description('deploy an uploaded artifact to a group, devices or all devices; prints the deployment ID')
        .requiredOption('--artifact-name <name>', 'the artifact (release) name to deploy')
        .option('--group <group>', 'a static device group')
        .option('--device <id...>', 'device IDs (space- or comma-separated, repeatable)')
        .option('--all-devices', 'every accepted device')
        .option('--name <name>', 'deployment name (default: the artifact name)')
        .addOption((0,_table_flag_js__WEBPACK_IMPORTED_MODULE_7__/* .tableFlag */ .f)('forceInstallation'))
        .addOption((0,_table_flag_js__WEBPACK_IMPORTED_MODULE_7__/* .tableFlag */ .f)('retries', 'n'))
        .addOption((0,_table_flag_js__WEBPACK_IMPORTED_MODULE_7__/* .tableFlag */ .f)('phases', 'json'))
        .addOption((0,_table_flag_js__WEBPACK_IMPORTED_MODULE_7__/* .tableFlag */ .f)('updateControlMap', 'json'))
        .option('--check-devices', 'fail before deploying when the target has no accepted device')
        .option('--wait', 'wait until the deployment finishes')
        .addOption((0,_table_flag_js__WEBPACK_IMPORTED_MODULE_7__/* .tableFlag */ .f)('waitTimeout', 'duration'))
        .option('--poll-interval <seconds>', 'seconds between status checks', '10')
        .addOption((0,_table_flag_js__WEBPACK_IMPORTED_MODULE_7__/* .tableFlag */ .f)('maxFailures', 'n'))
        .option('--abort-on-timeout', 'abort the deployment when --wait times out')).action(async (flags) => {
        await withClient(flags, ctx, deployOptions(flags));
    });
}


/***/ }),

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
