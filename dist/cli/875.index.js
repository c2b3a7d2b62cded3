export const id = 875;
export const ids = [875];
export const modules = {

/***/ 8875:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registerArtifactCommands: () => (/* binding */ registerArtifactCommands)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _artifact_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9851);
/* harmony import */ var _artifact_fields_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9437);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2693);



/** mender-artifact's exit codes, which its users script on: validation failed, cannot open. */
const EXIT_INVALID_ARTIFACT = 4;
const EXIT_CANNOT_OPEN = 3;
/**
 * Reads as readArtifact does, failing with mender-artifact's exit codes:
 * `validate` exits 4 for an invalid artifact, `read` 1 (the usual code).
 */
async function readWithExitCodes(file, key, invalidCode) {
    try {
        return await (0,_artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .readArtifact */ .R9)(file, { publicKey: key });
    }
    catch (err) {
        const exitCode = err instanceof _artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidArtifactError */ .SO
            ? invalidCode
            : err instanceof _artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactOpenError */ .tF
                ? EXIT_CANNOT_OPEN
                : undefined;
        if (exitCode === undefined || !(err instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo))
            throw err;
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(err.message, {
            ...(err.hint !== undefined && { hint: err.hint }),
            cause: err.cause,
            exitCode
        });
    }
}


