export const id = 49;
export const ids = [49];
export const modules = {

/***/ 3663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registerDeltaCommands: () => (/* binding */ registerDeltaCommands)
/* harmony export */ });
/* harmony import */ var _delta_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5630);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2693);


/** `delta encode | decode` (VCDIFF that stock `xdelta3 -d -s SOURCE DELTA OUT` applies). */
function registerDeltaCommands(delta, ctx) {
    delta
        .command('encode')
        .description('make a VCDIFF delta of TARGET against SOURCE (decodable by xdelta3 -d -s)')
        .requiredOption('--source <file>', 'the old file (e.g. the previous layer tar)')
        .requiredOption('--target <file>', 'the new file')
        .requiredOption('--output <file>', 'where to write the delta')
        .option('--engine <name>', 'native (built in) or xdelta3 (the system binary)', 'native')
        .action(async (flags) => {
        const engine = (0,_delta_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEngine */ .s4)(flags.engine);
        const r = await (0,_delta_index_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeDelta */ .xb)({
            sourcePath: flags.source,
            targetPath: flags.target,
            outputPath: flags.output,
            engine
        });
        ctx.log.debug(`delta encode stats: ${JSON.stringify(r.stats ?? {})}`);
        ctx.stdout(`${flags.output}: ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(r.size)} delta (${r.size} bytes) of a ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(r.targetSize)} target against a ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(r.sourceSize)} source, ${engine} engine, ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(r.durationMs)}\n`);
    });
    delta
        .command('decode')
        .description('apply a VCDIFF delta to SOURCE, verifying every window checksum')
        .requiredOption('--source <file>', 'the old file the delta was made against')
        .requiredOption('--delta <file>', 'the delta')
        .requiredOption('--output <file>', 'where to write the rebuilt file')
        .action(async (flags) => {
        const r = await (0,_delta_index_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeDelta */ .Vr)({
            sourcePath: flags.source,
            deltaPath: flags.delta,
            outputPath: flags.output
        });
        ctx.stdout(`${flags.output}: ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(r.size)} (${r.size} bytes, ${r.windows} windows) in ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(r.durationMs)}\n`);
    });
}


/***/ }),

/***/ 4535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   vK: () => (/* binding */ writeAtomically)
/* harmony export */ });
/* unused harmony export temporarySibling */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


let serial = 0;
/**
 * A temporary name in the same folder, so the final rename never crosses file
 * systems. Unique by process ID and a counter (the random part only guards
 * against a reused PID); not node:crypto, whose loading would spend part of
 * the delta encoder's memory goal for nothing.
 */
function temporarySibling(path) {
    const tag = `${process.pid}.${++serial}.${Math.random().toString(36).slice(2, 8)}`;
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path)}.${tag}.tmp`);
}
/**
 * Run `produce` against a temporary path and rename it to `path` only when it
 * succeeds; on any error the temporary file is removed and `path` is untouched.
 */
async function writeAtomically(path, produce) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path), { recursive: true });
    const tmp = temporarySibling(path);
    try {
        const result = await produce(tmp);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rename)(tmp, path);
        return result;
    }
    catch (err) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(tmp, { force: true, recursive: true });
        throw err;
    }
}
async function writeFileAtomic(path, data) {
    await writeAtomically(path, (tmp) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(tmp, data));
}


/***/ }),

/***/ 2693:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CE: () => (/* binding */ formatRate),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/** Human-readable byte count: 1536 → "1.5 KiB". */
function formatBytes(bytes) {
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    const s = ms / 1000;
    if (s < 60)
        return `${s.toFixed(1)} s`;
    return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
/** Bytes per second as "12.3 MiB/s"; guards against a zero interval. */
function formatRate(bytes, ms) {
    return `${formatBytes(Math.round((bytes * 1000) / Math.max(ms, 1)))}/s`;
}


/***/ })

};
