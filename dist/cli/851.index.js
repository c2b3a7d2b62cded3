export const id = 851;
export const ids = [851];
export const modules = {

/***/ 9437:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fu: () => (/* binding */ buildTypeInfo),
/* harmony export */   kb: () => (/* binding */ DEFAULT_SOFTWARE_FILESYSTEM),
/* harmony export */   oq: () => (/* binding */ buildHeaderInfo),
/* harmony export */   px: () => (/* binding */ splitKeyValue)
/* harmony export */ });
/* unused harmony exports softwareVersionProvide, payloadName */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

const DEFAULT_SOFTWARE_FILESYSTEM = 'rootfs-image';
/**
 * header-info for a module-image artifact. Key order and `omitempty` follow
 * mender-artifact's `HeaderInfoV3`, so the JSON bytes are the same as its.
 */
function buildHeaderInfo(o) {
    const provides = { artifact_name: o.name };
    if (o.providesGroup)
        provides.artifact_group = o.providesGroup;
    const depends = {};
    if (o.artifactNameDepends?.length)
        depends.artifact_name = [...o.artifactNameDepends];
    depends.device_type = [...o.deviceTypes];
    if (o.dependsGroups?.length)
        depends.artifact_group = [...o.dependsGroups];
    return { payloads: [{ type: o.type }], artifact_provides: provides, artifact_depends: depends };
}
/** The `<fs>.<name>.version` key and its value, or undefined when disabled. */
function softwareVersionProvide(o) {
    if (o.noDefaultSoftwareVersion)
        return undefined;
    const fs = o.softwareFilesystem || DEFAULT_SOFTWARE_FILESYSTEM;
    const name = o.softwareName || o.type;
    return [`${fs}.${name}.version`, o.softwareVersion || o.name];
}
/**
 * type-info, as `makeTypeInfo` + `makeClearsArtifactProvides` in mender-artifact:
 * the default software-version provide is added unless an explicit provide of
 * the same key exists (and no later `--software-*` flag overrides it); the
 * default clears entry `<fs>.<name>.*` comes after the user's patterns unless
 * it repeats one of them.
 */
function buildTypeInfo(o) {
    const provides = { ...o.provides };
    const sw = softwareVersionProvide(o);
    if (sw && (!(sw[0] in provides) || o.softwareVersionOverridesProvides))
        provides[sw[0]] = sw[1];
    const clears = [...(o.clearsProvides ?? [])];
    if (sw && !o.noDefaultClearsProvides) {
        const fs = o.softwareFilesystem || DEFAULT_SOFTWARE_FILESYSTEM;
        const pattern = `${fs}.${o.softwareName || o.type}.*`;
        if (!clears.includes(pattern))
            clears.push(pattern);
    }
    const info = { type: o.type };
    if (o.depends && Object.keys(o.depends).length > 0)
        info.artifact_depends = sortKeys(o.depends);
    if (Object.keys(provides).length > 0)
        info.artifact_provides = sortKeys(provides);
    if (clears.length > 0)
        info.clears_artifact_provides = clears;
    return info;
}
/** Go marshals maps with sorted keys; JSON.stringify keeps insertion order, so sort first. */
function sortKeys(record) {
    const out = {};
    for (const k of Object.keys(record).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))))
        out[k] = record[k];
    return out;
}
/** Payload files are stored flat, by basename, as `data/0000/<basename>` in the manifest. */
function payloadName(path) {
    return basename(path);
}
/** `KEY:VALUE` split at the first colon, as mender-artifact does for -p/-d. */
function splitKeyValue(arg) {
    const i = arg.indexOf(':');
    if (i < 0)
        return undefined;
    return [arg.slice(0, i), arg.slice(i + 1)];
}


/***/ }),

/***/ 9851:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  tF: () => (/* reexport */ ArtifactOpenError),
  SO: () => (/* reexport */ InvalidArtifactError),
  h8: () => (/* reexport */ artifactInfoJson),
  Qw: () => (/* reexport */ describeArtifact),
  Gd: () => (/* reexport */ parseCompression),
  R9: () => (/* reexport */ reader_readArtifact),
  px: () => (/* reexport */ fields/* splitKeyValue */.px),
  w6: () => (/* reexport */ writeArtifact),
  xE: () => (/* reexport */ zstdAvailable)
});

// UNUSED EXPORTS: COMPRESSIONS, WRITABLE_COMPRESSIONS, buildHeaderInfo, buildTypeInfo, compressionSuffix, createSigner, extractPayloads, loadSigner, parsePublicKey, readArtifactStream, validateModuleImage, verifyManifestSignature

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/util/atomic.ts
var atomic = __webpack_require__(4535);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/log.ts
var util_log = __webpack_require__(9906);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/artifact/parallel-gzip.ts



const deflateRaw = (0,external_node_util_.promisify)(external_node_zlib_.deflateRaw);
/**
 * The 10-byte gzip header every mender-artifact gzip member starts with:
 * MTIME = Go's zero time truncated to 32 bits, XFL 0, OS 255 (unknown).
 */
const GO_GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0x00, 0x09, 0x6e, 0x88, 0, 0xff]);
// A final, empty fixed-Huffman block: ends the deflate stream after sync-flushed chunks.
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const WINDOW = 32 * 1024;
const SEGMENT = 32 * 1024;
const SAMPLE_STEP = 8;
const ENTROPY_LIMIT = 7.7;
const MAX_STORED = 65535;
const counts = new Float64Array(256);
/**
 * Whether a segment looks like already-compressed or random bytes: the
 * order-0 entropy of every 8th byte is close to 8 bits. zlib spends
 * most of its time failing to find matches in such data and then emits it
 * nearly as is; Go's klauspost/compress (inside mender-artifact's pgzip)
 * skips it the same way, which is why it is fast on mixed payloads.
 */
function looksIncompressible(buf, start, end) {
    counts.fill(0);
    let n = 0;
    for (let i = start; i < end; i += SAMPLE_STEP) {
        counts[buf[i]]++;
        n++;
    }
    if (n < 1024)
        return false;
    let sum = 0;
    for (let i = 0; i < 256; i++) {
        const c = counts[i];
        if (c > 0)
            sum += c * Math.log2(c);
    }
    const entropy = Math.log2(n) - sum / n;
    // Above 7.7 bits deflate saves at most a few per cent (Huffman coding alone
    // gives about (8 - H) / 8) unless the data repeats, and compressed data does not.
    return entropy > ENTROPY_LIMIT;
}
/** Split a block into runs of 32 KiB segments that should be deflated or stored. */
function classifyRuns(block) {
    const runs = [];
    for (let start = 0; start < block.length; start += SEGMENT) {
        const end = Math.min(block.length, start + SEGMENT);
        const compressible = !looksIncompressible(block, start, end);
        const last = runs[runs.length - 1];
        if (last && last.compressible === compressible)
            last.end = end;
        else
            runs.push({ start, end, compressible });
    }
    return runs;
}
/** Deflate "stored" blocks (BFINAL 0, BTYPE 00) for data that would not compress; byte-aligned. */
function storedBlocks(data) {
    const out = [];
    for (let i = 0; i < data.length; i += MAX_STORED) {
        const chunk = data.subarray(i, i + MAX_STORED);
        const head = Buffer.alloc(5);
        head.writeUInt16LE(chunk.length, 1);
        head.writeUInt16LE(~chunk.length & 0xffff, 3);
        out.push(head, chunk);
    }
    return out;
}
/**
 * One gzip member whose deflate stream is made of blocks compressed in
 * parallel (as pigz and Go's pgzip do): each block is sync-flushed and primed
 * with the previous block's last 32 KiB as a dictionary, so the ratio stays
 * close to single-stream deflate while several cores compress. Any gunzip
 * reads the result; CRC-32 and size are of the whole input.
 */
