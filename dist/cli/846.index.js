export const id = 846;
export const ids = [846];
export const modules = {

/***/ 846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   decompressLayer: () => (/* binding */ decompressLayer)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(17);







/** Node 20 has no zstd; Node ≥ 22.15 has zlib.createZstdDecompress. Else the `zstd` CLI. */
function zstdStream(input) {
    const zlib = process.getBuiltinModule?.('node:zlib');
    if (zlib?.createZstdDecompress)
        return input.pipe(zlib.createZstdDecompress());
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('zstd', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = new node_stream__WEBPACK_IMPORTED_MODULE_3__.PassThrough();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d.toString()));
    child.on('error', (err) => out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`a zstd layer needs Node ≥ 22.15 or the zstd program (${err.code ?? err.message})`, {
        hint: 'install zstd (apt-get install zstd) or run on a newer Node'
    })));
    child.on('close', (code) => {
        if (code !== 0)
            out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`zstd failed to decompress a layer: ${stderr.trim()}`));
    });
    input.pipe(child.stdin);
    child.stdin.on('error', () => { });
    child.stdout.pipe(out);
    return out;
}
/** Decompresses a layer blob to `outPath` and returns the sha256 diff ID of the tar. */
async function decompressLayer(blobPath, compression, outPath) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256');
    const hasher = new node_stream__WEBPACK_IMPORTED_MODULE_3__.Transform({
        transform(chunk, _enc, cb) {
            hash.update(chunk);
            cb(null, chunk);
        }
    });
    const input = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createReadStream)(blobPath, { highWaterMark: 1 << 20 });
    const out = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createWriteStream)(outPath);
    try {
        if (compression === 'gzip')
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(input, (0,node_zlib__WEBPACK_IMPORTED_MODULE_5__.createGunzip)({ chunkSize: 1 << 20 }), hasher, out);
        else if (compression === 'zstd')
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(zstdStream(input), hasher, out);
        else
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(input, hasher, out);
    }
    catch (err) {
        if (err instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo)
            throw err;
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`cannot decompress layer ${blobPath} (${compression}): ${err.message}`, { cause: err });
    }
    return `sha256:${hash.digest('hex')}`;
}


/***/ })

};
