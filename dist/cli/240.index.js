export const id = 240;
export const ids = [240,595,584];
export const modules = {

/***/ 1613:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registerComposeCommands: () => (/* binding */ registerComposeCommands)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _compose_load_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4349);
/* harmony import */ var _github_git_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2281);
/* harmony import */ var _github_previous_release_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8595);
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
    return (0,_compose_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadComposeProject */ .IJ)({
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
    const project = await (0,_github_previous_release_js__WEBPACK_IMPORTED_MODULE_3__.loadPreviousCompose)({
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

/***/ 6584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubCall: () => (/* binding */ githubCall),
/* harmony export */   githubClient: () => (/* binding */ githubClient),
/* harmony export */   githubRetryVerdict: () => (/* binding */ githubRetryVerdict),
/* harmony export */   statusOf: () => (/* binding */ statusOf)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17);
/* harmony import */ var _util_http_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9260);
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4266);




function githubClient(options) {
    const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, { baseUrl });
}
/** Longest wait for a rate limit to reset before giving up with a clear error. */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/**
 * Runs one API call with retries for 5xx, network errors and rate limits
 * (403/429 with x-ratelimit-remaining: 0 or Retry-After, waiting as the
 * headers say). @actions/github has no retry plugin of its own.
 */
async function githubCall(what, fn, opts) {
    const now = opts.now ?? Date.now;
    try {
        return await (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .withRetry */ .b)(fn, {
            attempts: opts.attempts ?? 4,
            baseDelayMs: opts.baseDelayMs ?? 1000,
            maxDelayMs: MAX_RATE_LIMIT_WAIT_MS,
            retryable: (err) => githubRetryVerdict(err, now()),
            onRetry: (err, attempt, delay) => opts.log.info(`GitHub API ${what}: ${shortError(err)}; retry ${attempt} in ${delay} ms`)
        });
    }
    catch (err) {
        const status = statusOf(err);
        if (status !== undefined && isRateLimited(err))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitHub API ${what}: rate limit exceeded`, {
                hint: 'pass github-token (the default ${{ github.token }} has a higher limit) or retry later',
                cause: err
            });
        if (status === 401 || status === 403)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitHub API ${what}: ${status} ${shortError(err)}`, {
                hint: 'the token needs "contents: read" on this repository',
                cause: err
            });
        throw err;
    }
}
function githubRetryVerdict(err, now) {
    const status = statusOf(err);
    if (status === undefined)
        return (0,_util_http_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .isNetworkError */ .TX)(err);
    if (status === 403 || status === 429) {
        const retryAfter = (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .parseRetryAfter */ .m)(header(err, 'retry-after'), now);
        if (retryAfter !== undefined)
            return retryAfter <= MAX_RATE_LIMIT_WAIT_MS ? retryAfter : false;
        if (header(err, 'x-ratelimit-remaining') === '0') {
            const reset = Number(header(err, 'x-ratelimit-reset'));
            if (!Number.isFinite(reset))
                return false;
            const wait = Math.max(0, reset * 1000 - now);
            return wait <= MAX_RATE_LIMIT_WAIT_MS ? wait : false;
        }
        return status === 429;
    }
    return status >= 500 || status === 408;
}
function isRateLimited(err) {
    const s = statusOf(err);
    return (s === 429 ||
        (s === 403 &&
            (header(err, 'x-ratelimit-remaining') === '0' || header(err, 'retry-after') !== undefined)));
}
function statusOf(err) {
    const s = err?.status;
    return typeof s === 'number' ? s : undefined;
}
function header(err, name) {
    const h = err.response?.headers?.[name];
    return typeof h === 'string' ? h : typeof h === 'number' ? String(h) : undefined;
}
function shortError(err) {
    return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}


/***/ }),

/***/ 2281:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MZ: () => (/* binding */ gitHasCommit),
/* harmony export */   g7: () => (/* binding */ gitShowFile),
/* harmony export */   oB: () => (/* binding */ gitTopLevel)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_1__);


const run = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
/**
 * Reading files at a commit from the local clone, when the checkout has it
 * (fetch-depth of 2 or more): no API call, no rate limit.
 */