class ParallelGzip extends external_node_stream_.Transform {
    level;
    blockSize;
    concurrency;
    pending = [];
    pendingBytes = 0;
    inFlight = [];
    previousTail;
    tailStored = false;
    crc = 0;
    total = 0;
    started = false;
    constructor(options = {}) {
        super();
        this.level = options.level ?? 6;
        this.blockSize = options.blockSize ?? 1024 * 1024;
        this.concurrency = Math.max(1, options.concurrency ?? 2);
    }
    _transform(chunk, _enc, done) {
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        this.pump(false).then(() => done(), done);
    }
    _flush(done) {
        this.pump(true).then(() => {
            this.header();
            this.push(FINAL_BLOCK);
            const trailer = Buffer.alloc(8);
            trailer.writeUInt32LE(this.crc >>> 0, 0);
            trailer.writeUInt32LE(this.total % 2 ** 32, 4);
            this.push(trailer);
            done();
        }, done);
    }
    header() {
        if (this.started)
            return;
        this.started = true;
        this.push(GO_GZIP_HEADER);
    }
    async pump(final) {
        while (this.pendingBytes >= this.blockSize || (final && this.pendingBytes > 0)) {
            const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
            const block = all.subarray(0, Math.min(this.blockSize, all.length));
            const rest = all.subarray(block.length);
            this.pending = rest.length > 0 ? [rest] : [];
            this.pendingBytes = rest.length;
            this.dispatch(block);
            if (this.inFlight.length >= this.concurrency)
                await this.emitOldest();
        }
        if (final)
            while (this.inFlight.length > 0)
                await this.emitOldest();
    }
    dispatch(block) {
        this.crc = external_node_zlib_.crc32(block, this.crc);
        this.total += block.length;
        const parts = [];
        const runs = classifyRuns(block);
        for (const run of runs) {
            const data = block.subarray(run.start, run.end);
            if (!run.compressible) {
                parts.push(storedBlocks(data));
                continue;
            }
            const options = {
                level: this.level,
                finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH
            };
            // The window before a run that follows stored (random) bytes holds
            // nothing to match, so it is not worth zlib's time as a dictionary.
            const afterStored = run.start > 0 || this.tailStored;
            const dictionary = afterStored ? undefined : this.windowBefore(block, run.start);
            if (dictionary && dictionary.length > 0)
                options.dictionary = dictionary;
            parts.push(deflateRaw(data, options));
        }
        this.tailStored = runs.length > 0 && !runs[runs.length - 1].compressible;
        // copy: the tail must outlive the caller's buffer, which may be reused
        this.previousTail = Buffer.from(this.windowBefore(block, block.length));
        // pushed piece by piece: no copy of the block's output
        const p = Promise.all(parts).then((bufs) => bufs.flat());
        p.catch(() => { }); // surfaced when awaited in order; avoid an unhandled rejection meanwhile
        this.inFlight.push(p);
    }
    /** The (up to) 32 KiB of input before `offset` in `block`: the decoder's window there. */
    windowBefore(block, offset) {
        if (offset >= WINDOW || !this.previousTail)
            return block.subarray(Math.max(0, offset - WINDOW), offset);
        const prev = this.previousTail.subarray(Math.max(0, this.previousTail.length - (WINDOW - offset)));
        return Buffer.concat([prev, block.subarray(0, offset)]);
    }
    async emitOldest() {
        const out = await this.inFlight.shift();
        this.header();
        for (const piece of out)
            this.push(piece);
    }
}

;// CONCATENATED MODULE: ./src/artifact/compression.ts




const COMPRESSIONS = (/* unused pure expression or super */ null && (['none', 'gzip', 'zstd', 'lzma']));
/** What our writer can produce (lzma is read-only). */
const WRITABLE_COMPRESSIONS = (/* unused pure expression or super */ null && (['none', 'gzip', 'zstd']));
const SUFFIX = { none: '', gzip: '.gz', zstd: '.zst', lzma: '.xz' };
function compressionSuffix(c) {
    return SUFFIX[c];
}
/** Compression from a member name such as `header.tar.gz` (readers look only at the suffix). */
function compressionFromName(name) {
    if (name.endsWith('.tar'))
        return 'none';
    if (name.endsWith('.tar.gz'))
        return 'gzip';
    if (name.endsWith('.tar.zst'))
        return 'zstd';
    if (name.endsWith('.tar.xz'))
        return 'lzma';
    return undefined;
}
/**
 * mender-artifact's `--compression` ids: 3.9 has none/gzip/lzma, 3.10+ adds
 * zstd_fastest/fast/better/best. We accept `zstd` and the 3.10 ids.
 */
function parseCompression(id) {
    switch (id) {
        case 'none':
        case 'gzip':
        case 'zstd':
            return { compression: id };
        case 'zstd_fastest':
            return { compression: 'zstd', level: 1 };
        case 'zstd_fast':
            return { compression: 'zstd', level: 3 };
        case 'zstd_better':
            return { compression: 'zstd', level: 7 };
        case 'zstd_best':
            return { compression: 'zstd', level: 11 };
        case 'lzma':
            throw new errors/* UserError */.yo('writing lzma (xz) compressed artifacts is not supported', {
                hint: 'use --compression gzip, zstd or none; lzma artifacts can be read'
            });
        default:
            throw new errors/* UserError */.yo(`unknown compression ${JSON.stringify(id)}`, {
                hint: 'use one of none, gzip, zstd (or zstd_fastest, zstd_fast, zstd_better, zstd_best)'
            });
    }
}
function zstdApi() {
    const z = external_node_zlib_;
    if (typeof z.createZstdCompress !== 'function' || typeof z.createZstdDecompress !== 'function')
        throw new errors/* UserError */.yo(`zstd needs Node.js 22.15 / 23.8 or newer (this is ${process.version})`, {
            hint: 'run with a newer Node.js, or use --compression gzip'
        });
    return { createZstdCompress: z.createZstdCompress, createZstdDecompress: z.createZstdDecompress };
}
/** True when this Node.js can write and read zstd (22.15 / 23.8 and newer). */
function zstdAvailable() {
    const z = external_node_zlib_;
    return typeof z.createZstdCompress === 'function' && typeof z.createZstdDecompress === 'function';
}
/** Fails early (before any work) when the runtime cannot do this compression. */
function assertCompressionAvailable(c) {
    if (c === 'zstd')
        zstdApi();
}
function createCompressor(c, level, concurrency) {
    switch (c) {
        case 'none':
            return new external_node_stream_.PassThrough();
        case 'gzip':
            return new ParallelGzip({ level: level ?? 6, concurrency });
        case 'zstd': {
            const key = external_node_zlib_.constants.ZSTD_c_compressionLevel ?? 100;
            return zstdApi().createZstdCompress(level === undefined ? {} : { params: { [key]: level } });
        }
        case 'lzma':
            throw new errors/* UserError */.yo('writing lzma (xz) compressed artifacts is not supported');
    }
}
function createDecompressor(c) {
    switch (c) {
        case 'none':
            return new external_node_stream_.PassThrough();
        case 'gzip':
            return external_node_zlib_.createGunzip();
        case 'zstd':
            return zstdApi().createZstdDecompress();
        case 'lzma':
            return createXzDecompressor();
    }
}
/** xz via the WebAssembly `xz-decompress` package (no native code, so it bundles). */
function createXzDecompressor() {
    const input = new external_node_stream_.PassThrough();
    const output = new external_node_stream_.PassThrough();
    void (async () => {
        try {
            // imported on first use: most artifacts are gzip, and the WASM costs start-up time
            const { XzReadableStream } = (await __webpack_require__.e(/* import() */ 642).then(__webpack_require__.t.bind(__webpack_require__, 6642, 23)));
            const web = new XzReadableStream(external_node_stream_.Readable.toWeb(input));
            const reader = web.getReader();
            while (true) {
                const { done, value } = await reader.read();
                if (done)
                    break;
                if (!output.write(value))
                    await new Promise((r) => output.once('drain', r));
            }
            output.end();
        }
        catch (err) {
            output.destroy(err);
        }
    })();
    return duplexOf(input, output);
}
function duplexOf(writable, readable) {
    return external_node_stream_.Duplex.from({ writable, readable });
}

