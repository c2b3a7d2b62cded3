export const id = 281;
export const ids = [281];
export const modules = {

/***/ 3281:
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
/** Delta encoders a user can pick; see action.yml `delta-encoder`. */
const DELTA_ENCODERS = ['native', 'best', 'lzma'];
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
/** The layer store's default cap: a fifth of GitHub's 10 GB cache per repository. */
const DEFAULT_CACHE_MAX_SIZE = '2GiB';
const LOG_LEVELS = (/* unused pure expression or super */ null && (['debug', 'info', 'warn']));
const HOSTED_MENDER_URL = 'https://hosted.mender.io';

// EXTERNAL MODULE: ./src/pipeline/option-parsers.ts
var option_parsers = __webpack_require__(8000);
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
    const applicationName = (0,option_parsers/* toProjectName */.K7)(flags.applicationName ?? (0,external_node_path_.basename)(projectDirectory));
    if (!applicationName)
        throw new errors/* UsageError */.eb(`${opt('application-name')} must hold a letter or digit`);
    if (!flags.artifactName)
        throw new errors/* UsageError */.eb(`${opt('artifact-name')} is required`, {
            hint: 'name the release, e.g. --artifact-name app-2.0'
        });
    const artifactName = (0,option_parsers/* parseArtifactName */.TZ)(opt('artifact-name'), flags.artifactName);
    const targets = (0,option_parsers/* buildTargets */.TW)(flags.deviceType, (0,option_parsers/* parsePlatform */.FL)(opt('platform'), flags.platform), (0,option_parsers/* parseDevicePlatforms */.Ch)(opt('device-platform'), flags.devicePlatform.join('\n')), { deviceTypes: opt('device-type'), devicePlatforms: opt('device-platform') });
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
        waitTimeoutMs: (0,option_parsers/* parseDuration */.E9)(opt('wait-timeout'), flags.waitTimeout)
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
        module: (0,option_parsers/* parseChoice */.HU)(opt('module'), flags.module, UPDATE_MODULES),
        delta: (0,option_parsers/* parseChoice */.HU)(opt('delta'), flags.delta, DELTA_MODES),
        deltaEncoder: (0,option_parsers/* parseChoice */.HU)(opt('delta-encoder'), flags.deltaEncoder, DELTA_ENCODERS),
        deviceImageStore: (0,option_parsers/* parseChoice */.HU)(opt('device-image-store'), flags.deviceImageStore, DEVICE_IMAGE_STORES),
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
        compression: (0,option_parsers/* parseChoice */.HU)(opt('compression'), flags.compression, COMPRESSIONS),
        ...(signingKey ? { signingKey } : {}),
        menderServerUrl: (0,option_parsers/* parseServerUrl */.Ep)(opt('mender-server-url', 'MENDER_SERVER_URL'), flags.menderServerUrl ?? env.MENDER_SERVER_URL ?? HOSTED_MENDER_URL),
        credentials: {
            ...(accessToken ? { accessToken } : {}),
            ...(username ? { username, password } : {})
        },
        upload: flags.upload,
        ...(deploy ? { deploy } : {}),
        serviceImages: (0,option_parsers/* parseServiceImages */.Dt)(opt('service-image'), flags.serviceImage.join('\n')),
        cacheDir: (0,external_node_path_.resolve)(cwd, flags.cacheDir ?? defaultCacheDir(env)),
        cacheMaxBytes: (0,option_parsers/* parseByteSize */.nS)(opt('cache-max-size'), flags.cacheMaxSize ?? DEFAULT_CACHE_MAX_SIZE),
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
        /** Wall time of each phase, to see where a build spends its time. */
        durationsMs: r.durationsMs,
        services: r.services,
        cache: {
            hit: r.cache.hit,
            primaryKey: r.cache.primaryKey ?? null,
            matchedKey: r.cache.matchedKey ?? null,
            blobsFetched: r.cache.blobsFetched,
            bytesFetched: r.cache.bytesFetched,
            blobsReused: r.cache.blobsReused,
            deltasEncoded: r.cache.deltasEncoded,
            deltasFromCache: r.cache.deltasFromCache
        }
    };
}
function uploadedAny(r) {
    return r.published?.artifacts.some((a) => a.uploaded) ?? false;
}

// EXTERNAL MODULE: ./src/pipeline/run-pipeline.ts + 1 modules
var run_pipeline = __webpack_require__(3021);
// EXTERNAL MODULE: ./src/pipeline/real-stages.ts + 32 modules
var real_stages = __webpack_require__(8373);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/oci/store.ts
var oci_store = __webpack_require__(9800);
;// CONCATENATED MODULE: ./src/cache/actions-cache.ts




