export const id = 697;
export const ids = [697];
export const modules = {

/***/ 2874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   credentialsFrom: () => (/* binding */ credentialsFrom),
/* harmony export */   registerMenderCommands: () => (/* binding */ registerMenderCommands),
/* harmony export */   targetFrom: () => (/* binding */ targetFrom)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8179);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);
/* harmony import */ var _mender_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1351);




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
    return _mender_index_js__WEBPACK_IMPORTED_MODULE_3__/* .MenderClient */ .Xr.connect({
        serverUrl,
        credentials,
        credentialSource: source ? `the access token in ${source}` : undefined,
        log: ctx.log
    });
}
function integer(value, flag, min = 0) {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`${flag} must be a whole number ≥ ${min}, got '${value}'`);
    }
    return Number(value);
}
/** JSON given inline or as @file. */
async function jsonArg(value, flag) {
    let text = value;
    if (value.startsWith('@')) {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(value.slice(1), 'utf8').catch((err) => {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`${flag}: cannot read ${value.slice(1)}: ${err.message}`);
        });
    }
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`${flag} is not valid JSON: ${err.message}`);
    }
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
async function deployOptions(flags) {
    const phases = flags.phases ? await jsonArg(flags.phases, '--phases') : undefined;
    if (phases !== undefined && !Array.isArray(phases))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('--phases must be a JSON array');
    const ucm = flags.updateControlMap
        ? await jsonArg(flags.updateControlMap, '--update-control-map')
        : undefined;
    if (ucm !== undefined && (typeof ucm !== 'object' || ucm === null || Array.isArray(ucm))) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('--update-control-map must be a JSON object');
    }
    return {
        artifactName: flags.artifactName,
        deploy: {
            target: targetFrom(flags),
            ...(flags.name ? { name: flags.name } : {}),
            ...(flags.forceInstallation ? { forceInstallation: true } : {}),
            ...(flags.retries !== undefined ? { retries: integer(flags.retries, '--retries') } : {}),
            ...(phases ? { phases: phases } : {}),
            ...(ucm ? { updateControlMap: ucm } : {}),
            ...(flags.checkDevices ? { checkAcceptedDevices: true } : {})
        },
        ...(flags.wait
            ? {
                wait: {
                    timeoutMs: integer(flags.waitTimeout, '--wait-timeout', 1) * 1000,
                    pollIntervalMs: integer(flags.pollInterval, '--poll-interval', 1) * 1000,
                    maxFailures: integer(flags.maxFailures, '--max-failures'),
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
        report(await (0,_mender_index_js__WEBPACK_IMPORTED_MODULE_3__/* .publish */ .mk)(client, opts), flags.json, ctx);
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
        .option('--force-installation', 'install even where the artifact is already installed')
        .option('--retries <n>', 'device retries on failure (Enterprise)')
        .option('--phases <json>', 'phases as a JSON array or @file (Enterprise)')
        .option('--update-control-map <json>', 'update control map as JSON or @file (Enterprise)')
        .option('--check-devices', 'fail before deploying when the target has no accepted device')
        .option('--wait', 'wait until the deployment finishes')
        .option('--wait-timeout <seconds>', 'give up waiting after this long', '1800')
        .option('--poll-interval <seconds>', 'seconds between status checks', '10')
        .option('--max-failures <n>', 'failed devices tolerated while waiting', '0')
        .option('--abort-on-timeout', 'abort the deployment when --wait times out')).action(async (flags) => {
        await withClient(flags, ctx, await deployOptions(flags));
    });
}


/***/ }),

/***/ 9260:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ redactUrl),
/* harmony export */   S$: () => (/* binding */ httpRetryVerdict),
/* harmony export */   TX: () => (/* binding */ isNetworkError),
/* harmony export */   j$: () => (/* binding */ HttpError)
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