// EXTERNAL MODULE: ./src/artifact/fields.ts
var fields = __webpack_require__(9437);
;// CONCATENATED MODULE: ./src/artifact/go-json.ts
/**
 * JSON as Go's `json.Marshal` writes a `map[string]interface{}`: keys sorted
 * at every level, compact, and `<`, `>`, `&`, U+2028, U+2029 escaped. This is
 * how mender-artifact re-serialises `-m` meta-data, so our bytes match its.
 */
function goJson(value) {
    if (value === null || value === undefined)
        return 'null';
    if (typeof value === 'string')
        return goString(value);
    if (typeof value === 'number') {
        if (!Number.isFinite(value))
            throw new TypeError(`cannot encode ${value} as JSON`);
        // Go's float64 encoding switches to exponent form at the same thresholds
        // as JavaScript (1e21 and 1e-6) and writes the exponent without padding.
        return JSON.stringify(value);
    }
    if (typeof value === 'boolean')
        return value ? 'true' : 'false';
    if (Array.isArray(value))
        return `[${value.map(goJson).join(',')}]`;
    if (typeof value === 'object') {
        const keys = Object.keys(value).sort(compareUtf8);
        const obj = value;
        return `{${keys.map((k) => `${goString(k)}:${goJson(obj[k])}`).join(',')}}`;
    }
    throw new TypeError(`cannot encode a ${typeof value} as JSON`);
}
/** Go sorts map keys by their UTF-8 bytes, not by UTF-16 code units. */
function compareUtf8(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/**
 * A struct-like value (key order as given) with Go's HTML-safe escaping; used
 * for header-info and type-info, whose key order comes from Go struct fields.
 */
function goStructJson(value) {
    return goEscape(JSON.stringify(value));
}
function goString(s) {
    return goEscape(JSON.stringify(s));
}
// These characters only ever appear inside string literals of JSON text, so a
// replacement over the whole text is safe.
function goEscape(json) {
    return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

;// CONCATENATED MODULE: ./src/artifact/manifest.ts

/** sha256 of the fixed `version` member; it appears in every manifest. */
const VERSION_JSON = Buffer.from('{"format":"mender","version":3}');
/** `sha256sum` form, in insertion order: `<hex>  <path>\n` per line. */
function formatManifest(entries) {
    return Buffer.from(entries.map(([path, sum]) => `${sum}  ${path}\n`).join(''), 'utf8');
}
/** Byte length of the manifest before the checksums are known (64 hex digits each). */
function manifestLength(paths) {
    return paths.reduce((n, p) => n + 64 + 2 + Buffer.byteLength(p) + 1, 0);
}
const LINE = /^([0-9a-f]{64}) {2}(\S+)$/;
/** Parse a manifest; errors on malformed or duplicate lines, as the Go and C++ readers do. */
function parseManifest(text, member = 'manifest') {
    const out = new Map();
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '')
        lines.pop();
    lines.forEach((line, i) => {
        const m = LINE.exec(line);
        if (!m)
            throw new errors/* UserError */.yo(`invalid artifact: ${member} line ${i + 1} is malformed: ${JSON.stringify(line.slice(0, 120))}`);
        const [, sum, path] = m;
        if (out.has(path))
            throw new errors/* UserError */.yo(`invalid artifact: ${member} lists ${path} twice`);
        out.set(path, sum);
    });
    return out;
}

;// CONCATENATED MODULE: ./src/artifact/owner-names.ts

/**
 * User and group names for tar headers, looked up as Go's tar.FileInfoHeader
 * does (from /etc/passwd and /etc/group); empty where there is no such file.
 */
const cache = new Map();
function table(path) {
    let t = cache.get(path);
    if (!t) {
        t = new Map();
        try {
            for (const line of (0,external_node_fs_.readFileSync)(path, 'utf8').split('\n')) {
                const [name, , id] = line.split(':');
                if (name && id && /^\d+$/.test(id) && !t.has(Number(id)))
                    t.set(Number(id), name);
            }
        }
        catch {
            // no passwd/group file (Windows, minimal containers): names stay empty
        }
        cache.set(path, t);
    }
    return t;
}
function userName(uid) {
    return table('/etc/passwd').get(uid) ?? '';
}
function groupName(gid) {
    return table('/etc/group').get(gid) ?? '';
}

// EXTERNAL MODULE: ./src/artifact/signing.ts
var signing = __webpack_require__(725);
;// CONCATENATED MODULE: ./src/artifact/tar-header.ts
/**
 * USTAR headers as Go's archive/tar writes them for mender-artifact (octal
 * fields zero-padded and NUL-terminated, checksum `%06o\0 `, no directory
 * entries). A PAX record carries sizes that do not fit 11 octal digits.
 */
const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777;
/** Bytes of zero padding after `size` bytes of content. */
function padding(size) {
    const rest = size % BLOCK;
    return rest === 0 ? 0 : BLOCK - rest;
}
function paddingBlock(size) {
    return Buffer.alloc(padding(size));
}
/** The two zero blocks that end an archive (no padding to a 10 KiB record, as Go does). */
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);
function octal(buf, value, offset, length) {
    buf.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}
function ustarBlock(e) {
    const buf = Buffer.alloc(BLOCK);
    const name = Buffer.from(e.name, 'utf8');
    if (name.length > 100)
        throw new Error(`tar member name too long: ${e.name}`);
    name.copy(buf, 0);
    octal(buf, e.mode ?? 0o600, 100, 8);
    octal(buf, e.uid ?? 0, 108, 8);
    octal(buf, e.gid ?? 0, 116, 8);
    octal(buf, Math.min(e.size, MAX_OCTAL_SIZE), 124, 12);
    octal(buf, Math.max(0, Math.floor(e.mtime ?? 0)), 136, 12);
    buf.fill(0x20, 148, 156);
    buf.write(e.type ?? '0', 156, 1, 'ascii');
    buf.write('ustar\u000000', 257, 8, 'ascii');
    buf.write((e.uname ?? '').slice(0, 31), 265, 32, 'utf8');
    buf.write((e.gname ?? '').slice(0, 31), 297, 32, 'utf8');
    octal(buf, 0, 329, 8);
    octal(buf, 0, 337, 8);
    let sum = 0;
    for (const b of buf)
        sum += b;
    buf.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
    return buf;
}
function paxRecord(key, value) {
    const body = ` ${key}=${value}\n`;
    let len = body.length + 1;
    while (`${len}${body}`.length !== len)
        len = `${len}${body}`.length;
    return `${len}${body}`;
}
/** The header block(s) of one member; content and padding follow separately. */
function tarHeader(e, forcePax = false) {
    if (e.size <= MAX_OCTAL_SIZE && !forcePax)
        return ustarBlock(e);
    const pax = Buffer.from(paxRecord('size', String(e.size)), 'utf8');
    const paxHeader = ustarBlock({
        name: `PaxHeaders.0/${e.name}`.slice(0, 100),
        size: pax.length,
        mtime: e.mtime,
        type: 'x'
    });
    return Buffer.concat([paxHeader, pax, paddingBlock(pax.length), ustarBlock(e)]);
}
/** A whole small member: header, content, padding. */
function tarMember(e, content) {
    return Buffer.concat([
        tarHeader({ ...e, size: content.length }),
        content,
        paddingBlock(content.length)
    ]);
}

;// CONCATENATED MODULE: ./src/artifact/validate.ts


