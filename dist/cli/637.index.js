export const id = 637;
export const ids = [637];
export const modules = {

/***/ 3546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Xr: () => (/* reexport */ MenderClient),
  mk: () => (/* reexport */ publish)
});

// UNUSED EXPORTS: buildMultipart, formatCounts, idFromLocation, inspectArtifact, judge, matchArtifact, normaliseDepends, normaliseServerUrl

// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/log.ts
var util_log = __webpack_require__(9906);
// EXTERNAL MODULE: ./src/util/http-errors.ts
var http_errors = __webpack_require__(9260);
;// CONCATENATED MODULE: ./src/mender/artifacts.ts

const V2_ARTIFACTS = '/api/management/v2/deployments/artifacts';
const V1_ARTIFACT_LIST = '/api/management/v1/deployments/artifacts/list';
const PER_PAGE = 500;
/** The v2 filter treats a trailing `*` as a prefix wildcard; `\*` keeps it literal. */
function exactNameFilter(name) {
    return name.endsWith('*') ? `${name.slice(0, -1)}\\*` : name;
}
/**
 * Every artifact named exactly `name` (one per set of depends). Tries the v2
 * exact filter (server ≥ 4.1.0); on 404/405 falls back to the v1 list, whose
 * filter is a substring match, and keeps only exact names.
 */
async function findArtifactsByName(http, name) {
    try {
        const items = await http.retrying(`looking up artifact ${name}`, () => http.sendJson('GET', V2_ARTIFACTS, {
            query: { name: exactNameFilter(name), per_page: PER_PAGE }
        }));
        return (items ?? []).filter((a) => a.name === name);
    }
    catch (err) {
        if (!(err instanceof http_errors/* HttpError */.j$) || (err.status !== 404 && err.status !== 405))
            throw err;
        http.log.debug(`server has no v2 artifact list (HTTP ${err.status}); using the v1 list`);
    }
    const found = [];
    for (let page = 1;; page++) {
        const items = await http.retrying(`listing artifacts named ${name}`, () => http.sendJson('GET', V1_ARTIFACT_LIST, {
            query: { name, page, per_page: PER_PAGE }
        }));
        found.push(...(items ?? []).filter((a) => a.name === name));
        if (!items || items.length < PER_PAGE)
            return found;
    }
}

;// CONCATENATED MODULE: ./src/mender/auth.ts

/** A human label for the credential, used in 401 messages (never the secret itself). */
function describeCredentials(c, tokenSource = 'the access token') {
    return 'token' in c ? tokenSource : `the user name and password of ${c.username}`;
}
/**
 * Sets `http.token`: a PAT as is, or the JWT from one login (Basic auth),
 * reused for the whole run. Logging in on every call would also push the
 * user's browser sessions out (the server keeps only the newest 10).
 */
async function authenticate(http, c) {
    if ('token' in c) {
        const token = c.token.trim();
        if (!token)
            throw new errors/* UserError */.yo(`No access token for Mender server ${http.serverUrl}`);
        http.secrets.add(token);
        http.token = token;
        return;
    }
    http.secrets.add(c.password);
    http.secrets.add(c.twoFactorCode);
    const basic = Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');
    http.secrets.add(basic);
    const answer = await http.retrying('login', () => http.send('POST', '/api/management/v1/useradm/auth/login', {
        auth: false,
        headers: { authorization: `Basic ${basic}`, accept: 'application/jwt' },
        ...(c.twoFactorCode ? { json: { token2fa: c.twoFactorCode } } : {})
    }));
    // The body is the raw JWT (application/jwt), not JSON.
    const jwt = answer.text.trim().replace(/^"|"$/g, '');
    if (!jwt)
        throw new errors/* UserError */.yo(`Mender server ${http.serverUrl} answered the login with no token`);
    http.secrets.add(jwt);
    http.token = jwt;
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(4371);
// EXTERNAL MODULE: ./src/http/proxy.ts
var http_proxy = __webpack_require__(7856);
;// CONCATENATED MODULE: ./src/http/dispatcher.ts


/**
 * The dispatcher for requests to `origin`, choosing the proxy exactly as the
 * registry transport does (proxyFor: HTTPS_PROXY / HTTP_PROXY / NO_PROXY,
 * loopback direct). https goes through a CONNECT tunnel, so the proxy never
 * sees the bearer token; user and password in the proxy URL become
 * Proxy-Authorization.
 */
function routeFor(origin, connectTimeoutMs = 30_000) {
    const proxy = (0,http_proxy/* proxyFor */.iJ)(new URL(origin));
    const timeout = { timeout: connectTimeoutMs };
    if (!proxy)
        return { dispatcher: new undici/* Agent */.g6({ connect: timeout }) };
    // a tunnel for plain http too: the token never travels readable through the proxy
    const dispatcher = new undici/* ProxyAgent */.kT({
        uri: proxy,
        proxyTls: timeout,
        requestTls: timeout,
        proxyTunnel: true
    });
    return { dispatcher, proxy };
}

// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/mender/http.ts







const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 2000, maxDelayMs: 60_000 };
const DEFAULT_TIMEOUTS = { requestMs: 60_000, uploadMs: 30 * 60_000 };
/** `{error, request_id}` of a Mender error body, or the raw text. */
function serverMessage(err) {
    try {
        const body = JSON.parse(err.body);
        if (typeof body.error === 'string') {
            return typeof body.request_id === 'string' && body.request_id
                ? `${body.error} (request_id ${body.request_id})`
                : body.error;
        }
    }
    catch {
        // not JSON: fall through to the text
    }
    return err.body.slice(0, 300) || `HTTP ${err.status}`;
}
/**
 * HTTP to one Mender server: bearer auth, JSON, errors as HttpError, and a
 * 401/403 turned into a UserError naming the server and the credential.
 * Redirects are not followed, so the token never reaches another host.
 */