async function gitHasCommit(repoDir, ref) {
    try {
        await run('git', ['-C', repoDir, 'cat-file', '-e', `${ref}^{commit}`]);
        return true;
    }
    catch {
        return false;
    }
}
/** The file's text at `ref`, or undefined when it does not exist there. */
async function gitShowFile(repoDir, ref, path) {
    try {
        const { stdout } = await run('git', ['-C', repoDir, 'show', `${ref}:${path}`], {
            maxBuffer: 200 * 1024 * 1024,
            encoding: 'utf8'
        });
        return stdout;
    }
    catch (err) {
        const stderr = String(err.stderr ?? '');
        if (/does not exist|exists on disk, but not in|invalid object name|not a valid object/i.test(stderr))
            return undefined;
        throw new Error(`git show ${ref}:${path} failed: ${stderr.trim() || err.message}`, {
            cause: err
        });
    }
}
/** The root of the git checkout holding `dir`, or undefined outside one. */
async function gitTopLevel(dir) {
    try {
        const { stdout } = await run('git', ['-C', dir, 'rev-parse', '--show-toplevel'], {
            encoding: 'utf8'
        });
        return stdout.trim();
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 8595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findPreviousRelease: () => (/* binding */ findPreviousRelease),
  loadPreviousCompose: () => (/* binding */ loadPreviousCompose)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/compose/load.ts + 8 modules
var load = __webpack_require__(4349);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./src/github/client.ts
var client = __webpack_require__(6584);
;// CONCATENATED MODULE: ./src/github/contents.ts

/**
 * A file's text at a ref through the contents API with the raw media type
 * (needed above 1 MB; the API serves up to 100 MB so). Undefined on 404: the
 * file, or the ref, does not exist there.
 */
async function readFileAtRef(api, at, log) {
    try {
        const res = await (0,client.githubCall)(`read ${at.path} at ${at.ref}`, () => api.rest.repos.getContent({
            owner: at.owner,
            repo: at.repo,
            path: at.path,
            ref: at.ref,
            mediaType: { format: 'raw' }
        }), { log });
        const data = res.data;
        if (typeof data === 'string')
            return data;
        // A directory answers with a JSON listing even with the raw media type.
        if (Array.isArray(data))
            throw new Error(`${at.path} at ${at.ref} is a directory`);
        if (data instanceof ArrayBuffer)
            return Buffer.from(data).toString('utf8');
        return String(data);
    }
    catch (err) {
        if ((0,client.statusOf)(err) === 404)
            return undefined;
        throw err;
    }
}
/** The first parent of a commit, or undefined for a root commit. */
async function parentCommit(api, at, log) {
    const res = await (0,client.githubCall)(`commit ${at.ref}`, () => api.rest.repos.getCommit({ owner: at.owner, repo: at.repo, ref: at.ref }), { log });
    return res.data.parents[0]?.sha;
}
/** How `head` relates to `base`: ahead (base is an ancestor), behind, diverged or identical. */
async function compareCommits(api, at, log) {
    const res = await (0,client.githubCall)(`compare ${at.base}...${at.head}`, () => api.rest.repos.compareCommitsWithBasehead({
        owner: at.owner,
        repo: at.repo,
        basehead: `${at.base}...${at.head}`,
        per_page: 1
    }), { log });
    return res.data.status;
}
async function listTags(api, at, log) {
    return (0,client.githubCall)('list tags', () => api.paginate(api.rest.repos.listTags, { owner: at.owner, repo: at.repo, per_page: 100 }), { log });
}
async function listReleases(api, at, log) {
    return (0,client.githubCall)('list releases', () => api.paginate(api.rest.repos.listReleases, { owner: at.owner, repo: at.repo, per_page: 100 }), { log });
}

;// CONCATENATED MODULE: ./src/github/baseline.ts


const ZERO_SHA = /^0+$/;
/**
 * The previous release by event (push: `before`; tag: the previous tag; release: the previous release). Undefined
 * means there is none (initial commit, first tag, first release): the
 * artifact then carries full images, and the log says why.
 */
async function findBaseline(inputs) {
    const found = await byEvent(inputs);
    if (found)
        inputs.log.info(`previous release: ${found.ref} (${found.reason})`);
    return found;
}
async function byEvent(inputs) {
    const { payload, log } = inputs;
    if (inputs.previousRef)
        return { ref: inputs.previousRef, reason: 'the previous-ref input' };
    switch (inputs.eventName) {
        case 'push': {
            const ref = str(payload.ref) ?? '';
            if (ref.startsWith('refs/tags/'))
                return previousTag(inputs, ref.slice('refs/tags/'.length));
            const before = str(payload.before);
            if (payload.created === true || !before || ZERO_SHA.test(before))
                return baseline_parent(inputs, 'a new branch: the parent commit');
            if (payload.forced === true)
                return baseline_parent(inputs, 'a forced push: "before" may not be an ancestor, so the parent commit');
            return { ref: before, reason: 'the commit before the push' };
        }
        case 'release':
            return previousRelease(inputs);
        case 'workflow_dispatch': {
            const input = obj(payload.inputs);
            const explicit = str(input['previous-ref']) ?? str(input.previous_ref);
            if (explicit) {
                const status = await compareCommits(inputs.api, { ...inputs.repo, base: explicit, head: inputs.sha }, log).catch(() => undefined);
                if (status === 'diverged' || status === 'behind')
                    log.warn(`previous-ref ${explicit} is not an ancestor of ${inputs.sha} (${status})`);
                return { ref: explicit, reason: 'the workflow_dispatch input previous-ref' };
            }
            return baseline_parent(inputs, 'a manual run: the parent commit');
        }
        case 'pull_request':
        case 'pull_request_target': {
            const base = str(obj(obj(payload.pull_request).base).sha);
            if (base)
                return { ref: base, reason: "the pull request's base commit" };
            return baseline_parent(inputs, 'the parent commit');
        }
        case 'merge_group': {
            const base = str(obj(payload.merge_group).base_sha);
            if (base)
                return { ref: base, reason: "the merge group's base commit" };
            return baseline_parent(inputs, 'the parent commit');
        }
        default:
            return baseline_parent(inputs, `event ${inputs.eventName}: the parent commit`);
    }
}
async function baseline_parent(inputs, reason) {
    const sha = await parentCommit(inputs.api, { ...inputs.repo, ref: inputs.sha }, inputs.log);
    if (!sha) {
        inputs.log.info(`no previous release: ${inputs.sha} is the initial commit`);
        return undefined;
    }
    return { ref: sha, reason };
}
/** The highest semver tag below the current one (tags that are not semver are skipped). */
async function previousTag(inputs, current) {
    const currentVersion = semver_default().clean(current) ?? undefined;
    const tags = await listTags(inputs.api, inputs.repo, inputs.log);
    // A stable release follows the previous stable one: devices never ran a release candidate
    // unless the tag being pushed is one too.
    const stableOnly = currentVersion !== undefined && semver_default().prerelease(currentVersion) === null;
    const candidates = tags
        .filter((t) => t.name !== current && semver_default().valid(semver_default().clean(t.name) ?? ''))
        .filter((t) => !stableOnly || semver_default().prerelease(semver_default().clean(t.name)) === null)
        .filter((t) => !currentVersion || semver_default().lt(semver_default().clean(t.name), currentVersion))
        .sort((a, b) => semver_default().rcompare(semver_default().clean(a.name), semver_default().clean(b.name)));
    const prev = candidates[0];
    if (!prev) {
        inputs.log.info(`no previous release: no semver tag before ${current}`);
        return undefined;
    }
    return { ref: prev.commit.sha, reason: `the previous tag ${prev.name}`, tag: prev.name };
}
/**
 * The latest published release before the current one. getLatestRelease is
 * not used: it may answer the current release itself.
 */
async function previousRelease(inputs) {
    const current = obj(inputs.payload.release);
    const releases = await listReleases(inputs.api, inputs.repo, inputs.log);
    const when = (r) => Date.parse(r.published_at ?? r.created_at);
    const currentTime = str(current.published_at)
        ? Date.parse(current.published_at)
        : Infinity;
    const prev = releases
        .filter((r) => !r.draft && !r.prerelease && r.id !== current.id && r.tag_name !== current.tag_name)
        .filter((r) => when(r) <= currentTime)
        .sort((a, b) => when(b) - when(a))[0];
    if (!prev) {
        inputs.log.info(`no previous release: ${str(current.tag_name) ?? 'this'} is the first published release`);
        return undefined;
    }
    return {
        ref: prev.tag_name,
        reason: `the previous published release ${prev.tag_name}`,
        tag: prev.tag_name
    };
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function obj(v) {
    return typeof v === 'object' && v !== null ? v : {};
}

// EXTERNAL MODULE: ./src/github/git-files.ts
var git_files = __webpack_require__(2281);
;// CONCATENATED MODULE: ./src/github/previous-release.ts






/**
 * The compose project as it was at the previous release, read through git
 * when the checkout has that commit, else through the contents API. A missing
 * compose file means "no previous release" (undefined), logged with the reason.
 */
async function loadPreviousCompose(inputs) {
    const { log, workspace } = inputs;
    const viaGit = await (0,git_files/* gitHasCommit */.MZ)(workspace, inputs.ref);
    if (!viaGit && !inputs.api)
        throw new errors/* UserError */.yo(`the checkout does not have the previous release ${inputs.ref}`, {
            hint: 'check out with fetch-depth: 0 (or 2 for push events), or give a github-token'
        });
    log.debug(`reading the previous compose files at ${inputs.ref} through ${viaGit ? 'git' : 'the GitHub API'}`);
    const repoPath = (abs) => {
        const rel = (0,external_node_path_.relative)(workspace, abs);
        if (rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel))
            throw new errors/* UserError */.yo(`${abs} is outside the repository checkout ${workspace}`);
        return rel.split(external_node_path_.sep).join('/');
    };
    const source = cached({
        read: (abs) => viaGit
            ? (0,git_files/* gitShowFile */.g7)(workspace, inputs.ref, repoPath(abs))
            : readFileAtRef(inputs.api, { ...inputs.repo, ref: inputs.ref, path: repoPath(abs) }, log)
    });
    const files = inputs.files.map((f) => (0,external_node_path_.resolve)(workspace, f));
    for (const f of files) {
        if ((await source.read(f)) === undefined) {
            log.info(`no previous release: ${repoPath(f)} did not exist at ${inputs.ref}, so the artifact carries full images`);
            return undefined;
        }
    }
    const project = await (0,load/* loadComposeProject */.IJ)({
        files,
        ...(inputs.projectDirectory && {
            projectDirectory: (0,external_node_path_.resolve)(workspace, inputs.projectDirectory)
        }),
        ...(inputs.profiles && { profiles: inputs.profiles }),
        workingDirectory: workspace,
        env: inputs.env ?? {},
        source,
        // Mutable tags of the previous release were warned about when it was built.
        log: { ...log, warn: (m) => log.debug(m) }
    });
    if (project.variablesFromProcess.length > 0)
        log.warn(`the compose files of the previous release (${inputs.ref}) were interpolated with this run's ${project.variablesFromProcess.map((v) => `$${v}`).join(', ')}; if the value was different at that release, the base images read from them are wrong. Keep such values in the committed .env, or rely on the previous artifact's metadata`);
    return project;
}
/** Each file is read once even though the existence check and the loader both ask. */
function cached(source) {
    const seen = new Map();
    return {
        read: (p) => {
            let r = seen.get(p);
            if (!r)
                seen.set(p, (r = source.read(p)));
            return r;
        }
    };
}
/**
 * The whole lookup the action runs: the baseline commit for this event, then
 * the compose project there. Undefined when there is no previous release
 * (the reason is logged by the step that found none).
 */
async function findPreviousRelease(inputs) {
    const baseline = await findBaseline({
        eventName: inputs.eventName,
        payload: inputs.payload,
        sha: inputs.sha,
        repo: inputs.repo,
        api: inputs.api,
        log: inputs.log,
        ...(inputs.previousRef && { previousRef: inputs.previousRef })
    });
    if (!baseline)
        return undefined;
    const project = await loadPreviousCompose({ ...inputs, ref: baseline.ref });
    return project ? { baseline, project } : undefined;
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
