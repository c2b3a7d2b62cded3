export const id = 819;
export const ids = [819];
export const modules = {

/***/ 7819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  humanResult: () => (/* binding */ humanResult),
  registerBuildCommand: () => (/* binding */ registerBuildCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(8179);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
;// CONCATENATED MODULE: ./src/pipeline/options.ts
/**
 * The one options type both fronts fill: the action from its inputs
 * (src/action/inputs.ts), the CLI `build` command from flags and environment
 * (src/cli/commands/build.ts). The pipeline reads nothing else: no env, no
 * inputs.
 */
const UPDATE_MODULES = ['app', 'docker-compose'];
const DELTA_MODES = ['deep', 'off'];
const DEVICE_IMAGE_STORES = ['classic', 'containerd'];
/** mender-artifact `--compression` ids (mender-artifact-v3 spec §8). */
const COMPRESSIONS = [
    'none',
    'gzip',
    'lzma',
    'zstd_fastest',
    'zstd_fast',
    'zstd_better',
    'zstd_best'
];
const LOG_LEVELS = (/* unused pure expression or super */ null && (['debug', 'info', 'warn']));
const HOSTED_MENDER_URL = 'https://hosted.mender.io';

;// CONCATENATED MODULE: ./src/pipeline/option-parsers.ts

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
    throw new errors/* UsageError */.eb(`${field} must be one of ${choices.join(', ')}, got '${v}'`);
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
            throw new errors/* UsageError */.eb(`${field} has '${entry}', which is not of the form '${what}'`);
        const [, key, value] = m;
        if (key in out)
            throw new errors/* UsageError */.eb(`${field} names '${key}' twice`);
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
        throw new errors/* UsageError */.eb(`${field} has '${raw.trim()}', which is not a platform of the form os/arch[/variant] (e.g. linux/arm64 or linux/arm/v7)`);
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
        throw new errors/* UsageError */.eb(`${fields.deviceTypes} names no device type`, {
            hint: 'give the device types of your fleet, e.g. raspberrypi4'
        });
    const unknown = Object.keys(devicePlatforms).filter((d) => !deviceTypes.includes(d));
    if (unknown.length > 0)
        throw new errors/* UsageError */.eb(`${fields.devicePlatforms} names ${unknown.map((d) => `'${d}'`).join(', ')}, which ${fields.deviceTypes} does not list`);
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
            throw new errors/* UsageError */.eb(`${field} has '${service}', which is not a compose service name`);
        // `web:dev` and `registry:5000/web` are references, so only a `scheme://`
        // other than docker:// is known to be wrong.
        const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(source)?.[1];
        if (scheme && scheme !== 'docker')
            throw new errors/* UsageError */.eb(`${field} gives service '${service}' the source '${source}' with an unknown transport '${scheme}://'`, { hint: `use one of ${IMAGE_SOURCE_SCHEMES.join(', ')} or a registry reference` });
        if (/\s/.test(source))
            throw new errors/* UsageError */.eb(`${field} gives service '${service}' a source with spaces: '${source}'`);
    }
    return map;
}
/** `90s`, `30m`, `2h`, `1h30m`, or plain seconds. */
function parseDuration(field, raw) {
    const v = raw.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
    if (!v || !m || (!m[1] && !m[2] && !m[3]))
        throw new errors/* UsageError */.eb(`${field} must be a duration such as 90s, 30m, 2h or 1h30m, got '${v}'`);
    return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}
