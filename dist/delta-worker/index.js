import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 535:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   vK: () => (/* binding */ writeAtomically)
/* harmony export */ });
/* unused harmony exports temporarySibling, writeFileAtomic */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


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
    await writeAtomically(path, (tmp) => writeFile(tmp, data));
}


/***/ }),

/***/ 17:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/* unused harmony export UsageError */
/**
 * An error the user can act on: the message names what is at fault (an input,
 * a file and line, a service) and `hint` says what to do. Fronts print these
 * as one line; anything else is a bug and gets a stack with --verbose.
 */
class UserError extends Error {
    hint;
    /** The CLI's exit code when not the usual 1 (where a reference tool's users script on its codes). */
    exitCode;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'UserError';
        this.hint = options.hint;
        this.exitCode = options.exitCode;
    }
}
/** Bad command line or input value: the CLI exits 2 for these. */
class UsageError extends UserError {
    constructor(message, options = {}) {
        super(message, options);
        this.name = 'UsageError';
    }
}
/** One line for humans: the message, then the hint if there is one. */
function describeError(err) {
    if (err instanceof UserError)
        return err.hint ? `${err.message} (${err.hint})` : err.message;
    if (err instanceof Error)
        return err.message;
    return String(err);
}


/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __nccwpck_require__(17);
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:buffer"
const external_node_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");
// EXTERNAL MODULE: ./src/util/atomic.ts
var atomic = __nccwpck_require__(535);
;// CONCATENATED MODULE: ./src/delta/vcdiff/format.ts
/**
 * VCDIFF (RFC 3284) constants, plus xdelta3's per-window Adler-32 extension
 * (`VCD_ADLER32`, Win_Indicator bit 0x04: four big-endian bytes after the three
 * section lengths, counted in the delta encoding length; checked against real
 * `xdelta3 -e` output).
 */
const MAGIC = [0xd6, 0xc3, 0xc4, 0x00];
// Hdr_Indicator bits
const VCD_DECOMPRESS = 0x01; // a secondary compressor id follows
const VCD_CODETABLE = 0x02; // an application-defined code table follows
const VCD_APPHEADER = 0x04; // xdelta3: an application header follows
// Win_Indicator bits
const VCD_SOURCE = 0x01;
const VCD_TARGET = 0x02;
const VCD_ADLER32 = 0x04;
/** Names of xdelta3's secondary compressors, for error messages. */
const SECONDARY_NAMES = { 1: 'djw', 2: 'lzma', 16: 'fgk' };
/** Target bytes per window: xdelta3's default input window (8 MiB). */
const WINDOW_SIZE = 8 * 1024 * 1024;
/**
 * The decoder refuses windows bigger than this (xdelta3's hard maximum is
 * 16 MiB); larger values can only come from garbage or a hostile delta.
 */
