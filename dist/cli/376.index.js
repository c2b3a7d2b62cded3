export const id = 376;
export const ids = [376];
export const modules = {

/***/ 376:
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
// EXTERNAL MODULE: ./src/cli/build-options.ts + 1 modules
var build_options = __webpack_require__(7131);
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

// EXTERNAL MODULE: ./src/pipeline/run-pipeline.ts + 2 modules
var run_pipeline = __webpack_require__(1259);
// EXTERNAL MODULE: ./src/pipeline/stages/index.ts + 40 modules
var stages = __webpack_require__(1077);
// EXTERNAL MODULE: ./src/pipeline/option-parsers.ts
var option_parsers = __webpack_require__(8000);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/oci/store.ts
var oci_store = __webpack_require__(9800);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
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
/** The cache hooks the pipeline calls before fetch (its CacheHooks). */
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

// EXTERNAL MODULE: ./src/pipeline/options.ts
var options = __webpack_require__(4920);
// EXTERNAL MODULE: ./src/cli/table-flag.ts
var table_flag = __webpack_require__(6437);
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
function registerBuildCommand(program, ctx, stagesFor = stages/* createStages */.k, env = process.env) {
    const build = program
        .command('build')
        .description('plan, fetch, delta, package and (unless --dry-run) upload and deploy a release')
        .addOption((0,table_flag/* tableFlag */.f)('composeFile', 'file', collect, []))
        .addOption((0,table_flag/* tableFlag */.f)('projectDirectory', 'dir'))
        .addOption((0,table_flag/* tableFlag */.f)('applicationName', 'name'))
        .addOption((0,table_flag/* tableFlag */.f)('artifactName', 'name'))
        .addOption((0,table_flag/* tableFlag */.f)('deviceTypes', 'type', collect, []))
        .addOption((0,table_flag/* tableFlag */.f)('platform', 'os/arch[/variant]'))
        .addOption((0,table_flag/* tableFlag */.f)('devicePlatforms', 'type=platform', collectRaw, []))
        .addOption((0,table_flag/* tableFlag */.f)('module', 'module'))
        .addOption((0,table_flag/* tableFlag */.f)('delta', 'mode'))
        .addOption((0,table_flag/* tableFlag */.f)('deltaEncoder', 'encoder'))
        .addOption((0,table_flag/* tableFlag */.f)('deviceImageStore', 'store'))
        .addOption((0,table_flag/* tableFlag */.f)('previousRef', 'ref'))
        .addOption((0,table_flag/* tableFlag */.f)('previousCompose', 'file', collect, []))
        .addOption((0,table_flag/* tableFlag */.f)('previousArtifactName', 'name'))
        .addOption((0,table_flag/* tableFlag */.f)('softwareFilesystem', 'fs'))
        .addOption((0,table_flag/* tableFlag */.f)('provides', 'key=value', collectRaw, []))
        .addOption((0,table_flag/* tableFlag */.f)('depends', 'key=value', collectRaw, []))
        .addOption((0,table_flag/* tableFlag */.f)('clearsProvides', 'pattern', collect, []))
        .addOption((0,table_flag/* tableFlag */.f)('compression', 'id'))
        .addOption((0,table_flag/* tableFlag */.f)('signingKey', 'file'))
        .addOption((0,table_flag/* tableFlag */.f)('menderServerUrl', 'url').default(undefined))
        .addOption((0,table_flag/* tableFlag */.f)('menderAccessToken', 'token'))
        .addOption((0,table_flag/* tableFlag */.f)('menderUsername', 'user'))
        .addOption((0,table_flag/* tableFlag */.f)('upload'))
        .addOption((0,table_flag/* tableFlag */.f)('deployGroup', 'group'))
        .addOption((0,table_flag/* tableFlag */.f)('deployDevices', 'ids', collect, []))
        .addOption((0,table_flag/* tableFlag */.f)('deployAllDevices'))
        .addOption((0,table_flag/* tableFlag */.f)('deploymentName', 'name'))
        .addOption((0,table_flag/* tableFlag */.f)('wait'))
        .addOption((0,table_flag/* tableFlag */.f)('waitTimeout', 'duration'))
        .addOption((0,table_flag/* tableFlag */.f)('forceInstallation'))
        .addOption((0,table_flag/* tableFlag */.f)('retries', 'n'))
        .addOption((0,table_flag/* tableFlag */.f)('phases', 'json'))
        .addOption((0,table_flag/* tableFlag */.f)('updateControlMap', 'json'))
        .addOption((0,table_flag/* tableFlag */.f)('maxFailures', 'n'))
        .addOption((0,table_flag/* tableFlag */.f)('serviceImages', 'service=source', collectRaw, []))
        .addOption((0,table_flag/* tableFlag */.f)('cacheDir', 'dir'))
        .addOption((0,table_flag/* tableFlag */.f)('cacheMaxSize', 'size'))
        .addOption((0,table_flag/* tableFlag */.f)('output', 'file'))
        .addOption((0,table_flag/* tableFlag */.f)('outputDir', 'dir'))
        .addOption((0,table_flag/* tableFlag */.f)('dryRun'))
        .addOption((0,table_flag/* tableFlag */.f)('json'));
    // the action's input names, where the flag is singular: the same words work in both
    for (const key of ['composeFile', 'deviceTypes', 'devicePlatforms', 'serviceImages'])
        build.addOption(new esm/* Option */.c$(`--${options/* OPTION_TABLE */.zS[key].name} <value>`)
            .argParser(key === 'devicePlatforms' || key === 'serviceImages' ? collectRaw : collect)
            .default([])
            .hideHelp());
    build.action(async (flags) => {
        const options = (0,build_options/* cliBuildOptions */.Bv)(flags, env, process.cwd(), (p) => (0,external_node_fs_.readFileSync)(p, 'utf8'));
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
