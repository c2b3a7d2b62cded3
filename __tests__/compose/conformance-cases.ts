import type { ComposeCase } from './cases.js'

/**
 * Where the loader once disagreed with compose-go: each case is what
 * `docker compose config` (2.26) makes of the folder, and the reference test
 * runs the real one on the same folder.
 */
export const CONFORMANCE: ComposeCase[] = [
  {
    name: 'an -f override merges into a service that came in through include: (keeps its image)',
    tree: {
      'compose.yaml':
        'include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: nginx:1.25.4\n',
      'sub/compose.yaml': 'services:\n  db:\n    image: postgres:16.2\n',
      'arm.yaml': 'services:\n  db:\n    platform: linux/arm64\n'
    },
    files: ['compose.yaml', 'arm.yaml'],
    images: [
      ['db', 'postgres:16.2', 'linux/arm64'],
      ['web', 'nginx:1.25.4']
    ]
  },
  {
    name: 'include: the same file reached through two includes is one service',
    tree: {
      'compose.yaml':
        'include:\n  - common/broker.yaml\n  - edge.yaml\nservices:\n  app:\n    image: app:1.0.0\n',
      'edge.yaml': 'include:\n  - common/broker.yaml\nservices:\n  edge:\n    image: edge:1.0.0\n',
      'common/broker.yaml':
        'services:\n  broker:\n    image: eclipse-mosquitto:2.0.18\n    build: .\n    volumes: [./mosquitto.conf:/mosquitto/config/mosquitto.conf]\n'
    },
    images: [
      ['app', 'app:1.0.0'],
      ['broker', 'eclipse-mosquitto:2.0.18'],
      ['edge', 'edge:1.0.0']
    ]
  },
  {
    name: 'include: equal definitions in two files, or here and in an included file, are accepted',
    tree: {
      'compose.yaml':
        'include:\n  - a.yaml\n  - b.yaml\nservices:\n  x:\n    image: busybox:1.36.1\n',
      'a.yaml': 'services:\n  x:\n    image: busybox:1.36.1\n',
      'b.yaml': 'services:\n  x:\n    image: busybox:1.36.1\n'
    },
    images: [['x', 'busybox:1.36.1']]
  },
  {
    name: 'include: equal text in two folders is a conflict when it holds a relative path',
    tree: {
      'compose.yaml': 'include:\n  - a/c.yaml\n  - b/c.yaml\n',
      'a/c.yaml': 'services:\n  x:\n    image: x:1.0.0\n    build: .\n',
      'b/c.yaml': 'services:\n  x:\n    image: x:1.0.0\n    build: .\n'
    },
    error: /service "x" is defined by two included files, differently/,
    composeError: /services\.x conflicts with imported resource/
  },
  {
    name: 'include: two included files defining a service differently is an error',
    tree: {
      'compose.yaml': 'include:\n  - a.yaml\n  - b.yaml\n',
      'a.yaml': 'services:\n  x:\n    image: busybox:1.36.1\n',
      'b.yaml': 'services:\n  x:\n    image: busybox:1.36.0\n'
    },
    error: /service "x" is defined by two included files, differently/,
    composeError: /services\.x conflicts with imported resource/
  },
  {
    name: 'extends.file naming one of the -f files is no include cycle',
    tree: {
      'base.yaml': 'services:\n  base:\n    image: alpine:3.19.1\n',
      'app.yaml': 'services:\n  app:\n    extends:\n      file: base.yaml\n      service: base\n'
    },
    files: ['base.yaml', 'app.yaml'],
    images: [
      ['app', 'alpine:3.19.1'],
      ['base', 'alpine:3.19.1']
    ]
  },
  {
    name: 'include with project_directory: a relative extends.file is read from that folder',
    tree: {
      'compose.yaml': 'include:\n  - path: inc/inc.yaml\n    project_directory: dir\n',
      'inc/inc.yaml':
        'services:\n  e:\n    extends:\n      file: extended.yaml\n      service: base\n',
      'inc/extended.yaml': 'services:\n  base:\n    image: alpine:3.18.6\n',
      'dir/extended.yaml': 'services:\n  base:\n    image: alpine:3.19.1\n'
    },
    images: [['e', 'alpine:3.19.1']]
  },
  {
    name: 'extends.file in an -f file of another folder is read from the project folder; the extended file’s own extends from its folder',
    tree: {
      'compose.yaml': 'services:\n  a:\n    image: a:1.0.0\n',
      'sub/app.yaml':
        'services:\n  b:\n    extends:\n      file: base.yaml\n      service: base\n  c:\n    extends:\n      file: lib/c.yaml\n      service: c\n',
      'base.yaml': 'services:\n  base:\n    image: base:root\n',
      'sub/base.yaml': 'services:\n  base:\n    image: base:sub\n',
      'lib/c.yaml':
        'services:\n  c:\n    extends:\n      file: deeper/root.yaml\n      service: root\n',
      'lib/deeper/root.yaml': 'services:\n  root:\n    image: root:lib\n',
      'deeper/root.yaml': 'services:\n  root:\n    image: root:top\n'
    },
    files: ['compose.yaml', 'sub/app.yaml'],
    images: [
      ['a', 'a:1.0.0'],
      ['b', 'base:root'],
      ['c', 'root:lib']
    ]
  },
  {
    name: 'extends is resolved file by file: a later file cannot extend a service of an earlier one',
    tree: {
      'a.yaml': 'services:\n  base:\n    image: base:1.0.0\n  app:\n    image: app:1.0.0\n',
      'b.yaml': 'services:\n  base:\n    image: base:2.0.0\n',
      'c.yaml': 'services:\n  app:\n    extends: base\n'
    },
    files: ['a.yaml', 'b.yaml', 'c.yaml'],
    error: /c\.yaml: service "app" extends "base", which is not defined/,
    composeError: /service "base" not found/
  },
  {
    name: 'extends within a file keeps what that file said, not a later override of the base',
    tree: {
      'a.yaml': 'services:\n  base:\n    image: base:1.0.0\n  app:\n    extends: base\n',
      'b.yaml': 'services:\n  base:\n    image: base:2.0.0\n'
    },
    files: ['a.yaml', 'b.yaml'],
    images: [
      ['app', 'base:1.0.0'],
      ['base', 'base:2.0.0']
    ]
  },
  {
    name: 'a multi-document file merges its documents in order',
    tree: {
      'compose.yaml':
        '# two documents\nservices:\n  a:\n    image: a:1.0.0\n---\nservices:\n  a:\n    platform: linux/arm64\n  b:\n    image: b:1.0.0\n'
    },
    images: [
      ['a', 'a:1.0.0', 'linux/arm64'],
      ['b', 'b:1.0.0']
    ]
  },
  {
    name: 'an empty document in a multi-document file is refused',
    tree: { 'compose.yaml': 'services:\n  a:\n    image: a:1.0.0\n---\n# nothing\n' },
    error:
      /compose\.yaml:4:1: a compose file must be a mapping at the top level \(document 2 is not\)/,
    composeError: /Top-level object must be a mapping/
  },
  {
    name: 'an empty -f file adds nothing',
    tree: {
      'compose.yaml': 'services:\n  a:\n    image: a:1.0.0\n',
      'empty.yaml': '# nothing yet\n'
    },
    files: ['compose.yaml', 'empty.yaml'],
    images: [['a', 'a:1.0.0']]
  },
  {
    name: 'a YAML error in the second document names its line',
    tree: {
      'compose.yaml': 'services:\n  a:\n    image: a:1.0.0\n---\nservices:\n  a:\n    image: "a:2\n'
    },
    // counted in the file, not in the document (the quote is found unclosed at the end)
    error: /compose\.yaml:8:1: invalid YAML: Missing closing "quote/
  },
  {
    name: 'COMPOSE_FILE in the working directory’s .env: the project folder’s .env is read too, under it',
    tree: {
      '.env': 'COMPOSE_FILE=app/compose.yaml\nTOP=top\n',
      'app/.env': 'TAG=2.0.0\nTOP=app\n',
      'app/compose.yaml': 'services:\n  a:\n    image: a:${TAG:-unset}-${TOP:-unset}\n'
    },
    project: 'app',
    images: [['a', 'a:2.0.0-top']]
  },
  {
    name: 'without -f, parent folders are searched for the compose file; its folder’s .env is read, not the working directory’s',
    tree: {
      'compose.yaml': 'services:\n  a:\n    image: a:${TAG:-unset}\n',
      'compose.override.yaml': 'services:\n  a:\n    platform: linux/arm/v7\n',
      '.env': 'TAG=1.2.0\n',
      'x/y/.env': 'TAG=9.9.9\n',
      'x/y/notes.txt': 'the working directory\n'
    },
    cwd: 'x/y',
    images: [['a', 'a:1.2.0', 'linux/arm/v7']]
  },
  {
    name: 'an anchor on a !reset or !override node: the alias carries the tag',
    tree: {
      'compose.yaml':
        'services:\n  a:\n    image: a:1.0.0\n    platform: linux/amd64\n  b:\n    image: b:1.0.0\n    platform: linux/amd64\n  c:\n    image: c:1.0.0\n',
      'over.yaml':
        'services:\n  a:\n    platform: !reset &p linux/arm64\n  b:\n    platform: *p\n  c:\n    platform: !override &q linux/arm/v7\n  d:\n    image: d:1.0.0\n    platform: *q\n'
    },
    files: ['compose.yaml', 'over.yaml'],
    images: [
      ['a', 'a:1.0.0'],
      ['b', 'b:1.0.0'],
      ['c', 'c:1.0.0', 'linux/arm/v7'],
      ['d', 'd:1.0.0', 'linux/arm/v7']
    ]
  },
  {
    name: 'an alias of an unknown anchor names file, line and column',
    tree: { 'compose.yaml': 'services:\n  a:\n    image: *nope\n' },
    error: /compose\.yaml:3:12: invalid YAML: unknown anchor "nope" referenced/,
    composeError: /unknown anchor 'nope' referenced/
  },
  {
    name: 'a provider: service says what provider: is and why it cannot ship',
    tree: {
      'compose.yaml':
        'services:\n  app:\n    image: app:1.0.0\n  llm:\n    provider:\n      type: model\n      options:\n        model: ai/smollm2\n'
    },
    error:
      /compose\.yaml:4: service "llm" has "provider:": Compose hands such a service to a provider plugin .* no image to ship.*keep "llm" out of the device's compose files/,
    // Compose 2.26 predates provider services; newer Compose runs the plugin instead.
    composeError: /Additional property provider is not allowed/
  },
  {
    name: 'a secret or config mode written 0440 is octal (288), as go-yaml reads it; "0440" quoted is 440',
    tree: {
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: app:1.0.0',
        '    configs:',
        '      - {source: c, target: /c1, mode: 0440}',
        '      - {source: c, target: /c2, mode: 0o440}',
        '      - {source: c, target: /c3, mode: 440}',
        '      - {source: c, target: /c4, mode: "0440"}',
        '      - {source: c, target: /c5, mode: 0x1ff}',
        '      - {source: c, target: /c6, mode: "${MODE}"}',
        '    secrets:',
        '      - source: s',
        '        target: /run/secrets/s',
        '        mode: 0400',
        '        uid: "0"',
        'configs:',
        '  c: {file: ./c.txt}',
        'secrets:',
        '  s: {file: ./s.txt}',
        ''
      ].join('\n'),
      'c.txt': 'c\n',
      's.txt': 's\n'
    },
    env: { MODE: '0440' },
    images: [['app', 'app:1.0.0']],
    values: {
      'services.app.configs.0.mode': '288',
      'services.app.configs.1.mode': '288',
      'services.app.configs.2.mode': '440',
      'services.app.configs.3.mode': '440',
      'services.app.configs.4.mode': '511',
      'services.app.configs.5.mode': '440',
      'services.app.secrets.0.mode': '256',
      'services.app.secrets.0.uid': '0'
    }
  },
  {
    name: 'plain scalars as go-yaml v3 reads them (octal, 1_000, 0b, dates), quoted ones as written',
    tree: {
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: app:1.0.0',
        '    environment:',
        '      OCT: 0755',
        '      NEG: -0755',
        '      EIGHT: 08',
        '      UND: 1_000',
        '      BIN: 0b101',
        '      HEX: 0x1F',
        '      BIG: 12345678901234567890',
        '      ON: on',
        '      YES: yes',
        '      DATE: 2024-06-01',
        '      TIME: 2024-06-01T10:20:30.50Z',
        '      NODATE: 2024-02-30',
        '      VERSION: 1.2.3',
        '      Q_OCT: "0755"',
        '      Q_UND: "1_000"',
        '      Q_BIN: "0b101"',
        '      Q_DATE: "2024-06-01"',
        '      Q_TRUE: "True"',
        '    labels:',
        '      build.date: 2024-06-01',
        '      count: 1_000',
        ''
      ].join('\n')
    },
    images: [['app', 'app:1.0.0']],
    values: {
      'services.app.environment.OCT': '493',
      'services.app.environment.NEG': '-493',
      'services.app.environment.EIGHT': '8',
      'services.app.environment.UND': '1000',
      'services.app.environment.BIN': '5',
      'services.app.environment.HEX': '31',
      'services.app.environment.BIG': '12345678901234567890',
      'services.app.environment.ON': 'on',
      'services.app.environment.YES': 'yes',
      'services.app.environment.DATE': '2024-06-01 00:00:00 +0000 UTC',
      'services.app.environment.TIME': '2024-06-01 10:20:30.5 +0000 UTC',
      'services.app.environment.NODATE': '2024-02-30',
      'services.app.environment.VERSION': '1.2.3',
      'services.app.environment.Q_OCT': '0755',
      'services.app.environment.Q_UND': '1_000',
      'services.app.environment.Q_BIN': '0b101',
      'services.app.environment.Q_DATE': '2024-06-01',
      'services.app.environment.Q_TRUE': 'True',
      'services.app.labels.build\\.date': '2024-06-01 00:00:00 +0000 UTC',
      'services.app.labels.count': '1000'
    }
  },
  {
    name: 'a quoted mode that is not decimal is refused before the build, as Compose refuses it',
    tree: {
      'compose.yaml':
        'services:\n  app:\n    image: app:1.0.0\n    secrets:\n      - {source: s, mode: "0o440"}\nsecrets:\n  s: {file: ./s.txt}\n',
      's.txt': 's\n'
    },
    error: /compose\.yaml: services\.app\.secrets\.0\.mode: "0o440" is not a decimal number/,
    composeError: /services\.app\.secrets\.\[\]\.mode: failed to cast to expected type/
  }
]