const collect = (value, previous = []) => [...previous, value];
function keyValues(args, flag) {
    const out = {};
    for (const a of args ?? []) {
        const kv = (0,_artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .splitKeyValue */ .px)(a);
        if (!kv)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${flag} ${JSON.stringify(a)}: argument must have a delimiting colon (KEY:VALUE)`);
        out[kv[0]] = kv[1];
    }
    return out;
}
async function readMetaData(path) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`meta-data (-m) ${path}: cannot read it: ${err.message}`);
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (err) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`meta-data (-m) ${path} is not valid JSON: ${err.message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`meta-data (-m) ${path} must hold a JSON object`);
    return value;
}
/**
 * mender-artifact lets a `--software-*` flag given after an explicit
 * `-p <fs>.<name>.version:V` override it; commander parses options in command
 * line order, so the order is recorded as they are parsed.
 */
function orderTracker() {
    let seq = 0;
    const provideSeq = new Map();
    let lastSoftware = -1;
    return {
        provide: (v, prev) => {
            const kv = (0,_artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .splitKeyValue */ .px)(v);
            if (kv)
                provideSeq.set(kv[0], ++seq);
            return collect(v, prev);
        },
        software: (v) => {
            lastSoftware = ++seq;
            return v;
        },
        overrides: (key) => key !== undefined && lastSoftware > (provideSeq.get(key) ?? Infinity)
    };
}
function registerWriteModuleImage(write, ctx) {
    const order = orderTracker();
    write
        .command('module-image')
        .description('write a Mender Artifact for an Update Module (as `mender-artifact write module-image`)')
        .requiredOption('-T, --type <type>', 'payload type: the name of the Update Module')
        .requiredOption('-n, --artifact-name <name>', 'name of the artifact')
        .requiredOption('-t, --device-type <type>', 'compatible device type (repeatable)', collect)
        .option('-o, --output-path <path>', 'output artifact file', 'artifact.mender')
        .option('-f, --file <file>', 'include FILE in the payload (repeatable)', collect)
        .option('-m, --meta-data <file>', 'meta-data JSON file (an object)')
        .option('-p, --provides <key:value>', 'type-info artifact_provides entry (repeatable)', order.provide)
        .option('-d, --depends <key:value>', 'type-info artifact_depends entry (repeatable)', collect)
        .option('-N, --artifact-name-depends <name>', 'artifact name this one depends on (repeatable)', collect)
        .option('-g, --provides-group <group>', 'artifact group this artifact provides')
        .option('-G, --depends-groups <group>', 'artifact group depended on (repeatable)', collect)
        .option('-s, --script <file>', 'state script (repeatable)', collect)
        .option('-k, --key <pem>', 'private key (PEM: RSA or ECDSA P-256) to sign the artifact with')
        .option('--software-filesystem <fs>', `software version key prefix (default ${_artifact_fields_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_SOFTWARE_FILESYSTEM */ .kb})`, order.software)
        .option('--software-name <name>', 'software name in the version key (default: the payload type)', order.software)
        .option('--software-version <version>', 'software version (default: the artifact name)', order.software)
        .option('--clears-provides <pattern>', 'clears_artifact_provides pattern (repeatable)', collect)
        .option('--no-default-software-version', 'no <fs>.<name>.version provide and no default clears entry')
        .option('--no-default-clears-provides', 'no default clears_artifact_provides entry')
        .option('--compression <id>', 'none, gzip, zstd (zstd_fastest|fast|better|best)', 'gzip')
        .action(async (flags) => {
        const { compression, level } = (0,_artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCompression */ .Gd)(flags.compression);
        const provides = keyValues(flags.provides, '-p/--provides');
        const o = {
            type: flags.type,
            name: flags.artifactName,
            deviceTypes: flags.deviceType,
            files: flags.file ?? [],
            provides,
            depends: keyValues(flags.depends, '-d/--depends'),
            artifactNameDepends: flags.artifactNameDepends,
            providesGroup: flags.providesGroup,
            dependsGroups: flags.dependsGroups,
            scripts: flags.script,
            softwareFilesystem: flags.softwareFilesystem,
            softwareName: flags.softwareName,
            softwareVersion: flags.softwareVersion,
            noDefaultSoftwareVersion: !flags.defaultSoftwareVersion,
            clearsProvides: flags.clearsProvides,
            noDefaultClearsProvides: !flags.defaultClearsProvides,
            compression,
            compressionLevel: level,
            signingKey: flags.key ? { path: flags.key } : undefined
        };
        if (flags.metaData)
            o.metaData = await readMetaData(flags.metaData);
        const swKey = `${o.softwareFilesystem || _artifact_fields_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_SOFTWARE_FILESYSTEM */ .kb}.${o.softwareName || o.type}.version`;
        o.softwareVersionOverridesProvides = order.overrides(swKey);
        const started = Date.now();
        const result = await (0,_artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .writeArtifact */ .w6)(o, flags.outputPath, { log: ctx.log });
        ctx.log.info(`wrote ${result.path} (${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_4__/* .formatBytes */ .z3)(result.size)}, ${result.files.length} payload file(s)${result.signed ? ', signed' : ''}) in ${Date.now() - started} ms`);
        ctx.stdout(`${result.path}\n`);
    });
}
/** `artifact write module-image | read | validate` (Mender Artifact v3). */
function registerArtifactCommands(artifact, ctx) {
    const write = artifact.command('write').description('write Mender Artifacts');
    registerWriteModuleImage(write, ctx);
    artifact
        .command('read')
        .description('print the headers of an artifact (as `mender-artifact read`), verifying it')
        .argument('<file>', 'artifact file')
        .option('-k, --key <pem>', 'public key to verify the signature with')
        .option('--json', 'print JSON instead of text')
        .addHelpText('after', `
Differences from mender-artifact read: meta-data with a list holding objects or
lists is printed as JSON, where mender-artifact prints only "Invalid metadata
section"; and a -k key the signature does not verify with is an error (exit 1),
where mender-artifact prints "verification using provided key failed" and exits 0.`)
        .action(async (file, flags) => {
        const info = await readWithExitCodes(file, flags.key);
        ctx.stdout(flags.json ? (0,_artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .artifactInfoJson */ .h8)(info) : (0,_artifact_index_js__WEBPACK_IMPORTED_MODULE_1__/* .describeArtifact */ .Qw)(info));
    });
    artifact
        .command('validate')
        .description('verify every checksum of an artifact, and its signature with -k')
        .argument('<file>', 'artifact file')
        .option('-k, --key <pem>', 'public key the artifact must be signed with')
        .addHelpText('after', `
As mender-artifact validate: a signed artifact needs -k (its signature is what
there is to validate), an unsigned one given -k fails, and every validation
failure exits ${EXIT_INVALID_ARTIFACT} (a file that cannot be opened exits 3).`)
        .action(async (file, flags) => {
        const info = await readWithExitCodes(file, flags.key, EXIT_INVALID_ARTIFACT);
        if (info.signed && !flags.key)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`invalid artifact ${file}: it is signed and no key was given to verify the signature (mender-artifact: "missing verifier")`, { hint: 'give the public key with -k', exitCode: EXIT_INVALID_ARTIFACT });
        ctx.stdout(`Artifact file '${file}' validated successfully\n`);
    });
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
