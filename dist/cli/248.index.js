export const id = 248;
export const ids = [248];
export const modules = {

/***/ 7248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// UNUSED EXPORTS: EXIT_FAILURE, EXIT_OK, EXIT_USAGE, buildProgram

// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(8179);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/secrets.ts
var secrets = __webpack_require__(4537);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/cli/context.ts

function stderrLogger(isVerbose, quiet = false) {
    return {
        debug: (m) => {
            if (isVerbose())
                process.stderr.write((0,secrets/* redactSent */.w)(`${m}\n`));
        },
        info: (m) => {
            if (!quiet)
                process.stderr.write((0,secrets/* redactSent */.w)(`${m}\n`));
        },
        warn: (m, where) => {
            const at = where?.file ? `${where.file}${where.line ? `:${where.line}` : ''}: ` : '';
            process.stderr.write((0,secrets/* redactSent */.w)(`warning: ${at}${m}\n`));
        },
        group: async (title, fn) => {
            if (!quiet)
                process.stderr.write(`== ${title}\n`);
            return fn();
        }
    };
}

;// CONCATENATED MODULE: ./src/cli/program.ts





const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
/**
 * Each area's commands, loaded on demand: a run loads only the modules its
 * command needs (`image pull` never loads the HTTP stack of the Mender client
 * or the GitHub API), which keeps start-up short. Order = order in --help.
 */
const AREAS = {
    build: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(289), __webpack_require__.e(815), __webpack_require__.e(851), __webpack_require__.e(64), __webpack_require__.e(630), __webpack_require__.e(349), __webpack_require__.e(637), __webpack_require__.e(231), __webpack_require__.e(151), __webpack_require__.e(376)]).then(__webpack_require__.bind(__webpack_require__, 376))).registerBuildCommand(g.program, ctx),
    artifact: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(851), __webpack_require__.e(875)]).then(__webpack_require__.bind(__webpack_require__, 8875))).registerArtifactCommands(g.artifact, ctx),
    delta: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(630), __webpack_require__.e(49)]).then(__webpack_require__.bind(__webpack_require__, 3663))).registerDeltaCommands(g.delta, ctx),
    image: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(64), __webpack_require__.e(820)]).then(__webpack_require__.bind(__webpack_require__, 68))).registerImageCommands(g.image, ctx),
    compose: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(815), __webpack_require__.e(88), __webpack_require__.e(349), __webpack_require__.e(240)]).then(__webpack_require__.bind(__webpack_require__, 1613))).registerComposeCommands(g.compose, ctx),
    mender: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(289), __webpack_require__.e(851), __webpack_require__.e(637), __webpack_require__.e(151), __webpack_require__.e(454)]).then(__webpack_require__.bind(__webpack_require__, 2874))).registerMenderCommands(g.program, g.artifact, ctx),
    demo: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(289), __webpack_require__.e(815), __webpack_require__.e(851), __webpack_require__.e(64), __webpack_require__.e(630), __webpack_require__.e(349), __webpack_require__.e(637), __webpack_require__.e(231), __webpack_require__.e(574)]).then(__webpack_require__.bind(__webpack_require__, 1574))).registerDemo(g.program, ctx),
    device: async (g, ctx) => (await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(851), __webpack_require__.e(98)]).then(__webpack_require__.bind(__webpack_require__, 6098))).registerDeviceModule(g.program, ctx)
};
/** The areas a first word needs; anything else (help, typos, none) loads them all. */
const NEEDS = {
    build: ['build'],
    artifact: ['artifact', 'mender'],
    delta: ['delta'],
    image: ['image'],
    compose: ['compose'],
    deploy: ['mender'],
    demo: ['demo'],
    'device-module': ['device']
};
/** The program with the commands `argv` needs (all of them when `argv` is not given). */
async function buildProgram(ctx, argv) {
    const program = new esm/* Command */.uB('mender-compose')
        .description('Build, upload and deploy Mender Artifacts of docker-compose applications with per-layer deltas')
        .version(version/* VERSION */.x, '-V, --version')
        .option('-v, --verbose', 'print details and stack traces')
        .option('-q, --quiet', 'print only results and errors')
        .showSuggestionAfterError()
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => ctx.stdout(s) });
    // The groups are made here because two areas share `artifact` (write/read/validate and upload).
    const groups = {
        program,
        artifact: program
            .command('artifact')
            .description('write, read, validate and upload Mender Artifacts'),
        delta: program.command('delta').description('encode and decode VCDIFF deltas'),
        image: program.command('image').description('resolve and pull images without a Docker daemon'),
        compose: program.command('compose').description('read compose files')
    };
    const first = argv?.find((a) => !a.startsWith('-'));
    const versionOnly = first === undefined && argv?.some((a) => a === '-V' || a === '--version');
    const wanted = versionOnly
        ? []
        : ((first !== undefined ? NEEDS[first] : undefined) ?? Object.keys(AREAS));
    for (const [name, load] of Object.entries(AREAS))
        if (wanted.includes(name))
            await load(groups, ctx);
    return program;
}
/** Run the CLI and return its exit code; never calls process.exit itself. */
async function main(argv) {
    let verbose = argv.includes('-v') || argv.includes('--verbose');
    const quiet = argv.includes('-q') || argv.includes('--quiet');
    const ctx = {
        log: stderrLogger(() => verbose, quiet),
        stdout: (s) => process.stdout.write(s),
        verbose: () => verbose
    };
    const program = await buildProgram(ctx, argv);
    program.hook('preAction', (cmd) => {
        verbose = Boolean(cmd.optsWithGlobals().verbose);
    });
    try {
        if (argv.length === 0) {
            program.outputHelp();
            return EXIT_USAGE;
        }
        await program.parseAsync(argv, { from: 'user' });
        return EXIT_OK;
    }
    catch (err) {
        if (err instanceof esm/* CommanderError */.b7) {
            if (err.code === 'commander.helpDisplayed' ||
                err.code === 'commander.version' ||
                err.code === 'commander.help')
                return EXIT_OK;
            // commander already printed its one-line message
            return EXIT_USAGE;
        }
        // a credential a server echoed never reaches the terminal, whatever path the error took
        process.stderr.write((0,secrets/* redactSent */.w)(`error: ${(0,errors/* describeError */.Uc)(err)}\n`));
        if (verbose && err instanceof Error && !(err instanceof errors/* UserError */.yo))
            process.stderr.write((0,secrets/* redactSent */.w)(`${err.stack}\n`));
        if (verbose && err instanceof Error && err.cause)
            process.stderr.write((0,secrets/* redactSent */.w)(`caused by: ${(0,errors/* describeError */.Uc)(err.cause)}\n`));
        if (err instanceof errors/* UsageError */.eb)
            return EXIT_USAGE;
        return (err instanceof errors/* UserError */.yo && err.exitCode) || EXIT_FAILURE;
    }
}


