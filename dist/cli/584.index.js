export const id = 584;
export const ids = [584];
export const modules = {

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


/***/ })

};