function parseServerUrl(field, raw) {
    const v = raw.trim();
    let url;
    try {
        url = new URL(v);
    }
    catch {
        throw new errors/* UsageError */.eb(`${field} must be an http(s) URL such as https://hosted.mender.io, got '${v}'`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new errors/* UsageError */.eb(`${field} must be an http(s) URL, got '${v}'`);
    if (url.username || url.password)
        throw new errors/* UsageError */.eb(`${field} must not hold credentials; use the token or password inputs`);
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
        throw new errors/* UsageError */.eb(`${field} is empty`);
    if (/[\s\p{Cc}]/u.test(v) || v.length > 256)
        throw new errors/* UsageError */.eb(`${field} must be at most 256 characters without spaces or control characters, got '${v}'`);
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
        throw new errors/* UsageError */.eb(`${chosen.join(' and ')} are exclusive: give one deployment target`);
    if (chosen.length === 0) {
        if (values.wait)
            throw new errors/* UsageError */.eb(`${fields.wait} needs a deployment target`, {
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

;// CONCATENATED MODULE: ./src/cli/build-options.ts





const opt = (flag, envName) => envName ? `Option '--${flag}' (or ${envName})` : `Option '--${flag}'`;
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
function cliBuildOptions(flags, env, cwd, readSigningKey) {
    const projectDirectory = (0,external_node_path_.resolve)(cwd, flags.projectDirectory ?? '.');
    const files = flags.file.length > 0 ? flags.file : ['compose.yaml'];
    const applicationName = toProjectName(flags.applicationName ?? (0,external_node_path_.basename)(projectDirectory));
    if (!applicationName)
        throw new errors/* UsageError */.eb(`${opt('application-name')} must hold a letter or digit`);
    if (!flags.artifactName)
        throw new errors/* UsageError */.eb(`${opt('artifact-name')} is required`, {
            hint: 'name the release, e.g. --artifact-name app-2.0'
        });
    const artifactName = parseArtifactName(opt('artifact-name'), flags.artifactName);
    const targets = buildTargets(flags.deviceType, parsePlatform(opt('platform'), flags.platform), parseDevicePlatforms(opt('device-platform'), flags.devicePlatform.join('\n')), { deviceTypes: opt('device-type'), devicePlatforms: opt('device-platform') });
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
    const deploy = parseDeploy({
        group: flags.deployGroup ?? '',
        devices: flags.deployDevices,
        all: flags.deployAllDevices,
        name: flags.deploymentName ?? artifactName,
        wait: flags.wait,
        waitTimeoutMs: parseDuration(opt('wait-timeout'), flags.waitTimeout)
    }, {
        group: opt('deploy-group'),
        devices: opt('deploy-devices'),
        all: opt('deploy-all-devices'),
        wait: opt('wait')
    });
    if (!flags.dryRun && (flags.upload || deploy) && !accessToken && !username)
        throw new errors/* UsageError */.eb(`${opt('mender-access-token', 'MENDER_ACCESS_TOKEN')} is empty, and uploading or deploying needs it`, { hint: 'export MENDER_ACCESS_TOKEN, or pass --dry-run or --no-upload' });
    if (flags.output && !flags.output.endsWith('.mender'))
        throw new errors/* UsageError */.eb(`${opt('output')} must name a .mender file, got '${flags.output}'`);
    const signingKey = flags.signingKey ? readSigningKey((0,external_node_path_.resolve)(cwd, flags.signingKey)) : undefined;
    if (signingKey !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(signingKey))
        throw new errors/* UsageError */.eb(`${opt('signing-key')} '${flags.signingKey}' is not a PEM private key`);
    return {
        composeFiles: files,
        projectDirectory,
        composeEnv: { ...env },
        applicationName,
        artifactName,
        targets,
        module: parseChoice(opt('module'), flags.module, UPDATE_MODULES),
        delta: parseChoice(opt('delta'), flags.delta, DELTA_MODES),
        deviceImageStore: parseChoice(opt('device-image-store'), flags.deviceImageStore, DEVICE_IMAGE_STORES),
        previous,
        softwareFilesystem: flags.softwareFilesystem,
        provides: parseKeyValues(opt('provides'), flags.provides),
        depends: parseKeyValues(opt('depends'), flags.depends),
        clearsProvides: flags.clearsProvides,
        compression: parseChoice(opt('compression'), flags.compression, COMPRESSIONS),
        ...(signingKey ? { signingKey } : {}),
        menderServerUrl: parseServerUrl(opt('mender-server-url', 'MENDER_SERVER_URL'), flags.menderServerUrl ?? env.MENDER_SERVER_URL ?? HOSTED_MENDER_URL),
        credentials: {
            ...(accessToken ? { accessToken } : {}),
            ...(username ? { username, password } : {})
        },
        upload: flags.upload,
        ...(deploy ? { deploy } : {}),
        serviceImages: parseServiceImages(opt('service-image'), flags.serviceImage.join('\n')),
        cacheDir: (0,external_node_path_.resolve)(cwd, flags.cacheDir ?? defaultCacheDir(env)),
        outputDir: (0,external_node_path_.resolve)(cwd, flags.outputDir ?? '.'),
        ...(flags.output ? { outputPath: (0,external_node_path_.resolve)(cwd, flags.output) } : {}),
        dryRun: flags.dryRun
    };
}

;// CONCATENATED MODULE: ./src/pipeline/result-json.ts
/** The machine-readable result: the `json` output and the CLI's `--json`. */
function resultJson(r) {
    return {
        artifactName: r.artifactName,
        applicationName: r.applicationName,
        dryRun: r.dryRun,
        previousRef: r.previousRef ?? null,
        previousArtifactName: r.previousArtifactName ?? null,
        fullSize: r.fullSize,
        deltaSize: r.deltaSize,
        uploaded: uploadedAny(r),
        artifactPath: r.artifacts.map((a) => a.path),
        artifactSize: r.artifacts.reduce((n, a) => n + a.size, 0),
        artifactId: (r.published?.artifacts ?? []).map((a) => a.id),
        deploymentId: r.published?.deployment?.id ?? null,
        deploymentUrl: r.published?.deployment?.url ?? null,
        deploymentStatus: r.published?.deployment?.status ?? null,
        cacheHit: r.cache.hit,
        artifacts: r.artifacts.map((a) => ({
            platform: a.platform,
            deviceTypes: a.deviceTypes,
            path: a.path,
            size: a.size,
            sha256: a.sha256,
            metadataPath: a.metadataPath,
            signed: a.signed,
            provides: a.provides,
            depends: a.depends,
            clearsProvides: a.clearsProvides,
            id: r.published?.artifacts.find((p) => p.platform === a.platform)?.id ?? null,
            uploaded: r.published?.artifacts.find((p) => p.platform === a.platform)?.uploaded ?? false
        })),
        deployment: r.published?.deployment ?? null,
        failure: r.failure ?? null,
        services: r.services,
        cache: {
            hit: r.cache.hit,
            primaryKey: r.cache.primaryKey ?? null,
            matchedKey: r.cache.matchedKey ?? null,
            blobsFetched: r.cache.blobsFetched,
            bytesFetched: r.cache.bytesFetched,
            blobsReused: r.cache.blobsReused
        }
    };
}
function uploadedAny(r) {
    return r.published?.artifacts.some((a) => a.uploaded) ?? false;
}

// EXTERNAL MODULE: ./src/pipeline/run-pipeline.ts + 1 modules
var run_pipeline = __webpack_require__(3021);
// EXTERNAL MODULE: ./src/pipeline/real-stages.ts + 26 modules
var real_stages = __webpack_require__(7119);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/cli/commands/build.ts









/** Repeatable flags also take comma-separated values, like the action's list inputs. */
const collect = (value, previous) => [...previous, ...splitList(value)];
/** Repeatable key=value flags: values may hold commas, so no splitting. */
const collectRaw = (value, previous) => [...previous, value];
/**
 * `build`: the whole pipeline, as the action runs it, with the action's
 * inputs as flags (and MENDER_* environment variables), so it works the same
 * in GitLab CI or on a laptop.
 */
function registerBuildCommand(program, ctx, stagesFor = real_stages/* realStages */.E, env = process.env) {
    program
        .command('build')
        .description('plan, fetch, delta, package and (unless --dry-run) upload and deploy a release')
        .option('-f, --file <file>', 'compose file (repeatable; merged in order)', collect, [])
        .option('--project-directory <dir>', 'folder compose paths are relative to (default: .)')
        .option('--application-name <name>', 'application name (default: the project folder name)')
        .option('--artifact-name <name>', 'artifact (release) name (required)')
        .option('--device-type <type>', 'compatible device type (repeatable or comma-separated)', collect, [])
        .option('--platform <os/arch[/variant]>', 'image platform for every device type', 'linux/amd64')
        .option('--device-platform <type=platform>', 'platform of one device type (repeatable)', collectRaw, [])
        .addOption(new esm/* Option */.c$('--module <module>', 'Update Module')
        .choices(['app', 'docker-compose'])
        .default('app'))
        .addOption(new esm/* Option */.c$('--delta <mode>', 'delta mode').choices(['deep', 'off']).default('deep'))
        .addOption(new esm/* Option */.c$('--device-image-store <store>', "the device's Docker image store")
        .choices(['classic', 'containerd'])
        .default('classic'))
        .option('--previous-ref <ref>', 'Git ref of the release the devices run now')
        .option('--previous-compose <file>', 'compose file of the release the devices run now (repeatable; for use outside GitHub)', collect, [])
        .option('--software-filesystem <fs>', 'software version key prefix', 'data-docker')
        .option('--provides <key=value>', 'extra artifact provides (repeatable)', collectRaw, [])
        .option('--depends <key=value>', 'extra artifact depends (repeatable)', collectRaw, [])
        .option('--clears-provides <pattern>', 'provides cleared on install (repeatable)', collect, [])
        .option('--compression <id>', 'payload compression (none, gzip, lzma, zstd_*)', 'gzip')
        .option('--signing-key <file>', 'PEM private key file to sign the artifact with')
        .option('--mender-server-url <url>', 'Mender server (env MENDER_SERVER_URL; default Hosted Mender)')
        .option('--mender-access-token <token>', 'Personal Access Token (prefer env MENDER_ACCESS_TOKEN)')
        .option('--mender-username <user>', 'user for password login (env MENDER_USERNAME; password in MENDER_PASSWORD)')
        .option('--no-upload', 'do not upload the artifact')
        .option('--deploy-group <group>', 'deploy to this device group')
        .option('--deploy-devices <ids>', 'deploy to these device IDs (repeatable or comma-separated)', collect, [])
        .option('--deploy-all-devices', 'deploy to every accepted device', false)
        .option('--deployment-name <name>', 'deployment name (default: the artifact name)')
        .option('--wait', 'wait for the deployment to finish', false)
        .option('--wait-timeout <duration>', 'how long to wait (90s, 30m, 2h)', '30m')
        .option('--service-image <service=source>', 'image source override for a service (repeatable)', collectRaw, [])
        .option('--cache-dir <dir>', 'layer store (default: $MENDER_COMPOSE_CACHE_DIR, else $XDG_CACHE_HOME/mender-compose or ~/.cache/mender-compose)')
        .option('--output <file>', 'artifact path (one platform; with several, one file per platform from it)')
        .option('--output-dir <dir>', 'folder for artifacts and metadata (default: .)')
        .option('--dry-run', 'do everything but upload and deploy', false)
        .option('--json', 'print the result as JSON on stdout', false)
        .action(async (flags) => {
        const options = cliBuildOptions(flags, env, process.cwd(), (p) => (0,external_node_fs_.readFileSync)(p, 'utf8'));
        const result = await (0,run_pipeline/* runPipeline */.aI)(options, stagesFor(ctx.log), ctx.log);
        ctx.stdout(flags.json ? `${JSON.stringify(resultJson(result), null, 2)}\n` : humanResult(result));
        if (result.failure)
            throw new errors/* UserError */.yo(result.failure);
    });
}
/** The result for a terminal: one line per artifact, then the totals and the deployment. */
function humanResult(r) {
    const lines = r.artifacts.map((a) => `${a.path}\t${(0,format/* formatBytes */.z3)(a.size)}\t${a.platform}\t${a.deviceTypes.join(',')}${a.signed ? '\tsigned' : ''}`);
    lines.push(`${r.artifactName}: ${(0,format/* formatBytes */.z3)(r.fullSize)} of images ship as ${(0,format/* formatBytes */.z3)(r.deltaSize)} (${(0,run_pipeline/* savingPercent */.uI)(r.fullSize, r.deltaSize)} saved)${r.previousRef ? ` against ${r.previousRef}` : ''}`);
    if (r.dryRun)
        lines.push('dry run: nothing uploaded or deployed');
    const d = r.published?.deployment;
    if (d)
        lines.push(`deployment ${d.id} ${d.status}: ${d.url}`);
    return `${lines.join('\n')}\n`;
}


/***/ })

};
