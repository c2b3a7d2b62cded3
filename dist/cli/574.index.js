export const id = 574;
export const ids = [574];
export const modules = {

/***/ 1574:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerDemo: () => (/* binding */ registerDemo)
});

// EXTERNAL MODULE: ./src/oci/platform.ts
var oci_platform = __webpack_require__(1890);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/pipeline/options.ts
var options = __webpack_require__(4920);
// EXTERNAL MODULE: ./src/pipeline/stages/index.ts + 40 modules
var stages = __webpack_require__(1077);
// EXTERNAL MODULE: ./src/pipeline/run-pipeline.ts + 2 modules
var run_pipeline = __webpack_require__(1259);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./src/demo/shop-images.ts
/**
 * The example app's images (examples/shop), v1 and v2, as OCI image layouts
 * written without Docker: deterministic layers (same bytes on every machine,
 * so digests and delta sizes are reproducible), each an index over three
 * platforms. Used by the demo, the tests, the benchmark and
 * examples/shop/push-images.sh (through `mender-compose demo --images-only`).
 *
 * v1 → v2: web changes its app layer a little (a delta ships a few KiB), api
 * changes its app layer and adds a layer (one delta, one full), db stays the
 * same (every layer reused).
 */





const PLATFORMS = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
    { os: 'linux', architecture: 'arm', variant: 'v7' }
];
const MTIME = new Date('2024-01-01T00:00:00Z');
/** xorshift32: the same pseudo-random bytes everywhere. */
function bytes(seed, length) {
    let x = 2463534242 ^ [...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        // Half the bytes from a small alphabet: compressible like real binaries, not like noise.
        out[i] = i % 2 ? x & 0xff : 0x41 + (x % 8);
    }
    return out;
}
/** A layer tar from {path: Buffer}, deterministic (sorted, fixed owner and mtime). */
async function layerTar(files) {
    const pack = tar_stream.pack();
    const chunks = [];
    pack.on('data', (c) => chunks.push(c));
    const done = new Promise((resolve, reject) => {
        pack.on('end', () => resolve());
        pack.on('error', reject);
    });
    const dirs = new Set();
    for (const path of Object.keys(files).sort()) {
        const parts = path.split('/');
        for (let i = 1; i < parts.length; i++) {
            const dir = parts.slice(0, i).join('/');
            if (dirs.has(dir))
                continue;
            dirs.add(dir);
            pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: MTIME, uid: 0, gid: 0 });
        }
        pack.entry({ name: path, mode: 0o644, mtime: MTIME, uid: 0, gid: 0 }, files[path]);
    }
    pack.finalize();
    await done;
    return Buffer.concat(chunks);
}
const sha = (b) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(b).digest('hex')}`;
/** The files of each layer of each image, by platform. */
function layersOf(service, tag, platform) {
    const p = `${platform.architecture}${platform.variant ?? ''}`;
    const base = {
        'bin/busybox': bytes(`base-${p}`, 768 * 1024),
        'etc/os-release': Buffer.from(`ID=shopos\nARCH=${p}\n`)
    };
    const layers = [base];
    if (service === 'web') {
        const site = bytes(`web-site-${p}`, 256 * 1024);
        if (tag === '2.0')
            site.write('<h1>Shop v2: now with a basket</h1>', 4096);
        layers.push({
            'srv/www/index.html': Buffer.from(`<h1>Shop ${tag}</h1>\n`),
            'srv/www/app.bin': site
        });
    }
    else if (service === 'api') {
        layers.push({ 'usr/lib/api/deps.bin': bytes(`api-deps-${p}`, 384 * 1024) });
        const app = bytes(`api-app-${p}`, 192 * 1024);
        if (tag === '2.0')
            app.write('api v2 handler table', 1000);
        layers.push({ 'usr/bin/api': app, 'etc/api/version': Buffer.from(`${tag}\n`) });
        if (tag === '2.0')
            layers.push({ 'usr/share/api/reports.bin': bytes(`api-reports-${p}`, 64 * 1024) });
    }
    else if (service === 'db') {
        layers.push({ 'usr/bin/db': bytes(`db-${p}`, 512 * 1024) });
    }
    return layers;
}
async function writeBlob(dir, buf) {
    const digest = sha(buf);
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'blobs', 'sha256', digest.slice(7)), buf);
    return { digest, size: buf.length };
}
/** One OCI layout with an index over PLATFORMS, tagged `tag`. */
async function makeImage(outDir, service, tag) {
    const dir = (0,external_node_path_.join)(outDir, `${service}-${tag}`);
    await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'blobs', 'sha256'), { recursive: true });
    const manifests = [];
    for (const platform of PLATFORMS) {
        const layers = [];
        const diffIds = [];
        for (const files of layersOf(service, tag, platform)) {
            const raw = await layerTar(files);
            diffIds.push(sha(raw));
            // level 6 and no name/mtime in the gzip header: stable bytes.
            layers.push({
                mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
                ...(await writeBlob(dir, (0,external_node_zlib_.gzipSync)(raw, { level: 6 })))
            });
        }
        const config = Buffer.from(JSON.stringify({
            architecture: platform.architecture,
            os: platform.os,
            ...(platform.variant ? { variant: platform.variant } : {}),
            created: MTIME.toISOString(),
            config: {
                Cmd: [`/usr/bin/${service === 'web' ? 'httpd' : service}`],
                Labels: { 'org.opencontainers.image.version': tag }
            },
            rootfs: { type: 'layers', diff_ids: diffIds },
            history: diffIds.map(() => ({
                created: MTIME.toISOString(),
                created_by: `example ${service} ${tag}`
            }))
        }));
        const manifest = Buffer.from(JSON.stringify({
            schemaVersion: 2,
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            config: {
                mediaType: 'application/vnd.oci.image.config.v1+json',
                ...(await writeBlob(dir, config))
            },
            layers
        }));
        manifests.push({
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            ...(await writeBlob(dir, manifest)),
            platform
        });
    }
    const index = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests
    }));
    const top = await writeBlob(dir, index);
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'index.json'), JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
            {
                mediaType: 'application/vnd.oci.image.index.v1+json',
                ...top,
                annotations: { 'org.opencontainers.image.ref.name': tag }
            }
        ]
    }));
    return { service, tag, dir, digest: top.digest };
}
/** The example's images: [service, tag] pairs of v1 and v2 (db:16 is in both). */
const IMAGES = [
    ['web', '1.0'],
    ['web', '2.0'],
    ['api', '1.0'],
    ['api', '2.0'],
    ['db', '16']
];

;// CONCATENATED MODULE: ./src/demo/run-demo.ts







/** The example's registry name; the demo never contacts it (see `sourceFor`). */
const DEMO_REGISTRY = 'localhost:5000';
/** The example app's compose file at a release: three services, as examples/shop has them. */
function shopCompose(release) {
    const tag = release === 'v1' ? '1.0' : '2.0';
    return [
        `# The example "shop" app, release ${release}.`,
        'name: shop',
        'services:',
        '  web:',
        `    image: ${DEMO_REGISTRY}/shop/web:${tag}`,
        '    ports:',
        "      - '8080:80'",
        '  api:',
        `    image: ${DEMO_REGISTRY}/shop/api:${tag}`,
        '  db:',
        `    image: ${DEMO_REGISTRY}/shop/db:16`,
        ''
    ].join('\n');
}
/**
 * The README's "Try it": writes the example images as OCI layouts into a
 * temporary folder, then runs the real pipeline twice (dry run): v1 as a
 * full artifact, v2 as deltas against v1. References in the compose files
 * are mapped to those layouts, so no registry, account or network is needed.
 */