/** Bump when the store layout changes, so old caches are not restored into a new layout. */
const CACHE_KEY_VERSION = 'v1';
function platformsSlug(plan) {
    return plan.targets
        .map((t) => t.platform.replace(/\//g, '-'))
        .sort()
        .join('+');
}
/**
 * `mender-compose-v1-<platforms>-<hash of every image digest involved>`: the
 * exact key stands for "the store holds these images", and the prefix
 * restore-key finds the newest store for the same platforms, which usually
 * holds the previous release's layers, i.e. most of what is needed.
 */
function cacheKeys(plan) {
    const digests = new Set();
    for (const s of plan.services) {
        digests.add(s.image.digest);
        if (s.previous)
            digests.add(s.previous.digest);
    }
    const hash = createHash('sha256')
        .update([...digests].sort().join('\n'))
        .digest('hex')
        .slice(0, 32);
    const prefix = `mender-compose-${CACHE_KEY_VERSION}-${platformsSlug(plan)}-`;
    return { primaryKey: `${prefix}${hash}`, restoreKeys: [prefix] };
}
/** The cache hooks the pipeline calls before fetch. */
function actionsCacheHooks(api, log) {
    return {
        async restore({ plan, options }) {
            const { primaryKey, restoreKeys } = cacheKeys(plan);
            if (!api.isFeatureAvailable()) {
                // Self-hosted runners without a cache service, act, local runs: not a problem.
                log.debug('Cache: the Actions cache service is not available here; skipping');
                return undefined;
            }
            try {
                const matchedKey = await api.restoreCache([options.cacheDir], primaryKey, restoreKeys);
                log.info(matchedKey
                    ? `Cache: restored ${matchedKey === primaryKey ? 'exact key' : 'by prefix'} ${matchedKey}`
                    : `Cache: no entry for ${primaryKey}`);
                return { primaryKey, ...(matchedKey ? { matchedKey } : {}) };
            }
            catch (err) {
                log.warn(`Cache restore failed, fetching everything: ${describeError(err)}`);
                return { primaryKey };
            }
        }
    };
}
/** The post step's save. Returns what happened; never throws. */
async function saveStoreCache(state, api, log) {
    if (!state) {
        log.info('Cache: nothing to save (no cache state from the main step)');
        return 'skipped';
    }
    if (!state.dirty) {
        log.info(`Cache: nothing new was fetched; not saving ${state.primaryKey}`);
        return 'skipped';
    }
    if (state.matchedKey === state.primaryKey) {
        log.info(`Cache: exact hit on ${state.primaryKey}; not saving`);
        return 'skipped';
    }
    if (!api.isFeatureAvailable()) {
        log.debug('Cache: the Actions cache service is not available here; not saving');
        return 'skipped';
    }
    if (state.maxBytes)
        await capStore(state.paths[0], state.maxBytes, log);
    try {
        const id = await api.saveCache(state.paths, state.primaryKey);
        // -1: @actions/cache already logged why (another job reserved the key,
        // read-only token on a fork PR, service error): nothing more to say.
        if (id === -1)
            return 'failed';
        // A failed upload or commit after a successful reservation still returns
        // the reserved id (saveCacheV1 logs a warning and returns it), so ask the
        // service whether the entry is really there before saying it is.
        const found = await api.restoreCache(state.paths, state.primaryKey, [], { lookupOnly: true });
        if (found !== state.primaryKey) {
            log.warn(`Cache: the save of ${state.primaryKey} did not complete; the next run fetches again`);
            return 'failed';
        }
        log.info(`Cache: saved ${state.primaryKey}`);
        return 'saved';
    }
    catch (err) {
        log.warn(`Cache save failed: ${describeError(err)}`);
        return 'failed';
    }
}
/**
 * Evicts the least-recently-used blobs, layer tars and cached deltas above
 * `maxBytes`, so the saved store stops growing with every release (what this
 * run used was touched last, so it stays). A failure costs a larger save.
 */
async function capStore(dir, maxBytes, log) {
    try {
        const store = await oci_store/* ContentStore */.Vh.open(dir, { log });
        const r = await store.evict(maxBytes);
        log.info(`Cache: store ${(0,format/* formatBytes */.z3)(r.keptBytes)} (cap ${(0,format/* formatBytes */.z3)(maxBytes)})${r.removed ? `, evicted ${r.removed} entries (${(0,format/* formatBytes */.z3)(r.freedBytes)})` : ''}`);
    }
    catch (err) {
        log.warn(`Cache: could not trim the store to ${(0,format/* formatBytes */.z3)(maxBytes)}: ${(0,errors/* describeError */.Uc)(err)}`);
    }
}

;// CONCATENATED MODULE: ./src/cli/commands/build.ts











/** Repeatable flags also take comma-separated values, like the action's list inputs. */
const collect = (value, previous) => [...previous, ...(0,option_parsers/* splitList */.ry)(value)];
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
        .addOption(new esm/* Option */.c$('--delta-encoder <encoder>', 'delta encoder (native: built in; best: also tries xdelta3; lzma: xdelta3 -S lzma, devices with liblzma only)')
        .choices(['native', 'best', 'lzma'])
        .default('native'))
        .addOption(new esm/* Option */.c$('--device-image-store <store>', "the device's Docker image store")
        .choices(['classic', 'containerd'])
        .default('classic'))
        .option('--previous-ref <ref>', 'Git ref of the release the devices run now')
        .option('--previous-compose <file>', 'compose file of the release the devices run now (repeatable; for use outside GitHub)', collect, [])
        .option('--previous-artifact-name <name>', 'artifact the devices run now: its metadata on the Mender server gives the exact delta bases')
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
        .option('--cache-max-size <size>', 'evict least-recently-used layers and deltas of the store above this after the build (2GiB, 800MB, bytes; 0: no limit)', DEFAULT_CACHE_MAX_SIZE)
        .option('--output <file>', 'artifact path (one platform; with several, one file per platform from it)')
        .option('--output-dir <dir>', 'folder for artifacts and metadata (default: .)')
        .option('--dry-run', 'do everything but upload and deploy', false)
        .option('--json', 'print the result as JSON on stdout', false)
        .action(async (flags) => {
        const options = cliBuildOptions(flags, env, process.cwd(), (p) => (0,external_node_fs_.readFileSync)(p, 'utf8'));
        const result = await (0,run_pipeline/* runPipeline */.aI)(options, stagesFor(ctx.log), ctx.log);
        if (options.cacheMaxBytes)
            await capStore(options.cacheDir, options.cacheMaxBytes, ctx.log);
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