const MAX_DECODE_WINDOW = 64 * 1024 * 1024;
/** Thrown for any malformed, truncated, unsupported or mismatched delta. */
class DeltaFormatError extends Error {
    constructor(message) {
        super(message);
        this.name = 'DeltaFormatError';
    }
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/varint.ts

/** Bytes needed for `value` as an RFC 3284 base-128 integer (most significant group first). */
function varintLength(value) {
    // Comparisons first: called per candidate and per instruction, mostly for small values.
    if (value < 0x80)
        return 1;
    if (value < 0x4000)
        return 2;
    if (value < 0x200000)
        return 3;
    if (value < 0x10000000)
        return 4;
    let n = 1;
    while (value >= 128) {
        value = Math.floor(value / 128);
        n++;
    }
    return n;
}
/** Write `value` (0 ≤ value < 2^53) at `pos`; returns the position after it. */
function writeVarint(out, pos, value) {
    const n = varintLength(value);
    let p = pos + n - 1;
    out[p] = value % 128;
    value = Math.floor(value / 128);
    while (value > 0) {
        out[--p] = (value % 128) | 0x80;
        value = Math.floor(value / 128);
    }
    return pos + n;
}
/** A bounds-checked reader over one section of a delta. */
class ByteCursor {
    buf;
    end;
    what;
    pos;
    constructor(buf, start, end, what) {
        this.buf = buf;
        this.end = end;
        this.what = what;
        this.pos = start;
    }
    byte() {
        if (this.pos >= this.end)
            throw new DeltaFormatError(`${this.what}: unexpected end of data`);
        return this.buf[this.pos++];
    }
    varint() {
        let value = 0;
        for (let i = 0; i < 10; i++) {
            const b = this.byte();
            value = value * 128 + (b & 0x7f);
            if (value > Number.MAX_SAFE_INTEGER)
                throw new DeltaFormatError(`${this.what}: integer overflow`);
            if ((b & 0x80) === 0)
                return value;
        }
        throw new DeltaFormatError(`${this.what}: integer too long`);
    }
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/adler32.ts
const MOD = 65521;
/**
 * Bytes summed before reducing: the largest multiple of 8 with 255n(n+1)/2 +
 * (n+1)(MOD-1) < 2^31 (zlib's NMAX, 5552, is for 2^32), so both sums stay
 * small integers and V8 never turns them into doubles: with the 8-byte
 * unrolling, about half the CPU of the plain loop.
 */
const NMAX = 3848;
/** Adler-32 of `data[start, end)`, as zlib and xdelta3 compute it (initial value 1). */
function adler32(data, start = 0, end = data.length) {
    let a = 1;
    let b = 0;
    let i = start;
    while (i < end) {
        const stop = Math.min(end, i + NMAX);
        for (const stop8 = stop - 7; i < stop8; i += 8) {
            a = (a + data[i]) | 0;
            b = (b + a) | 0;
            a = (a + data[i + 1]) | 0;
            b = (b + a) | 0;
            a = (a + data[i + 2]) | 0;
            b = (b + a) | 0;
            a = (a + data[i + 3]) | 0;
            b = (b + a) | 0;
            a = (a + data[i + 4]) | 0;
            b = (b + a) | 0;
            a = (a + data[i + 5]) | 0;
            b = (b + a) | 0;
            a = (a + data[i + 6]) | 0;
            b = (b + a) | 0;
            a = (a + data[i + 7]) | 0;
            b = (b + a) | 0;
        }
        for (; i < stop; i++) {
            a = (a + data[i]) | 0;
            b = (b + a) | 0;
        }
        a %= MOD;
        b %= MOD;
    }
    return ((b << 16) | a) >>> 0;
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/code-table.ts
/**
 * The RFC 3284 default code table (section 5.6) and the address caches
 * (section 5.3) with the default sizes s_near = 4, s_same = 3.
 */
const NOOP = 0;
const ADD = 1;
const RUN = 2;
const COPY = 3;
const S_NEAR = 4;
const S_SAME = 3;
const MODES = 2 + S_NEAR + S_SAME;
const SAME_SIZE = S_SAME * 256;
function buildDefaultTable() {
    const t = {
        type1: new Uint8Array(256),
        size1: new Uint8Array(256),
        mode1: new Uint8Array(256),
        type2: new Uint8Array(256),
        size2: new Uint8Array(256),
        mode2: new Uint8Array(256)
    };
    let i = 0;
    const put = (ty1, s1, m1, ty2, s2, m2) => {
        t.type1[i] = ty1;
        t.size1[i] = s1;
        t.mode1[i] = m1;
        t.type2[i] = ty2;
        t.size2[i] = s2;
        t.mode2[i] = m2;
        i++;
    };
    put(RUN, 0, 0, NOOP, 0, 0);
    for (let s = 0; s <= 17; s++)
        put(ADD, s, 0, NOOP, 0, 0);
    for (let m = 0; m < MODES; m++) {
        put(COPY, 0, m, NOOP, 0, 0);
        for (let s = 4; s <= 18; s++)
            put(COPY, s, m, NOOP, 0, 0);
    }
    for (let m = 0; m < MODES; m++) {
        const copySizes = m < 6 ? [4, 5, 6] : [4];
        for (let a = 1; a <= 4; a++)
            for (const c of copySizes)
                put(ADD, a, 0, COPY, c, m);
    }
    for (let m = 0; m < MODES; m++)
        put(COPY, 4, m, ADD, 1, 0);
    return t;
}
const DEFAULT_TABLE = buildDefaultTable();
/** Single-instruction codes: `[type][mode]` → code with size 0 (explicit size follows). */
function singleCode(type, mode) {
    if (type === RUN)
        return 0;
    if (type === ADD)
        return 1;
    return 19 + mode * 16;
}
/** Code for ADD(addSize) then COPY(copySize, mode) in one byte, or -1. */
function addCopyCode(addSize, copySize, mode) {
    if (addSize < 1 || addSize > 4)
        return -1;
    if (mode < 6) {
        if (copySize < 4 || copySize > 6)
            return -1;
        return 163 + mode * 12 + (addSize - 1) * 3 + (copySize - 4);
    }
    if (copySize !== 4)
        return -1;
    return 235 + (mode - 6) * 4 + (addSize - 1);
}
/** Code for COPY(4, mode) then ADD(1), or -1. */
function copyAddCode(copySize, mode, addSize) {
    return copySize === 4 && addSize === 1 ? 247 + mode : -1;
}
/** The near/same address caches of RFC 3284 section 5.3; reset at every window. */
class AddressCache {
    near = new Float64Array(S_NEAR);
    same = new Float64Array(SAME_SIZE);
    nextSlot = 0;
    reset() {
        this.near.fill(0);
        this.same.fill(0);
        this.nextSlot = 0;
    }
    update(addr) {
        this.near[this.nextSlot] = addr;
        this.nextSlot = (this.nextSlot + 1) % S_NEAR;
        this.same[addr % SAME_SIZE] = addr;
    }
    /**
     * Choose the cheapest mode for `addr` at `here`; returns the mode and puts the
     * value to write in `out[0]` (a byte for "same" modes, else a varint).
     */
    encode(addr, here, out) {
        const s = addr % SAME_SIZE;
        let mode;
        let value;
        if (this.same[s] === addr) {
            mode = 2 + S_NEAR + Math.floor(s / 256);
            value = s % 256;
        }
        else {
            mode = 0;
            value = addr;
            const h = here - addr;
            if (h < value) {
                mode = 1;
                value = h;
            }
            for (let i = 0; i < S_NEAR; i++) {
                const d = addr - this.near[i];
                if (d >= 0 && d < value) {
                    mode = 2 + i;
                    value = d;
                }
            }
        }
        this.update(addr);
        out[0] = value;
        return mode;
    }
    /** Decode an address given its mode and a reader for the varint or byte. */
    decode(mode, here, readVarint, readByte) {
        let addr;
        if (mode === 0)
            addr = readVarint();
        else if (mode === 1)
            addr = here - readVarint();
        else if (mode < 2 + S_NEAR)
            addr = this.near[mode - 2] + readVarint();
        else
            addr = this.same[(mode - 2 - S_NEAR) * 256 + readByte()];
        this.update(addr);
        return addr;
    }
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/window-decoder.ts



/** Execute one window's instructions; returns the target window bytes. */
function decodeWindow(w, source) {
    const out = new Uint8Array(w.targetLen);
    const cache = new AddressCache();
    const t = DEFAULT_TABLE;
    const { data, inst, addr, segLen, segPos } = w;
    let here = 0;
    const readVarint = () => addr.varint();
    const readByte = () => addr.byte();
    const fail = (msg) => {
        throw new DeltaFormatError(`${w.label}: ${msg}`);
    };
    while (inst.pos < inst.end) {
        const code = inst.byte();
        for (let half = 0; half < 2; half++) {
            const type = half === 0 ? t.type1[code] : t.type2[code];
            if (type === NOOP)
                continue;
            let size = half === 0 ? t.size1[code] : t.size2[code];
            if (size === 0)
                size = inst.varint();
            if (here + size > w.targetLen)
                fail('instruction writes past the end of the target window');
            if (type === ADD) {
                if (data.pos + size > data.end)
                    fail('ADD reads past the end of the data section');
                out.set(data.buf.subarray(data.pos, data.pos + size), here);
                data.pos += size;
            }
            else if (type === RUN) {
                out.fill(data.byte(), here, here + size);
            }
            else if (type === COPY) {
                const mode = half === 0 ? t.mode1[code] : t.mode2[code];
                const a = cache.decode(mode, segLen + here, readVarint, readByte);
                if (a < segLen) {
                    if (a + size > segLen)
                        fail('COPY crosses from the source segment into the target');
                    source.read(segPos + a, size, out, here);
                }
                else {
                    const from = a - segLen;
                    if (from >= here)
                        fail(`COPY address ${a} is not before the current position`);
                    if (from + size <= here)
                        out.copyWithin(here, from, from + size);
                    else
                        for (let k = 0; k < size; k++)
                            out[here + k] = out[from + k];
                }
            }
            here += size;
        }
    }
    if (here !== w.targetLen)
        fail(`instructions produce ${here} bytes, the window declares ${w.targetLen}`);
    if (data.pos !== data.end || addr.pos !== addr.end)
        fail('sections have bytes left over after the last instruction');
    if (w.checksum !== undefined && adler32(out) !== w.checksum)
        fail('target window checksum mismatch (wrong source file, or a corrupt delta)');
    return out;
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/decoder.ts



const READ_CHUNK = 1024 * 1024;
/** Buffered sequential reads of the delta file with "need n bytes" semantics. */
class DeltaReader {
    fh;
    buf = new Uint8Array(READ_CHUNK);
    start = 0;
    end = 0;
    /** Delta file offset of buf[0]. */
    base = 0;
    eof = false;
    constructor(fh) {
        this.fh = fh;
    }
    get offset() {
        return this.base + this.start;
    }
    /** Make at least `n` bytes available from `start` (fewer only at end of file). */
    async fill(n) {
        if (this.end - this.start >= n || this.eof)
            return this.end - this.start;
        if (this.start + n > this.buf.length) {
            const bigger = new Uint8Array(Math.max(n, READ_CHUNK));
            bigger.set(this.buf.subarray(this.start, this.end));
            this.base += this.start;
            this.end -= this.start;
            this.start = 0;
            this.buf = bigger;
        }
        while (this.end - this.start < n && !this.eof) {
            const { bytesRead } = await this.fh.read(this.buf, this.end, this.buf.length - this.end, null);
            if (bytesRead === 0)
                this.eof = true;
            this.end += bytesRead;
        }
        return this.end - this.start;
    }
}
/**
 * Decode a VCDIFF delta (ours, or `xdelta3 -e -S none`): calls `write` with
 * each target window in order. Throws DeltaFormatError for anything it cannot
 * decode exactly: bad magic, unsupported features, truncation, bounds, checksum.
 */
async function decoder_decodeVcdiff(delta, source, write) {
    const r = new DeltaReader(delta);
    const stats = { windows: 0, targetSize: 0, appHeader: false };
    if ((await r.fill(5)) < 5)
        throw new DeltaFormatError('not a VCDIFF delta: shorter than its header');
    for (let i = 0; i < 4; i++)
        if (r.buf[r.start + i] !== MAGIC[i])
            throw new DeltaFormatError('not a VCDIFF delta: bad magic bytes (expected D6 C3 C4 00)');
    const hdr = r.buf[r.start + 4];
    r.start += 5;
    if (hdr & ~(VCD_DECOMPRESS | VCD_CODETABLE | VCD_APPHEADER))
        throw new DeltaFormatError(`unknown VCDIFF header indicator bits 0x${hdr.toString(16)}`);
    if (hdr & VCD_DECOMPRESS) {
        await r.fill(1);
        const id = r.buf[r.start];
        throw new DeltaFormatError(`the delta uses secondary compression (${SECONDARY_NAMES[id ?? -1] ?? `id ${id}`}), which this decoder does not support; encode with xdelta3 -S none`);
    }
    if (hdr & VCD_CODETABLE)
        throw new DeltaFormatError('the delta uses an application-defined code table, which is not supported');
    if (hdr & VCD_APPHEADER) {
        await r.fill(10);
        const c = new ByteCursor(r.buf, r.start, r.end, 'application header');
        const len = c.varint();
        r.start = c.pos;
        if ((await r.fill(len)) < len)
            throw new DeltaFormatError('truncated delta: application header');
        r.start += len;
        stats.appHeader = true;
    }
    for (;;) {
        const at = r.offset;
        const avail = await r.fill(32);
        if (avail === 0)
            break;
        const label = `window ${stats.windows} (delta offset ${at})`;
        const head = new ByteCursor(r.buf, r.start, r.end, `truncated delta: ${label} header`);
        const ind = head.byte();
        if (ind & ~(VCD_SOURCE | VCD_TARGET | VCD_ADLER32))
            throw new DeltaFormatError(`${label}: unknown window indicator 0x${ind.toString(16)}`);
        if (ind & VCD_TARGET)
            throw new DeltaFormatError(`${label}: VCD_TARGET windows are not supported`);
        let segLen = 0;
        let segPos = 0;
        if (ind & VCD_SOURCE) {
            segLen = head.varint();
            segPos = head.varint();
            if (segPos + segLen > source.size)
                throw new DeltaFormatError(`${label}: the source segment ${segPos}..${segPos + segLen} lies beyond the end of the ${source.size}-byte source (wrong source file?)`);
        }
        const deltaLen = head.varint();
        if (deltaLen > MAX_DECODE_WINDOW * 2 + 64)
            throw new DeltaFormatError(`${label}: delta encoding length ${deltaLen} is implausible`);
        r.start = head.pos;
        if ((await r.fill(deltaLen)) < deltaLen)
            throw new DeltaFormatError(`truncated delta: ${label} needs ${deltaLen} bytes`);
        const body = new ByteCursor(r.buf, r.start, r.start + deltaLen, `${label}`);
        const targetLen = body.varint();
        if (targetLen > MAX_DECODE_WINDOW)
            throw new DeltaFormatError(`${label}: target window of ${targetLen} bytes is too large`);
        const dind = body.byte();
        if (dind !== 0)
            throw new DeltaFormatError(`${label}: sections use secondary compression (delta indicator 0x${dind.toString(16)}), which this decoder does not support; encode with xdelta3 -S none`);
        const dataLen = body.varint();
        const instLen = body.varint();
        const addrLen = body.varint();
        let checksum;
        if (ind & VCD_ADLER32) {
            const b = [body.byte(), body.byte(), body.byte(), body.byte()];
            checksum = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
        }
        if (body.pos + dataLen + instLen + addrLen !== body.end)
            throw new DeltaFormatError(`${label}: section lengths do not add up to the window length`);
        const d0 = body.pos;
        const i0 = d0 + dataLen;
        const a0 = i0 + instLen;
        const out = decodeWindow({
            label,
            segLen,
            segPos,
            checksum,
            targetLen,
            data: new ByteCursor(r.buf, d0, i0, `${label} data section`),
            inst: new ByteCursor(r.buf, i0, a0, `${label} instruction section`),
            addr: new ByteCursor(r.buf, a0, a0 + addrLen, `${label} address section`)
        }, source);
        r.start += deltaLen;
        await write(out);
        stats.windows++;
        stats.targetSize += out.length;
    }
    if (stats.windows === 0)
        // Both xdelta3 and this encoder write at least one window, even for an empty target.
        throw new DeltaFormatError('truncated delta: no window after the header');
    return stats;
}

;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
;// CONCATENATED MODULE: ./src/delta/vcdiff/source-index.ts
/**
 * A sparse hash index of the whole source: one entry per `step` bytes, keyed
 * by a polynomial rolling hash of BLOCK bytes. Memory bound: 4-byte entries,
 * at most `indexBudget(size)` bytes in all (≤ source/4 + 16 MiB, and ≤ 0.45 ×
 * source above 12 MiB; the entry count is not rounded to a power of two, so
 * the whole budget is used and no more; see `indexLayout`).
 */
const BLOCK = 16;
const HASH_MUL = 0x01000193; // polynomial base (FNV prime): odd, mixes well in imul
const FINAL_MUL = 0x9e3779b1 | 0;
/** HASH_MUL^(BLOCK-1) mod 2^32: the weight of the byte that leaves the window. */
const OUT_WEIGHT = (() => {
    let w = 1;
    for (let i = 0; i < BLOCK - 1; i++)
        w = Math.imul(w, HASH_MUL);
    return w;
})();
/** HASH_MUL^2, ^3, ^4: the weights `blockHash` combines its four interleaved chains with. */
const MUL2 = Math.imul(HASH_MUL, HASH_MUL);
const MUL3 = Math.imul(MUL2, HASH_MUL);
const MUL4 = Math.imul(MUL3, HASH_MUL);
/**
 * Hash of `data[pos, pos + BLOCK)`: Σ byte[j] · HASH_MUL^(BLOCK−1−j) mod 2^32,
 * the value `rollHash` keeps. Computed as four independent Horner chains
 * (bytes j ≡ r mod 4, base HASH_MUL^4) so the multiplies overlap: hashing
 * only the indexed blocks this way costs less than rolling over every source
 * byte at every step above the densest (where the two are equal).
 */
function blockHash(data, pos) {
    // Unrolled (BLOCK = 16): V8 keeps a 3-turn loop a loop, which is slower.
    let c0 = data[pos];
    let c1 = data[pos + 1];
    let c2 = data[pos + 2];
    let c3 = data[pos + 3];
    c0 = (Math.imul(c0, MUL4) + data[pos + 4]) | 0;
    c1 = (Math.imul(c1, MUL4) + data[pos + 5]) | 0;
    c2 = (Math.imul(c2, MUL4) + data[pos + 6]) | 0;
    c3 = (Math.imul(c3, MUL4) + data[pos + 7]) | 0;
    c0 = (Math.imul(c0, MUL4) + data[pos + 8]) | 0;
    c1 = (Math.imul(c1, MUL4) + data[pos + 9]) | 0;
    c2 = (Math.imul(c2, MUL4) + data[pos + 10]) | 0;
    c3 = (Math.imul(c3, MUL4) + data[pos + 11]) | 0;
    c0 = (Math.imul(c0, MUL4) + data[pos + 12]) | 0;
    c1 = (Math.imul(c1, MUL4) + data[pos + 13]) | 0;
    c2 = (Math.imul(c2, MUL4) + data[pos + 14]) | 0;
    c3 = (Math.imul(c3, MUL4) + data[pos + 15]) | 0;
    return (Math.imul(c0, MUL3) + Math.imul(c1, MUL2) + Math.imul(c2, HASH_MUL) + c3) | 0;
}
/** Roll the hash one byte: drop `out`, take `inp`. */
function rollHash(h, out, inp) {
    return (Math.imul((h - Math.imul(out, OUT_WEIGHT)) | 0, HASH_MUL) + inp) | 0;
}
/** h mixed so that its top bits (a table slot) depend on all of it. */
function mixHash(h) {
    return Math.imul(h, FINAL_MUL);
}
function bucket(h, shift) {
    return mixHash(h) >>> shift;
}
/**
 * Blocks bucketed per build chunk, and the bits of bucket used to sort them.
 * A chunk of 2^18 blocks (3 MiB of scratch) lands several blocks in each
 * 1/1024 of the table, so consecutive inserts share cache lines: smaller
 * chunks build slower, larger ones no faster while their scratch stays in RSS
 * until the encode ends (figures: src/delta/README.md, Tuning notes). The
 * table is the same whatever the chunk (the sort is stable, so each bucket
 * still sees its blocks in source order).
 */
const CHUNK = 1 << 18;
const PART_BITS = 10;
/**
 * Entries per bucket (log2): the first block with the hash, then the latest
 * ones. Same memory whatever the count (fewer buckets, more entries each; one
 * bucket stays within a cache line). More entries find longer and nearer
 * copies but cost a source read per candidate, which on large sources (long
 * matches) buys little: sources up to DENSE_LIMIT get 8 (128 up to SMALL_SOURCE,
 * 512 up to WIDE_LIMIT), larger ones (where the encode time matters most and
 * matches are long) 2.
 */
const DENSE_LIMIT = 32 * 1024 * 1024;
/**
 * Sources up to this size get 512 entries per bucket: more candidates for the
 * address-cost scoring, so nearer copies with cheaper addresses. Every lookup
 * may read 512 entries, a random source read each, so the cost grows with the
 * target, hence the limit.
 */
const WIDE_LIMIT = 2 * 1024 * 1024;
/**
 * Sources above WIDE_LIMIT up to SMALL_SOURCE get 128: their index is one
 * entry per 5 bytes or so (the memory goal's cut), and more candidates per
 * bucket win back what the sparser step loses.
 */
const MID_WAYS_LOG = 7;
function chooseWaysLog(size) {
    if (size <= WIDE_LIMIT)
        return 9;
    if (size <= SMALL_SOURCE)
        return MID_WAYS_LOG;
    return size <= DENSE_LIMIT ? 3 : 1;
}
const MiB = 1024 * 1024;
/**
 * Sources up to this size (small layers) get their own memory rules: 4 MiB
 * windows and 0.75 MiB of build scratch, and an index of at most `size/2 + 3
 * MiB` (see `indexBudget`).
 */
const SMALL_SOURCE = 12 * MiB;
/**
 * Index memory allowed for a source of `size` bytes: `size/4 + 16 MiB`, at
 * most `size/2 + 3 MiB` up to SMALL_SOURCE, and above it no more than the memory goal leaves, `0.45 × size − 12
 * MiB` but at least size/5: source + index + everything else (Node, compiled
 * code, window buffers) must stay within 1.5 × size + 64 MiB, which cuts the
 * index of 13–45 MiB sources, while from about 140 MiB up `size/4 + 16 MiB`
 * is the smaller.
 */
function indexBudget(size) {
    const dense = denseIndexBudget(size);
    // Small sources: what the memory goal leaves beside the source and Node
    // itself at the peak (with the encoder's compiled code, the compiler's own
    // memory, the 4 MiB window and output), which a larger index overran
    // (figures: src/delta/README.md, Tuning notes, SMALL_SOURCE and indexBudget).
    // Under ~2 MiB the densest step (one entry per 2 bytes) fits anyway.
    if (size <= SMALL_SOURCE)
        return Math.min(dense, Math.floor(size / 2) + 3 * MiB);
    return Math.min(dense, Math.max(Math.floor(size / 5), Math.floor(0.45 * size) - 12 * MiB));
}
/**
 * The index without the memory goal's cut: `size/4 + 16 MiB` at every size.
 * For callers with memory to spare (the action's worker pool counts it in
 * `encodeMemoryEstimate`): on 13–45 MiB sources it is several times the
 * bounded index and the deltas are smaller.
 */
function denseIndexBudget(size) {
    return Math.floor(size / 4) + 16 * MiB;
}
/** Blocks indexed in a source of `size` bytes, one every `step` bytes. */
function blockCount(size, step) {
    return size < BLOCK ? 0 : Math.floor((size - BLOCK) / step) + 1;
}
/** Bytes of build scratch a source of `size` bytes needs (3 arrays of one chunk). */
function indexScratchBytes(size, step) {
    return 12 * chunkBlocks(blockCount(size, step), size);
}
/**
 * Blocks per build chunk: CHUNK, a quarter of a smaller source's, and 2^16 for
 * sources up to SMALL_SOURCE. The scratch (12 bytes a block) stays in RSS as
 * the target table's buffer; on small sources, where Node and the source
 * already take most of the memory goal, 3 MiB of it was too much, and their
 * build is short whatever the chunk.
 */
function chunkBlocks(blocks, size) {
    const cap = size <= SMALL_SOURCE ? 1 << 16 : CHUNK;
    return Math.min(blocks, cap, Math.max(1 << 16, Math.ceil(blocks / 4)));
}
/**
 * Step (≥ 2 bytes between indexed blocks) and bucket count: the densest step
 * whose blocks fit the budget, one entry per indexed block (more blocks per
 * entry: denser steps but more collisions and slower encodes).
 */
function indexLayout(size, waysLog = chooseWaysLog(size), budget = indexBudget(size)) {
    const ways = 1 << waysLog;
    const maxEntries = Math.max(ways, Math.floor(budget / 4));
    const step = Math.max(2, Math.ceil(size / maxEntries));
    const entries = Math.min(maxEntries, Math.max(1024, Math.ceil(size / step)));
    return { step, buckets: Math.max(1, Math.floor(entries / ways)), ways };
}
/**
 * Bucket in [0, n) for hash h: the top bits of the mixed hash scaled to n
 * (n need not be a power of two). Exact in doubles: (2^32 − 1) · n < 2^32 · n
 * stays below n after the division for every n < 2^31.
 */
function bucketOf(h, n) {
    return Math.floor(((Math.imul(h, FINAL_MUL) >>> 0) * n) / 4294967296);
}
/**
 * Hashes of `n` blocks from `start`, every `step` bytes, into hb (block i is
 * at start + i * step). A separate small function so V8 optimises it whole
 * instead of on-stack-replacing one big loop.
 */
function hashBlocks(src, start, n, step, hb) {
    // blockHash's body, written out: unrolled it is too large for V8 to inline,
    // and a call per block cost more than the hashing.
    for (let i = 0, p = start; i < n; i++, p += step) {
        let c0 = src[p];
        let c1 = src[p + 1];
        let c2 = src[p + 2];
        let c3 = src[p + 3];
        c0 = (Math.imul(c0, MUL4) + src[p + 4]) | 0;
        c1 = (Math.imul(c1, MUL4) + src[p + 5]) | 0;
        c2 = (Math.imul(c2, MUL4) + src[p + 6]) | 0;
        c3 = (Math.imul(c3, MUL4) + src[p + 7]) | 0;
        c0 = (Math.imul(c0, MUL4) + src[p + 8]) | 0;
        c1 = (Math.imul(c1, MUL4) + src[p + 9]) | 0;
        c2 = (Math.imul(c2, MUL4) + src[p + 10]) | 0;
        c3 = (Math.imul(c3, MUL4) + src[p + 11]) | 0;
        c0 = (Math.imul(c0, MUL4) + src[p + 12]) | 0;
        c1 = (Math.imul(c1, MUL4) + src[p + 13]) | 0;
        c2 = (Math.imul(c2, MUL4) + src[p + 14]) | 0;
        c3 = (Math.imul(c3, MUL4) + src[p + 15]) | 0;
        hb[i] = (Math.imul(c0, MUL3) + Math.imul(c1, MUL2) + Math.imul(c2, HASH_MUL) + c3) | 0;
    }
}
/**
 * Bits of an index entry that hold block number + 1 (0 = empty) for a source
 * of `blocks` indexed blocks; the 32 − that bits above are check bits.
 */
function blockBits(blocks) {
    let bits = 1;
    while (bits < 32 && 2 ** bits <= blocks)
        bits++;
    return bits;
}
const CHECK_MUL = 0x85ebca6b | 0;
/**
 * Check bits of hash h, in place (the entry's bits under `mask`): top bits of
 * a second mix of h, independent of the bucket (the top bits of another one).
 */
function checkTag(h, mask) {
    return Math.imul(h ^ (h >>> 15), CHECK_MUL) & mask;
}
class SourceIndex {
    source;
    step;
    buckets;
    /** Entries per bucket. */
    ways;
    /**
     * `ways` entries per bucket, 0 = empty. An entry is the block's number + 1
     * (block n starts at n · step) in its low `blockBits` bits, and check bits of
     * the block's hash (`checkTag`) in the bits above (`checkMask`): a lookup
     * rejects most other blocks that share the bucket without reading the source
     * there, a cache miss each (most candidates on a large source are such
     * blocks). Block numbers (not positions) leave at least one check bit for
     * every source up to 4 GiB (step ≥ 2); the code still works with none.
     */
    table;
    /** Mask of the entry's block number bits (−1 when they take all 32). */
    blockMask;
    /** Mask of the entry's check bits (0 when there are none). */
    checkMask;
    /**
     * `waysLog`: log2 of the entries per bucket (default `chooseWaysLog`); memory
     * is the same. `budget`: index bytes (default `indexBudget`). `scratch`: memory
     * the build may use for its scratch (the caller's, reused afterwards; at least
     * `indexScratchBytes`), else it allocates its own. `maxCheckBits`: for tests,
     * fewer check bits than the block numbers leave (0 = none).
     */
    constructor(source, waysLog, budget, scratch, maxCheckBits = 32) {
        this.source = source;
        const layout = indexLayout(source.length, waysLog, budget);
        this.step = layout.step;
        this.buckets = layout.buckets;
        this.ways = layout.ways;
        this.table = new Int32Array(this.buckets * this.ways);
        const blocks = blockCount(source.length, this.step);
        const bits = Math.max(blockBits(blocks), 32 - maxCheckBits);
        this.blockMask = bits >= 32 ? -1 : (1 << bits) - 1;
        this.checkMask = ~this.blockMask;
        this.build(blocks, scratch);
    }
    get bytes() {
        return this.table.byteLength;
    }
    build(blocks, scratch) {
        if (blocks === 0)
            return;
        const src = this.source;
        const step = this.step;
        const buckets = this.buckets;
        const table = this.table;
        const checkMask = this.checkMask;
        const bucketBits = Math.max(1, Math.ceil(Math.log2(buckets)));
        // Inserting straight into a table much larger than the CPU caches costs a
        // cache miss per block. Instead each chunk of blocks is first hashed, then
        // counting-sorted by the top bits of its bucket (stable, so insertion order
        // is kept) and written region by region. Scratch: 3 arrays of CHUNK
        // entries (3 MiB at most), reused by the caller. (The bucket is computed
        // twice, in the count and in the sort, rather than kept in a 4th array.)
        const parts = Math.min(PART_BITS, bucketBits);
        const partShift = bucketBits - parts;
        const counts = new Int32Array((1 << parts) + 1);
        const chunk = chunkBlocks(blocks, src.length);
        const mem = scratch && scratch.byteLength >= 12 * chunk ? scratch : new ArrayBuffer(12 * chunk);
        const hb = new Int32Array(mem, 0, chunk);
        const sb = new Int32Array(mem, 4 * chunk, chunk);
        const se = new Int32Array(mem, 8 * chunk, chunk);
        // entries per bucket so far, for buckets wide enough that shifting them whole costs
        const fill = this.ways >= 64 ? new Uint16Array(buckets) : null;
        let done = 0;
        while (done < blocks) {
            const n = Math.min(chunk, blocks - done);
            hashBlocks(src, done * step, n, step, hb);
            counts.fill(0);
            for (let i = 0; i < n; i++)
                counts[(bucketOf(hb[i], buckets) >>> partShift) + 1]++;
            for (let k = 1; k < counts.length; k++)
                counts[k] += counts[k - 1];
            for (let i = 0; i < n; i++) {
                const h = hb[i];
                const b = bucketOf(h, buckets);
                const at = counts[b >>> partShift]++;
                sb[at] = b;
                // entry: block number + 1, check bits above
                se[at] = (done + i + 1) | checkTag(h, checkMask);
            }
            // Per bucket: the first block with this hash, then the latest ones (newest first).
            const ways = this.ways;
            if (ways === 2) {
                for (let i = 0; i < n; i++) {
                    const e = sb[i] * 2;
                    if (table[e] === 0)
                        table[e] = se[i];
                    else
                        table[e + 1] = se[i];
                }
            }
            else if (fill) {
                // Wide buckets: a bucket's blocks in this chunk are adjacent (sorted),
                // so its entries move once per chunk, not once per block (that shift,
                // up to 511 entries a block, would dominate a small source's encode).
                // Same table as inserting block by block.
                for (let i = 0; i < n;) {
                    const b = sb[i];
                    let j = i + 1;
                    while (j < n && sb[j] === b)
                        j++;
                    const e = b * ways;
                    let f = fill[b];
                    if (f === 0) {
                        table[e] = se[i++];
                        f = 1;
                    }
                    const k = j - i;
                    if (k > 0) {
                        const cap = ways - 1;
                        const add = Math.min(k, cap);
                        const keep = Math.min(f - 1, cap - add);
                        for (let t = keep; t >= 1; t--)
                            table[e + add + t] = table[e + t];
                        for (let t = 0; t < add; t++)
                            table[e + 1 + t] = se[j - 1 - t];
                        f = 1 + Math.min(cap, f - 1 + k);
                    }
                    fill[b] = f;
                    i = j;
                }
            }
            else {
                for (let i = 0; i < n; i++) {
                    const e = sb[i] * ways;
                    if (table[e] === 0)
                        table[e] = se[i];
                    else {
                        for (let k = e + ways - 1; k > e + 1; k--)
                            table[k] = table[k - 1];
                        table[e + 1] = se[i];
                    }
                }
            }
            done += n;
        }
    }
    /** Bucket (index of its first entry) for hash h; see `table` for the entries. */
    slot(h) {
        return bucketOf(h, this.buckets) * this.ways;
    }
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/op-list.ts

/** Op kinds beyond the code table's ADD and RUN: a COPY from the source or from the target so far. */
const COPY_SOURCE = COPY;
const COPY_TARGET = COPY + 1;
/**
 * Growable parallel arrays of one window's operations (9 bytes each; a
 * literal-heavy 8 MiB window has up to ~450,000: positions fit 32 bits,
 * sources are below 4 GiB and window addresses below MAX_SEGMENT + WINDOW_SIZE).
 */
class OpList {
    count = 0;
    /** Kind (low 3 bits); at emit time a COPY's address mode is added above them (`<< 3`). */
    type;
    size;
    /**
     * ADD/RUN: target offset of the data; COPY_SOURCE: absolute source position;
     * COPY_TARGET: target offset. At emit time a COPY's is replaced by the address value to write.
     */
    where;
    /**
     * `capacity`: room before the first growth. Given the most a window may
     * hold, the list never grows: large zero-filled arrays are mapped lazily,
     * so RSS counts only the pages used, and no outgrown arrays wait for a GC.
     */
    constructor(capacity = 1024) {
        this.type = new Uint8Array(capacity);
        this.size = new Int32Array(capacity);
        this.where = new Uint32Array(capacity);
    }
    push(type, size, where) {
        if (this.count === this.type.length)
            this.grow();
        const i = this.count++;
        this.type[i] = type;
        this.size[i] = size;
        this.where[i] = where;
    }
    grow() {
        const n = this.type.length * 2;
        const t = new Uint8Array(n);
        t.set(this.type);
        this.type = t;
        const s = new Int32Array(n);
        s.set(this.size);
        this.size = s;
        const w = new Uint32Array(n);
        w.set(this.where);
        this.where = w;
    }
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/local-index.ts

/**
 * A small dense index of the source pages the encoder copied from lately.
 *
 * The main index (16-byte blocks every `step` bytes, a step that grows with
 * the source) finds a copy only where about step + 16 bytes match. Rewritten binaries and
 * archives are full of shorter matches near the source regions already being
 * copied from (symbol names, changed instructions between unchanged ones,
 * zip entry headers): xdelta3 -9, with its dense 9-byte checksums, takes them.
 * This index covers only pages near recent copies, so it stays small and
 * cheap: LOCAL_BLOCK-byte blocks, one entry every LOCAL_STEP bytes, of each
 * page touched, and a page is indexed again only once its entries are likely
 * overwritten.
 */
const LOCAL_BLOCK = 8;
/**
 * The encoder uses the index by default only on sources over 64 MiB, where
 * its 5 MiB + source/128 (`localIndexBytes`) fit the memory goal. On smaller
 * sources it still makes smaller deltas but pushes peak RSS past 1.5 × source
 * + 64 MiB; callers with memory to spare (the worker pool) turn it on.
 */
const LOCAL_INDEX_MIN_SOURCE = 64 * 1024 * 1024;
/** Bytes the index takes for a source of `size` bytes. */
function local_index_localIndexBytes(size) {
    // table (4 bytes a slot) + tags (1) + stamps (4 bytes a page)
    return (5 << TABLE_BITS) + 4 * pageCount(size);
}
function pageCount(size) {
    return (size >> PAGE_BITS) + 1;
}
const LOCAL_STEP = 2;
const PAGE_BITS = 9;
const TABLE_BITS = 20;
/** HASH_MUL^LOCAL_BLOCK: the weight of the byte that leaves the block. */
const local_index_OUT_WEIGHT = (() => {
    let w = 1;
    for (let i = 0; i < LOCAL_BLOCK; i++)
        w = Math.imul(w, HASH_MUL);
    return w;
})();
/** Hash of `data[p, p + LOCAL_BLOCK)` (the same as the encoder's 8-byte target hash). */
function localHash(data, p) {
    let h = 0;
    for (let i = 0; i < LOCAL_BLOCK; i++)
        h = (Math.imul(h, HASH_MUL) + data[p + i]) | 0;
    return h;
}
class LocalIndex {
    source;
    /** Source position + 1 of the latest block with the slot's hash; 0 = empty. */
    table = new Int32Array(1 << TABLE_BITS);
    /**
     * 8 more bits of each entry's hash: a lookup whose tag differs is a
     * collision, rejected without reading the source (a cache miss far away).
     */
    tags = new Uint8Array(1 << TABLE_BITS);
    /** Per source page: the page count when it was last indexed (0 = never). */
    stamps;
    pages = 0;
    /** Pages indexed since a page's stamp before its entries are mostly overwritten. */
    fresh = Math.max(1, ((1 << TABLE_BITS) >> (PAGE_BITS - Math.log2(LOCAL_STEP))) >> 1);
    shift = 32 - TABLE_BITS;
    constructor(source) {
        this.source = source;
        this.stamps = new Uint32Array(pageCount(source.length));
    }
    /** Make sure the page holding source position s is indexed. */
    touch(s) {
        const page = s >> PAGE_BITS;
        if (page >= this.stamps.length)
            return;
        const st = this.stamps[page];
        if (st !== 0 && this.pages - st < this.fresh)
            return;
        this.stamps[page] = ++this.pages;
        const src = this.source;
        const a = page << PAGE_BITS;
        const b = Math.min(a + (1 << PAGE_BITS), src.length - LOCAL_BLOCK + 1);
        if (b <= a)
            return;
        const table = this.table;
        const tags = this.tags;
        const shift = this.shift;
        let h = localHash(src, a);
        for (let p = a;;) {
            if ((p & (LOCAL_STEP - 1)) === 0) {
                const m = mixHash(h);
                const slot = m >>> shift;
                table[slot] = p + 1;
                tags[slot] = m & 0xff;
            }
            if (++p >= b)
                break;
            h =
                (Math.imul(h, HASH_MUL) + src[p + LOCAL_BLOCK - 1] - Math.imul(src[p - 1], local_index_OUT_WEIGHT)) |
                    0;
        }
    }
    /** Latest indexed source position whose block hashes like `h`, or -1. */
    lookup(h) {
        const m = mixHash(h);
        const slot = m >>> this.shift;
        return this.tags[slot] === (m & 0xff) ? this.table[slot] - 1 : -1;
    }
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/match.ts
/**
 * Length of the common run of `a` from `p` and `b` from `q`, at most `lim`
 * bytes (the caller keeps p + lim and q + lim within the arrays). `av` and
 * `bv` are DataViews of exactly `a` and `b`. After the first byte it compares
 * 8 bytes at a time (two unaligned 32-bit reads each side): the encoder
 * compares more bytes than the target holds, mostly in long copies, where a
 * byte loop would spend several times the CPU.
 */
function matchLength(a, av, p, b, bv, q, lim) {
    if (lim === 0 || a[p] !== b[q])
        return 0;
    let k = 1;
    while (k + 8 <= lim &&
        av.getInt32(p + k, true) === bv.getInt32(q + k, true) &&
        av.getInt32(p + k + 4, true) === bv.getInt32(q + k + 4, true))
        k += 8;
    while (k < lim && a[p + k] === b[q + k])
        k++;
    return k;
}
/** A DataView of exactly the bytes of `a`. */
function viewOf(a) {
    return new DataView(a.buffer, a.byteOffset, a.byteLength);
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/refine.ts



/**
 * Short copies inside literal stretches, chosen by cost (small inputs only).
 *
 * The main parse takes copies of 12+ bytes found through 16-byte hashes. What
 * it leaves as literals still holds many short repeats: 4–7 bytes of the
 * target so far (words, tags), 8–15 bytes near a recent source copy (a field
 * that changed between two unchanged ones). xdelta3 -9 takes them, and
 * covers more of a small tree than the main parse alone. Each costs an
 * instruction and an address that gzip hardly shrinks, while literals gzip to
 * about half; so a
 * short copy is taken only where its estimated bytes are below the literal
 * bytes it replaces × LITERAL_COST. Addresses are costed with the same
 * near/same caches the emitter will use (this pass walks the ops in the same
 * order and keeps its own copy of the caches).
 */
/**
 * Estimated bytes per literal byte after the payload's gzip, and instruction
 * bytes a short copy adds (its code, and the split of the ADD around it).
 * Literals gzip to about half on their own, but costing them a whole byte
 * takes more short copies, and that made the gzipped delta smaller, as it
 * does for xdelta3 -9 (figures: src/delta/README.md, Tuning notes).
 */
const LITERAL_COST = 1;
const COPY_OVERHEAD = 1;
/** Shortest copy this pass takes (the shortest COPY code). */
const MIN_SHORT = 4;
/**
 * Source bytes searched past each recent copy's start (a near-cache address
 * of 1–2 bytes): a longer reach finds more short copies, and past this one
 * it gains little for its CPU (figures: src/delta/README.md, Tuning notes).
 * Bounded per window by NEAR_WORK so literal-heavy windows stay cheap.
 */
const NEAR_REACH = 8192;
/**
 * Byte comparisons the near search may start per target byte of the window
 * (reach × 4 × literal bytes ≤ this × window): a window of mostly copies
 * keeps most of NEAR_REACH; below MIN_REACH (mostly literals, e.g. random
 * data) the near search is skipped.
 */
const NEAR_WORK = 256;
const MIN_REACH = 256;
const HASH_BITS = 16;
/** Latest target positions kept per 4-byte hash: more find nearer repeats (README, Tuning notes). */
const TARGET_WAYS = 4;
/** Entries of the table `refineLiterals` needs. */
const REFINE_TABLE_SIZE = TARGET_WAYS << HASH_BITS;
function hash4(t, p) {
    const v = t[p] | (t[p + 1] << 8) | (t[p + 2] << 16) | (t[p + 3] << 24);
    return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS);
}
/** Bytes of the cheapest address mode for `addr` at `here` (the emitter's choice, without updating). */
function addressBytes(cache, addr, here) {
    const s = addr % (256 * 3);
    if (cache.same[s] === addr)
        return 1;
    let best = varintLength(addr);
    const h = varintLength(here - addr);
    if (h < best)
        best = h;
    for (let i = 0; i < S_NEAR; i++) {
        const d = addr - cache.near[i];
        if (d >= 0) {
            const c = varintLength(d);
            if (c < best)
                best = c;
        }
    }
    return best;
}
/**
 * Rewrite `ops` (one window over `tgt`, source segment [segMin, segMax)) into
 * `out`, replacing parts of ADDs by short copies where they are cheaper.
 * Returns how many bytes moved from literals to source / target copies.
 */
function refineLiterals(ops, out, tgt, src, segMin, segMax, table) {
    const counts = { copySourceBytes: 0, copyTargetBytes: 0, addBytes: 0 };
    const segLen = segMax - segMin;
    const cache = new AddressCache();
    const scratch = new Float64Array(1);
    table.fill(-1, 0, TARGET_WAYS << HASH_BITS);
    out.count = 0;
    let literals = 0;
    for (let i = 0; i < ops.count; i++)
        if (ops.type[i] === ADD)
            literals += ops.size[i];
    const reach = Math.min(NEAR_REACH, Math.floor((NEAR_WORK * tgt.length) / (4 * Math.max(1, literals))));
    let here = 0;
    let hashed = 0;
    // Every target position before `upto` becomes a candidate for target copies.
    const hashTo = (upto) => {
        const last = Math.min(upto, tgt.length - 3);
        for (; hashed < last; hashed++) {
            const e = hash4(tgt, hashed) * TARGET_WAYS;
            for (let w = TARGET_WAYS - 1; w > 0; w--)
                table[e + w] = table[e + w - 1];
            table[e] = hashed;
        }
    };
    const pushCopy = (type, size, where) => {
        out.push(type, size, where);
        const addr = type === COPY_SOURCE ? where - segMin : segLen + where;
        cache.encode(addr, segLen + here, scratch);
        here += size;
    };
    for (let i = 0; i < ops.count; i++) {
        const type = ops.type[i];
        const size = ops.size[i];
        const where = ops.where[i];
        if (type !== ADD || size < MIN_SHORT) {
            if (type === COPY_SOURCE || type === COPY_TARGET)
                pushCopy(type, size, where);
            else {
                out.push(type, size, where);
                here += size;
            }
            hashTo(here);
            continue;
        }
        const end = where + size;
        let lit = where;
        let q = where;
        while (q + MIN_SHORT <= end) {
            hashTo(q);
            let bestGain = 0;
            let bestLen = 0;
            let bestType = 0;
            let bestAt = 0;
            const hereAddr = segLen + q;
            // Target so far: the latest position with the same 4 bytes.
            const e = hash4(tgt, q) * TARGET_WAYS;
            for (let w = 0; w < TARGET_WAYS; w++) {
                const t = table[e + w];
                if (t < 0)
                    break;
                let k = 0;
                while (q + k < end && tgt[t + k] === tgt[q + k])
                    k++;
                if (k >= MIN_SHORT) {
                    const gain = k * LITERAL_COST - COPY_OVERHEAD - addressBytes(cache, segLen + t, hereAddr);
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestLen = k;
                        bestType = COPY_TARGET;
                        bestAt = t;
                    }
                }
            }
            // Source bytes just after a recent copy's start (a 1-byte near address).
            if (segLen > 0 && reach >= MIN_REACH) {
                const b0 = tgt[q];
                for (let n = 0; n < S_NEAR; n++) {
                    const base = cache.near[n];
                    if (base >= segLen)
                        continue;
                    const lim = Math.min(segLen - MIN_SHORT, base + reach);
                    for (let a = base; a <= lim; a++) {
                        const s = segMin + a;
                        if (src[s] !== b0)
                            continue;
                        let k = 1;
                        while (q + k < end && s + k < segMax && src[s + k] === tgt[q + k])
                            k++;
                        if (k < MIN_SHORT)
                            continue;
                        const gain = k * LITERAL_COST - COPY_OVERHEAD - addressBytes(cache, a, hereAddr);
                        if (gain > bestGain) {
                            bestGain = gain;
                            bestLen = k;
                            bestType = COPY_SOURCE;
                            bestAt = s;
                        }
                    }
                }
            }
            if (bestLen === 0) {
                q++;
                continue;
            }
            if (q > lit) {
                out.push(ADD, q - lit, lit);
                here += q - lit;
            }
            pushCopy(bestType, bestLen, bestAt);
            counts.addBytes -= bestLen;
            if (bestType === COPY_SOURCE)
                counts.copySourceBytes += bestLen;
            else
                counts.copyTargetBytes += bestLen;
            q += bestLen;
            lit = q;
        }
        if (end > lit) {
            out.push(ADD, end - lit, lit);
            here += end - lit;
        }
        hashTo(here);
    }
    return counts;
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/encoder.ts
// Over 500 lines: the encoder's hot loop (match search, extension, op emission) shares one set of buffers and counters, kept in one file so it stays one inlinable unit.










/** A COPY found through the hash must cover at least this many bytes to pay for itself. */
const MIN_HASH_MATCH = 12;
/** A COPY that continues the previous source copy at the same offset needs fewer. */
const MIN_CONTINUATION = 6;
/** Farther away it must be this long (it still costs only a small near address). */
const MIN_FAR_CONTINUATION = 10;
/** How far past the end of the last source copy a continuation is tried. */
const CONTINUATION_REACH = 64;
/**
 * Earlier copy displacements (source − target) tried at every position besides
 * the last copy's, with the continuation minimums. Compiled code that moved
 * keeps a few recurring displacements (functions moved by different amounts,
 * interleaved with changed code), and a match at one of them needs no index
 * hit (which takes ~30 matching bytes with 16-byte blocks every 15).
 */
const REPEAT_OFFSETS = 3;
/**
 * Local index (`local-index.ts`): the shortest copy taken from it; the page
 * this many bytes after a copy's end is indexed too (the next change is often
 * near); and how far into a literal stretch it is looked up (beyond, a match
 * rarely pays for the lookups).
 */
const MIN_LOCAL = 12;
const LOCAL_AHEAD = 512;
const LOCAL_REACH = 256;
/** Runs of one byte at least this long inside literal data become RUN instructions. */
const MIN_RUN = 12;
/** Matches shorter than this are checked against one starting a byte later. */
const LAZY_LIMIT = 256;
/**
 * Bytes hashed for target-so-far matches (the local index's block: one hash
 * serves both lookups).
 */
const TARGET_BLOCK = LOCAL_BLOCK;
/** The shortest target-so-far match taken. */
const MIN_TARGET_MATCH = 12;
/** After 2^SKIP_SHIFT positions without a match, skip one more byte per look, up to MAX_SKIP. */
const SKIP_SHIFT = 7;
const MAX_SKIP = 7;
/**
 * Target bytes per slot of the per-window target hash table (4 bytes each:
 * 2 MiB for an 8 MiB window); a denser table found no better deltas for its
 * memory.
 */
const TARGET_SLOT_BITS = 4;
/**
 * Largest source segment one window may reference. xdelta3 3.0.x keeps window
 * addresses in a 32-bit usize_t (segment + target must stay below 2^32); 1 GiB
 * keeps a wide margin. Matches that would widen a window's segment past this
 * are not taken.
 */
const MAX_SEGMENT = 1024 * 1024 * 1024;
/**
 * Sources up to this size get the cost-based short-copy pass (`refine.ts`):
 * it searches around every literal byte, which pays where literals are a
 * large share of the delta and costs little on small pairs.
 */
const REFINE_LIMIT = 4 * 1024 * 1024;
/**
 * Streaming VCDIFF encoder against an in-memory source. Memory: the source,
 * its index (`indexBudget`), a 2 MiB target table (also the index build's
 * scratch) and one window's op list and delta bytes; the caller feeds the
 * target a window (`windowSize`) at a time.
 */
class VcdiffEncoder {
    source;
    index;
    sourceView;
    targetTable;
    targetShift;
    /** Target bytes per window: feed `encodeWindow` windows of this size (the last may be shorter). */
    windowSize;
    /**
     * Target bytes the last `encodeWindow` encoded: the whole buffer it was
     * given, or a prefix when the window reached `maxWindowOps` (the caller
     * feeds the rest again at the start of the next window).
     */
    lastWindowLength = 0;
    maxWindowOps;
    ops;
    /** The short-copy pass's output, swapped with `ops`; null when the pass is off. */
    spare;
    shortTable;
    cache = new AddressCache();
    scratch = new Float64Array(1);
    /** Absolute source position just after the last source COPY, or -1. */
    contSource = -1;
    /** Target offset (in the current window's coordinates) where that COPY ended. */
    contTarget = 0;
    /**
     * Earlier copy displacements (source − target position, window coordinates),
     * most recent first, distinct; `repEnd` = target offset where the latest copy
     * with that displacement ended. Entry 0 is the last copy's (the continuation).
     */
    repDisp = new Float64Array(8);
    repEnd = new Float64Array(8);
    repCount = 0;
    reps;
    local;
    /** Source end of the last copy whose local pages are not indexed yet, or -1. */
    localPending = -1;
    stats;
    minHashMatch;
    minTargetMatch;
    minContinuation;
    minFarContinuation;
    /** `targetSize` (if known) only sizes the per-window tables for small targets. */
    constructor(source, targetSize = WINDOW_SIZE, options = {}) {
        this.source = source;
        this.minHashMatch = minimum(options.minHashMatch, MIN_HASH_MATCH);
        this.minTargetMatch = minimum(options.minTargetMatch, MIN_TARGET_MATCH);
        this.minContinuation = minimum(options.minContinuation, MIN_CONTINUATION);
        this.minFarContinuation = minimum(options.minFarContinuation, MIN_FAR_CONTINUATION);
        const reps = options.repeatOffsets ?? REPEAT_OFFSETS;
        if (!(Number.isInteger(reps) && reps >= 0 && reps <= 7))
            throw new RangeError(`repeatOffsets must be an integer in [0, 7], got ${reps}`);
        this.reps = 1 + reps;
        this.local =
            (options.localIndex ?? source.length > LOCAL_INDEX_MIN_SOURCE) ? new LocalIndex(source) : null;
        const w = options.windowSize ?? defaultWindowSize(source.length);
        if (!(Number.isInteger(w) && w >= 1024 && w <= WINDOW_SIZE))
            throw new RangeError(`windowSize must be an integer in [1024, ${WINDOW_SIZE}], got ${w}`);
        this.windowSize = w;
        const maxOps = options.maxWindowOps ?? defaultMaxWindowOps(source.length);
        if (!(Number.isInteger(maxOps) && maxOps >= 0))
            throw new RangeError(`maxWindowOps must be a non-negative integer, got ${maxOps}`);
        this.maxWindowOps = maxOps === 0 ? Infinity : Math.max(16, maxOps);
        // One slot per 16 bytes of a full window, per 2 bytes of a smaller target.
        const bits = Math.max(10, Math.min(Math.floor(Math.log2(w)) - TARGET_SLOT_BITS, Math.floor(Math.log2(Math.max(1, targetSize))) - 1));
        this.targetShift = 32 - bits;
        if (options.indexWaysLog !== undefined &&
            !(Number.isInteger(options.indexWaysLog) &&
                options.indexWaysLog >= 0 &&
                options.indexWaysLog <= 10))
            throw new RangeError(`indexWaysLog must be an integer in [0, 10], got ${options.indexWaysLog}`);
        // The index build's scratch and then the target table share one buffer:
        // the scratch would otherwise stay in RSS (typed arrays are freed only by
        // a GC) for the whole encode.
        const budget = options.indexBudget ?? (options.denseIndex ? denseIndexBudget(source.length) : undefined);
        const layout = indexLayout(source.length, options.indexWaysLog, budget);
        const work = new ArrayBuffer(Math.max(4 << bits, indexScratchBytes(source.length, layout.step)));
        this.index = new SourceIndex(source, options.indexWaysLog, budget, work, options.indexCheckBits);
        this.sourceView = viewOf(source);
        this.targetTable = new Int32Array(work, 0, 1 << bits);
        const short = options.shortCopies ?? source.length <= REFINE_LIMIT;
        // Room for a full window's ops (+ the few one step may push past the cap).
        const opRoom = Number.isFinite(this.maxWindowOps) ? this.maxWindowOps + 64 : 1024;
        this.ops = new OpList(opRoom);
        this.spare = short ? new OpList(opRoom) : null;
        // The pass runs after the window's search, so it reuses the target table when that is big enough.
        this.shortTable = !short
            ? null
            : this.targetTable.length >= REFINE_TABLE_SIZE
                ? this.targetTable
                : new Int32Array(REFINE_TABLE_SIZE);
        this.stats = {
            windows: 0,
            copySourceBytes: 0,
            copyTargetBytes: 0,
            addBytes: 0,
            runBytes: 0,
            indexBytes: this.index.bytes,
            indexStep: this.index.step
        };
    }
    /** The 5-byte file header: magic and an empty Hdr_Indicator (no app header, no secondary compression). */
    header() {
        return Uint8Array.of(...MAGIC, 0);
    }
    /**
     * Encode one target window (≤ `windowSize` bytes) and return its bytes:
     * all of `whole`, or its first `lastWindowLength` bytes if the window hit
     * `maxWindowOps`. The returned view is reused by the next call: write it
     * out before then.
     */
    encodeWindow(whole) {
        if (whole.length > this.windowSize)
            throw new RangeError('target window too large');
        this.ops.count = 0;
        const seg = this.findMatches(whole);
        const target = this.tgt;
        this.lastWindowLength = target.length;
        let bytes;
        if (!this.spare || !this.shortTable)
            bytes = this.emit(target, seg.min, seg.max);
        else {
            // Short copies pay on some inputs and not on others (they break up
            // literals that gzip would have compressed in context), so the window
            // is emitted both ways and the one that deflates smaller is kept: the
            // payload ships deltas gzipped. Cheap here: small sources only, and a
            // window's delta is small next to its target. (Emitting rewrites the
            // op list in place, so the refined list is made first.)
            const moved = refineLiterals(this.ops, this.spare, target, this.source, seg.min, seg.max, this.shortTable);
            bytes = this.emit(target, seg.min, seg.max);
            if (moved.addBytes !== 0) {
                const plain = bytes.slice();
                const done = this.spare;
                this.spare = this.ops;
                this.ops = done;
                const refined = this.emit(target, seg.min, seg.max);
                if (deflatedSize(refined) < deflatedSize(plain)) {
                    bytes = refined;
                    this.stats.addBytes += moved.addBytes;
                    this.stats.copySourceBytes += moved.copySourceBytes;
                    this.stats.copyTargetBytes += moved.copyTargetBytes;
                }
                else
                    bytes = plain;
            }
        }
        // The continuation point is kept across windows in the next window's coordinates.
        this.contTarget -= target.length;
        for (let r = 0; r < this.repCount; r++) {
            this.repDisp[r] += target.length;
            this.repEnd[r] -= target.length;
        }
        this.stats.windows++;
        return bytes;
    }
    // Result of the last `search`: length forward from p, bytes extended
    // backwards, kind (COPY_SOURCE/COPY_TARGET, 0 = none) and source/target position at p.
    mLen = 0;
    mBack = 0;
    mKind = 0;
    mAt = 0;
    // Per-window search state.
    tgt = new Uint8Array(0);
    tgtView = viewOf(new Uint8Array(0));
    addStart = 0;
    segMin = Infinity;
    segMax = -Infinity;
    h = 0;
    hPos = -2;
    /** The TARGET_BLOCK-byte hash at thPos (computed one search ahead). */
    th = 0;
    thPos = -2;
    /** A load kept only so that it happens (see search). */
    touched = 0;
    findMatches(tgt) {
        const len = tgt.length;
        this.tgt = tgt;
        this.tgtView = viewOf(tgt);
        this.targetTable.fill(-1);
        this.segMin = Infinity;
        this.segMax = -Infinity;
        this.addStart = 0;
        this.hPos = -2;
        this.thPos = -2;
        const stats = this.stats;
        let p = 0;
        let pending = false;
        let misses = 0;
        while (p < len) {
            if (!pending)
                this.search(p);
            pending = false;
            if (this.mKind === 0) {
                // Long stretches of new data: look less often the longer nothing
                // matched (a match still shows up within BLOCK + step + skip bytes).
                p += 1 + Math.min(MAX_SKIP, ++misses >> SKIP_SHIFT);
                continue;
            }
            misses = 0;
            // Lazy evaluation: a match starting one byte later may be longer
            // (its backward extension can still take this byte).
            if (this.mLen + this.mBack < LAZY_LIMIT && p + 1 < len) {
                const len0 = this.mLen + this.mBack;
                const back0 = this.mBack;
                const kind0 = this.mKind;
                const at0 = this.mAt;
                const flen0 = this.mLen;
                this.search(p + 1);
                if (this.mKind !== 0 && this.mLen + this.mBack > len0 + 1) {
                    p++;
                    pending = true;
                    continue;
                }
                this.mLen = flen0;
                this.mBack = back0;
                this.mKind = kind0;
                this.mAt = at0;
            }
            const start = p - this.mBack;
            const at = this.mAt - this.mBack;
            const size = this.mLen + this.mBack;
            if (start > this.addStart)
                this.pushLiteral(tgt, this.addStart, start);
            this.ops.push(this.mKind, size, at);
            if (this.mKind === COPY_SOURCE) {
                if (at < this.segMin)
                    this.segMin = at;
                if (at + size > this.segMax)
                    this.segMax = at + size;
                this.contSource = at + size;
                this.contTarget = start + size;
                this.pushRep(at - start, start + size);
                this.localPending = at + size;
                this.near[this.nearNext] = at;
                this.nearNext = (this.nearNext + 1) & 3;
                stats.copySourceBytes += size;
            }
            else {
                stats.copyTargetBytes += size;
            }
            p = start + size;
            this.addStart = p;
            // Every op ends by p here, so the window can end at p: its op list
            // (9 bytes an op) stays bounded on op-dense targets.
            if (this.ops.count >= this.maxWindowOps && p < len) {
                this.tgt = tgt.subarray(0, p);
                this.tgtView = viewOf(this.tgt);
                break;
            }
        }
        const end = this.tgt.length;
        if (end > this.addStart)
            this.pushLiteral(tgt, this.addStart, end);
        return this.segMax < 0 ? { min: 0, max: 0 } : { min: this.segMin, max: this.segMax };
    }
    /** Bytes from target offset p that equal the source from s (s within the source). */
    sourceMatch(p, s) {
        const lim = Math.min(this.tgt.length - p, this.source.length - s);
        return matchLength(this.tgt, this.tgtView, p, this.source, this.sourceView, s, lim);
    }
    /** Best match at target offset p (result in mLen/mBack/mKind/mAt). */
    search(p) {
        const tgt = this.tgt;
        const src = this.source;
        const srcLen = src.length;
        const len = tgt.length;
        const addStart = this.addStart;
        let bestLen = 0;
        let bestBack = 0;
        let bestKind = 0;
        let bestAt = 0;
        let bestScore = -Infinity;
        // 1. Continue the previous source copy at the same offset (typical of
        //    binaries whose code moved by a constant, with a few bytes changed).
        if (this.contSource >= 0) {
            const s = this.contSource + (p - this.contTarget);
            if (s < srcLen && s >= 0 && tgt[p] === src[s]) {
                const k = this.sourceMatch(p, s);
                const min = p - this.contTarget <= CONTINUATION_REACH ? this.minContinuation : this.minFarContinuation;
                if (k >= min && fitsSegment(this.segMin, this.segMax, s, s + k)) {
                    bestScore = k - 1;
                    bestLen = k;
                    bestKind = COPY_SOURCE;
                    bestAt = s;
                }
            }
        }
        // 1b. Earlier displacements (code that moved keeps a few recurring ones).
        for (let r = 1; r < this.repCount; r++) {
            const s = p + this.repDisp[r];
            if (s < 0 || s >= srcLen || tgt[p] !== src[s])
                continue;
            const k = this.sourceMatch(p, s);
            const min = p - this.repEnd[r] <= CONTINUATION_REACH ? this.minContinuation : this.minFarContinuation;
            if (k < min)
                continue;
            const score = k - this.addressCost(s);
            if (score > bestScore && fitsSegment(this.segMin, this.segMax, s, s + k)) {
                bestScore = score;
                bestLen = k;
                bestKind = COPY_SOURCE;
                bestAt = s;
            }
        }
        // 2. Hash lookups in the source index and the target-so-far table.
        if (p + BLOCK <= len) {
            let h;
            if (this.hPos === p)
                h = this.h;
            else if (this.hPos === p - 1)
                h = rollHash(this.h, tgt[p - 1], tgt[p + BLOCK - 1]);
            else
                h = blockHash(tgt, p);
            const index = this.index;
            const table = index.table;
            const slot0 = index.slot(h);
            if (p + BLOCK < len) {
                // The next search is nearly always at p + 1 (after a miss, and the
                // lazy look after a match): load its buckets now, so that their cache
                // misses overlap this search's instead of following it.
                const h1 = rollHash(h, tgt[p], tgt[p + BLOCK]);
                this.h = h1;
                this.hPos = p + 1;
                const th1 = localHash(tgt, p + 1);
                this.th = th1;
                this.thPos = p + 1;
                this.touched = table[index.slot(h1)] ^ this.targetTable[bucket(th1, this.targetShift)];
            }
            else {
                this.h = h;
                this.hPos = p;
            }
            const ways = index.ways;
            const checkMask = index.checkMask;
            const blockMask = index.blockMask;
            const step = index.step;
            const tag = checkTag(h, checkMask);
            for (let e = 0; e < ways; e++) {
                const v = table[slot0 + e];
                if (v === 0)
                    break;
                // Another hash in this bucket: skip it without reading the source there.
                if (((v ^ tag) & checkMask) !== 0)
                    continue;
                const s = (((v & blockMask) >>> 0) - 1) * step;
                const k = this.sourceMatch(p, s);
                if (k > 0) {
                    let b = 0;
                    const blim = Math.min(p - addStart, s);
                    while (b < blim && tgt[p - b - 1] === src[s - b - 1])
                        b++;
                    if (k + b >= this.minHashMatch) {
                        // Score = bytes covered − estimated address bytes: among similar
                        // lengths prefer the copy near a recent one (a small near-cache
                        // address, and source reads close together when decoding).
                        const score = k + b - this.addressCost(s - b);
                        if (score > bestScore && fitsSegment(this.segMin, this.segMax, s - b, s + k)) {
                            bestScore = score;
                            bestLen = k;
                            bestBack = b;
                            bestKind = COPY_SOURCE;
                            bestAt = s;
                        }
                    }
                }
            }
        }
        // 3. Target-so-far: a dense table of short blocks (new text repeats words
        //    and lines; these copies have short HERE/near addresses).
        if (p + TARGET_BLOCK <= len) {
            const th = this.thPos === p ? this.th : localHash(tgt, p);
            // 4. Short source copies near recent ones (a dense index of those pages).
            if (bestKind === 0 && this.local && p - addStart <= LOCAL_REACH) {
                // Index the pages after the last copy only once literals follow it.
                if (this.localPending >= 0) {
                    this.local.touch(this.localPending);
                    this.local.touch(this.localPending + LOCAL_AHEAD);
                    this.localPending = -1;
                }
                const s = this.local.lookup(th);
                if (s >= 0) {
                    const k = this.sourceMatch(p, s);
                    if (k > 0) {
                        let b = 0;
                        const blim = Math.min(p - addStart, s);
                        while (b < blim && tgt[p - b - 1] === src[s - b - 1])
                            b++;
                        // (nothing else matched here, so no score to beat)
                        if (k + b >= MIN_LOCAL && fitsSegment(this.segMin, this.segMax, s - b, s + k)) {
                            bestLen = k;
                            bestBack = b;
                            bestKind = COPY_SOURCE;
                            bestAt = s;
                        }
                    }
                }
            }
            const slot = bucket(th, this.targetShift);
            const ttable = this.targetTable;
            const t = ttable[slot];
            if (t !== p)
                ttable[slot] = p;
            if (t >= 0 && t < p) {
                const k = matchLength(tgt, this.tgtView, p, tgt, this.tgtView, t, len - p);
                if (k > 0) {
                    let b = 0;
                    const blim = Math.min(p - addStart, t);
                    while (b < blim && tgt[p - b - 1] === tgt[t - b - 1])
                        b++;
                    const need = Math.max(this.minTargetMatch, 3 + varintLength(p - t));
                    if (k + b > bestLen + bestBack + 2 && k + b >= need) {
                        bestLen = k;
                        bestBack = b;
                        bestKind = COPY_TARGET;
                        bestAt = t;
                    }
                }
            }
        }
        this.mLen = bestLen;
        this.mBack = bestBack;
        this.mKind = bestKind;
        this.mAt = bestAt;
    }
    /** Make displacement d the most recent (its copy ended at target offset end). */
    pushRep(d, end) {
        const disp = this.repDisp;
        let i = 0;
        while (i < this.repCount && disp[i] !== d)
            i++;
        if (i === this.repCount && this.repCount < this.reps)
            this.repCount++;
        if (i >= this.repCount)
            i = this.repCount - 1;
        for (; i > 0; i--) {
            disp[i] = disp[i - 1];
            this.repEnd[i] = this.repEnd[i - 1];
        }
        disp[0] = d;
        this.repEnd[0] = end;
    }
    /** Recent source copy addresses (a stand-in for the decoder's near cache). */
    near = new Float64Array(4);
    nearNext = 0;
    /** Estimated bytes of the address of a source copy at s. */
    addressCost(s) {
        let best = varintLength(s);
        const near = this.near;
        for (let i = 0; i < 4; i++) {
            const d = s - near[i];
            if (d >= 0) {
                const c = varintLength(d);
                if (c < best)
                    best = c;
            }
        }
        return best;
    }
    /** Literal bytes [a, b): ADDs, with long single-byte runs as RUNs. */
    pushLiteral(tgt, a, b) {
        let lit = a;
        let i = a;
        while (i < b) {
            const c = tgt[i];
            let j = i + 1;
            while (j < b && tgt[j] === c)
                j++;
            if (j - i >= MIN_RUN) {
                if (i > lit)
                    this.pushAdd(lit, i);
                this.ops.push(RUN, j - i, i);
                this.stats.runBytes += j - i;
                lit = j;
            }
            i = j;
        }
        if (b > lit)
            this.pushAdd(lit, b);
    }
    pushAdd(a, b) {
        this.ops.push(ADD, b - a, a);
        this.stats.addBytes += b - a;
    }
    /** Turn the op list into the window's bytes. */
    emit(tgt, segMin, segMax) {
        const ops = this.ops;
        const n = ops.count;
        const segLen = segMax - segMin;
        const cache = this.cache;
        cache.reset();
        // Pass 1: address modes in instruction order, as the decoder will see them.
        let here = 0;
        let addrBytes = 0;
        let dataBytes = 0;
        // Instruction bytes at most: a code, and the size as a varint if it does not fit the code.
        let instBound = 16;
        for (let i = 0; i < n; i++) {
            const type = ops.type[i];
            const size = ops.size[i];
            instBound += size > 17 || type === RUN ? 1 + varintLength(size) : 1;
            if (type === COPY_SOURCE || type === COPY_TARGET) {
                const addr = type === COPY_SOURCE ? ops.where[i] - segMin : segLen + ops.where[i];
                const mode = cache.encode(addr, segLen + here, this.scratch);
                ops.type[i] = type | (mode << 3);
                ops.where[i] = this.scratch[0];
                addrBytes += mode >= 2 + S_NEAR ? 1 : varintLength(this.scratch[0]);
            }
            else {
                dataBytes += type === RUN ? 1 : size;
            }
            here += size;
        }
        // Pass 2: instructions (pairing into double codes where the table allows).
        // The section buffers are reused from window to window: typed arrays live
        // outside the V8 heap, so per-window garbage would pile up in RSS until a GC.
        // The data section is written straight into the output buffer (pass 3).
        const addrs = (this.addrBuf = grown(this.addrBuf, addrBytes));
        const inst = (this.instBuf = grown(this.instBuf, instBound));
        let ap = 0;
        let ip = 0;
        const putAddr = (i) => {
            const mode = ops.type[i] >> 3;
            if (mode >= 2 + S_NEAR)
                addrs[ap++] = ops.where[i];
            else
                ap = writeVarint(addrs, ap, ops.where[i]);
        };
        for (let i = 0; i < n; i++) {
            const type = ops.type[i] & 7;
            const size = ops.size[i];
            const next = i + 1 < n ? ops.type[i + 1] & 7 : -1;
            if (type === ADD) {
                if (next === COPY_SOURCE || next === COPY_TARGET) {
                    const code = addCopyCode(size, ops.size[i + 1], ops.type[i + 1] >> 3);
                    if (code >= 0) {
                        inst[ip++] = code;
                        putAddr(i + 1);
                        i++;
                        continue;
                    }
                }
                if (size <= 17)
                    inst[ip++] = 1 + size;
                else {
                    inst[ip++] = singleCode(ADD, 0);
                    ip = writeVarint(inst, ip, size);
                }
            }
            else if (type === RUN) {
                inst[ip++] = singleCode(RUN, 0);
                ip = writeVarint(inst, ip, size);
            }
            else {
                const mode = ops.type[i] >> 3;
                if (next === ADD) {
                    const code = copyAddCode(size, mode, ops.size[i + 1]);
                    if (code >= 0) {
                        inst[ip++] = code;
                        putAddr(i);
                        i++;
                        continue;
                    }
                }
                if (size >= 4 && size <= 18)
                    inst[ip++] = singleCode(COPY, mode) + size - 3;
                else {
                    inst[ip++] = singleCode(COPY, mode);
                    ip = writeVarint(inst, ip, size);
                }
                putAddr(i);
            }
        }
        // Sizes were computed in pass 1; a mismatch would be a bug here, not bad input.
        if (ap !== addrBytes)
            throw new Error('VCDIFF encoder: section sizes disagree');
        // Window header and delta encoding (RFC 3284 section 4.2 + xdelta3 Adler-32).
        const tlen = tgt.length;
        const deltaLen = varintLength(tlen) +
            1 +
            varintLength(dataBytes) +
            varintLength(ip) +
            varintLength(addrBytes) +
            4 +
            dataBytes +
            ip +
            addrBytes;
        const headLen = 1 + (segLen > 0 ? varintLength(segLen) + varintLength(segMin) : 0) + varintLength(deltaLen);
        const out = (this.outBuf = grown(this.outBuf, headLen + deltaLen));
        let o = 0;
        out[o++] = (segLen > 0 ? VCD_SOURCE : 0) | VCD_ADLER32;
        if (segLen > 0) {
            o = writeVarint(out, o, segLen);
            o = writeVarint(out, o, segMin);
        }
        o = writeVarint(out, o, deltaLen);
        o = writeVarint(out, o, tlen);
        out[o++] = 0;
        o = writeVarint(out, o, dataBytes);
        o = writeVarint(out, o, ip);
        o = writeVarint(out, o, addrBytes);
        const sum = adler32(tgt);
        out[o++] = sum >>> 24;
        out[o++] = (sum >>> 16) & 0xff;
        out[o++] = (sum >>> 8) & 0xff;
        out[o++] = sum & 0xff;
        // Pass 3: the data section, every ADD's bytes and every RUN's byte in
        // instruction order (pairing into double codes does not reorder them).
        const d0 = o;
        for (let i = 0; i < n; i++) {
            const type = ops.type[i] & 7;
            if (type === ADD) {
                const at = ops.where[i];
                out.set(tgt.subarray(at, at + ops.size[i]), o);
                o += ops.size[i];
            }
            else if (type === RUN)
                out[o++] = tgt[ops.where[i]];
        }
        if (o - d0 !== dataBytes)
            throw new Error('VCDIFF encoder: section sizes disagree');
        out.set(inst.subarray(0, ip), o);
        o += ip;
        out.set(addrs.subarray(0, addrBytes), o);
        return out.subarray(0, headLen + deltaLen);
    }
    addrBuf = new Uint8Array(0);
    instBuf = new Uint8Array(0);
    outBuf = new Uint8Array(0);
}
/**
 * `buf` if it holds n bytes, else a new buffer with a quarter more room (not
 * doubled: the old one stays in RSS until a GC, and these can be megabytes).
 */
function grown(buf, n) {
    return buf.length >= n ? buf : new Uint8Array(n + (n >> 2));
}
let zlib;
/** Bytes of `data` deflated as the payload's gzip -6 would (without its 18-byte frame). */
function deflatedSize(data) {
    // node:zlib is loaded on first use (only the short-copy pass, sources ≤ 4
    // MiB, needs it): its RSS would count against every other source's memory goal.
    zlib ??= (0,external_node_module_namespaceObject.createRequire)(import.meta.url)('node:zlib');
    return zlib.deflateRawSync(data, { level: 6 }).length;
}
/**
 * Target bytes per window by default: WINDOW_SIZE, and half of it for sources
 * up to SMALL_SOURCE. The window buffer is held for the whole encode; beside
 * Node itself and a small source it is what keeps the encoder above
 * the memory goal (1.5 × source + 64 MiB); halving it costs a little delta
 * size (fewer target-so-far copies across a window boundary). The action's
 * pool keeps WINDOW_SIZE.
 */
function defaultWindowSize(sourceSize) {
    return sourceSize <= SMALL_SOURCE ? WINDOW_SIZE / 2 : WINDOW_SIZE;
}
/**
 * Ops per window before it ends early, by default: 2^17 (a 1.1 MiB op list)
 * for sources up to SMALL_SOURCE, none above (the op lists are then sized
 * for it up front). Uncapped, the op list grows with the window's copies and
 * literals, by doubling, and the old arrays stay in RSS until a GC: a window
 * of a binary rewritten in many small places needs several times the cap and
 * pushes a small source past the memory goal. Text windows stay far below
 * the cap (figures: src/delta/README.md, Tuning notes). Larger sources have
 * more room in the bound and keep whole windows.
 */
function defaultMaxWindowOps(sourceSize) {
    return sourceSize <= SMALL_SOURCE ? 1 << 17 : 0;
}
/** A match threshold: `value` if given (an integer ≥ 4, the shortest COPY code), else `fallback`. */
function minimum(value, fallback) {
    if (value === undefined)
        return fallback;
    if (!Number.isInteger(value) || value < 4)
        throw new RangeError(`encoder match minimum must be an integer ≥ 4, got ${value}`);
    return value;
}
function fitsSegment(min, max, a, b) {
    if (max < 0)
        return true;
    return Math.max(max, b) - Math.min(min, a) <= MAX_SEGMENT;
}

;// CONCATENATED MODULE: ./src/delta/vcdiff/source-file.ts


const BLOCK_SIZE = 1024 * 1024;
/** At most this many cached blocks (64 MiB), least recently used dropped first. */
const MAX_BLOCKS = 64;
/**
 * The source file read on demand through an LRU of 1 MiB blocks, so decoding
 * needs memory for one target window plus the cache, whatever the source size.
 */
class SourceFile {
    path;
    fd;
    size;
    blocks = new Map();
    constructor(path) {
        this.path = path;
        this.fd = (0,external_node_fs_namespaceObject.openSync)(path, 'r');
        this.size = (0,external_node_fs_namespaceObject.fstatSync)(this.fd).size;
    }
    read(pos, size, out, at) {
        if (pos + size > this.size)
            throw new DeltaFormatError(`the delta copies source bytes ${pos}..${pos + size} but the source has only ${this.size} bytes (wrong source file?)`);
        while (size > 0) {
            const index = Math.floor(pos / BLOCK_SIZE);
            const block = this.block(index);
            const off = pos - index * BLOCK_SIZE;
            const n = Math.min(size, block.length - off);
            out.set(block.subarray(off, off + n), at);
            pos += n;
            at += n;
            size -= n;
        }
    }
    block(index) {
        let b = this.blocks.get(index);
        if (b) {
            this.blocks.delete(index);
            this.blocks.set(index, b);
            return b;
        }
        const start = index * BLOCK_SIZE;
        const len = Math.min(BLOCK_SIZE, this.size - start);
        b = new Uint8Array(len);
        let got = 0;
        while (got < len) {
            const n = (0,external_node_fs_namespaceObject.readSync)(this.fd, b, got, len - got, start + got);
            if (n === 0)
                throw new DeltaFormatError(`source ${this.path} shrank while decoding`);
            got += n;
        }
        if (this.blocks.size >= MAX_BLOCKS)
            this.blocks.delete(this.blocks.keys().next().value);
        this.blocks.set(index, b);
        return b;
    }
    close() {
        (0,external_node_fs_namespaceObject.closeSync)(this.fd);
    }
}

;// CONCATENATED MODULE: ./src/delta/native.ts








/**
 * Largest source: one Buffer (Node 20 caps those at 4 GiB) whose positions fit
 * the index's 32-bit slots.
 */
const MAX_SOURCE = Math.min(external_node_buffer_namespaceObject.constants.MAX_LENGTH, 0xfffffffe);
/** Read a whole file into one buffer (fs.readFile stops at 2 GiB). */
async function readWhole(path, size) {
    const buf = new Uint8Array(size);
    const fh = await (0,promises_.open)(path, 'r');
    try {
        let got = 0;
        while (got < size) {
            const { bytesRead } = await fh.read(buf, got, Math.min(size - got, 64 * 1024 * 1024), got);
            if (bytesRead === 0)
                throw new errors/* UserError */.yo(`source ${path} shrank while being read`);
            got += bytesRead;
        }
    }
    finally {
        await fh.close();
    }
    return buf;
}
/**
 * Encode with the native engine. Memory bound: the whole source (read once)
 * + its index (≤ source/4 + 16 MiB, and ≤ 0.45 × source above 12 MiB) + 3
 * MiB of target table / build scratch + the window and its output (~10–25
 * MiB); the target is streamed one window (≤ 8 MiB) at a time. `options`:
 * the encoder's settings (default: its own choice by size).
 */
async function encodeNative(sourcePath, targetPath, outputPath, options = {}, 
/** Called after each window with the target bytes encoded so far. */
onProgress) {
    const sourceSize = (await (0,promises_.stat)(sourcePath)).size;
    if (sourceSize > MAX_SOURCE)
        throw new errors/* UserError */.yo(`source ${sourcePath} is ${sourceSize} bytes; the native engine handles sources up to ${MAX_SOURCE} bytes`, { hint: 'use the xdelta3 engine for this layer (--engine xdelta3)' });
    const source = await readWhole(sourcePath, sourceSize);
    const targetSize = (await (0,promises_.stat)(targetPath)).size;
    const encoder = new VcdiffEncoder(source, targetSize, options);
    const target = await (0,promises_.open)(targetPath, 'r');
    try {
        return await (0,atomic/* writeAtomically */.vK)(outputPath, async (tmp) => {
            const out = await (0,promises_.open)(tmp, 'w');
            try {
                let size = 0;
                const put = async (bytes) => {
                    await out.write(bytes);
                    size += bytes.length;
                };
                await put(encoder.header());
                // A window buffer no bigger than the target (+1 to see its end).
                const buf = new Uint8Array(Math.min(encoder.windowSize, targetSize + 1));
                let windows = 0;
                // Bytes at the start of buf that the last window left (it ended early, see maxWindowOps).
                let kept = 0;
                let eof = false;
                let consumed = 0;
                for (;;) {
                    let got = kept;
                    while (!eof && got < buf.length) {
                        const { bytesRead } = await target.read(buf, got, buf.length - got, null);
                        if (bytesRead === 0)
                            eof = true;
                        got += bytesRead;
                    }
                    if (got === 0)
                        break;
                    await put(encoder.encodeWindow(buf.subarray(0, got)));
                    windows++;
                    const used = encoder.lastWindowLength;
                    consumed += used;
                    onProgress?.(consumed);
                    kept = got - used;
                    if (kept > 0)
                        buf.copyWithin(0, used, got);
                    else if (eof)
                        break;
                }
                // An empty target still gets one empty window: xdelta3 -d refuses a
                // delta without windows ("nothing to output"), and xdelta3 -e writes one too.
                if (windows === 0)
                    await put(encoder.encodeWindow(buf.subarray(0, 0)));
                await out.sync();
                return { size, stats: encoder.stats };
            }
            finally {
                await out.close();
            }
        });
    }
    finally {
        await target.close();
    }
}
/** Opens the delta and the source for `run`; a malformed delta becomes a UserError naming both. */
async function withDelta(sourcePath, deltaPath, run) {
    const source = new SourceFile(sourcePath);
    try {
        const delta = await (0,promises_.open)(deltaPath, 'r');
        try {
            return await run(delta, source);
        }
        finally {
            await delta.close();
        }
    }
    catch (err) {
        if (err instanceof DeltaFormatError)
            throw new errors/* UserError */.yo(`cannot decode delta ${deltaPath} against ${sourcePath}: ${err.message}`, { hint: 'check that the source is the exact file the delta was made from', cause: err });
        throw err;
    }
    finally {
        source.close();
    }
}
/** Decode a delta against its source; the output appears only when every window checked out. */
async function native_decodeNative(sourcePath, deltaPath, outputPath) {
    return withDelta(sourcePath, deltaPath, (delta, source) => writeAtomically(outputPath, async (tmp) => {
        const out = await open(tmp, 'w');
        try {
            return await decodeVcdiff(delta, source, async (chunk) => {
                await out.write(chunk);
            });
        }
        finally {
            await out.close();
        }
    }));
}
/**
 * Decode a delta against its source with the native decoder and return the
 * `sha256:<hex>` of what it decodes to, writing nothing: the check the
 * payload makes of every delta, run where the delta was just encoded.
 */
async function decodedDigest(sourcePath, deltaPath) {
    // loaded here, not at the top: an encode-only process saves its memory
    const { createHash } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 598, 23));
    const hash = createHash('sha256');
    await withDelta(sourcePath, deltaPath, (delta, source) => decoder_decodeVcdiff(delta, source, (chunk) => {
        hash.update(chunk);
        return Promise.resolve();
    }));
    return `sha256:${hash.digest('hex')}`;
}

;// CONCATENATED MODULE: ./src/delta/index.ts




const DELTA_ENGINES = (/* unused pure expression or super */ null && (['native', 'xdelta3']));
function parseEngine(value) {
    if (DELTA_ENGINES.includes(value))
        return value;
    throw new UsageError(`unknown delta engine '${value}'`, {
        hint: `use one of: ${DELTA_ENGINES.join(', ')}`
    });
}
/**
 * Peak memory an encode of a `sourceSize` source may take (the native bound:
 * source + index ≤ source/4 + 16 MiB + local index + window buffers), used by the pool's budget.
 */
function delta_encodeMemoryEstimate(sourceSize) {
    return Math.ceil(sourceSize * 1.25) + localIndexBytes(sourceSize) + 96 * 1024 * 1024;
}
/** Encode `targetPath` against `sourcePath` into a VCDIFF delta that stock `xdelta3 -d -s` decodes. */
async function encodeDelta(options) {
    const engine = options.engine ?? 'native';
    const started = performance.now();
    const [s, t] = await Promise.all([(0,promises_.stat)(options.sourcePath), (0,promises_.stat)(options.targetPath)]);
    const r = engine === 'native'
        ? await encodeNative(options.sourcePath, options.targetPath, options.outputPath, options.encoderOptions, options.onProgress)
        : // Loaded on use: node:child_process pulls in the net stack, whose RSS
            // the native encoder (and its memory goal) does not need.
            await (await __nccwpck_require__.e(/* import() */ 369).then(__nccwpck_require__.bind(__nccwpck_require__, 369))).encodeXdelta3(options.sourcePath, options.targetPath, options.outputPath, options.xdelta3Binary);
    return {
        size: r.size,
        sourceSize: s.size,
        targetSize: t.size,
        engine,
        durationMs: performance.now() - started,
        ...(r.stats ? { stats: r.stats } : {})
    };
}
/** Decode a delta (ours or `xdelta3 -e -S none`), verifying every window's checksum. */
async function decodeDelta(options) {
    const started = performance.now();
    const r = await decodeNative(options.sourcePath, options.deltaPath, options.outputPath);
    return { size: r.targetSize, windows: r.windows, durationMs: performance.now() - started };
}

;// CONCATENATED MODULE: ./src/delta/pool.ts









/**
 * Where the worker entry lives: `worker.js` beside this module (tsc output),
 * `worker.ts` beside it (tsx/vitest), or `dist/delta-worker/index.js` seen from
 * an ncc bundle in dist/ (the action) or dist/cli/ (the CLI). Undefined when
 * none exists.
 */
function findWorkerScript(moduleUrl = import.meta.url) {
    const here = dirname(fileURLToPath(moduleUrl));
    const candidates = [
        [join(here, 'worker.js'), false],
        [join(here, 'worker.ts'), true],
        [join(here, 'delta-worker', 'index.js'), false],
        [join(here, '..', 'delta-worker', 'index.js'), false]
    ];
    for (const [path, ts] of candidates)
        if (existsSync(path))
            return { path, ts };
    return undefined;
}
/** Encodes one job and, when `verify` (native engine), decodes the delta to hash its result. */
async function encodeAndCheck(job) {
    const { verify, ...options } = job;
    const result = await encodeDelta(options);
    if (!verify || result.engine !== 'native')
        return result;
    return { ...result, decodedDigest: await decodedDigest(job.sourcePath, job.outputPath) };
}
/** Workers started ahead of their job (`prewarmWorkers`), each waiting for one job. */
const warm = (/* unused pure expression or super */ null && ([]));
/**
 * Starts up to `count` workers now, so the encodes that follow skip a
 * worker's start (a thread loading the bundle's modules). Each waits for
 * one job; unused ones do not keep the process alive. Not for TypeScript
 * entries (tests through tsx start their own).
 */
function prewarmWorkers(count, workerScript) {
    const script = workerScript
        ? { path: workerScript, ts: workerScript.endsWith('.ts') }
        : findWorkerScript();
    if (!script || script.ts)
        return;
    for (let i = warm.filter((w) => w.path === script.path).length; i < count; i++) {
        const worker = new Worker(script.path, { workerData: { wait: true } });
        worker.unref();
        const entry = { path: script.path, worker };
        const drop = () => {
            const at = warm.indexOf(entry);
            if (at >= 0)
                warm.splice(at, 1);
        };
        // a worker that fails before its job is simply not used
        worker.on('error', drop);
        worker.on('exit', drop);
        warm.push(entry);
    }
}
/** A prewarmed worker for `path`, given `job`; undefined when none is waiting. */
function warmWorker(path, job) {
    const at = warm.findIndex((w) => w.path === path);
    if (at < 0)
        return undefined;
    const { worker } = warm.splice(at, 1)[0];
    worker.removeAllListeners();
    worker.ref();
    worker.postMessage(job);
    return worker;
}
function runInWorker(script, job, onProgress) {
    return new Promise((resolve, reject) => {
        const worker = script.ts
            ? // Under tsx/vitest the entry is TypeScript: register tsx in the worker first.
                new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(script.path).href)}) })`, { eval: true, workerData: job })
            : (warmWorker(script.path, job) ?? new Worker(script.path, { workerData: job }));
        let settled = false;
        const onMessage = (m) => {
            if ('progress' in m)
                return onProgress?.(m.progress);
            settled = true;
            worker.off('message', onMessage);
            if (m.ok)
                resolve(m.result);
            else
                reject(new UserError(m.message ?? 'delta encode failed'));
        };
        worker.on('message', onMessage);
        worker.once('error', (err) => {
            settled = true;
            reject(err);
        });
        worker.once('exit', (code) => {
            if (!settled)
                reject(new Error(`delta worker exited with code ${code} before answering`));
        });
    });
}
/**
 * Encode many pairs on worker threads: at most `concurrency` at once, and
 * only as many as fit the memory budget by `encodeMemoryEstimate` (one job
 * always runs, even when it alone exceeds the budget). Results come back in
 * job order; the first failure rejects after the running jobs finish.
 */
async function encodeMany(jobs, options = {}) {
    const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
    const budget = options.memoryBudget ?? Math.floor(totalmem() / 2);
    const script = options.inProcess
        ? undefined
        : options.workerScript
            ? { path: options.workerScript, ts: options.workerScript.endsWith('.ts') }
            : findWorkerScript();
    if (!script && !options.inProcess)
        options.log?.warn('delta worker script not found; encoding in the main thread, one at a time');
    const limit = script ? concurrency : 1;
    const costs = await Promise.all(jobs.map(async (j) => j.engine === 'xdelta3'
        ? 64 * 1024 * 1024
        : encodeMemoryEstimate((await stat(j.sourcePath)).size)));
    const results = new Array(jobs.length);
    let next = 0;
    let running = 0;
    let used = 0;
    let failure;
    await new Promise((resolveAll) => {
        const pump = () => {
            while (failure === undefined && next < jobs.length && running < limit) {
                const cost = costs[next];
                if (running > 0 && used + cost > budget)
                    break;
                const i = next++;
                running++;
                used += cost;
                const job = jobs[i];
                options.onStart?.(job);
                options.log?.debug(`delta: encoding ${job.targetPath} against ${job.sourcePath}`);
                const pj = options.verify ? { ...job, verify: true } : job;
                const progress = options.onProgress
                    ? (done) => options.onProgress?.(job, done)
                    : undefined;
                // a function does not cross to a worker: there, progress comes back as messages
                const work = script
                    ? runInWorker(script, pj, progress)
                    : encodeAndCheck(progress ? { ...pj, onProgress: progress } : pj);
                work
                    .then((r) => {
                    results[i] = r;
                    options.onDone?.(job, r);
                }, (err) => {
                    failure ??= err;
                })
                    .finally(() => {
                    running--;
                    used -= cost;
                    pump();
                });
            }
            if (running === 0 && (next >= jobs.length || failure !== undefined))
                resolveAll();
        };
        pump();
    });
    if (failure !== undefined)
        throw failure;
    return results;
}

;// CONCATENATED MODULE: ./src/delta/worker.ts
/**
 * Worker-thread entry: encodes the one job in `workerData` (and, when asked,
 * decodes the delta to hash it) and posts the result.
 * Bundled on its own by ncc (`src/delta/worker.ts` → `dist/delta-worker/index.js`)
 * so that the CLI and action bundles can start it; see pool.ts.
 */



const port = external_node_worker_threads_namespaceObject.parentPort;
/** Started ahead (`prewarmWorkers`): the job comes as the first message. */
const ahead = external_node_worker_threads_namespaceObject.workerData?.wait === true;
if (port && ahead)
    port.once('message', (job) => run(port, job));
else if (port)
    run(port, external_node_worker_threads_namespaceObject.workerData);
function run(port, job) {
    const progress = (done) => port.postMessage({ progress: done });
    encodeAndCheck({ ...job, onProgress: progress }).then((result) => port.postMessage({ ok: true, result }), (err) => port.postMessage({
        ok: false,
        message: (0,errors/* describeError */.Uc)(err),
        user: err instanceof Error && err.name === 'UserError'
    }));
}