/** The C++ client rejects manifest lines whose path is longer than this. */
const MAX_MANIFEST_PATH = 100;
const MAX_NAME_LENGTH = 256;
const PAYLOAD_NAME = /^[\w.,-]+$/;
/** State scripts an artifact may carry (the C++ client's and mender-artifact's rule). */
const SCRIPT_NAME = /^Artifact(Install|Reboot|Rollback|RollbackReboot|Commit|Failure)_(Enter|Leave|Error)_[0-9][0-9](_\S+)?$/;
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;
/** mender-artifact's `utils/validation.go` rule for names, groups and device types. */
function checkName(value, field) {
    if (value.length === 0)
        throw new errors/* UserError */.yo(`${field} is empty`, { hint: 'give a non-empty value' });
    if ([...value].length > MAX_NAME_LENGTH)
        throw new errors/* UserError */.yo(`${field} ${JSON.stringify(value.slice(0, 40))}… is longer than 256 characters`);
    if (!PRINTABLE.test(value))
        throw new errors/* UserError */.yo(`${field} ${JSON.stringify(value)} contains non-printable characters`, {
            hint: 'use printable characters only (no tabs, newlines or control characters)'
        });
}
function checkPayloadName(name, field = 'payload file') {
    if (!PAYLOAD_NAME.test(name))
        throw new errors/* UserError */.yo(`${field} ${JSON.stringify(name)} contains forbidden characters`, {
            hint: 'only letters, digits and the characters ".,_-" are allowed in payload file names'
        });
    const path = `data/0000/${name}`;
    if (path.length > MAX_MANIFEST_PATH)
        throw new errors/* UserError */.yo(`${field} name ${JSON.stringify(name)} is too long (${name.length} characters)`, {
            hint: `the manifest path data/0000/<name> must be at most ${MAX_MANIFEST_PATH} characters, so names at most ${MAX_MANIFEST_PATH - 10}`
        });
}
function checkScriptName(name) {
    if (!SCRIPT_NAME.test(name))
        throw new errors/* UserError */.yo(`invalid state script name ${JSON.stringify(name)}`, {
            hint: 'name scripts Artifact<Install|Reboot|Rollback|RollbackReboot|Commit|Failure>_<Enter|Leave|Error>_<NN>[_description], e.g. ArtifactInstall_Enter_05_migrate'
        });
    // tar names over 100 bytes need PAX records that some readers mishandle
    if (Buffer.byteLength(`scripts/${name}`) > MAX_MANIFEST_PATH)
        throw new errors/* UserError */.yo(`state script name ${JSON.stringify(name)} is too long`, {
            hint: `at most ${MAX_MANIFEST_PATH - 8} characters`
        });
}
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * Every rule mender-artifact (and the device client) applies to the inputs,
 * checked before anything is written; each error names the field at fault.
 */
function validateModuleImage(o) {
    if (typeof o.type !== 'string' || o.type === '')
        throw new errors/* UserError */.yo('payload type (-T) is required');
    checkName(o.type, 'payload type (-T)');
    if (typeof o.name !== 'string' || o.name === '')
        throw new errors/* UserError */.yo('artifact name (-n) is required');
    checkName(o.name, 'artifact name (-n)');
    if (!Array.isArray(o.deviceTypes) || o.deviceTypes.length === 0)
        throw new errors/* UserError */.yo('at least one device type (-t) is required');
    for (const t of o.deviceTypes)
        checkName(t, 'device type (-t)');
    for (const n of o.artifactNameDepends ?? [])
        checkName(n, 'artifact name depends (-N)');
    if (o.providesGroup !== undefined && o.providesGroup !== '')
        checkName(o.providesGroup, 'provides group (-g)');
    for (const g of o.dependsGroups ?? [])
        checkName(g, 'depends group (-G)');
    for (const [k, v] of Object.entries(o.provides ?? {})) {
        if (k === '')
            throw new errors/* UserError */.yo('a provides (-p) key is empty');
        if (typeof v !== 'string')
            throw new errors/* UserError */.yo(`provides (-p) ${JSON.stringify(k)} must be a string, got ${typeof v}`);
    }
    for (const [k, v] of Object.entries(o.depends ?? {})) {
        if (k === '')
            throw new errors/* UserError */.yo('a depends (-d) key is empty');
        const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
        if (!ok)
            throw new errors/* UserError */.yo(`depends (-d) ${JSON.stringify(k)} must be a string or a list of strings`);
    }
    if (o.metaData !== undefined && !isPlainObject(o.metaData))
        throw new errors/* UserError */.yo('meta-data (-m) must be a JSON object', {
            hint: 'wrap the values in {…}; arrays, strings and numbers are not accepted at the top level'
        });
    const seen = new Set();
    for (const f of o.files ?? []) {
        const name = (0,external_node_path_.basename)(f);
        checkPayloadName(name, `payload file (-f) ${f}:`);
        if (seen.has(name))
            throw new errors/* UserError */.yo(`payload file (-f) ${f}: a file named ${name} is already in the payload`, {
                hint: 'payload files are stored by basename, so two -f files must not share a name'
            });
        seen.add(name);
    }
    const scripts = new Set();
    for (const s of o.scripts ?? []) {
        checkScriptName((0,external_node_path_.basename)(s));
        if (scripts.has((0,external_node_path_.basename)(s)))
            throw new errors/* UserError */.yo(`state script (-s) ${(0,external_node_path_.basename)(s)} given twice`);
        scripts.add((0,external_node_path_.basename)(s));
    }
    for (const p of o.clearsProvides ?? [])
        if (p === '')
            throw new errors/* UserError */.yo('a --clears-provides pattern is empty');
    if (o.compressionLevel !== undefined && !Number.isInteger(o.compressionLevel))
        throw new errors/* UserError */.yo(`compression level ${o.compressionLevel} is not an integer`);
}

;// CONCATENATED MODULE: ./src/artifact/writer.ts


















