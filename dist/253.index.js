export const id = 253;
export const ids = [253];
export const modules = {

/***/ 51253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ safeEntryPath),
/* harmony export */   extractImageArchive: () => (/* binding */ extractImageArchive)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(56118);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(70017);







/** A tar entry name that stays inside its folder, or an error naming the archive. */
function safeEntryPath(root, name, archive) {
    const clean = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.normalize)(name.replace(/^\.\/+/, ''));
    if (clean.startsWith('/') ||
        clean === '..' ||
        clean.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_2__.sep}`) ||
        clean.includes(`${node_path__WEBPACK_IMPORTED_MODULE_2__.sep}..${node_path__WEBPACK_IMPORTED_MODULE_2__.sep}`)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${archive}: the entry "${name}" escapes the archive folder; refusing to read it`);
    }
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, clean);
}
/**
 * Unpacks an image archive (oci-archive or docker save; gzip detected) into
 * `dest`, streaming. Files and folders are written; a symlink or hard link
 * (`docker save` and skopeo write `<id>/layer.tar` as a link to a layer file)
 * is accepted only when it names a regular file of the same archive, and is
 * made as a hard link to that file: no symlink is ever created, so nothing
 * can point outside `dest`. Devices and links to anything else are refused.
 */
async function extractImageArchive(archive, dest) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dest, { recursive: true });
    const head = await new Promise((resolve, reject) => {
        const s = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(archive, { start: 0, end: 1 });
        const chunks = [];
        s.on('data', (c) => chunks.push(c));
        s.on('end', () => resolve(Buffer.concat(chunks)));
        s.on('error', (err) => reject(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`cannot read the image archive ${archive}: ${err.code ?? err.message}`)));
    });
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    const ex = (0,tar_stream__WEBPACK_IMPORTED_MODULE_5__.extract)();
    let failure;
    const files = new Set();
    const links = [];
    ex.on('entry', (h, stream, next) => {
        stream.on('error', () => { });
        void (async () => {
            try {
                const path = safeEntryPath(dest, h.name, archive);
                if (h.type === 'directory') {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(path, { recursive: true });
                    stream.resume();
                }
                else if (h.type === 'file' || h.type === 'contiguous-file') {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true });
                    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(stream, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(path));
                    files.add(path);
                }
                else if ((h.type === 'symlink' || h.type === 'link') && h.linkname) {
                    // a symlink's target is relative to its folder, a hard link's to the archive root
                    const rel = h.type === 'symlink' ? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(h.name), h.linkname) : h.linkname;
                    if (h.linkname.startsWith('/'))
                        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${archive}: the entry "${h.name}" links to the absolute path ${h.linkname}; refusing to read it`);
                    links.push({ path, target: safeEntryPath(dest, rel, archive), name: h.name });
                    stream.resume();
                }
                else {
                    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${archive}: the entry "${h.name}" is a ${h.type}; image archives hold only files and folders`);
                }
                next();
            }
            catch (err) {
                failure ??= err;
                stream.resume();
                ex.destroy(err);
            }
        })();
    });
    // the entry handler's error is kept in `failure`; streamx would otherwise re-emit it uncaught
    ex.on('error', () => { });
    const input = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(archive);
    try {
        await (gz ? (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(input, (0,node_zlib__WEBPACK_IMPORTED_MODULE_4__.createGunzip)(), ex) : (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(input, ex));
        if (failure)
            throw failure;
        for (const l of links) {
            if (!files.has(l.target))
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`${archive}: the entry "${l.name}" is a link to something that is not a file of the archive; image archives hold only files and folders`);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(l.path), { recursive: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.link)(l.target, l.path);
        }
    }
    catch (err) {
        if (failure instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo)
            throw failure;
        if (err instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo)
            throw err;
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`cannot unpack the image archive ${archive}: ${err.message}`, {
            cause: err
        });
    }
}


/***/ })

};
