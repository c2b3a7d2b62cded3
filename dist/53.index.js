export const id = 53;
export const ids = [53,253];
export const modules = {

/***/ 8053:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DockerArchiveSource: () => (/* binding */ DockerArchiveSource)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(70017);
/* harmony import */ var _image_walk_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(20664);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(32060);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(29217);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(62148);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(49800);
/* harmony import */ var _extract_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(51253);
/* harmony import */ var _local_blob_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(20159);










async function layerMediaType(file) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(file, 'r');
    try {
        const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
        if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b)
            return _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.ociLayerGzip;
        if (bytesRead === 4 && buffer.readUInt32LE(0) === 0xfd2fb528)
            return _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.ociLayerZstd;
        return _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.ociLayer;
    }
    finally {
        await fh.close();
    }
}
/**
 * `docker-archive:FILE[:REF]`: what `docker save` writes (legacy layout,
 * Docker ≥ 25 OCI-in-tar, or the containerd store's compressed blobs). The
 * archive's manifest.json is read; an OCI manifest is made for the image, so
 * its manifest digest is ours, not a registry's.
 */
class DockerArchiveSource {
    file;
    wanted;
    store;
    kind;
    removeFileOnClose;
    reference;
    dir;
    files = new Map();
    constructor(file, wanted, store, kind = 'docker-archive', reference, removeFileOnClose = false) {
        this.file = file;
        this.wanted = wanted;
        this.store = store;
        this.kind = kind;
        this.removeFileOnClose = removeFileOnClose;
        this.reference = reference ?? `docker-archive:${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(file)}${wanted ? `:${wanted}` : ''}`;
    }
    async unpacked() {
        if (!this.dir) {
            const dir = this.store.tempPath('archive');
            this.dir = dir;
            await (0,_extract_js__WEBPACK_IMPORTED_MODULE_8__.extractImageArchive)(this.file, dir).catch(async (err) => {
                // a half-unpacked archive is of no use to anyone
                this.dir = undefined;
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
                throw err;
            });
        }
        return this.dir;
    }
    pick(entries) {
        if (!this.wanted) {
            if (entries.length === 1)
                return entries[0];
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${this.reference}: the archive holds ${entries.length} images; name one`, {
                hint: `write docker-archive:FILE:REF with one of: ${entries.flatMap((e) => e.RepoTags ?? []).join(', ') || '(untagged)'}`
            });
        }
        const want = (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatReference */ .FH)((0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReference */ .F2)(this.wanted));
        const found = entries.find((e) => (e.RepoTags ?? []).some((t) => (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .formatReference */ .FH)((0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReference */ .F2)(t)) === want));
        if (!found) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${this.reference}: no image tagged ${this.wanted} in the archive`, {
                hint: `it has: ${entries.flatMap((e) => e.RepoTags ?? []).join(', ') || '(untagged images)'}`
            });
        }
        return found;
    }
    async resolve(platform) {
        const dir = await this.unpacked();
        let entries;
        try {
            entries = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'manifest.json'), 'utf8'));
        }
        catch {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${this.reference}: not a docker save archive (no readable manifest.json)`);
        }
        const entry = this.pick(entries);
        const configFile = (0,_extract_js__WEBPACK_IMPORTED_MODULE_8__/* .safeEntryPath */ .F)(dir, entry.Config, this.file);
        const configBytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(configFile);
        const configDigest = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_4__/* .sha256Digest */ .sI)(configBytes);
        const diffIds = JSON.parse(configBytes.toString('utf8')).rootfs
            ?.diff_ids ?? [];
        await this.store.putBlobBytes(configDigest, configBytes);
        const layers = [];
        for (const [i, name] of entry.Layers.entries()) {
            const path = (0,_extract_js__WEBPACK_IMPORTED_MODULE_8__/* .safeEntryPath */ .F)(dir, name, this.file);
            const mediaType = await layerMediaType(path);
            const named = /blobs\/sha256\/([a-f0-9]{64})$/.exec(name);
            let digest;
            let size;
            if (named) {
                digest = `sha256:${named[1]}`;
                size = (await (0,_store_js__WEBPACK_IMPORTED_MODULE_7__/* .hashFile */ .DC)(path)).size;
            }
            else if (mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.ociLayer && diffIds[i]) {
                digest = diffIds[i];
                size = (await (0,_store_js__WEBPACK_IMPORTED_MODULE_7__/* .hashFile */ .DC)(path)).size;
            }
            else {
                ;
                ({ digest, size } = await (0,_store_js__WEBPACK_IMPORTED_MODULE_7__/* .hashFile */ .DC)(path));
            }
            this.files.set(digest, path);
            layers.push({ mediaType, digest, size });
        }
        const manifestBytes = Buffer.from(JSON.stringify({
            schemaVersion: 2,
            mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.ociManifest,
            config: { mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.ociConfig, digest: configDigest, size: configBytes.length },
            layers
        }));
        const manifestDigest = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_4__/* .sha256Digest */ .sI)(manifestBytes);
        await this.store.putBlobBytes(manifestDigest, manifestBytes);
        return (0,_image_walk_js__WEBPACK_IMPORTED_MODULE_3__/* .walkImage */ .v)({
            kind: this.kind,
            reference: this.reference,
            manifest: async () => ({ bytes: manifestBytes }),
            config: async () => configBytes
        }, { bytes: manifestBytes, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.ociManifest, digest: manifestDigest }, platform);
    }
    fetchBlob(desc, onBytes) {
        const file = this.files.get(desc.digest);
        if (!file)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${this.reference}: the archive has no blob ${desc.digest}`);
        return (0,_local_blob_js__WEBPACK_IMPORTED_MODULE_9__/* .copyBlobIntoStore */ .M)(this.store, file, desc, onBytes);
    }
    async close() {
        if (this.dir)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(this.dir, { recursive: true, force: true });
        if (this.removeFileOnClose)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(this.file, { force: true });
    }
}


/***/ }),

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