const READ_CHUNK = 1024 * 1024;
const sha256 = (b) => (0,external_node_crypto_.createHash)('sha256').update(b).digest('hex');
async function statSource(path, flag) {
    let s;
    try {
        s = await (0,promises_.stat)(path);
    }
    catch (err) {
        throw new errors/* UserError */.yo(`${flag} ${path}: cannot read it: ${err.message}`, {
            cause: err
        });
    }
    if (!s.isFile())
        throw new errors/* UserError */.yo(`${flag} ${path}: not a regular file`);
    return {
        path,
        name: (0,external_node_path_.basename)(path),
        size: s.size,
        mode: s.mode & 0o7777,
        uid: s.uid,
        gid: s.gid,
        // Go's tar writer rounds to whole seconds (USTAR has no fractions)
        mtime: Math.round(s.mtimeMs / 1000)
    };
}
function fileEntry(f, name) {
    return {
        name,
        size: f.size,
        mode: f.mode,
        uid: f.uid,
        gid: f.gid,
        uname: userName(f.uid),
        gname: groupName(f.gid),
        mtime: f.mtime
    };
}
/** The header tar (small: JSON headers and state scripts), uncompressed. */
async function buildHeaderTar(o, scripts) {
    const parts = [tarMember({ name: 'header-info' }, Buffer.from(goStructJson((0,fields/* buildHeaderInfo */.oq)(o))))];
    for (const s of scripts) {
        const content = await (0,promises_.readFile)(s.path);
        if (content.length !== s.size)
            throw new errors/* UserError */.yo(`state script ${s.path} changed while writing`);
        parts.push(tarMember(fileEntry(s, `scripts/${s.name}`), content));
    }
    parts.push(tarMember({ name: 'headers/0000/type-info' }, Buffer.from(goStructJson((0,fields/* buildTypeInfo */.fu)(o)))));
    // mender-artifact writes meta-data only when -m gave a non-empty object
    if (o.metaData && Object.keys(o.metaData).length > 0)
        parts.push(tarMember({ name: 'headers/0000/meta-data' }, Buffer.from(goJson(o.metaData))));
    parts.push(END_OF_ARCHIVE);
    return Buffer.concat(parts);
}
async function compressBuffer(buf, o) {
    const chunks = [];
    await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from([buf]), createCompressor(o.compression ?? 'gzip', o.compressionLevel), new external_node_stream_.Writable({
        write(chunk, _e, cb) {
            chunks.push(chunk);
            cb();
        }
    }));
    return Buffer.concat(chunks);
}
/** The payload tar as a stream of buffers, hashing every file as it is read from disk. */
async function* payloadTar(files, sums) {
    for (const f of files) {
        yield tarHeader(fileEntry(f, f.name));
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let n = 0;
        for await (const chunk of (0,external_node_fs_.createReadStream)(f.path, {
            highWaterMark: READ_CHUNK
        })) {
            n += chunk.length;
            if (n > f.size)
                break;
            hash.update(chunk);
            yield chunk;
        }
        if (n !== f.size)
            throw new errors/* UserError */.yo(`payload file ${f.path} changed size while the artifact was written`, {
                hint: 'do not modify payload files while writing the artifact'
            });
        yield paddingBlock(f.size);
        sums.push({
            name: f.name,
            size: f.size,
            sha256: hash.digest('hex'),
            mtime: new Date(f.mtime * 1000)
        });
    }
    yield END_OF_ARCHIVE;
}
/** Compress the payload tar into `path` from `position` on; returns the compressed size. */
async function writePayload(path, position, files, sums, o, concurrency) {
    // bytes before `position` are filled in once the manifest is known
    const out = (0,external_node_fs_.createWriteStream)(path, { flags: 'w', start: position, highWaterMark: READ_CHUNK });
    await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(payloadTar(files, sums), { objectMode: false }), createCompressor(o.compression ?? 'gzip', o.compressionLevel, concurrency), out);
    return out.bytesWritten;
}
/**
 * Write a module-image Mender Artifact v3, as `mender-artifact write
 * module-image` would from the same inputs, to `outputPath` (atomically).
 *
 * The outer tar needs the manifest (payload checksums) before the payload,
 * but everything ahead of the payload has a size known in advance: version,
 * manifest (fixed-width lines), signature (fixed by the key) and the header.
 * So the compressed payload is streamed straight to its final offset and the
 * prefix is filled in afterwards: one pass over the payload, no temp copy.
 */
async function writeArtifact(options, outputPath, writeOptions = {}) {
    const log = writeOptions.log ?? util_log/* silentLogger */.q;
    const o = { ...options, compression: options.compression ?? 'gzip' };
    validateModuleImage(o);
    if (o.compression === 'lzma')
        throw new errors/* UserError */.yo('writing lzma (xz) compressed artifacts is not supported', {
            hint: 'use --compression gzip, zstd or none'
        });
    assertCompressionAvailable(o.compression);
    const fixed = writeOptions.fixedTimestamp;
    const files = (await Promise.all((o.files ?? []).map((f) => statSource(f, 'payload file (-f)')))).map((f) => (fixed === undefined ? f : { ...f, uid: 0, gid: 0, mtime: fixed }));
    const scripts = await Promise.all((o.scripts ?? []).map((s) => statSource(s, 'state script (-s)')));
    const signer = o.signingKey
        ? await (0,signing/* loadSigner */.vu)(o.signingKey)
        : undefined;
    const suffix = compressionSuffix(o.compression);
    const headerName = `header.tar${suffix}`;
    const header = await compressBuffer(await buildHeaderTar(o, scripts), o);
    const manifestPaths = [...files.map((f) => `data/0000/${f.name}`), headerName, 'version'];
    const manifestSize = manifestLength(manifestPaths);
    const payloadBytes = files.reduce((n, f) => n + BLOCK + f.size + padding(f.size), 2 * BLOCK);
    const owner = fixed === undefined ? (process.getuid?.() ?? 0) : 0;
    const group = fixed === undefined ? (process.getgid?.() ?? 0) : 0;
    const dataEntry = {
        name: `data/0000.tar${suffix}`,
        mode: 0o600,
        uid: owner,
        gid: group,
        uname: userName(owner),
        gname: groupName(group),
        mtime: fixed ?? Math.floor(Date.now() / 1000)
    };
    // A payload past 8 GiB may compress to a size that needs a PAX record: reserve room for it.
    const dataHeaderSize = tarHeader({ ...dataEntry, size: payloadBytes }).length;
    const memberSize = (n) => BLOCK + n + padding(n);
    const prefixSize = memberSize(VERSION_JSON.length) +
        memberSize(manifestSize) +
        (signer ? memberSize(signer.signatureLength) : 0) +
        memberSize(header.length) +
        dataHeaderSize;
    const sums = [];
    return (0,atomic/* writeAtomically */.vK)(outputPath, async (tmp) => {
        const concurrency = writeOptions.concurrency ?? Math.max(2, (0,external_node_os_.availableParallelism)());
        const dataSize = await writePayload(tmp, prefixSize, files, sums, o, concurrency);
        const fh = await (0,promises_.open)(tmp, 'r+');
        try {
            const manifest = formatManifest([
                ...sums.map((s) => [`data/0000/${s.name}`, s.sha256]),
                [headerName, sha256(header)],
                ['version', sha256(VERSION_JSON)]
            ]);
            const parts = [
                tarMember({ name: 'version' }, VERSION_JSON),
                tarMember({ name: 'manifest' }, manifest)
            ];
            if (signer) {
                const sig = Buffer.from(signer.sign(manifest));
                if (sig.length !== signer.signatureLength)
                    throw new Error(`signature is ${sig.length} bytes, ${signer.signatureLength} expected`);
                parts.push(tarMember({ name: 'manifest.sig' }, sig));
            }
            parts.push(tarMember({ ...dataEntry, mode: 0o600, name: headerName }, header));
            let dataHeader = tarHeader({ ...dataEntry, size: dataSize });
            if (dataHeader.length < dataHeaderSize)
                dataHeader = tarHeader({ ...dataEntry, size: dataSize }, true);
            parts.push(dataHeader);
            const prefix = Buffer.concat(parts);
            if (prefix.length !== prefixSize)
                throw new Error(`artifact prefix is ${prefix.length} bytes, ${prefixSize} expected`);
            await fh.write(prefix, 0, prefix.length, 0);
            const tail = Buffer.concat([paddingBlock(dataSize), END_OF_ARCHIVE]);
            await fh.write(tail, 0, tail.length, prefixSize + dataSize);
            const size = prefixSize + dataSize + tail.length;
            log.debug(`wrote ${outputPath}: ${files.length} payload file(s), ${o.compression}, ${signer ? `signed (${signer.kind})` : 'unsigned'}, ${size} bytes`);
            return {
                path: outputPath,
                size,
                files: sums,
                manifest: manifest.toString('utf8'),
                signed: Boolean(signer)
            };
        }
        finally {
            await fh.close();
        }
    });
}

// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./src/artifact/tar-entries.ts