async function runDemo(opts) {
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'mender-compose-demo-'));
    try {
        const images = (0,external_node_path_.join)(work, 'images');
        for (const [service, tag] of IMAGES)
            await makeImage(images, service, tag);
        const sourceFor = (reference) => {
            const m = new RegExp(`^${DEMO_REGISTRY}/shop/([a-z]+):([0-9.]+)$`).exec(reference);
            return m ? `oci:${(0,external_node_path_.join)(images, `${m[1]}-${m[2]}`)}:${m[2]}` : reference;
        };
        for (const r of ['v1', 'v2']) {
            await (0,promises_.mkdir)((0,external_node_path_.join)(work, 'project', r), { recursive: true });
            await (0,promises_.writeFile)((0,external_node_path_.join)(work, 'project', r, 'compose.yaml'), shopCompose(r));
        }
        const outputDir = (0,external_node_path_.resolve)(opts.outputDir);
        await (0,promises_.mkdir)(outputDir, { recursive: true });
        const build = (release) => {
            const options = demoOptions(work, outputDir, release, opts);
            return (0,run_pipeline/* runPipeline */.aI)(options, (0,stages/* createStages */.k)(opts.log, { sourceFor }), opts.log);
        };
        const v1 = await build('v1');
        const v2 = await build('v2');
        return { v1, v2 };
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
function demoOptions(work, outputDir, release, opts) {
    return {
        composeFiles: ['compose.yaml'],
        projectDirectory: (0,external_node_path_.join)(work, 'project', release),
        composeEnv: {},
        applicationName: 'shop',
        artifactName: release === 'v1' ? 'shop-1.0' : 'shop-2.0',
        targets: [{ platform: opts.platform, deviceTypes: [opts.deviceType] }],
        module: options/* OPTION_TABLE */.zS.module.default,
        delta: options/* OPTION_TABLE */.zS.delta.default,
        deltaEncoder: options/* OPTION_TABLE */.zS.deltaEncoder.default,
        deviceImageStore: options/* OPTION_TABLE */.zS.deviceImageStore.default,
        previous: release === 'v1' ? { kind: 'none' } : { kind: 'compose', files: ['../v1/compose.yaml'] },
        // v2's deltas only decode on a device running shop-1.0: the artifact says so.
        ...(release === 'v2' ? { previousArtifactName: 'shop-1.0' } : {}),
        softwareFilesystem: options/* OPTION_TABLE */.zS.softwareFilesystem.default,
        provides: {},
        depends: {},
        clearsProvides: [],
        compression: options/* OPTION_TABLE */.zS.compression.default,
        menderServerUrl: options/* OPTION_TABLE */.zS.menderServerUrl.default,
        credentials: {},
        upload: false,
        serviceImages: {},
        cacheDir: (0,external_node_path_.join)(work, 'store'),
        outputDir,
        dryRun: true
    };
}

// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
;// CONCATENATED MODULE: ./src/cli/commands/demo.ts





/**
 * `mender-compose demo`: the README's "Try it" command. It builds the
 * embedded example app (examples/shop) v1, then v2 as deltas against v1, with
 * the real pipeline on images it writes itself: no account, Docker or network.
 */
function registerDemo(program, ctx) {
    program
        .command('demo')
        .description('build a real v1 → v2 delta artifact of the embedded example app (no accounts needed)')
        .option('--output-dir <dir>', 'where to write the demo artifacts', 'mender-compose-demo')
        .option('--platform <os/arch[/variant]>', 'platform to build for', 'linux/arm64')
        .option('--device-type <type>', 'device type of the artifacts', 'raspberrypi4')
        .option('--images-only <dir>', 'only write the example images as OCI layouts into <dir>')
        .action(async (flags) => {
        if (flags.imagesOnly) {
            for (const [service, tag] of IMAGES) {
                const img = await makeImage(flags.imagesOnly, service, tag);
                ctx.stdout(`${img.dir}\t${tag}\t${img.digest}\n`);
            }
            return;
        }
        ctx.log.info('mender-compose demo: the example app "shop" (web, api, db), v1 then v2');
        const platform = (0,oci_platform/* canonicalPlatform */._l)(flags.platform, "Option '--platform'");
        const { v1, v2 } = await runDemo({ ...flags, platform, log: ctx.log });
        const a1 = v1.artifacts[0];
        const a2 = v2.artifacts[0];
        const lines = [
            `v1 (full):  ${a1.path}  ${(0,format/* formatBytes */.z3)(a1.size)}`,
            `v2 (delta): ${a2.path}  ${(0,format/* formatBytes */.z3)(a2.size)}`,
            `v2 images: ${(0,format/* formatBytes */.z3)(v2.fullSize)} in full, ${(0,format/* formatBytes */.z3)(v2.deltaSize)} shipped as deltas against v1 (${(0,run_pipeline/* savingPercent */.uI)(v2.fullSize, v2.deltaSize)} saved)`
        ];
        for (const s of v2.services)
            lines.push(`  ${s.name}: ${s.layers.reused} layers reused, ${s.layers.delta} delta, ${s.layers.full} full; ${(0,format/* formatBytes */.z3)(s.fullBytes)} → ${(0,format/* formatBytes */.z3)(s.shippedBytes)}`);
        lines.push(`check it: mender-artifact read ${a2.path}`);
        ctx.stdout(`${lines.join('\n')}\n`);
    });
}


/***/ })

};