/***/ }),

/***/ 17:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   eb: () => (/* binding */ UsageError),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
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

/***/ 4537:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ Secrets),
/* harmony export */   w: () => (/* binding */ redactSent)
/* harmony export */ });
/** Every credential this process sent anywhere: the fronts scrub what they print with it. */
const sentThisProcess = new Set();
/** Short values would blank out ordinary words; real credentials are long. */
const MIN_SECRET_LENGTH = 4;
function scrub(text, values) {
    let out = text;
    for (const v of values)
        if (v.length >= MIN_SECRET_LENGTH)
            out = out.split(v).join('***');
    return out;
}
/** `text` with every credential this process has sent replaced by `***`. */
function redactSent(text) {
    return scrub(text, sentThisProcess);
}
/**
 * Credentials known to this run. Each is handed to `maskSecret` (the action
 * passes core.setSecret so the runner masks it in every log line) and also
 * scrubbed from anything this module logs or throws, for fronts that mask nothing.
 */
class Secrets {
    maskSecret;
    values = new Set();
    constructor(maskSecret = () => { }) {
        this.maskSecret = maskSecret;
    }
    add(secret) {
        if (!secret || this.values.has(secret))
            return;
        this.values.add(secret);
        sentThisProcess.add(secret);
        this.maskSecret(secret);
    }
    /**
     * The value of an Authorization header we send, in every form a server or
     * proxy could echo it: the whole value, its token, and for Basic the
     * decoded `user:password` and the password alone.
     */
    addAuthorization(value) {
        if (!value)
            return;
        const m = /^(\S+)\s+(\S+)$/.exec(value.trim());
        if (!m)
            return this.add(value);
        this.add(value);
        this.add(m[2]);
        if (m[1].toLowerCase() === 'basic') {
            const pair = Buffer.from(m[2], 'base64').toString('utf8');
            this.add(pair);
            const colon = pair.indexOf(':');
            if (colon >= 0)
                this.add(pair.slice(colon + 1));
        }
    }
    redact(text) {
        return scrub(text, this.values);
    }
    /** A logger that never prints a known credential. */
    logger(inner) {
        return {
            debug: (m) => inner.debug(this.redact(m)),
            info: (m) => inner.info(this.redact(m)),
            warn: (m, where) => inner.warn(this.redact(m), where),
            ...(inner.group ? { group: inner.group.bind(inner) } : {})
        };
    }
}


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/* unused harmony export PRODUCT */
// Kept in step with package.json by __tests__/version.test.ts; a constant keeps
// the bundles free of a JSON import.
const VERSION = '0.1.0';
const PRODUCT = 'mender-compose-action';


/***/ })

};