async function* tarEntries(source, what) {
    const extract = tar_stream.extract();
    const piping = (0,external_node_stream_promises_.pipeline)(source, extract);
    let failure;
    piping.catch((err) => {
        failure = err;
    });
    try {
        for await (const entry of extract)
            yield { header: entry.header, body: guarded(entry, what) };
    }
    catch (err) {
        throw wrapTarError(failure ?? err, what);
    }
    try {
        await piping;
    }
    catch (err) {
        throw wrapTarError(err, what);
    }
}
/** A member's content, with read/decompression errors turned into UserErrors naming the tar. */
async function* guarded(body, what) {
    try {
        for await (const chunk of body)
            yield chunk;
    }
    catch (err) {
        throw wrapTarError(err, what);
    }
}
function wrapTarError(err, what) {
    if (err instanceof errors/* UserError */.yo)
        return err;
    return new errors/* UserError */.yo(`invalid artifact: ${what} is truncated or not a readable tar: ${err.message}`, {
        cause: err
    });
}
/** A small member's content, refusing more than `limit` bytes. */
async function readEntry(entry, limit, what) {
    const chunks = [];
    let n = 0;
    for await (const chunk of entry) {
        n += chunk.length;
        if (n > limit)
            throw new errors/* UserError */.yo(`invalid artifact: ${what} is larger than ${limit} bytes`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}

;// CONCATENATED MODULE: ./src/artifact/reader.ts










const SMALL_LIMIT = 1024 * 1024;
const HEADER_LIMIT = 64 * 1024 * 1024;
const DATA_MEMBER = /^data\/(\d{4})\.tar(\.gz|\.xz|\.zst)?$/;
class Invalid extends errors/* UserError */.yo {
}
/** The artifact is not valid: its format, a checksum or the signature. */
class InvalidArtifactError extends errors/* UserError */.yo {
}
/** The artifact file cannot be opened. */
class ArtifactOpenError extends errors/* UserError */.yo {
}
/** A rootfs-image's type-info says `"type": ""` when written by mender-artifact. */
const ROOTFS_IMAGE = 'rootfs-image';
/** Read and verify an artifact file (see readArtifactStream). */
async function reader_readArtifact(path, options = {}) {
    const key = await resolveKey(options.publicKey);
    let source;
    try {
        source = (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 });
        await new Promise((resolve, reject) => {
            source.once('open', () => resolve());
            source.once('error', reject);
        });
    }
    catch (err) {
        throw new ArtifactOpenError(`cannot read artifact ${path}: ${err.message}`, {
            cause: err
        });
    }
    return readArtifactStream(source, { ...options, publicKey: key }, path);
}
async function resolveKey(k) {
    if (k === undefined || typeof k !== 'string')
        return k;
    if (k.includes('-----BEGIN'))
        return (0,signing/* parsePublicKey */.ee)(k);
    return (0,signing/* parsePublicKey */.ee)(await (0,signing/* readPemFile */.fm)(k, 'verification key'), `verification key ${k}`);
}
function reader_sha256(b) {
    return (0,external_node_crypto_.createHash)('sha256').update(b).digest('hex');
}
function parseJson(buf, what) {
    try {
        return JSON.parse(buf.toString('utf8'));
    }
    catch (err) {
        throw new Invalid(`${what} is not valid JSON: ${err.message}`);
    }
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function stringList(v, what) {
    if (v === undefined || v === null)
        return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
        throw new Invalid(`${what} must be a list of strings`);
    return v;
}
function checkHeaderInfo(v) {
    if (!isObject(v))
        throw new Invalid('header-info is not a JSON object');
    const payloads = v.payloads;
    if (!Array.isArray(payloads) || payloads.length !== 1 || !isObject(payloads[0]))
        throw new Invalid('header-info must list exactly one payload');
    const type = payloads[0].type;
    if (type !== null && typeof type !== 'string')
        throw new Invalid('header-info payload type is not a string');
    const provides = v.artifact_provides;
    if (!isObject(provides) || typeof provides.artifact_name !== 'string')
        throw new Invalid('header-info has no artifact_provides.artifact_name');
    const depends = v.artifact_depends;
    if (!isObject(depends) || !Array.isArray(depends.device_type))
        throw new Invalid('header-info has no artifact_depends.device_type');
    stringList(depends.device_type, 'header-info device_type');
    stringList(depends.artifact_name, 'header-info artifact_depends.artifact_name');
    stringList(depends.artifact_group, 'header-info artifact_depends.artifact_group');
    return v;
}
function checkTypeInfo(v, payloadType) {
    if (!isObject(v))
        throw new Invalid('type-info is not a JSON object');
    // mender-artifact writes an empty type-info type for rootfs images, and the
    // Mender client accepts that (and only that) on purpose.
    const rootfsEmpty = v.type === '' && payloadType === ROOTFS_IMAGE;
    if (v.type !== payloadType && !rootfsEmpty)
        throw new Invalid(`type-info type ${JSON.stringify(v.type)} differs from header-info payload type ${JSON.stringify(payloadType)}`);
    if (v.artifact_provides !== undefined && v.artifact_provides !== null) {
        if (!isObject(v.artifact_provides) ||
            !Object.values(v.artifact_provides).every((x) => typeof x === 'string'))
            throw new Invalid('type-info artifact_provides values must be strings');
    }
    if (v.artifact_depends !== undefined && v.artifact_depends !== null) {
        const ok = isObject(v.artifact_depends) &&
            Object.values(v.artifact_depends).every((x) => typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'string')));
        if (!ok)
            throw new Invalid('type-info artifact_depends values must be strings or lists of strings');
    }
    stringList(v.clears_artifact_provides, 'type-info clears_artifact_provides');
    return v;
}
async function parseHeaderTar(raw, compression) {
    let headerInfo;
    let typeInfo;
    let metaData;
    const scripts = [];
    const source = external_node_stream_.Readable.from([raw]).pipe(createDecompressor(compression));
    for await (const entry of tarEntries(source, 'the header tar')) {
        const { name, type } = entry.header;
        if (type !== 'file')
            throw new Invalid(`header member ${name} is a ${type}, not a file`);
        const content = await readEntry(entry.body, HEADER_LIMIT, `header member ${name}`);
        if (headerInfo === undefined) {
            if (name !== 'header-info')
                throw new Invalid(`the header must start with header-info, not ${name}`);
            headerInfo = checkHeaderInfo(parseJson(content, 'header-info'));
        }
        else if (name.startsWith('scripts/')) {
            if (typeInfo)
                throw new Invalid(`state script ${name} comes after the type-info`);
            if (!SCRIPT_NAME.test(name.slice(8)))
                throw new Invalid(`invalid state script name ${name}`);
            scripts.push(name.slice(8));
        }
        else if (name === 'headers/0000/type-info') {
            if (typeInfo)
                throw new Invalid('the header has two type-info members');
            typeInfo = checkTypeInfo(parseJson(content, 'type-info'), headerInfo.payloads[0].type);
        }
        else if (name === 'headers/0000/meta-data') {
            if (!typeInfo)
                throw new Invalid('meta-data comes before type-info');
            if (metaData)
                throw new Invalid('the header has two meta-data members');
            const md = content.length === 0 ? {} : parseJson(content, 'meta-data');
            if (!isObject(md))
                throw new Invalid('meta-data is not a JSON object');
            metaData = md;
        }
        else {
            throw new Invalid(`unexpected header member ${name} (only one payload is supported)`);
        }
    }
    if (!headerInfo)
        throw new Invalid('the header has no header-info');
    if (!typeInfo)
        throw new Invalid('the header has no headers/0000/type-info');
    return { headerInfo, typeInfo, metaData, scripts };
}
/** Feed a payload file to the consumer while hashing it; returns its sha256. */
async function consumePayload(entry, file, onPayload) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    if (!onPayload) {
        for await (const chunk of entry) {
            hash.update(chunk);
            size += chunk.length;
        }
        return { sha256: hash.digest('hex'), size };
    }
    const out = new external_node_stream_.PassThrough({ highWaterMark: 1024 * 1024 });
    const consumer = onPayload(file, out);
    let consumerDone = false;
    const settled = consumer.then(() => {
        consumerDone = true;
    }, (err) => {
        consumerDone = true;
        throw err;
    });
    settled.catch(() => { });
    for await (const chunk of entry) {
        hash.update(chunk);
        size += chunk.length;
        if (!consumerDone && !out.destroyed && !out.write(chunk))
            await Promise.race([new Promise((r) => out.once('drain', r)), settled.catch(() => { })]);
    }
    out.end();
    await settled;
    return { sha256: hash.digest('hex'), size };
}
/**
 * Parse a Mender Artifact v3 from a stream, verifying as it goes: the
 * version, the manifest checksum of the header and of every payload file,
 * that every manifest entry was seen, and, given `publicKey`, the signature
 * (then a missing signature is an error, as on a device with a key). Throws a
 * UserError naming `source` and what is wrong.
 */
