export const id = 500;
export const ids = [500];
export const modules = {

/***/ 1613:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registerComposeCommands: () => (/* binding */ registerComposeCommands)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _compose_load_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6647);
/* harmony import */ var _github_git_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2281);
/* harmony import */ var _github_previous_release_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8190);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);





const collect = (v, acc) => [...acc, v];
/** `compose images`: like `docker compose config --images`, without Docker. */
function registerComposeCommands(compose, ctx) {
    compose
        .command('images')
        .description('print each service and its resolved image reference (and platform)')
        .option('-f, --file <file>', 'compose file (repeat to merge several, in order)', collect, [])
        .option('--project-directory <dir>', "project folder (default: the first file's folder)")
        .option('--profile <name>', 'enable a profile (repeatable; default COMPOSE_PROFILES)', collect, [])
        .option('--ref <git-ref>', 'read the files as they were at this commit or tag of the checkout')
        .option('--json', 'print JSON: {project, services: [{name, image, platform?}]}')
        .action(async (opts) => {
        const project = opts.ref ? await atRef(opts, opts.ref, ctx) : await here(opts, ctx);
        if (opts.json) {
            const services = project.services.map((s) => ({
                name: s.name,
                image: s.image,
                ...(s.platform && { platform: s.platform })
            }));
            ctx.stdout(`${JSON.stringify({ project: project.name, services }, null, 2)}\n`);
            return;
        }
        for (const s of project.services)
            ctx.stdout(`${s.name}\t${s.image}${s.platform ? `\t${s.platform}` : ''}\n`);
    });
}
function here(opts, ctx) {
    return (0,_compose_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadComposeProject */ .I)({
        files: opts.file,
        ...(opts.projectDirectory && { projectDirectory: opts.projectDirectory }),
        ...(opts.profile.length > 0 && { profiles: opts.profile }),
        log: ctx.log
    });
}
async function atRef(opts, ref, ctx) {
    if (opts.file.length === 0)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('--ref needs the compose file(s) named with -f');
    const workspace = await (0,_github_git_files_js__WEBPACK_IMPORTED_MODULE_2__/* .gitTopLevel */ .oB)(process.cwd());
    if (!workspace)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('--ref needs a git checkout as the working directory');
    const project = await (0,_github_previous_release_js__WEBPACK_IMPORTED_MODULE_3__/* .loadPreviousCompose */ .I)({
        ref,
        workspace,
        files: opts.file.map((f) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(f)),
        ...(opts.projectDirectory && { projectDirectory: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(opts.projectDirectory) }),
        ...(opts.profile.length > 0 && { profiles: opts.profile }),
        env: process.env,
        repo: { owner: '', repo: '' },
        log: ctx.log
    });
    if (!project)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the compose file(s) did not exist at ${ref}`);
    return project;
}


/***/ }),

/***/ 2148:
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

/***/ 9906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ silentLogger)
/* harmony export */ });
/* unused harmony export MemoryLogger */
const silentLogger = {
    debug: () => { },
    info: () => { },
    warn: () => { }
};
/** Collects lines in memory: for tests, and for the job summary's detail. */
class MemoryLogger {
    lines = [];
    debug(message) {
        this.lines.push({ level: 'debug', message });
    }
    info(message) {
        this.lines.push({ level: 'info', message });
    }
    warn(message) {
        this.lines.push({ level: 'warn', message });
    }
    text() {
        return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n');
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
