export const id = 151;
export const ids = [151];
export const modules = {

/***/ 7131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CL: () => (/* binding */ ROLLOUT_FLAGS),
  Bv: () => (/* binding */ cliBuildOptions)
});

// UNUSED EXPORTS: defaultCacheDir

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/artifact/signing.ts
var signing = __webpack_require__(725);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/pipeline/options.ts
var pipeline_options = __webpack_require__(4920);
// EXTERNAL MODULE: ./src/pipeline/option-parsers.ts
var option_parsers = __webpack_require__(8000);
// EXTERNAL MODULE: ./src/pipeline/rollout.ts
var rollout = __webpack_require__(4759);
// EXTERNAL MODULE: ./src/artifact/index.ts + 12 modules
var artifact = __webpack_require__(9851);
;// CONCATENATED MODULE: ./src/pipeline/validate-options.ts


/**
 * The rules that span options or depend on the runtime, checked by both
 * fronts once every option is parsed and before any work starts, so a run
 * never fails at the package or publish step for a reason known up front.
 */
function validateBuildOptions(options, naming, runtime = { zstd: (0,artifact/* zstdAvailable */.xE)() }) {
    if (options.compression.startsWith('zstd') && !runtime.zstd)
        throw new errors/* UsageError */.eb(`${naming.field('compression')} is ${options.compression}, but this Node.js (${process.version}) cannot write zstd`, { hint: 'use gzip or none, or run on Node.js 22.15 or newer' });
    const c = options.credentials;
    if (!options.dryRun && (options.upload || options.deploy) && !c.accessToken && !c.username)
        throw new errors/* UsageError */.eb(`${naming.field('menderAccessToken')} is empty, and uploading or deploying needs it`, { hint: naming.credentialsHint });
}

;// CONCATENATED MODULE: ./src/cli/build-options.ts








const opt = (flag, envName) => envName ? `Option '--${flag}' (or ${envName})` : `Option '--${flag}'`;
/** The rollout flags of `build`, named as `deploy` names them. */
const ROLLOUT_FLAGS = {
    forceInstallation: opt('force-installation'),
    retries: opt('retries'),
    phases: opt('phases'),
    updateControlMap: opt('update-control-map'),
    maxFailures: opt('max-failures')
};
/**
 * The cache folder: `--cache-dir`, else $MENDER_COMPOSE_CACHE_DIR, else the
 * XDG cache folder ($XDG_CACHE_HOME or ~/.cache) + `mender-compose`.
 */
