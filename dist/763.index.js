export const id = 763;
export const ids = [763,584];
export const modules = {

/***/ 96584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubCall: () => (/* binding */ githubCall),
/* harmony export */   githubClient: () => (/* binding */ githubClient),
/* harmony export */   githubRetryVerdict: () => (/* binding */ githubRetryVerdict),
/* harmony export */   statusOf: () => (/* binding */ statusOf)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92413);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/* harmony import */ var _util_http_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(59260);
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

/***/ 18763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findPreviousRelease: () => (/* binding */ findPreviousRelease),
  loadPreviousCompose: () => (/* binding */ loadPreviousCompose)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/compose/load.ts + 8 modules
var load = __webpack_require__(34349);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./src/github/client.ts
var client = __webpack_require__(96584);
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./src/github/git-files.ts


const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
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

;// CONCATENATED MODULE: ./src/github/previous-release.ts






/**
 * The compose project as it was at the previous release, read through git
 * when the checkout has that commit, else through the contents API. A missing
 * compose file means "no previous release" (undefined), logged with the reason.
 */
async function loadPreviousCompose(inputs) {
    const { log, workspace } = inputs;
    const viaGit = await gitHasCommit(workspace, inputs.ref);
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
            ? gitShowFile(workspace, inputs.ref, repoPath(abs))
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


/***/ })

};