async function readArtifactStream(input, options = {}, source = 'artifact') {
    try {
        const key = typeof options.publicKey === 'string'
            ? await resolveKey(options.publicKey)
            : options.publicKey;
        return await parseArtifact(input, { ...options, publicKey: key });
    }
    catch (err) {
        input.destroy();
        if (err instanceof Invalid)
            throw new InvalidArtifactError(`invalid artifact ${source}: ${err.message}`, {
                hint: err.hint,
                cause: err.cause
            });
        if (err instanceof errors/* UserError */.yo && err.message.startsWith('invalid artifact: '))
            throw new InvalidArtifactError(`invalid artifact ${source}: ${err.message.slice(18)}`, {
                cause: err.cause
            });
        throw err;
    }
}
async function parseArtifact(input, options) {
    let step = 0; // 0 version, 1 manifest, 2 sig/header, 3 data
    let versionSum;
    let manifestRaw;
    let manifest = new Map();
    let signed = false;
    let verified = false;
    let header;
    let headerCompression;
    let dataCompression;
    const seen = new Set();
    const files = [];
    const checkSum = (path, sum) => {
        const expected = manifest.get(path);
        if (expected === undefined)
            throw new Invalid(`${path} is not listed in the manifest`);
        if (expected !== sum)
            throw new Invalid(`checksum mismatch for ${path}: manifest has ${expected}, content is ${sum}`, {
                hint: 'the artifact was modified or corrupted after it was written'
            });
        seen.add(path);
    };
    const requireSignature = () => {
        if (options.publicKey && !signed)
            throw new Invalid('expecting a signed artifact, but it has no manifest.sig', {
                hint: 'sign it with -k, or read it without a verification key'
            });
    };
    for await (const entry of tarEntries(input, 'the artifact')) {
        const { name, type } = entry.header;
        if (type !== 'file')
            throw new Invalid(`member ${name} is a ${type}, not a file`);
        if (step === 0) {
            if (name !== 'version')
                throw new Invalid(`the first member must be version, not ${name}`);
            const raw = await readEntry(entry.body, SMALL_LIMIT, 'version');
            const v = parseJson(raw, 'version');
            if (!isObject(v) || v.format !== 'mender')
                throw new Invalid('version does not say format "mender"; this is not a Mender Artifact');
            if (v.version !== 3)
                throw new Invalid(`artifact format version ${String(v.version)} is not supported (only 3)`);
            versionSum = reader_sha256(raw);
            step = 1;
        }
        else if (step === 1) {
            if (name !== 'manifest')
                throw new Invalid(`expected manifest after version, found ${name}`);
            manifestRaw = await readEntry(entry.body, SMALL_LIMIT, 'manifest');
            manifest = parseManifest(manifestRaw.toString('utf8'));
            step = 2;
        }
        else if (name === 'manifest.sig') {
            if (step !== 2 || signed || header)
                throw new Invalid('manifest.sig is out of place');
            const sig = (await readEntry(entry.body, SMALL_LIMIT, 'manifest.sig')).toString('utf8');
            signed = true;
            if (options.publicKey) {
                if (!(0,signing/* verifyManifestSignature */.r$)(manifestRaw, sig, options.publicKey))
                    throw new Invalid('the signature does not verify with the given key', {
                        hint: 'the artifact was modified after signing, or signed with a different key'
                    });
                verified = true;
            }
        }
        else if (name === 'manifest-augment' || name.startsWith('header-augment')) {
            throw new Invalid(`augmented artifacts (${name}) are not supported`);
        }
        else if (name.startsWith('header.tar')) {
            if (header)
                throw new Invalid('the artifact has two header members');
            requireSignature();
            headerCompression = compressionFromName(name);
            if (!headerCompression || !/^header\.tar(\.gz|\.xz|\.zst)?$/.test(name))
                throw new Invalid(`unknown header member ${name}`);
            const raw = await readEntry(entry.body, HEADER_LIMIT, name);
            checkSum(name, reader_sha256(raw));
            header = await parseHeaderTar(raw, headerCompression);
            step = 3;
        }
        else if (DATA_MEMBER.test(name)) {
            if (!header)
                throw new Invalid(`${name} comes before the header`);
            if (!name.startsWith('data/0000.'))
                throw new Invalid(`${name}: only one payload (0000) is supported`);
            if (dataCompression)
                throw new Invalid('the artifact has two data/0000 members');
            dataCompression = compressionFromName(name);
            const inner = createDecompressor(dataCompression);
            // errors of this half reach the tar parser below through `inner`
            (0,external_node_stream_promises_.pipeline)(entry.body, inner).catch((err) => inner.destroy(err));
            for await (const file of tarEntries(inner, name)) {
                const fname = file.header.name;
                if (file.header.type !== 'file')
                    throw new Invalid(`payload member ${fname} is a ${file.header.type}, not a file`);
                if (!PAYLOAD_NAME.test(fname))
                    throw new Invalid(`payload file name ${JSON.stringify(fname)} has forbidden characters or a path`);
                const path = `data/0000/${fname}`;
                if (!manifest.has(path))
                    throw new Invalid(`payload file ${fname} is not listed in the manifest`);
                if (seen.has(path))
                    throw new Invalid(`payload file ${fname} appears twice`);
                const meta = {
                    name: fname,
                    size: file.header.size ?? 0,
                    mtime: file.header.mtime ?? new Date(0)
                };
                const got = await consumePayload(file.body, meta, options.onPayload);
                checkSum(path, got.sha256);
                files.push({ ...meta, size: got.size, sha256: got.sha256 });
            }
        }
        else {
            throw new Invalid(`unexpected member ${name}`);
        }
    }
    if (step < 2)
        throw new Invalid(step === 0 ? 'it is empty or not a tar' : 'it has no manifest');
    requireSignature();
    if (!header)
        throw new Invalid('it has no header.tar member');
    checkSum('version', versionSum);
    const missing = [...manifest.keys()].filter((p) => !seen.has(p));
    if (missing.length > 0)
        throw new Invalid(`manifest entries missing from the artifact: ${missing.join(', ')}`, {
            hint: 'the artifact is truncated or was modified'
        });
    return toInfo(header, files, manifest, {
        signed,
        verified,
        headerCompression: headerCompression,
        dataCompression
    });
}
function toInfo(h, files, manifest, extra) {
    const hi = h.headerInfo;
    return {
        name: hi.artifact_provides.artifact_name,
        version: 3,
        format: 'mender',
        deviceTypes: [...hi.artifact_depends.device_type],
        payloadType: hi.payloads[0].type,
        providesGroup: hi.artifact_provides.artifact_group || undefined,
        artifactNameDepends: hi.artifact_depends.artifact_name ?? [],
        dependsGroups: hi.artifact_depends.artifact_group ?? [],
        provides: { ...h.typeInfo.artifact_provides },
        depends: { ...h.typeInfo.artifact_depends },
        clearsProvides: h.typeInfo.clears_artifact_provides ?? undefined,
        metaData: h.metaData,
        scripts: h.scripts,
        files,
        signed: extra.signed,
        signatureVerified: extra.verified,
        headerCompression: extra.headerCompression,
        dataCompression: extra.dataCompression,
        headerInfo: hi,
        typeInfo: h.typeInfo,
        manifest
    };
}
/** The fixed `version` bytes, for tests and for readers that want to compare. */


;// CONCATENATED MODULE: ./src/artifact/extract.ts







/**
 * Verify an artifact and write its payload files into `dir`. Files are
 * streamed to temporary names and renamed only once the whole artifact has
 * verified, so a tampered artifact leaves nothing behind.
 */