class MenderHttp {
    serverUrl;
    credential;
    secrets;
    log;
    retry;
    timeouts;
    token;
    dispatcher;
    /** The proxy the server is reached through (HTTPS_PROXY / NO_PROXY), if any. */
    proxy;
    constructor(serverUrl, credential, secrets, log, retry = DEFAULT_RETRY, timeouts = DEFAULT_TIMEOUTS, dispatcher) {
        this.serverUrl = serverUrl;
        this.credential = credential;
        this.secrets = secrets;
        this.log = log;
        this.retry = retry;
        this.timeouts = timeouts;
        const route = dispatcher ? { dispatcher } : routeFor(serverUrl);
        this.dispatcher = route.dispatcher;
        this.proxy = route.proxy;
        if (this.proxy)
            log.debug(`reaching ${serverUrl} through ${(0,http_proxy/* describeProxy */.GK)(this.proxy)}`);
    }
    url(path, query) {
        const u = new URL(this.serverUrl + path);
        for (const [k, v] of Object.entries(query ?? {})) {
            if (v === undefined)
                continue;
            for (const item of Array.isArray(v) ? v : [v])
                u.searchParams.append(k, String(item));
        }
        return u.toString();
    }
    async send(method, path, opts = {}) {
        const url = this.url(path, opts.query);
        const headers = { accept: 'application/json', ...opts.headers };
        if (opts.auth !== false) {
            if (!this.token)
                throw new Error('MenderHttp.send before authentication');
            headers.authorization = `Bearer ${this.token}`;
        }
        let body = opts.body;
        if (opts.json !== undefined) {
            body = JSON.stringify(opts.json);
            headers['content-type'] = 'application/json';
        }
        const timeout = opts.timeoutMs ?? this.timeouts.requestMs;
        const res = await (0,undici/* request */.Em)(url, {
            method: method,
            headers,
            body,
            dispatcher: this.dispatcher,
            headersTimeout: timeout,
            bodyTimeout: timeout
        }).catch((err) => {
            // undici reports a proxy's 407 to CONNECT as an error, not as an answer
            if (this.proxy && err instanceof Error && /\b407\b/.test(err.message))
                throw (0,http_proxy/* proxyRefused */.rZ)(this.proxy, `${method} ${this.serverUrl}${path}`);
            const code = (0,http_errors/* unreachableCode */.A9)(err);
            if (!code)
                throw (0,http_proxy/* throughProxy */.EU)(err, this.proxy);
            // nothing listens or the name is unknown: waiting and retrying changes nothing
            throw new errors/* UserError */.yo(`cannot reach the Mender server ${this.serverUrl} (${method} ${path}): ${(0,http_errors/* describeUnreachable */.aN)(code)}${this.proxy ? ` (through the proxy ${(0,http_proxy/* describeProxy */.GK)(this.proxy)})` : ''}`, { hint: http_errors/* UNREACHABLE_HINT */.Zt, cause: err });
        });
        const text = await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) {
            return { status: res.statusCode, headers: res.headers, text };
        }
        const err = new http_errors/* HttpError */.j$(res.statusCode, method, url, res.headers, this.secrets.redact(text));
        if (res.statusCode >= 300 && res.statusCode < 400) {
            throw new errors/* UserError */.yo(`Mender server ${this.serverUrl} redirected ${method} ${path} (${res.statusCode}) to ${String(res.headers.location ?? '?')}`, {
                hint: 'set the server URL to the final address: credentials are never sent on to a redirect target',
                cause: err
            });
        }
        if (res.statusCode === 401) {
            throw new errors/* UserError */.yo(`Mender server ${this.serverUrl} rejected ${this.credential} (401: ${serverMessage(err)})`, {
                hint: 'check that the credential belongs to this server (hosted.mender.io and eu.hosted.mender.io are separate) and is not revoked or expired',
                cause: err
            });
        }
        if (res.statusCode === 403) {
            throw new errors/* UserError */.yo(`Mender server ${this.serverUrl} refused ${method} ${path} for ${this.credential} (403: ${serverMessage(err)})`, { hint: 'the user behind the credential lacks the role (RBAC) this call needs', cause: err });
        }
        throw err;
    }
    /**
     * `send`, and the answer's JSON. A body that is not JSON (a gateway's HTML
     * page with a success status) is a GarbledAnswer: retried as a 502 would be,
     * and named by server and request when it is the last word.
     */
    async sendJson(method, path, opts = {}) {
        const answer = await this.send(method, path, opts);
        if (!answer.text)
            return undefined;
        try {
            return JSON.parse(answer.text);
        }
        catch {
            const type = answer.headers['content-type'];
            throw new http_errors/* GarbledAnswer */.mK(`Mender server ${this.serverUrl} answered ${method} ${path} (${answer.status}${type ? `, ${String(type)}` : ''}) with something that is not JSON: ${this.secrets.redact(answer.text.slice(0, 120)).replace(/\s+/g, ' ')}`);
        }
    }
    /**
     * Run `fn` with the retry policy: network errors, 5xx, 429 (Retry-After
     * honoured) and answers that are not JSON.
     */
    retrying(what, fn, retryable = http_errors/* httpRetryVerdict */.S$, 
    /** No attempt starts after this many ms (a wait retries only within its own timeout). */
    deadlineMs) {
        let lastError;
        return (0,retry/* withRetry */.b)((attempt) => fn(attempt, lastError), {
            ...this.retry,
            ...(deadlineMs !== undefined ? { deadlineMs } : {}),
            retryable,
            onRetry: (err, attempt, delay) => {
                lastError = err;
                const why = err instanceof http_errors/* HttpError */.j$
                    ? `HTTP ${err.status}`
                    : err instanceof http_errors/* GarbledAnswer */.mK
                        ? 'an answer that is not JSON'
                        : describeNetwork(err);
                this.log.warn(`${what} failed (${why}); attempt ${attempt + 1} of ${this.retry.attempts} in ${(0,format/* formatDuration */.a3)(delay)}`);
            }
        });
    }
}
function describeNetwork(err) {
    const code = err.code;
    const message = err instanceof Error ? err.message : String(err);
    return typeof code === 'string' ? `${code}: ${message}` : message;
}

