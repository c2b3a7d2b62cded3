/**
 * Real-world-shaped compose projects and what `docker compose config --images`
 * (plus platform) makes of them. Each case is a folder of files; `files` are
 * the -f arguments relative to it.
 */
export interface ComposeCase {
  name: string
  tree: Record<string, string>
  files?: string[]
  /** The working directory, relative to the case's folder (default: the folder). */
  cwd?: string
  projectDirectory?: string
  env?: Record<string, string>
  profiles?: string[]
  /** [service, image, platform?] sorted by service. */
  images?: [string, string, string?][]
  project?: string
  disabled?: string[]
  /** Warnings expected: a fragment of the message and where. */
  warnings?: { match: RegExp; file: string; line: number }[]
  error?: RegExp
  /** What `docker compose config` says for an error case (default: it fails too). */
  composeError?: RegExp
  /** Why we refuse what `docker compose config` accepts (a deliberate difference). */
  composeAccepts?: string
  /**
   * Values of the merged model, by dotted path (`\.` for a dot in a key), as
   * `docker compose config --format json` prints them, in text.
   */
  values?: Record<string, string>
}

/** The value at a dotted path of a model (`\.` escapes a dot in a key), as text; undefined when absent. */
export function valueAt(model: unknown, path: string): string | undefined {
  let v: unknown = model
  for (const key of path.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'))) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v === undefined ? undefined : v === null ? 'null' : String(v)
}

const D1 = 'sha256:' + 'a1'.repeat(32)

export const CASES: ComposeCase[] = [
  {
    name: 'single file, pinned tags and a digest (typical edge gateway)',
    tree: {
      'compose.yaml': `services:
  mosquitto:
    image: eclipse-mosquitto:2.0.18
    restart: unless-stopped
    ports: ["1883:1883"]
  telegraf:
    image: telegraf:1.30.1-alpine
    volumes:
      - ./telegraf.conf:/etc/telegraf/telegraf.conf:ro
  collector:
    image: ghcr.io/acme/collector@${D1}
`
    },
    files: ['compose.yaml'],
    images: [
      ['collector', `ghcr.io/acme/collector@${D1}`],
      ['mosquitto', 'eclipse-mosquitto:2.0.18'],
      ['telegraf', 'telegraf:1.30.1-alpine']
    ],
    warnings: []
  },
  {
    name: 'two files: the override replaces image and adds platform, build merges',
    tree: {
      'docker-compose.yml': `version: "3.8"
services:
  api:
    build: ./api
    image: registry.acme.io/api:2.3.0
    environment:
      - LOG_LEVEL=info
  worker:
    image: registry.acme.io/worker:2.3.0
`,
      'docker-compose.prod.yml': `services:
  api:
    image: registry.acme.io/api:2.4.0
    platform: linux/arm64
    build:
      dockerfile: Dockerfile.prod
  cache:
    image: redis:7.2.4-alpine
    platform: linux/arm/v7
`
    },
    files: ['docker-compose.yml', 'docker-compose.prod.yml'],
    images: [
      ['api', 'registry.acme.io/api:2.4.0', 'linux/arm64'],
      ['cache', 'redis:7.2.4-alpine', 'linux/arm/v7'],
      ['worker', 'registry.acme.io/worker:2.3.0']
    ]
  },
  {
    name: 'build in the base file, image pushed by CI named in the override',
    tree: {
      'compose.yaml': `services:
  ui:
    build:
      context: ./ui
`,
      'compose.ci.yaml': `services:
  ui:
    image: ghcr.io/acme/ui:\${GITHUB_SHA:?GITHUB_SHA is needed}
`
    },
    files: ['compose.yaml', 'compose.ci.yaml'],
    env: { GITHUB_SHA: '5d0f2b4c' },
    images: [['ui', 'ghcr.io/acme/ui:5d0f2b4c']]
  },
  {
    name: 'build without image is an error that says to push and name the image',
    tree: { 'compose.yaml': 'services:\n  ui:\n    build: ./ui\n' },
    files: ['compose.yaml'],
    error:
      /compose\.yaml: service "ui" has "build:" but no "image:".*build and push the image.*name it with "image:"/,
    composeAccepts:
      '`config` lists build-only services; the devices cannot build, so we need an image to ship'
  },
  {
    name: 'neither image nor build',
    tree: { 'compose.yaml': 'services:\n  ui:\n    restart: always\n' },
    files: ['compose.yaml'],
    error: /service "ui" has neither "image:" nor "build:"/
  },
  {
    name: 'interpolation from .env and the environment (environment wins)',
    tree: {
      'compose.yaml': `services:
  web:
    image: \${REGISTRY}/web:\${WEB_TAG:-1.0.0}
  db:
    image: postgres:\${PG_MAJOR-15}.\${PG_MINOR:-4}\${PG_SUFFIX:+-}\${PG_SUFFIX}
  proxy:
    image: $REGISTRY/proxy:$PROXY_TAG
    command: ["sh", "-c", "echo $$HOME"]
`,
      '.env': `REGISTRY=ghcr.io/acme
WEB_TAG=2.0.0
PROXY_TAG=0.9.1
PG_MINOR=
PG_SUFFIX=alpine
`
    },
    files: ['compose.yaml'],
    env: { WEB_TAG: '2.1.0' },
    images: [
      ['db', 'postgres:15.4-alpine'],
      ['proxy', 'ghcr.io/acme/proxy:0.9.1'],
      ['web', 'ghcr.io/acme/web:2.1.0']
    ]
  },
  {
    name: 'a required variable missing names the file, the field and the variable',
    tree: { 'compose.yaml': 'services:\n  web:\n    image: web:${TAG:?set TAG to the release}\n' },
    files: ['compose.yaml'],
    error:
      /compose\.yaml: services\.web\.image: required variable TAG is missing a value: set TAG to the release/
  },
  {
    name: 'include: a sub-project with its own .env, paths relative to the including file',
    tree: {
      'compose.yaml': `include:
  - monitoring/compose.yaml
  - path: ./db/compose.yaml
    env_file: ./db/db.env
services:
  app:
    image: ghcr.io/acme/app:3.1.0
`,
      'monitoring/compose.yaml': `services:
  node-exporter:
    image: prom/node-exporter:\${NE_TAG}
`,
      'monitoring/.env': 'NE_TAG=v1.7.0\n',
      'db/compose.yaml': 'services:\n  db:\n    image: mariadb:${MARIADB_TAG}\n',
      'db/db.env': 'MARIADB_TAG=11.2.2\n'
    },
    files: ['compose.yaml'],
    images: [
      ['app', 'ghcr.io/acme/app:3.1.0'],
      ['db', 'mariadb:11.2.2'],
      ['node-exporter', 'prom/node-exporter:v1.7.0']
    ]
  },
  {
    name: 'include: the parent environment wins over the included .env',
    tree: {
      'compose.yaml': 'include: [sub/compose.yaml]\nservices:\n  a:\n    image: a:1.0.0\n',
      'sub/compose.yaml': 'services:\n  b:\n    image: b:${B_TAG}\n',
      'sub/.env': 'B_TAG=1.0.0\n'
    },
    files: ['compose.yaml'],
    env: { B_TAG: '9.9.9' },
    images: [
      ['a', 'a:1.0.0'],
      ['b', 'b:9.9.9']
    ]
  },
  {
    name: 'include: a service defined twice is refused, as Compose does',
    tree: {
      'compose.yaml': 'include: [sub.yaml]\nservices:\n  db:\n    image: postgres:16.1\n',
      'sub.yaml': 'services:\n  db:\n    image: postgres:15.5\n'
    },
    files: ['compose.yaml'],
    error: /service "db" is defined both here and in an included file/
  },
  {
    name: 'profiles: services of inactive profiles are left out',
    tree: {
      'compose.yaml': `services:
  app:
    image: app:1.0.0
  debug:
    image: busybox:1.36.1
    profiles: [debug]
  metrics:
    image: prom/prometheus:v2.50.1
    profiles: ["monitoring", "full"]
`
    },
    files: ['compose.yaml'],
    images: [['app', 'app:1.0.0']],
    disabled: ['debug', 'metrics']
  },
  {
    name: 'profiles: enabled by option',
    tree: {
      'compose.yaml':
        'services:\n  app:\n    image: app:1.0.0\n  metrics:\n    image: prom/prometheus:v2.50.1\n    profiles: [full]\n'
    },
    files: ['compose.yaml'],
    profiles: ['full'],
    images: [
      ['app', 'app:1.0.0'],
      ['metrics', 'prom/prometheus:v2.50.1']
    ]
  },
  {
    name: 'profiles: COMPOSE_PROFILES from .env, and an override appending a profile',
    tree: {
      'compose.yaml':
        'services:\n  a:\n    image: a:1.0.0\n    profiles: [x]\n  b:\n    image: b:1.0.0\n    profiles: [y]\n',
      'override.yaml': 'services:\n  b:\n    profiles: [edge]\n',
      '.env': 'COMPOSE_PROFILES=edge\n'
    },
    files: ['compose.yaml', 'override.yaml'],
    images: [['b', 'b:1.0.0']],
    disabled: ['a']
  },
  {
    name: '!reset and !override in an override file',
    tree: {
      'compose.yaml':
        'services:\n  a:\n    image: a:1.0.0\n    profiles: [never]\n    platform: linux/amd64\n  b:\n    image: b:1.0.0\n    build:\n      context: .\n      args: [X=1]\n',
      'override.yaml':
        'services:\n  a:\n    profiles: !reset []\n    platform: !reset null\n  b:\n    build: !override\n      context: ./b\n'
    },
    files: ['compose.yaml', 'override.yaml'],
    images: [
      ['a', 'a:1.0.0'],
      ['b', 'b:1.0.0']
    ]
  },
  {
    name: 'extends: a service in the same file and one in another file',
    tree: {
      'compose.yaml': `services:
  base-worker:
    image: ghcr.io/acme/worker:\${WORKER_TAG:-3.0.0}
    profiles: [template]
  worker-a:
    extends: base-worker
    profiles: !reset []
    environment: [QUEUE=a]
  worker-b:
    extends:
      file: ./compose.yaml
      service: base-worker
    profiles: !reset []
  sensor:
    extends:
      file: common/sensors.yml
      service: sensor-base
    platform: linux/arm/v7
`,
      'common/sensors.yml': `services:
  sensor-base:
    image: ghcr.io/acme/sensor:1.8.2
    platform: linux/arm64
    privileged: true
`
    },
    files: ['compose.yaml'],
    images: [
      ['sensor', 'ghcr.io/acme/sensor:1.8.2', 'linux/arm/v7'],
      ['worker-a', 'ghcr.io/acme/worker:3.0.0'],
      ['worker-b', 'ghcr.io/acme/worker:3.0.0']
    ],
    disabled: ['base-worker']
  },
  {
    name: 'extends: a cycle is an error',
    tree: {
      'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n    image: b:1.0.0\n'
    },
    files: ['compose.yaml'],
    error: /extends cycle: a → b → a/
  },
  {
    name: 'anchors and merge keys (x- extension fields)',
    tree: {
      'compose.yaml': `x-arm: &arm
  platform: linux/arm64
  restart: always
services:
  a:
    <<: *arm
    image: a:1.0.0
  b:
    <<: *arm
    image: b:1.0.0
    platform: linux/arm/v7
`
    },
    files: ['compose.yaml'],
    images: [
      ['a', 'a:1.0.0', 'linux/arm64'],
      ['b', 'b:1.0.0', 'linux/arm/v7']
    ]
  },
  {
    name: 'default files: compose.yaml plus compose.override.yaml, project name from name:',
    tree: {
      'compose.yaml': 'name: Fleet_App\nservices:\n  a:\n    image: a:1.0.0\n',
      'compose.override.yaml': 'services:\n  a:\n    image: a:1.0.1\n'
    },
    project: 'fleet_app',
    images: [['a', 'a:1.0.1']]
  },
  {
    name: 'COMPOSE_FILE in .env names the files',
    tree: {
      'base.yml': 'services:\n  a:\n    image: a:1.0.0\n',
      'edge.yml': 'services:\n  a:\n    image: a:1.1.0\n    platform: linux/arm64\n',
      '.env': 'COMPOSE_FILE=base.yml:edge.yml\nCOMPOSE_PROJECT_NAME=gw\n'
    },
    project: 'gw',
    images: [['a', 'a:1.1.0', 'linux/arm64']]
  },
  {
    name: 'mutable tags warn with file and line; ports and digests do not count as tags',
    tree: {
      'compose.yaml': `services:
  redis:
    image: redis
  app:
    image: ghcr.io/acme/app:latest
  tool:
    image: localhost:5000/tool
  dirty:
    image: ghcr.io/acme/dirty:1.2.0-3-gdeadbee-dirty
  fine:
    image: localhost:5000/fine:1.0.0
  pinned:
    image: ghcr.io/acme/pinned:latest@${D1}
`,
      'override.yaml': 'services:\n  edge:\n    image: ghcr.io/acme/edge:edge\n'
    },
    files: ['compose.yaml', 'override.yaml'],
    images: [
      ['app', 'ghcr.io/acme/app:latest'],
      ['dirty', 'ghcr.io/acme/dirty:1.2.0-3-gdeadbee-dirty'],
      ['edge', 'ghcr.io/acme/edge:edge'],
      ['fine', 'localhost:5000/fine:1.0.0'],
      ['pinned', `ghcr.io/acme/pinned:latest@${D1}`],
      ['redis', 'redis'],
      ['tool', 'localhost:5000/tool']
    ],
    warnings: [
      { match: /"app".*moving tag "latest"/, file: 'compose.yaml', line: 5 },
      { match: /"dirty".*uncommitted changes/, file: 'compose.yaml', line: 9 },
      { match: /"edge".*moving tag "edge"/, file: 'override.yaml', line: 3 },
      { match: /"redis".*has no tag/, file: 'compose.yaml', line: 3 },
      { match: /"tool".*has no tag/, file: 'compose.yaml', line: 7 }
    ]
  },
  {
    name: 'YAML error: bad indentation, with file:line:column',
    tree: {
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.25\n   ports:\n      - "80:80"\n'
    },
    files: ['compose.yaml'],
    error: /compose\.yaml:4:\d+: invalid YAML/
  },
  {
    name: 'YAML error: duplicate key',
    tree: { 'compose.yaml': 'services:\n  web:\n    image: a:1\n    image: a:2\n' },
    files: ['compose.yaml'],
    error: /compose\.yaml:4:5: invalid YAML: Map keys must be unique/
  },
  {
    name: 'YAML error in the second file names that file',
    tree: {
      'compose.yaml': 'services:\n  web:\n    image: a:1.0.0\n',
      'override.yaml': 'services:\n  web:\n    image: "a:1.0.1\n'
    },
    files: ['compose.yaml', 'override.yaml'],
    error: /override\.yaml:\d+:\d+: invalid YAML: Missing closing "quote/
  },
  {
    name: 'a missing -f file is named',
    tree: { 'compose.yaml': 'services:\n  a:\n    image: a:1.0.0\n' },
    files: ['compose.yaml', 'compose.prod.yaml'],
    error: /compose file not found: .*compose\.prod\.yaml/
  },
  {
    name: 'an unset variable leaving "name:" is an invalid reference, named with file and line',
    tree: { 'compose.yaml': 'services:\n  web:\n    image: ghcr.io/acme/web:${TAG}\n' },
    files: ['compose.yaml'],
    error: /compose\.yaml:3: service "web": "ghcr\.io\/acme\/web:" is not a valid image reference/,
    composeAccepts:
      '`config` does not check image references; Docker refuses this one at pull time, after the work, we before it'
  },
  {
    name: 'upper case in the repository is refused as Docker does',
    tree: { 'compose.yaml': 'services:\n  web:\n    image: ghcr.io/Acme/web:1.0.0\n' },
    files: ['compose.yaml'],
    error:
      /"ghcr\.io\/Acme\/web:1\.0\.0" is not a valid image reference \(repository name "Acme\/web" must be lowercase\)/,
    composeAccepts:
      '`config` does not check image references; Docker refuses this one at pull time, after the work, we before it'
  },
  {
    name: 'a platform the engine cannot run is refused (a bare arch, as docker accepts, is not)',
    tree: { 'compose.yaml': 'services:\n  a:\n    image: a:1.0.0\n    platform: linux/v7\n' },
    files: ['compose.yaml'],
    error:
      /service "a": platform has 'linux\/v7', which is not a platform: unknown architecture 'v7'/,
    composeAccepts:
      '`config` passes the platform on as written; the engine cannot pull or run an unknown architecture'
  },
  {
    name: '--project-directory: .env from there, relative -f from the working directory',
    tree: {
      'deploy/compose.yaml': 'services:\n  a:\n    image: a:${A_TAG}\n',
      'proj/.env': 'A_TAG=4.0.0\n'
    },
    files: ['deploy/compose.yaml'],
    projectDirectory: 'proj',
    project: 'proj',
    images: [['a', 'a:4.0.0']]
  }
]
