export const id = 369;
export const ids = [369];
export const modules = {

/***/ 7369:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   encodeXdelta3: () => (/* binding */ encodeXdelta3),
/* harmony export */   runXdelta3: () => (/* binding */ runXdelta3),
/* harmony export */   sourceWindowFor: () => (/* binding */ sourceWindowFor),
/* harmony export */   xdelta3EncodeArgs: () => (/* binding */ xdelta3EncodeArgs)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);
/* harmony import */ var _util_atomic_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4535);




/**
 * xdelta3's -B limits: 3.0.11 refuses values below 512 KiB ("-B: minimum
 * value: 524288") and above 2 GiB.
 */
const MIN_SOURCE_WINDOW = 512 * 1024;
const MAX_SOURCE_WINDOW = 2 ** 31;
/** `-B` for a source: the next power of two ≥ its size, within xdelta3's limits. */
function sourceWindowFor(sourceSize) {
    let b = MIN_SOURCE_WINDOW;
    while (b < sourceSize && b < MAX_SOURCE_WINDOW)
        b *= 2;
    return b;
}
/**
 * The xdelta3 encode line: no app header (-A), no external (de)compression
 * (-D, else gzip-looking input is recompressed on decode), and the settings
 * given; without them, the portable line: `-9 -S none` and a source window
 * covering the whole source.
 */
function xdelta3EncodeArgs(e) {
    return [
        '-e',
        '-f',
        `-${e.level ?? 9}`,
        '-S',
        e.secondary ?? 'none',
        '-A',
        '-D',
        '-B',
        String(Math.max(MIN_SOURCE_WINDOW, e.sourceWindow)),
        '-s',
        e.source,
        e.target,
        e.output
    ];
}
async function runXdelta3(args, binary = 'xdelta3') {
    await new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => {
            if (stderr.length < 4096)
                stderr += d.toString();
        });
        child.on('error', (err) => reject(err.code === 'ENOENT'
            ? new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`the xdelta3 engine needs the ${binary} program, which is not installed`, {
                hint: 'install xdelta3 (apt-get install xdelta3) or use the native engine'
            })
            : err));
        child.on('close', (code) => code === 0
            ? resolve()
            : reject(new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${binary} ${args[0]} failed (exit ${code}): ${stderr.trim()}`)));
    });
}
async function encodeXdelta3(sourcePath, targetPath, outputPath, binary = 'xdelta3') {
    const sourceSize = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(sourcePath)).size;
    return (0,_util_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeAtomically */ .vK)(outputPath, async (tmp) => {
        await runXdelta3(xdelta3EncodeArgs({
            source: sourcePath,
            target: targetPath,
            output: tmp,
            sourceWindow: sourceWindowFor(sourceSize)
        }), binary);
        return { size: (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(tmp)).size };
    });
}


/***/ })

};