;// CONCATENATED MODULE: ./src/mender/location.ts
/**
 * The ID of a created resource is the last path segment of `Location`.
 * Servers ≥ 4.1.0 send `/api/management/v1/deployments/artifacts/<id>`, older
 * ones `./management/v1/deployments/artifacts/<id>`; both end in the ID (and a
 * proxy may make it absolute with a host).
 */
function idFromLocation(location) {
    if (!location)
        return undefined;
    const path = location.split(/[?#]/)[0] ?? '';
    const segments = path.split('/').filter((s) => s !== '' && s !== '.');
    const last = segments[segments.length - 1];
    return last ? decodeURIComponent(last) : undefined;
}

;// CONCATENATED MODULE: ./src/mender/deployments.ts




const V1 = '/api/management/v1/deployments/deployments';
const V2 = '/api/management/v2/deployments/deployments';
const SEARCH = '/api/management/v2/inventory/filters/search';
function describeTarget(t) {
    if ('group' in t)
        return `group ${t.group}`;
    if ('devices' in t)
        return `${t.devices.length} device(s)`;
    return 'all devices';
}
/** Path and JSON body for the open-source and Enterprise create endpoints. */
function deploymentCall(req) {
    const body = {
        name: req.name ?? req.artifactName,
        artifact_name: req.artifactName
    };
    if (req.forceInstallation)
        body.force_installation = true;
    // Enterprise fields, sent only when given (open-source servers ignore unknown fields).
    if (req.retries !== undefined)
        body.retries = req.retries;
    if (req.phases !== undefined)
        body.phases = req.phases;
    if (req.updateControlMap !== undefined)
        body.update_control_map = req.updateControlMap;
    const t = req.target;
    if ('group' in t)
        return { path: `${V1}/group/${encodeURIComponent(t.group)}`, body };
    if ('devices' in t)
        return { path: V1, body: { ...body, devices: t.devices } };
    return { path: V1, body: { ...body, all_devices: true } };
}
/** The link a person opens to watch the deployment in the Mender UI. */
function deploymentUrl(serverUrl, id) {
    return `${serverUrl}/ui/deployments?open=true&id=${encodeURIComponent(id)}`;
}
/** Accepted devices the target resolves to (inventory v2 search, X-Total-Count). */
async function countAcceptedDevices(http, target) {
    if ('devices' in target)
        return target.devices.length;
    const filters = [
        { scope: 'identity', attribute: 'status', type: '$eq', value: 'accepted' }
    ];
    if ('group' in target) {
        filters.push({ scope: 'system', attribute: 'group', type: '$eq', value: target.group });
    }
    const answer = await http.retrying('counting accepted devices', () => http.send('POST', SEARCH, { json: { page: 1, per_page: 1, filters } }));
    const total = Number(answer.headers['x-total-count']);
    if (Number.isFinite(total))
        return total;
    return JSON.parse(answer.text || '[]').length;
}
/**
 * Create the deployment, retrying network errors, 5xx and 429. The server
 * refuses (409) a second active deployment with the same parameters, which
 * makes a retry after a lost answer safe: the 409 is resolved by looking the
 * active one up by name.
 */
async function createDeployment(http, req) {
    const { path, body } = deploymentCall(req);
    const name = String(body.name);
    const target = describeTarget(req.target);
    if (req.checkAcceptedDevices) {
        const n = await countAcceptedDevices(http, req.target);
        if (n === 0)
            throw noDevices(http, req.target);
        http.log.info(`${target} has ${n} accepted device(s)`);
    }
    try {
        const answer = await http.retrying(`creating deployment ${name}`, () => http.send('POST', path, { json: body }));
        const location = answer.headers.location;
        const id = idFromLocation(Array.isArray(location) ? location[0] : location);
        if (id) {
            http.log.info(`Created deployment ${name} of ${req.artifactName} to ${target} (ID ${id})`);
            return { id, name, created: true };
        }
        const existing = await findActiveDeployment(http, name, req.artifactName);
        if (!existing)
            throw new errors/* UserError */.yo(`Mender server ${http.serverUrl} created deployment ${name} but sent no Location`);
        return { id: existing.id, name, created: true };
    }
    catch (err) {
        if (!(err instanceof http_errors/* HttpError */.j$))
            throw err;
        const msg = serverMessage(err);
        if (err.status === 409) {
            const existing = await findActiveDeployment(http, name, req.artifactName);
            if (!existing) {
                throw new errors/* UserError */.yo(`Mender server ${http.serverUrl} refused deployment ${name}: ${msg}`, {
                    cause: err
                });
            }
            http.log.info(`An identical deployment ${name} is already active (ID ${existing.id}, ${existing.status}); not creating another`);
            return { id: existing.id, name, created: false };
        }
        if (err.status === 422) {
            throw new errors/* UserError */.yo(`Mender server ${http.serverUrl} has no artifact named ${req.artifactName} to deploy (422: ${msg})`, { cause: err, hint: 'upload the artifact first (mender-compose artifact upload FILE)' });
        }
        if (err.status === 400 && /no devices/i.test(msg))
            throw noDevices(http, req.target, err);
        if (err.status === 400) {
            throw new errors/* UserError */.yo(`Mender server ${http.serverUrl} rejected deployment ${name} (400: ${msg})`, { cause: err });
        }
        throw err;
    }
}
function noDevices(http, target, cause) {
    const what = 'group' in target
        ? `group ${target.group} has no accepted devices on ${http.serverUrl} (groups exist only while a device carries them)`
        : `${describeTarget(target)} include no accepted device on ${http.serverUrl}`;
    return new errors/* UserError */.yo(`Nothing to deploy to: ${what}`, {
        cause,
        hint: 'check the group name and that its devices are accepted'
    });
}
/** The newest active deployment with this exact name and artifact (v2 lookup, v1 search on older servers). */
async function findActiveDeployment(http, name, artifactName) {
    const found = [];
    for (const status of ['inprogress', 'pending', 'scheduled']) {
        let items;
        try {
            items = await http.retrying(`looking up deployment ${name}`, () => http.sendJson('GET', V2, {
                query: { name, status, sort: 'desc', per_page: 500 }
            }));
        }
        catch (err) {
            // `scheduled` exists only on Enterprise; an open-source server may refuse the value.
            if (status === 'scheduled' && err instanceof http_errors/* HttpError */.j$ && err.status === 400)
                continue;
            if (!(err instanceof http_errors/* HttpError */.j$) || (err.status !== 404 && err.status !== 405))
                throw err;
            items = await http.retrying(`searching deployment ${name}`, () => http.sendJson('GET', V1, {
                query: { search: name, status, per_page: 500 }
            }));
        }
        found.push(...(items ?? []).filter((d) => d.name === name && d.artifact_name === artifactName));
    }
    found.sort((a, b) => String(b.created ?? '').localeCompare(String(a.created ?? '')));
    return found[0];
}
async function getDeployment(http, id, deadlineMs) {
    return http.retrying(`reading deployment ${id}`, () => http.sendJson('GET', `${V1}/${encodeURIComponent(id)}`), undefined, deadlineMs);
}
/** Device IDs of the deployment in one status (first page of up to 100). */
async function listDevices(http, id, status) {
    const items = await http.retrying(`listing ${status} devices of ${id}`, () => http.sendJson('GET', `${V1}/${encodeURIComponent(id)}/devices/list`, {
        query: { status, per_page: 100 }
    }));
    return (items ?? []).map((d) => d.id);
}
/** PUT status aborted; 422 means it finished meanwhile, which is fine. */
async function abortDeployment(http, id) {
    try {
        await http.retrying(`aborting deployment ${id}`, () => http.send('PUT', `${V1}/${encodeURIComponent(id)}/status`, { json: { status: 'aborted' } }));
        http.log.warn(`deployment ${id} aborted`);
    }
    catch (err) {
        if (!(err instanceof http_errors/* HttpError */.j$) || err.status !== 422)
            throw err;
        http.log.info(`deployment ${id} finished before it could be aborted`);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/artifact/index.ts + 12 modules
var artifact = __webpack_require__(9851);
;// CONCATENATED MODULE: ./src/mender/local-artifact.ts


/**
 * What the server will index for this artifact: header-info depends
 * (device_type, artifact_name, artifact_group) merged with the type-info
 * depends, plus the payload checksums from the manifest.
 */
function toLocalArtifact(path, size, info) {
    const depends = {};
    for (const [k, v] of Object.entries(info.headerInfo.artifact_depends)) {
        if (v !== undefined && (!Array.isArray(v) || v.length > 0))
            depends[k] = v;
    }
    Object.assign(depends, info.depends);
    return {
        path,
        name: info.name,
        size,
        deviceTypes: [...info.deviceTypes],
        depends,
        files: info.files.map((f) => ({ name: f.name, sha256: f.sha256 }))
    };
}
/**
 * Reads and verifies the artifact (the streaming artifact reader: every payload
 * checksum is checked) before anything is sent, so a corrupt file fails here
 * rather than after a long upload.
 */
async function inspectArtifact(path) {
    const info = await (0,artifact/* readArtifact */.R9)(path);
    const { size } = await (0,promises_.stat)(path);
    return toLocalArtifact(path, size, info);
}

// EXTERNAL MODULE: ./src/util/secrets.ts
var util_secrets = __webpack_require__(4537);
;// CONCATENATED MODULE: ./src/mender/secrets.ts


// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/mender/compare.ts
/** Depends normalised for comparison: device_type folded in, values as sorted lists. */
function normaliseDepends(depends, deviceTypes = []) {
    const all = {};
    for (const [k, v] of Object.entries(depends ?? {}))
        all[k] = (Array.isArray(v) ? v : [v]).map(String);
    if (deviceTypes.length > 0 || all.device_type) {
        all.device_type = [...new Set([...(all.device_type ?? []), ...deviceTypes])];
    }
    return JSON.stringify(Object.keys(all)
        .sort()
        .map((k) => [k, [...(all[k] ?? [])].sort()]));
}
/**
 * The server refuses (409) a second artifact with the same name and depends.
 * Among same-name artifacts: same depends and same payload checksums means
 * ours is already there; same depends with other payloads is a real conflict;
 * other depends (another device type) is a separate artifact of the release.
 */
function matchArtifact(local, remote) {
    const ours = normaliseDepends(local.depends, local.deviceTypes);
    const sameName = remote.filter((a) => a.name === local.name);
    const sameDepends = sameName.find((a) => normaliseDepends(a.artifact_depends, a.device_types_compatible) === ours);
    if (!sameDepends)
        return { kind: 'none', otherDepends: sameName.length };
    const reason = contentDifference(local, sameDepends);
    return reason
        ? { kind: 'different-contents', artifact: sameDepends, reason }
        : { kind: 'same', artifact: sameDepends };
}
function contentDifference(local, remote) {
    const remoteFiles = (remote.updates ?? []).flatMap((u) => u.files ?? []);
    const withSums = remoteFiles.filter((f) => f.checksum);
    if (withSums.length > 0 || local.files.length === 0) {
        const key = (fs) => fs
            .map((f) => `${f.name}:${f.sha256 ?? f.checksum}`)
            .sort()
            .join(',');
        if (key(local.files) === key(withSums))
            return undefined;
        return 'its payload files or checksums differ';
    }
    // No checksums listed: the artifact size is the best evidence left.
    if (remote.size !== undefined && remote.size !== local.size) {
        return `its size differs (${remote.size} bytes on the server, ${local.size} here)`;
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/mender/multipart.ts



const CRLF = '\r\n';
function quote(s) {
    return s.replace(/[\r\n"\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
function buildMultipart(fields, file, boundary = `----mender-compose-${(0,external_node_crypto_.randomBytes)(16).toString('hex')}`) {
    let head = '';
    for (const f of fields) {
        head += `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(f.name)}"${CRLF}${CRLF}${f.value}${CRLF}`;
    }
    head +=
        `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(file.name)}"; filename="${quote(file.filename)}"${CRLF}` +
            `Content-Type: ${file.contentType ?? 'application/octet-stream'}${CRLF}${CRLF}`;
    const headBuf = Buffer.from(head, 'utf8');
    const tailBuf = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8');
    return {
        contentType: `multipart/form-data; boundary=${boundary}`,
        contentLength: headBuf.length + file.size + tailBuf.length,
        open(onBytes) {
            return external_node_stream_.Readable.from(parts(headBuf, file, tailBuf, onBytes), { objectMode: false });
        }
    };
}
async function* parts(head, file, tail, onBytes) {
    yield head;
    let sent = 0;
    // 1 MiB reads: few syscalls, and at most a couple of chunks in flight.
    for await (const chunk of (0,external_node_fs_.createReadStream)(file.path, { highWaterMark: 1 << 20 })) {
        const buf = chunk;
        sent += buf.length;
        onBytes?.(buf.length);
        yield buf;
    }
    // A file that changed size since stat would make Content-Length a lie.
    if (sent !== file.size) {
        throw new Error(`${file.path} changed while uploading: expected ${file.size} bytes, read ${sent}`);
    }
    yield tail;
}

;// CONCATENATED MODULE: ./src/mender/upload.ts









const UPLOAD_PATH = '/api/management/v1/deployments/artifacts';
/** Look first, upload only when the server does not have this artifact. */
async function ensureArtifact(http, local, opts = {}) {
    const match = matchArtifact(local, await findArtifactsByName(http, local.name));
    if (match.kind === 'same') {
        http.log.info(`Artifact ${local.name} is already on ${http.serverUrl} (ID ${match.artifact.id}); not uploading`);
        return { name: local.name, id: match.artifact.id, outcome: 'found' };
    }
    if (match.kind === 'different-contents')
        return conflict(http, local, match, opts);
    if (match.otherDepends > 0) {
        http.log.info(`${match.otherDepends} artifact(s) named ${local.name} exist for other depends; uploading this one beside them`);
    }
    return uploadArtifact(http, local, opts);
}
function conflict(http, local, match, opts) {
    const what = `Mender server ${http.serverUrl} already has an artifact named ${local.name} for device types ${local.deviceTypes.join(', ')} (ID ${match.artifact.id}), but ${match.reason}`;
    if (opts.onConflict === 'skip') {
        http.log.warn(`${what}; keeping the server's artifact (on-conflict: skip)`);
        return { name: local.name, id: match.artifact.id, outcome: 'conflict-skipped' };
    }
    throw new errors/* UserError */.yo(what, {
        hint: 'give each build its own artifact name (e.g. with the version or commit), delete the old artifact, or set on-conflict to skip'
    });
}
/**
 * POST the artifact as a streamed multipart body with a Content-Length, and
 * retry network errors, 5xx and 429. Before each retry (except after a 429,
 * which the gateway answers before storing anything) the artifact is looked up:
 * a lost answer may hide a stored upload, and re-sending would get a 409.
 */
async function uploadArtifact(http, local, opts = {}) {
    const body = buildMultipart(opts.description !== undefined ? [{ name: 'description', value: opts.description }] : [], { name: 'artifact', filename: (0,external_node_path_.basename)(local.path), path: local.path, size: local.size });
    const lookup = async () => matchArtifact(local, await findArtifactsByName(http, local.name));
    const settle = (match) => {
        if (match.kind === 'same')
            return { name: local.name, id: match.artifact.id, outcome: 'uploaded' };
        if (match.kind === 'different-contents')
            return conflict(http, local, match, opts);
        return undefined;
    };
    return http.retrying(`uploading ${(0,external_node_path_.basename)(local.path)}`, async (attempt, lastError) => {
        if (attempt > 1 && !(lastError instanceof http_errors/* HttpError */.j$ && lastError.status === 429)) {
            const found = settle(await lookup());
            if (found) {
                http.log.info(`The previous attempt stored ${local.name} (ID ${found.id}); not uploading again`);
                return found;
            }
        }
        try {
            const location = await postOnce(http, local, body, opts.progressIntervalMs ?? 5000);
            const id = idFromLocation(location) ?? (await lookupId(http, local, lookup));
            http.log.info(`Uploaded ${local.name} to ${http.serverUrl} (ID ${id})`);
            return { name: local.name, id, outcome: 'uploaded' };
        }
        catch (err) {
            if (!(err instanceof http_errors/* HttpError */.j$))
                throw err;
            if (err.status === 409) {
                // Same name and depends is there: ours from an earlier attempt, or a conflict.
                const found = settle(await lookup());
                if (found)
                    return attempt > 1 ? found : { ...found, outcome: 'found' };
                throw new errors/* UserError */.yo(`Mender server ${http.serverUrl} refused ${local.name}: ${serverMessage(err)}`, {
                    cause: err,
                    hint: 'an artifact with the same name and depends exists; give the build a new name'
                });
            }
            if (err.status === 400 || err.status === 413 || err.status === 415 || err.status === 422) {
                throw new errors/* UserError */.yo(`Mender server ${http.serverUrl} rejected ${local.path} (${err.status}: ${serverMessage(err)})`, {
                    cause: err,
                    hint: err.status === 413
                        ? 'the artifact is larger than the server accepts (10 GiB by default; 5 MiB on the Micro tier)'
                        : 'check the artifact with `mender-artifact read`'
                });
            }
            throw err;
        }
    });
}
async function lookupId(http, local, lookup) {
    const m = await lookup();
    if (m.kind === 'none')
        http.log.warn(`The server stored ${local.name} but sent no Location`);
    return m.kind === 'none' ? undefined : m.artifact.id;
}
async function postOnce(http, local, body, progressIntervalMs) {
    const started = Date.now();
    let sent = 0;
    const total = local.size;
    const report = () => http.log.info(`uploading ${(0,external_node_path_.basename)(local.path)}: ${(0,format/* formatBytes */.z3)(sent)} of ${(0,format/* formatBytes */.z3)(total)} handed to the network (${(0,format/* formatRate */.CE)(sent, Date.now() - started)})`);
    const timer = setInterval(report, progressIntervalMs);
    timer.unref();
    try {
        const answer = await http.send('POST', UPLOAD_PATH, {
            // `sent` counts bytes handed to the socket, which may still drop them: the
            // progress says "handed over" and 100 % is claimed only by the server's answer
            body: body.open((n) => {
                sent += n;
                if (sent === total) {
                    clearInterval(timer);
                    http.log.debug(`all ${(0,format/* formatBytes */.z3)(total)} handed to the network; the server parses and stores the artifact before answering`);
                }
            }),
            headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength) },
            timeoutMs: http.timeouts.uploadMs
        });
        const location = answer.headers.location;
        http.log.info(`uploaded ${(0,external_node_path_.basename)(local.path)}: 100% (${(0,format/* formatBytes */.z3)(total)} in ${(0,format/* formatDuration */.a3)(Date.now() - started)}, ${(0,format/* formatRate */.CE)(total, Date.now() - started)})`);
        return Array.isArray(location) ? location[0] : location;
    }
    finally {
        clearInterval(timer);
    }
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/mender/wait.ts



const FAILED = ['failure', 'aborted'];
const PAUSED = ['pause_before_installing', 'pause_before_rebooting', 'pause_before_committing'];
const ACTIVE = ['pending', 'downloading', 'installing', 'rebooting'];
const sum = (c, keys) => keys.reduce((n, k) => n + (c[k] ?? 0), 0);
/** "success 3, failure 1, pending 2": non-zero counts only, in a stable order. */
function formatCounts(counts) {
    const parts = Object.entries(counts)
        .filter(([, n]) => n > 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `${k} ${n}`);
    return parts.length ? parts.join(', ') : 'no device has checked in yet';
}
/**
 * What a poll means for the waiter: done (finished), failed past the
 * threshold, paused by an update control map with nothing else moving, or
 * still going (undefined).
 */
function judge(status, counts, maxFailures) {
    const failures = sum(counts, FAILED);
    if (failures > maxFailures)
        return 'failed';
    if (status === 'finished')
        return 'finished';
    if (sum(counts, PAUSED) > 0 && sum(counts, ACTIVE) === 0)
        return 'paused';
    return undefined;
}
/** Poll the deployment until it settles or the timeout passes, logging counts as they change. */
async function waitForDeployment(http, id, opts) {
    const now = opts.now ?? Date.now;
    const interval = opts.pollIntervalMs ?? 10_000;
    const maxFailures = opts.maxFailures ?? 0;
    const deadline = now() + opts.timeoutMs;
    let last = '';
    for (;;) {
        // a poll's retries (a gateway in trouble) stay within the wait's own timeout
        const d = await getDeployment(http, id, Math.max(0, deadline - now()));
        const counts = d.statistics?.status ?? {};
        const line = `${d.status}: ${formatCounts(counts)}`;
        if (line !== last)
            http.log.info(`deployment ${id} ${line}`);
        last = line;
        const result = (outcome) => ({
            outcome,
            status: d.status,
            counts,
            failures: sum(counts, FAILED),
            paused: sum(counts, PAUSED)
        });
        const verdict = judge(d.status, counts, maxFailures);
        if (verdict === 'paused') {
            http.log.warn(`deployment ${id}: ${sum(counts, PAUSED)} device(s) wait for a user action (update control map); not waiting further`);
        }
        if (verdict === 'failed') {
            const failedDevices = await listDevices(http, id, 'failure');
            http.log.warn(`deployment ${id}: failed on ${failedDevices.join(', ') || 'some devices'}; the Mender UI shows each device's log`);
            return { ...result(verdict), failedDevices };
        }
        if (verdict)
            return result(verdict);
        const left = deadline - now();
        if (left <= 0) {
            http.log.warn(`deployment ${id} still ${d.status} after ${(0,format/* formatDuration */.a3)(opts.timeoutMs)}; stopped waiting`);
            if (opts.abortOnTimeout)
                await abortDeployment(http, id);
            return result('timeout');
        }
        // The last poll lands on the deadline rather than one interval early.
        await (0,external_node_timers_promises_.setTimeout)(Math.min(interval, left));
    }
}

;// CONCATENATED MODULE: ./src/mender/client.ts










/** `https://` when no scheme is given (as mender-cli does), no trailing slash. */
function normaliseServerUrl(raw) {
    const trimmed = raw.trim().replace(/\/+$/, '');
    if (!trimmed)
        throw new errors/* UsageError */.eb('No Mender server URL given (MENDER_SERVER_URL or --server-url)');
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
    let u;
    try {
        u = new URL(withScheme);
    }
    catch {
        throw new errors/* UsageError */.eb(`Mender server URL '${raw}' is not a URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
        throw new errors/* UsageError */.eb(`Mender server URL '${raw}' must be http(s)`);
    }
    if (u.username || u.password) {
        throw new errors/* UsageError */.eb('Put Mender credentials in the token or user/password inputs, not in the server URL');
    }
    return withScheme;
}
/** One authenticated session with a Mender server. */
class MenderClient {
    http;
    inspector;
    constructor(http, inspector) {
        this.http = http;
        this.inspector = inspector;
    }
    static async connect(opts) {
        const secrets = new util_secrets/* Secrets */.S(opts.maskSecret);
        if ('token' in opts.credentials)
            secrets.add(opts.credentials.token);
        else
            secrets.add(opts.credentials.password);
        const log = secrets.logger(opts.log ?? util_log/* silentLogger */.q);
        const http = new MenderHttp(normaliseServerUrl(opts.serverUrl), describeCredentials(opts.credentials, opts.credentialSource), secrets, log, { ...DEFAULT_RETRY, ...opts.retry }, { ...DEFAULT_TIMEOUTS, ...opts.timeouts }, opts.dispatcher);
        await authenticate(http, opts.credentials);
        return new MenderClient(http, opts.inspect ?? inspectArtifact);
    }
    get serverUrl() {
        return this.http.serverUrl;
    }
    inspect(path) {
        return this.inspector(path);
    }
    findArtifacts(name) {
        return findArtifactsByName(this.http, name);
    }
    /** Existence check, then a streamed, retried upload only when needed. */
    async uploadArtifact(path, opts = {}) {
        return ensureArtifact(this.http, await this.inspect(path), opts);
    }
    createDeployment(req) {
        return createDeployment(this.http, req);
    }
    getDeployment(id) {
        return getDeployment(this.http, id);
    }
    waitForDeployment(id, opts) {
        return waitForDeployment(this.http, id, opts);
    }
    deploymentUrl(id) {
        return deploymentUrl(this.serverUrl, id);
    }
    async close() {
        await this.http.dispatcher.close();
    }
}

;// CONCATENATED MODULE: ./src/mender/publish.ts

/**
 * Upload, deploy, wait: each step safe to re-run. Failures of the wait
 * (failed devices, paused, timeout) come back in the result with `ok: false`
 * so the front can still print every fact before failing the step.
 */
async function publish(client, opts) {
    let artifact;
    let artifactName = opts.artifactName;
    if (opts.artifactPath) {
        artifact = await client.uploadArtifact(opts.artifactPath, opts.upload);
        artifactName = artifact.name;
    }
    const done = (deployment, problem) => ({
        server: client.serverUrl,
        ...(artifact ? { artifact } : {}),
        ...(deployment ? { deployment } : {}),
        ok: problem === undefined,
        ...(problem !== undefined ? { problem } : {})
    });
    if (!opts.deploy)
        return done();
    if (!artifactName)
        throw new errors/* UsageError */.eb('Nothing to deploy: give an artifact file or an artifact name');
    const created = await client.createDeployment({ ...opts.deploy, artifactName });
    const deployment = { ...created, url: client.deploymentUrl(created.id) };
    if (!opts.wait)
        return done(deployment);
    const waited = await client.waitForDeployment(created.id, opts.wait).catch((err) => {
        // the deployment exists and runs on: the user needs its ID to follow it
        throw new errors/* UserError */.yo(`deployment ${created.id} was created, but waiting for it failed: ${(0,errors/* describeError */.Uc)(err)}`, { cause: err, hint: `follow it in the Mender UI: ${deployment.url}` });
    });
    return done({
        ...deployment,
        status: waited.status,
        counts: waited.counts,
        wait: waited.outcome,
        ...(waited.failedDevices ? { failedDevices: waited.failedDevices } : {})
    }, waitProblem(waited, opts.wait));
}
function waitProblem(w, opts) {
    switch (w.outcome) {
        case 'failed':
            return `${w.failures} device(s) failed the deployment (allowed: ${opts.maxFailures ?? 0})`;
        case 'paused':
            return `${w.paused} device(s) are paused by the update control map and wait for a user action`;
        case 'timeout':
            return `the deployment was still ${w.status} when the wait timed out`;
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./src/mender/index.ts









/***/ }),

/***/ 4920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TN: () => (/* binding */ optionValue),
/* harmony export */   vM: () => (/* binding */ cliFlag),
/* harmony export */   zS: () => (/* binding */ OPTION_TABLE)
/* harmony export */ });
/* unused harmony exports UPDATE_MODULES, DELTA_MODES, DELTA_ENCODERS, DEVICE_IMAGE_STORES, COMPRESSION_IDS, DEFAULT_CACHE_MAX_SIZE, LOG_LEVELS, HOSTED_MENDER_URL, optionDefault, INPUT_NAMES */
/**
 * The one options type both fronts fill: the action from its inputs
 * (src/action/inputs.ts), the CLI `build` command from flags and environment
 * (src/cli/build-options.ts). The pipeline reads nothing else: no env, no
 * inputs.
 */
const UPDATE_MODULES = ['app', 'docker-compose'];
const DELTA_MODES = ['deep', 'off'];
/** Delta encoders a user can pick; see action.yml `delta-encoder`. */
const DELTA_ENCODERS = ['native', 'best', 'lzma'];
const DEVICE_IMAGE_STORES = ['classic', 'containerd', 'containerd-registry'];
/**
 * mender-artifact `--compression` ids our writer produces (Mender Artifact v3
 * format). Not lzma: the writer has no xz encoder, so it is not offered.
 */
const COMPRESSION_IDS = [
    'none',
    'gzip',
    'zstd_fastest',
    'zstd_fast',
    'zstd_better',
    'zstd_best'
];
/** The layer store's default cap: a fifth of GitHub's 10 GB cache per repository. */
const DEFAULT_CACHE_MAX_SIZE = '2GiB';
const LOG_LEVELS = ['debug', 'info', 'warn'];
const HOSTED_MENDER_URL = 'https://hosted.mender.io';
const spec = (t) => t;
const OPTION_TABLE = spec({
    composeFile: {
        name: 'compose-file',
        flag: 'file',
        short: 'f',
        help: 'compose file (repeatable; merged in order; default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml, as docker compose finds it)'
    },
    projectDirectory: {
        name: 'project-directory',
        input: false,
        help: "compose project folder (default: the first compose file's folder; -f paths are relative to the current folder)"
    },
    applicationName: {
        name: 'application-name',
        help: 'application name (default: the repository or project folder name)'
    },
    artifactName: { name: 'artifact-name', help: 'artifact (release) name' },
    deviceTypes: {
        name: 'device-types',
        flag: 'device-type',
        help: 'compatible device type (repeatable or comma-separated)'
    },
    platform: {
        name: 'platform',
        default: 'linux/amd64',
        help: 'image platform for every device type'
    },
    devicePlatforms: {
        name: 'device-platforms',
        flag: 'device-platform',
        help: 'platform of one device type, type=platform (repeatable)'
    },
    module: {
        name: 'module',
        values: UPDATE_MODULES,
        default: 'app',
        help: 'Update Module: app (per-layer deltas) or docker-compose (full images)'
    },
    delta: { name: 'delta', values: DELTA_MODES, default: 'deep', help: 'delta mode' },
    deltaEncoder: {
        name: 'delta-encoder',
        values: DELTA_ENCODERS,
        default: 'native',
        help: 'delta encoder (native: built in; best: also tries xdelta3; lzma: xdelta3 -S lzma, devices with liblzma only)'
    },
    deviceImageStore: {
        name: 'device-image-store',
        values: DEVICE_IMAGE_STORES,
        default: 'classic',
        help: "the device's Docker image store (containerd-registry: keep registry manifests, larger deltas)"
    },
    previousRef: { name: 'previous-ref', help: 'Git ref of the release the devices run now' },
    previousCompose: {
        name: 'previous-compose',
        input: false,
        help: 'compose file of the release the devices run now (repeatable; for use outside GitHub)'
    },
    previousArtifactName: {
        name: 'previous-artifact-name',
        help: 'artifact the devices run now: its metadata on the Mender server gives the exact delta bases'
    },
    softwareFilesystem: {
        name: 'software-filesystem',
        default: 'data-docker',
        help: 'software version key prefix'
    },
    provides: { name: 'provides', help: 'extra artifact provides, key=value (repeatable)' },
    depends: { name: 'depends', help: 'extra artifact depends, key=value (repeatable)' },
    clearsProvides: {
        name: 'clears-provides',
        help: 'provides cleared on install (repeatable)'
    },
    compression: {
        name: 'compression',
        values: COMPRESSION_IDS,
        default: 'gzip',
        help: 'artifact compression (zstd needs Node.js 22.15 or newer)'
    },
    signingKey: { name: 'signing-key', help: 'PEM private key to sign the artifact with' },
    menderServerUrl: {
        name: 'mender-server-url',
        default: HOSTED_MENDER_URL,
        help: 'Mender server (CLI: also env MENDER_SERVER_URL)'
    },
    menderAccessToken: {
        name: 'mender-access-token',
        help: 'Personal Access Token (CLI: prefer env MENDER_ACCESS_TOKEN)'
    },
    menderUsername: {
        name: 'mender-username',
        help: 'user for password login (CLI: env MENDER_USERNAME; password in MENDER_PASSWORD)'
    },
    menderPassword: {
        name: 'mender-password',
        flag: null,
        help: 'password for mender-username (CLI: env MENDER_PASSWORD only)'
    },
    upload: {
        name: 'upload',
        flag: 'no-upload',
        default: 'true',
        help: 'upload the artifact (CLI: --no-upload turns it off)'
    },
    deployGroup: { name: 'deploy-group', help: 'deploy to this device group' },
    deployDevices: {
        name: 'deploy-devices',
        help: 'deploy to these device IDs (repeatable or comma-separated)'
    },
    deployAllDevices: {
        name: 'deploy-all-devices',
        default: 'false',
        help: 'deploy to every accepted device'
    },
    deploymentName: {
        name: 'deployment-name',
        help: 'deployment name (default: the artifact name)'
    },
    wait: { name: 'wait', default: 'false', help: 'wait for the deployment to finish' },
    waitTimeout: {
        name: 'wait-timeout',
        default: '30m',
        help: 'how long to wait (90s, 30m, 2h, or seconds)'
    },
    forceInstallation: {
        name: 'force-installation',
        default: 'false',
        help: 'install even where the artifact is already installed'
    },
    retries: { name: 'retries', help: 'device retries on failure (Enterprise)' },
    phases: { name: 'phases', help: 'phased rollout as a JSON array or @file (Enterprise)' },
    updateControlMap: {
        name: 'update-control-map',
        help: 'update control map as a JSON object or @file (Enterprise)'
    },
    maxFailures: {
        name: 'max-failures',
        default: '0',
        help: 'failed devices tolerated while waiting'
    },
    cache: {
        name: 'cache',
        flag: null,
        default: 'true',
        help: 'keep the layer store between runs with the Actions cache'
    },
    cacheDir: { name: 'cache-dir', help: 'layer store folder' },
    cacheMaxSize: {
        name: 'cache-max-size',
        default: DEFAULT_CACHE_MAX_SIZE,
        help: 'evict least-recently-used layers and deltas of the store above this (2GiB, 800MB, bytes; 0: no limit)'
    },
    serviceImages: {
        name: 'service-images',
        flag: 'service-image',
        help: 'image source override for a service, service=source (repeatable)'
    },
    githubToken: {
        name: 'github-token',
        flag: null,
        default: "${{ github.server_url == 'https://github.com' && github.token || '' }}",
        help: 'token for the previous-release lookup through the GitHub API'
    },
    output: {
        name: 'output',
        input: false,
        help: 'artifact path (one platform; with several, one file per platform from it)'
    },
    outputDir: {
        name: 'output-dir',
        input: false,
        help: 'folder for artifacts and metadata (default: .)'
    },
    dryRun: { name: 'dry-run', default: 'false', help: 'do everything but upload and deploy' },
    json: {
        name: 'json',
        input: false,
        default: 'false',
        help: 'print the result as JSON on stdout'
    },
    jobSummary: {
        name: 'job-summary',
        flag: null,
        default: 'true',
        help: 'write the job summary'
    },
    logLevel: {
        name: 'log-level',
        flag: null,
        values: LOG_LEVELS,
        default: 'info',
        help: 'log level'
    }
});
/** The default of an option as the user writes it ('' when it has none). */
function optionDefault(key) {
    const o = OPTION_TABLE[key];
    return o.default ?? '';
}
/**
 * An option's value as the user wrote it: the first of `given` that is set
 * (a flag, then an environment variable; undefined: not given), else the
 * table's default. Both fronts read options with a default through it.
 */
function optionValue(key, ...given) {
    return given.find((v) => v !== undefined) ?? optionDefault(key);
}
/** The CLI flag of an option (`--x`), or undefined when the CLI has none. */
function cliFlag(key) {
    const o = OPTION_TABLE[key];
    return o.flag === null ? undefined : `--${o.flag ?? o.name}`;
}
/** Every action input's name, by option key (action.yml's keys). */
const INPUT_NAMES = Object.fromEntries(Object.entries(OPTION_TABLE).flatMap(([k, o]) => o.input === false ? [] : [[k, o.name]]));


/***/ })

};