function defaultCacheDir(env) {
    if (env.MENDER_COMPOSE_CACHE_DIR)
        return env.MENDER_COMPOSE_CACHE_DIR;
    const xdg = env.XDG_CACHE_HOME && (0,external_node_path_.isAbsolute)(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
    return (0,external_node_path_.join)(xdg ?? (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.cache'), 'mender-compose');
}
/**
 * Maps flags and environment onto the same BuildOptions the action builds
 * from its inputs, with the same parsers, so both fronts accept and reject
 * the same values.
 */
function cliBuildOptions(flags, env, cwd, readTextFile) {
    // as docker compose: -f is named from the current folder; --project-directory sets the project
    const composeProjectDirectory = flags.projectDirectory
        ? (0,external_node_path_.resolve)(cwd, flags.projectDirectory)
        : undefined;
    const files = [...flags.file, ...(flags.composeFile ?? [])];
    // none: the files `docker compose` would find (runPipeline looks)
    const applicationName = (0,option_parsers/* toProjectName */.K7)(flags.applicationName ?? (0,external_node_path_.basename)(composeProjectDirectory ?? cwd));
    if (!applicationName)
        throw new errors/* UsageError */.eb(`${opt('application-name')} must hold a letter or digit`);
    if (!flags.artifactName)
        throw new errors/* UsageError */.eb(`${opt('artifact-name')} is required`, {
            hint: 'name the release, e.g. --artifact-name app-2.0'
        });
    const artifactName = (0,option_parsers/* parseArtifactName */.TZ)(opt('artifact-name'), flags.artifactName);
    const targets = (0,option_parsers/* buildTargets */.TW)([...flags.deviceType, ...(flags.deviceTypes ?? [])], (0,option_parsers/* parsePlatform */.FL)(opt('platform'), flags.platform), (0,option_parsers/* parseDevicePlatforms */.Ch)(opt('device-platform'), [...flags.devicePlatform, ...(flags.devicePlatforms ?? [])].join('\n')), { deviceTypes: opt('device-type'), devicePlatforms: opt('device-platform') });
    if (flags.previousRef && flags.previousCompose.length > 0)
        throw new errors/* UsageError */.eb(`${opt('previous-ref')} and ${opt('previous-compose')} are exclusive: give the previous release one way`);
    const previous = flags.previousRef
        ? { kind: 'ref', ref: flags.previousRef }
        : flags.previousCompose.length > 0
            ? { kind: 'compose', files: flags.previousCompose.map((f) => (0,external_node_path_.resolve)(cwd, f)) }
            : { kind: 'none' };
    const accessToken = flags.menderAccessToken ?? env.MENDER_ACCESS_TOKEN ?? '';
    const username = flags.menderUsername ?? env.MENDER_USERNAME ?? '';
    const password = env.MENDER_PASSWORD ?? '';
    if (Boolean(username) !== Boolean(password))
        throw new errors/* UsageError */.eb(`${opt('mender-username', 'MENDER_USERNAME')} needs MENDER_PASSWORD in the environment, and the other way round`);
    const deploy = (0,option_parsers/* parseDeploy */.Jh)({
        group: flags.deployGroup ?? '',
        devices: flags.deployDevices,
        all: flags.deployAllDevices,
        name: flags.deploymentName ?? artifactName,
        wait: flags.wait,
        waitTimeoutMs: (0,option_parsers/* parseDuration */.E9)(opt('wait-timeout'), flags.waitTimeout),
        rollout: (0,rollout/* parseRollout */.Z4)({
            forceInstallation: flags.forceInstallation,
            retries: flags.retries ?? '',
            phases: flags.phases ?? '',
            updateControlMap: flags.updateControlMap ?? '',
            maxFailures: flags.maxFailures
        }, ROLLOUT_FLAGS, (p) => readTextFile((0,external_node_path_.resolve)(cwd, p)))
    }, {
        group: opt('deploy-group'),
        devices: opt('deploy-devices'),
        all: opt('deploy-all-devices'),
        wait: opt('wait'),
        rollout: ROLLOUT_FLAGS
    });
    if (flags.output && !flags.output.endsWith('.mender'))
        throw new errors/* UsageError */.eb(`${opt('output')} must name a .mender file, got '${flags.output}'`);
    const signingKey = flags.signingKey
        ? signingKeyFile(opt('signing-key'), (0,external_node_path_.resolve)(cwd, flags.signingKey), readTextFile)
        : undefined;
    const options = {
        composeFiles: files,
        projectDirectory: cwd,
        ...(composeProjectDirectory && { composeProjectDirectory }),
        composeEnv: { ...env },
        applicationName,
        artifactName,
        targets,
        module: (0,option_parsers/* parseOptionChoice */.si)('module', opt('module'), flags.module),
        delta: (0,option_parsers/* parseOptionChoice */.si)('delta', opt('delta'), flags.delta),
        deltaEncoder: (0,option_parsers/* parseOptionChoice */.si)('deltaEncoder', opt('delta-encoder'), flags.deltaEncoder),
        deviceImageStore: (0,option_parsers/* parseOptionChoice */.si)('deviceImageStore', opt('device-image-store'), flags.deviceImageStore),
        previous,
        ...(flags.previousArtifactName
            ? {
                previousArtifactName: (0,option_parsers/* parseArtifactName */.TZ)(opt('previous-artifact-name'), flags.previousArtifactName)
            }
            : {}),
        softwareFilesystem: flags.softwareFilesystem,
        provides: (0,option_parsers/* parseKeyValues */.Hl)(opt('provides'), flags.provides),
        depends: (0,option_parsers/* parseKeyValues */.Hl)(opt('depends'), flags.depends),
        clearsProvides: flags.clearsProvides,
        compression: (0,option_parsers/* parseOptionChoice */.si)('compression', opt('compression'), flags.compression),
        ...(signingKey ? { signingKey } : {}),
        menderServerUrl: (0,option_parsers/* parseServerUrl */.Ep)(opt('mender-server-url', 'MENDER_SERVER_URL'), (0,pipeline_options/* optionValue */.TN)('menderServerUrl', flags.menderServerUrl, env.MENDER_SERVER_URL)),
        credentials: {
            ...(accessToken ? { accessToken } : {}),
            ...(username ? { username, password } : {})
        },
        upload: flags.upload,
        ...(deploy ? { deploy } : {}),
        serviceImages: (0,option_parsers/* parseServiceImages */.Dt)(opt('service-image'), [...flags.serviceImage, ...(flags.serviceImages ?? [])].join('\n')),
        cacheDir: (0,external_node_path_.resolve)(cwd, flags.cacheDir ?? defaultCacheDir(env)),
        cacheMaxBytes: (0,option_parsers/* parseByteSize */.nS)(opt('cache-max-size'), (0,pipeline_options/* optionValue */.TN)('cacheMaxSize', flags.cacheMaxSize)),
        outputDir: (0,external_node_path_.resolve)(cwd, flags.outputDir ?? '.'),
        ...(flags.output ? { outputPath: (0,external_node_path_.resolve)(cwd, flags.output) } : {}),
        dryRun: flags.dryRun
    };
    validateBuildOptions(options, {
        field: (key) => key === 'menderAccessToken'
            ? opt('mender-access-token', 'MENDER_ACCESS_TOKEN')
            : opt(((0,pipeline_options/* cliFlag */.vM)(key) ?? '').replace(/^--/, '')),
        credentialsHint: 'export MENDER_ACCESS_TOKEN, or pass --dry-run or --no-upload'
    });
    return options;
}
/** The signing key's PEM, read and checked before any work (missing, a folder, unusable). */
function signingKeyFile(field, path, read) {
    let pem;
    try {
        pem = read(path);
    }
    catch (err) {
        const code = err.code;
        throw new errors/* UsageError */.eb(code === 'ENOENT'
            ? `${field} ${path} does not exist`
            : code === 'EISDIR'
                ? `${field} ${path} is a folder, not a key file`
                : `${field}: cannot read ${path}: ${err.message}`, { hint: 'give the path of a PEM private key file (RSA or ECDSA P-256)' });
    }
    (0,signing/* checkSigningKey */.JY)(pem, `${field} ${path}`);
    return pem;
}


/***/ }),

/***/ 6437:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ tableFlag)
/* harmony export */ });
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8179);
/* harmony import */ var _pipeline_options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4920);