async function extractPayloads(path, dir, options = {}) {
    await mkdir(dir, { recursive: true });
    const written = [];
    try {
        const info = await readArtifact(path, {
            ...options,
            onPayload: async (file, content) => {
                const final = join(dir, file.name);
                const tmp = temporarySibling(final);
                written.push([tmp, final]);
                await pipeline(content, createWriteStream(tmp));
            }
        });
        for (const [tmp, final] of written)
            await rename(tmp, final);
        return info;
    }
    catch (err) {
        await Promise.all(written.map(([tmp]) => rm(tmp, { force: true })));
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/artifact/describe.ts
/** Go's `%v` of a JSON value as mender-artifact prints depends (lists as `[a b]`). */
function goValue(v) {
    return Array.isArray(v) ? `[${v.map(goValue).join(' ')}]` : String(v);
}
function sortDeep(v) {
    if (Array.isArray(v))
        return v.map(sortDeep);
    if (typeof v === 'object' && v !== null) {
        const o = v;
        return Object.fromEntries(Object.keys(o)
            .sort()
            .map((k) => [k, sortDeep(o[k])]));
    }
    return v;
}
function keyValues(title, record) {
    const keys = Object.keys(record).sort();
    if (keys.length === 0)
        return [`    ${title}: Nothing`];
    return [`    ${title}:`, ...keys.map((k) => `\t${k}: ${goValue(record[k])}`)];
}
function goTime(d) {
    return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}
/**
 * The text `mender-artifact read` prints (3.9 layout), so the two tools'
 * outputs can be compared line by line; times are shown in UTC. One
 * deliberate difference: meta-data with a list holding objects or lists is
 * shown as JSON, where mender-artifact prints only "Invalid metadata section:
 * KEY: List cannot contain JSON object or list" (the device gets it all the same).
 */
function describeArtifact(info) {
    const signature = !info.signed
        ? 'no signature'
        : info.signatureVerified
            ? 'signed and verified correctly'
            : 'signed but no key for verification provided; please use `-k` option for providing verification key';
    const lines = [
        'Mender artifact:',
        `  Name: ${info.name}`,
        `  Format: ${info.format}`,
        `  Version: ${info.version}`,
        `  Signature: ${signature}`,
        `  Compatible devices: '[${info.deviceTypes.join(' ')}]'`,
        `  Provides group: ${info.providesGroup ?? ''}`,
        `  Depends on one of artifact(s): [${info.artifactNameDepends.join(', ')}]`,
        `  Depends on one of group(s): [${info.dependsGroups.join(', ')}]`,
        '  State scripts:',
        ...info.scripts.map((s) => `    ${s}`),
        '',
        'Updates:',
        '    0:',
        // mender-artifact's words for a bootstrap artifact's null payload type
        `    Type:   ${info.payloadType ?? 'Empty type'}`,
        ...keyValues('Provides', info.provides),
        ...keyValues('Depends', info.depends)
    ];
    if (info.clearsProvides?.length)
        lines.push(`    Clears Provides: [${info.clearsProvides.map((c) => JSON.stringify(c)).join(', ')}]`);
    if (info.metaData && Object.keys(info.metaData).length > 0) {
        const json = JSON.stringify(sortDeep(info.metaData), null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        lines.push('    Metadata:', ...json.split('\n').map((l) => `\t${l}`));
    }
    else
        lines.push('    Metadata: Nothing');
    if (info.files.length === 0)
        lines.push('    Files: None');
    else {
        lines.push('    Files:');
        for (const f of info.files)
            lines.push(`      name:     ${f.name}`, `      size:     ${f.size}`, `      modified: ${goTime(f.mtime)}`, `      checksum: ${f.sha256}`);
    }
    return `${lines.join('\n')}\n`;
}
/** ArtifactInfo as plain JSON (the manifest map becomes an object). */
function artifactInfoJson(info) {
    return `${JSON.stringify({ ...info, manifest: Object.fromEntries(info.manifest) }, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/artifact/index.ts
/** Mender Artifact v3: a native writer, reader and signer. */










/***/ }),

/***/ 725:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JY: () => (/* binding */ checkSigningKey),
/* harmony export */   ee: () => (/* binding */ parsePublicKey),
/* harmony export */   fm: () => (/* binding */ readPemFile),
/* harmony export */   r$: () => (/* binding */ verifyManifestSignature),
/* harmony export */   vu: () => (/* binding */ loadSigner)
/* harmony export */ });
/* unused harmony export createSigner */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);



function describeKeySource(source) {
    return source.startsWith('-----') ? 'the signing key' : `signing key ${source}`;
}
function checkKind(key, what) {
    if (key.asymmetricKeyType === 'rsa')
        return 'rsa';
    if (key.asymmetricKeyType === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve !== 'prime256v1')
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${what} is an ECDSA key on curve ${curve}; only P-256 is supported`, {
                hint: 'create one with: openssl ecparam -name prime256v1 -genkey -noout -out key.pem'
            });
        return 'ecdsa';
    }
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${what} is a ${key.asymmetricKeyType} key; only RSA and ECDSA P-256 are supported`);
}
/** A signer from PEM text (PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY`). */
function createSigner(pem, source = 'the signing key') {
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: pem, format: 'pem' });
    }
    catch (err) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${source} is not a PEM private key: ${err.message}`, {
            hint: 'give an unencrypted PEM key: RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY',
            cause: err
        });
    }
    const kind = checkKind(key, source);
    if (kind === 'ecdsa')
        return {
            kind,
            signatureLength: 88,
            sign: (m) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', m, { key, dsaEncoding: 'ieee-p1363' }).toString('base64')
        };
    const bytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    return {
        kind,
        signatureLength: 4 * Math.ceil(bytes / 3),
        sign: (m) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', m, key).toString('base64')
    };
}
/**
 * Checks a signing key before any work starts: a key the writer would refuse
 * at the Package stage (ed25519, P-384, encrypted, not PEM) is refused here,
 * named by the input or flag `field` it came from.
 */
function checkSigningKey(pem, field) {
    if (/^Proc-Type:\s*4,ENCRYPTED/m.test(pem) || /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${field} is an encrypted private key`, {
            hint: 'sign with an unencrypted key kept in a secret (openssl pkey -in key.pem -out plain.pem)'
        });
    createSigner(pem, field);
}
/** PEM text from a file, with an error that says which key could not be read. */
async function readPemFile(path, what) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`cannot read ${what} ${path}: ${err.message}`, { cause: err });
    }
}
async function loadSigner(spec) {
    if ('pem' in spec)
        return createSigner(spec.pem);
    return createSigner(await readPemFile(spec.path, 'signing key'), describeKeySource(spec.path));
}
/** A verification key from PEM: PKIX `PUBLIC KEY`, PKCS#1 `RSA PUBLIC KEY`, or a private key. */
function parsePublicKey(pem, source = 'the verification key') {
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: pem, format: 'pem' });
    }
    catch (err) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${source} is not a PEM public key: ${err.message}`, {
            cause: err
        });
    }
    checkKind(key, source);
    return key;
}
/**
 * Verify `manifest.sig` (base64) over the manifest bytes. ECDSA signatures are
 * accepted as raw r‖s (what mender-artifact writes) and as DER (what HSMs make,
 * accepted by mender-artifact since 3.11.3).
 */
function verifyManifestSignature(manifest, signatureBase64, key) {
    const text = signatureBase64.trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text))
        return false;
    const sig = Buffer.from(text, 'base64');
    try {
        if (key.asymmetricKeyType !== 'ec')
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', manifest, key, sig);
        const dsaEncoding = sig.length === 64 ? 'ieee-p1363' : 'der';
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', manifest, { key, dsaEncoding }, sig);
    }
    catch {
        return false; // malformed signature bytes (e.g. broken DER)
    }
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


/***/ })

};
