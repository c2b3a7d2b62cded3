export const id = 820;
export const ids = [820];
export const modules = {

/***/ 68:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hostPlatform: () => (/* binding */ hostPlatform),
/* harmony export */   nameAndTag: () => (/* binding */ nameAndTag),
/* harmony export */   registerImageCommands: () => (/* binding */ registerImageCommands)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2693);
/* harmony import */ var _oci_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7064);





/** The runner's own platform, as Docker defaults to it (actions-toolkit's mapping). */
function hostPlatform() {
    const a = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.arch)();
    if (a === 'x64')
        return { os: 'linux', architecture: 'amd64' };
    if (a === 'arm64')
        return { os: 'linux', architecture: 'arm64' };
    if (a === 'arm')
        return { os: 'linux', architecture: 'arm', variant: 'v7' };
    if (a === 'ia32')
        return { os: 'linux', architecture: '386' };
    return { os: 'linux', architecture: a };
}
function imageOptions(flags, ctx) {
    let ca;
    if (flags.caFile) {
        try {
            ca = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(flags.caFile, 'utf8');
        }
        catch (err) {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`cannot read --ca-file ${flags.caFile}: ${err.code}`);
        }
    }
    const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
    if (concurrency !== undefined &&
        !(Number.isInteger(concurrency) && concurrency > 0 && concurrency <= 32)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--concurrency must be an integer from 1 to 32, not "${flags.concurrency}"`);
    }
    return {
        storeDir: flags.store ?? (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .defaultStoreDir */ .iB)(),
        log: ctx.log,
        ...(flags.insecureRegistry ? { insecureRegistries: flags.insecureRegistry } : {}),
        ...(ca ? { ca } : {}),
        ...(concurrency ? { concurrency } : {})
    };
}
const collect = (v, prev = []) => [...prev, v];
function commonOptions(cmd) {
    return cmd
        .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image (default: this machine)')
        .option('--store <dir>', 'content store folder (default: $MENDER_COMPOSE_STORE or ~/.cache/mender-compose/store)')
        .option('--insecure-registry <host[:port]>', 'registry to reach over plain HTTP (repeatable)', collect)
        .option('--ca-file <pem>', 'extra CA certificates to trust for registries')
        .option('--concurrency <n>', 'parallel layer downloads (default 4)')
        .addHelpText('after', '\nRegistries are reached through the proxy in HTTPS_PROXY / HTTP_PROXY (either case) unless NO_PROXY\nnames them; loopback registries always directly. Logins come from the Docker config\n(DOCKER_CONFIG or ~/.docker/config.json), as docker/login-action writes it.');
}
function platformOf(flags) {
    return flags.platform ? (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parsePlatform */ .Y8)(flags.platform, "Option '--platform'") : hostPlatform();
}
/** Repository name and tag for the output's RepoTags / ref.name. */
function nameAndTag(reference, source) {
    if (source !== 'registry') {
        const tag = /:([\w][\w.-]{0,127})$/.exec(reference.replace(/^[a-z-]+:/, ''))?.[1];
        return { name: 'localhost/image', ...(tag ? { tag } : {}) };
    }
    const noDigest = reference.split('@')[0];
    const colon = noDigest.indexOf(':', noDigest.lastIndexOf('/'));
    return colon < 0
        ? { name: noDigest }
        : { name: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) };
}
/** `image resolve | pull` (daemonless OCI). */
function registerImageCommands(image, ctx) {
    commonOptions(image
        .command('resolve')
        .description('print the digest of the platform manifest an image reference points to')
        .argument('<ref>', 'REF, docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:REF] or docker-daemon:REF')
        .option('--json', 'print index, manifest and config digests and the layers as JSON')).action(async (ref, flags) => {
        const platform = platformOf(flags);
        const r = await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .resolveImage */ .AT)(ref, platform, imageOptions(flags, ctx));
        if (flags.json) {
            ctx.stdout(`${JSON.stringify({
                reference: r.reference,
                platform: (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .formatPlatform */ .Bq)(r.platform),
                indexDigest: r.indexDigest ?? null,
                manifestDigest: r.manifestDigest,
                configDigest: r.configDigest,
                layers: r.layers.map((l, i) => ({ ...l, diffId: r.diffIds[i] }))
            }, null, 2)}\n`);
        }
        else {
            ctx.stdout(`${r.manifestDigest}\n`);
        }
    });
    commonOptions(image
        .command('pull')
        .description('fetch an image into the content store and write it as an OCI layout or docker archive')
        .argument('<ref>', 'image reference or source (see image resolve)')
        .requiredOption('-o, --output <path>', 'output folder (oci) or file (docker-archive)')
        .option('--format <format>', 'oci or docker-archive', 'oci')
        .option('--tag <tag>', 'tag to record in the output (default: the reference tag)')).action(async (ref, flags) => {
        if (flags.format !== 'oci' && flags.format !== 'docker-archive') {
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--format must be oci or docker-archive, not "${flags.format}"`);
        }
        const platform = platformOf(flags);
        const opts = { ...imageOptions(flags, ctx), layerTars: flags.format === 'docker-archive' };
        const started = Date.now();
        const pullOnce = () => (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .pullToStore */ .xG)(ref, platform, opts, async (pulled, store) => {
            const r = pulled.resolved;
            const { name, tag: refTag } = nameAndTag(r.reference, r.source);
            if (flags.format === 'oci') {
                await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .writeOciLayout */ .fS)(store, pulled, flags.output, flags.tag ?? refTag, ctx.log);
            }
            else {
                await (0,_oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .writeDockerArchive */ .WJ)(store, pulled, flags.output, `${name}:${flags.tag ?? refTag ?? 'latest'}`);
            }
            return r;
        });
        // a store entry changed in place is found (and dropped) on its way out: fetch it again
        const result = await pullOnce().catch((err) => {
            if (!(err instanceof _oci_index_js__WEBPACK_IMPORTED_MODULE_3__/* .CorruptEntry */ .Ob))
                throw err;
            ctx.log.warn(`${err.message}; pulling again`);
            return pullOnce();
        });
        const total = result.layers.reduce((n, l) => n + l.size, 0);
        ctx.log.info(`wrote ${flags.format} ${flags.output}: ${result.layers.length} layers, ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_4__/* .formatBytes */ .z3)(total)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        ctx.stdout(`${result.manifestDigest}\n`);
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

/***/ 8182:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ getProxyForUrl)
/* harmony export */ });


var DEFAULT_PORTS = {
  ftp: 21,
  gopher: 70,
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
};

function parseUrl(urlString) {
  try {
    return new URL(urlString);
  } catch {
    return null;
  }
}

/**
 * @param {string|object|URL} url - The URL as a string or URL instance, or a
 *   compatible object (such as the result from legacy url.parse).
 * @return {string} The URL of the proxy that should handle the request to the
 *  given URL. If no proxy is set, this will be an empty string.
 */
function getProxyForUrl(url) {
  var parsedUrl = (typeof url === 'string' ? parseUrl(url) : url) || {};
  var proto = parsedUrl.protocol;
  var hostname = parsedUrl.host;
  var port = parsedUrl.port;
  if (typeof hostname !== 'string' || !hostname || typeof proto !== 'string') {
    return '';  // Don't proxy URLs without a valid scheme or host.
  }

  proto = proto.split(':', 1)[0];
  // Stripping ports in this way instead of using parsedUrl.hostname to make
  // sure that the brackets around IPv6 addresses are kept.
  hostname = hostname.replace(/:\d*$/, '');
  port = parseInt(port) || DEFAULT_PORTS[proto] || 0;
  if (!shouldProxy(hostname, port)) {
    return '';  // Don't proxy URLs that match NO_PROXY.
  }

  var proxy = getEnv(proto + '_proxy') || getEnv('all_proxy');
  if (proxy && proxy.indexOf('://') === -1) {
    // Missing scheme in proxy, default to the requested URL's scheme.
    proxy = proto + '://' + proxy;
  }
  return proxy;
}

/**
 * Determines whether a given URL should be proxied.
 *
 * @param {string} hostname - The host name of the URL.
 * @param {number} port - The effective port of the URL.
 * @returns {boolean} Whether the given URL should be proxied.
 * @private
 */
function shouldProxy(hostname, port) {
  var NO_PROXY = getEnv('no_proxy').toLowerCase();
  if (!NO_PROXY) {
    return true;  // Always proxy if NO_PROXY is not set.
  }
  if (NO_PROXY === '*') {
    return false;  // Never proxy if wildcard is set.
  }

  return NO_PROXY.split(/[,\s]/).every(function(proxy) {
    if (!proxy) {
      return true;  // Skip zero-length hosts.
    }
    var parsedProxy = proxy.match(/^(.+):(\d+)$/);
    var parsedProxyHostname = parsedProxy ? parsedProxy[1] : proxy;
    var parsedProxyPort = parsedProxy ? parseInt(parsedProxy[2]) : 0;
    if (parsedProxyPort && parsedProxyPort !== port) {
      return true;  // Skip if ports don't match.
    }

    if (!/^[.*]/.test(parsedProxyHostname)) {
      // No wildcards, so stop proxying if there is an exact match.
      return hostname !== parsedProxyHostname;
    }

    if (parsedProxyHostname.charAt(0) === '*') {
      // Remove leading wildcard.
      parsedProxyHostname = parsedProxyHostname.slice(1);
    }
    // Stop proxying if the hostname ends with the no_proxy host.
    return !hostname.endsWith(parsedProxyHostname);
  });
}

/**
 * Get the value for an environment variable.
 *
 * @param {string} key - The name of the environment variable.
 * @return {string} The value of the environment variable.
 * @private
 */
function getEnv(key) {
  return process.env[key.toLowerCase()] || process.env[key.toUpperCase()] || '';
}


/***/ })

};