/**
 * A flag from the option table: its name, help, accepted values and default,
 * so `build` and `deploy` offer the same option the same way. `arg` names the
 * value; without one the flag is a switch.
 */
function tableFlag(key, arg, parse, initial) {
    const o = _pipeline_options_js__WEBPACK_IMPORTED_MODULE_1__/* .OPTION_TABLE */ .zS[key];
    const flags = `${o.short ? `-${o.short}, ` : ''}${(0,_pipeline_options_js__WEBPACK_IMPORTED_MODULE_1__/* .cliFlag */ .vM)(key)}`;
    const option = new commander__WEBPACK_IMPORTED_MODULE_0__/* .Option */ .c$(arg ? `${flags} <${arg}>` : flags, o.help);
    if (o.values)
        option.choices(o.values);
    if (parse)
        option.argParser(parse).default(initial);
    else if (!arg && o.flag === undefined)
        option.default(o.default === 'true');
    else if (arg && o.default !== undefined)
        option.default(o.default);
    return option;
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
/* harmony export */   Hl: () => (/* binding */ parseKeyValues),
/* harmony export */   Jh: () => (/* binding */ parseDeploy),
/* harmony export */   K7: () => (/* binding */ toProjectName),
/* harmony export */   TW: () => (/* binding */ buildTargets),
/* harmony export */   TZ: () => (/* binding */ parseArtifactName),
/* harmony export */   nS: () => (/* binding */ parseByteSize),
/* harmony export */   ry: () => (/* binding */ splitList),
/* harmony export */   si: () => (/* binding */ parseOptionChoice)
/* harmony export */ });
/* unused harmony exports parseBoolean, parseChoice, splitLines, IMAGE_SOURCE_SCHEMES */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4920);
/* harmony import */ var _oci_platform_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1890);
/* harmony import */ var _rollout_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4759);




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
/** One of the values the option table accepts for `key`. */
function parseOptionChoice(key, field, raw) {
    const values = _options_js__WEBPACK_IMPORTED_MODULE_1__/* .OPTION_TABLE */ .zS[key].values;
    return parseChoice(field, raw, values);
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
/** A platform input or flag, normalised (see canonicalPlatform): two spellings build one artifact. */
function parsePlatform(field, raw) {
    return (0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalPlatform */ ._l)(raw, field);
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
/** Image source transports the image resolver (src/oci) accepts; anything else is a registry reference. */
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
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be at most 256 characters without spaces or control characters, got ${JSON.stringify(v)}`);
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

function parseDeploy(values, fields) {
    const chosen = [
        values.group ? fields.group : '',
        values.devices.length > 0 ? fields.devices : '',
        values.all ? fields.all : ''
    ].filter(Boolean);
    if (chosen.length > 1)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${chosen.join(' and ')} are exclusive: give one deployment target`);
    if (chosen.length === 0) {
        const needing = [
            values.wait ? fields.wait : '',
            ...(values.rollout && fields.rollout
                ? (0,_rollout_js__WEBPACK_IMPORTED_MODULE_3__/* .rolloutFieldsGiven */ .wV)(values.rollout, fields.rollout)
                : [])
        ].filter(Boolean);
        if (needing.length > 0)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${needing.join(', ')} need${needing.length === 1 ? 's' : ''} a deployment target`, { hint: `set ${fields.group}, ${fields.devices} or ${fields.all}` });
        return undefined;
    }
    const target = values.group
        ? { kind: 'group', group: values.group }
        : values.all
            ? { kind: 'all' }
            : { kind: 'devices', devices: values.devices };
    return {
        target,
        name: values.name,
        wait: values.wait,
        waitTimeoutMs: values.waitTimeoutMs,
        ...(values.rollout ? { rollout: values.rollout } : {})
    };
}


/***/ }),

/***/ 4759:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z4: () => (/* binding */ parseRollout),
/* harmony export */   oA: () => (/* binding */ parseWholeNumber),
/* harmony export */   wV: () => (/* binding */ rolloutFieldsGiven)
/* harmony export */ });
/* unused harmony export parseJsonText */
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

/** A whole number ≥ `min`. */
function parseWholeNumber(field, raw, min = 0) {
    const text = raw.trim();
    if (!/^\d+$/.test(text) || Number(text) < min)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} must be a whole number of at least ${min}, got '${raw}'`);
    return Number(text);
}
/** JSON given inline, or as `@file` (read with `readFile`, relative to where the front says). */
function parseJsonText(field, raw, readFile) {
    let text = raw.trim();
    if (text.startsWith('@')) {
        const path = text.slice(1);
        try {
            text = readFile(path);
        }
        catch (err) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field}: cannot read ${path}: ${err.message}`);
        }
    }
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} is not valid JSON: ${err.message}`, {
            hint: 'give the JSON inline or as @file'
        });
    }
}
const PHASES_EXAMPLE = '[{"batch_size": 10}, {"start_ts": "2030-01-01T02:00:00Z"}]';
function parsePhases(field, value) {
    const bad = (why) => {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${field} ${why}`, { hint: `for example ${PHASES_EXAMPLE}` });
    };
    if (!Array.isArray(value) || value.length === 0)
        bad('must be a non-empty JSON array of phases');
    return value.map((p, i) => {
        if (typeof p !== 'object' || p === null || Array.isArray(p))
            bad(`phase ${i + 1} is not an object`);
        const { batch_size, start_ts, ...rest } = p;
        const unknown = Object.keys(rest);
        if (unknown.length)
            bad(`phase ${i + 1} has unknown field(s) ${unknown.join(', ')}`);
        if (batch_size !== undefined &&
            (!Number.isInteger(batch_size) || batch_size < 1 || batch_size > 100))
            bad(`phase ${i + 1}: batch_size must be a percentage from 1 to 100`);
        if (start_ts !== undefined && (typeof start_ts !== 'string' || isNaN(Date.parse(start_ts))))
            bad(`phase ${i + 1}: start_ts must be an RFC 3339 time such as 2030-01-01T02:00:00Z`);
        return {
            ...(batch_size !== undefined ? { batch_size: batch_size } : {}),
            ...(start_ts !== undefined ? { start_ts: start_ts } : {})
        };
    });
}
/**
 * The rollout settings of both fronts (action inputs, CLI flags of `build`
 * and `deploy`), checked before any work: numbers, the phases' shape, the
 * update control map is an object.
 */
function parseRollout(values, fields, readFile) {
    const phases = values.phases.trim()
        ? parsePhases(fields.phases, parseJsonText(fields.phases, values.phases, readFile))
        : undefined;
    let ucm;
    if (values.updateControlMap.trim()) {
        ucm = parseJsonText(fields.updateControlMap, values.updateControlMap, readFile);
        if (typeof ucm !== 'object' || ucm === null || Array.isArray(ucm))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${fields.updateControlMap} must be a JSON object`, {
                hint: 'for example {"priority": 0, "states": {"ArtifactInstall_Enter": {"action": "pause"}}}'
            });
    }
    return {
        forceInstallation: values.forceInstallation,
        ...(values.retries.trim() ? { retries: parseWholeNumber(fields.retries, values.retries) } : {}),
        ...(phases ? { phases } : {}),
        ...(ucm ? { updateControlMap: ucm } : {}),
        maxFailures: values.maxFailures.trim()
            ? parseWholeNumber(fields.maxFailures, values.maxFailures)
            : 0
    };
}
/** The settings that only mean something with a deployment, by the field that gave them. */
function rolloutFieldsGiven(r, fields) {
    return [
        r.forceInstallation ? fields.forceInstallation : '',
        r.retries !== undefined ? fields.retries : '',
        r.phases ? fields.phases : '',
        r.updateControlMap ? fields.updateControlMap : ''
    ].filter(Boolean);
}


/***/ })

};
