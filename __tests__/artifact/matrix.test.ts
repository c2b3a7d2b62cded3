import { join } from 'node:path'
import { expect, it } from 'vitest'
import { readArtifact, writeArtifact, type ModuleImageOptions } from '../../src/artifact/index.js'
import { describeWithTools } from '../helpers/tools.js'
import { artifactMembers } from './raw.js'
import { writeSemiCompressible, useFixture, type InputFiles } from './corpus.js'
import { menderArtifact, moduleImageArgs, realRead, realValidate } from './real-tool.js'

type Variant = 'minimal' | 'full' | 'software' | 'no-defaults'

function options(v: Variant, inp: InputFiles): { o: ModuleImageOptions; withMeta: boolean } {
  const base = { type: 'docker-compose', name: 'app-1.0', deviceTypes: ['raspberrypi4'] }
  switch (v) {
    case 'minimal':
      return { o: { ...base, files: [inp.p1] }, withMeta: false }
    case 'full':
      return {
        o: {
          ...base,
          deviceTypes: ['raspberrypi4', 'qemux86-64'],
          files: [inp.p1, inp.p2, inp.empty],
          metaData: inp.metaData,
          provides: { 'custom.key': 'val:with:colons', 'a.first': 'x' },
          depends: { 'rootfs-image.version': 'os-1', other: 'v' },
          artifactNameDepends: ['app-0.9', 'app-0.8'],
          providesGroup: 'stable',
          dependsGroups: ['beta', 'stable'],
          scripts: inp.scripts,
          clearsProvides: ['foo.*', 'bar.baz']
        },
        withMeta: true
      }
    case 'software':
      return {
        o: {
          ...base,
          files: [inp.p2],
          softwareFilesystem: 'data-partition',
          softwareName: 'myapp',
          softwareVersion: '2.0',
          clearsProvides: ['data-partition.myapp.*', 'other.*']
        },
        withMeta: false
      }
    case 'no-defaults':
      return {
        o: {
          ...base,
          files: [inp.empty],
          provides: { k: 'v' },
          noDefaultSoftwareVersion: true,
          noDefaultClearsProvides: true
        },
        withMeta: false
      }
  }
}

describeWithTools(
  ['mender-artifact', 'openssl'],
  'writer matches mender-artifact write module-image',
  () => {
    const fx = useFixture('mc-artifact-matrix-')

    const compressions = ['none', 'gzip'] as const
    const signings = ['unsigned', 'rsa', 'ecdsa'] as const
    const variants: Variant[] = ['minimal', 'full', 'software', 'no-defaults']
    for (const compression of compressions)
      for (const signing of signings)
        for (const variant of variants)
          it(`${compression} × ${signing} × ${variant}`, async () => {
            const { o, withMeta } = options(variant, fx.inp)
            const key = signing === 'unsigned' ? undefined : fx.keys[signing]
            const ours = join(fx.dir, `ours-${compression}-${signing}-${variant}.mender`)
            const theirs = join(fx.dir, `theirs-${compression}-${signing}-${variant}.mender`)
            await writeArtifact({ ...o, compression, signingKey: key && { path: key.key } }, ours)
            const w = menderArtifact(
              moduleImageArgs({ ...o, compression }, theirs, {
                key: key?.key,
                metaDataPath: withMeta ? fx.inp.metaDataPath : undefined
              })
            )
            expect(w.status, w.stderr).toBe(0)

            const v = realValidate(ours, key?.pub)
            expect(v.output).toContain('validated successfully')
            expect(v.ok).toBe(true)
            expect(realRead(ours, key?.pub)).toBe(realRead(theirs, key?.pub))

            // the JSON headers are byte-identical, members come in the same order
            const a = await artifactMembers(ours)
            const b = await artifactMembers(theirs)
            expect([...a.outer.keys()]).toEqual([...b.outer.keys()])
            // (scripts in sorted order: mender-artifact writes them in Go map order, ours keep -s order)
            const names = (m: typeof a): string[] => {
              const all = [...m.header.keys()]
              const isScript = (n: string): boolean => n.startsWith('scripts/')
              const rest = all.filter((n) => !isScript(n))
              return [rest[0]!, ...all.filter(isScript).sort(), ...rest.slice(1)]
            }
            expect(names(a)).toEqual(names(b))
            for (const [name, m] of b.header)
              expect(a.header.get(name)?.body.toString(), name).toBe(m.body.toString())
            expect(a.outer.get('version')!.body).toEqual(b.outer.get('version')!.body)
            const lines = (m: typeof a): string[] =>
              m.outer
                .get('manifest')!
                .body.toString()
                .split('\n')
                .filter((l) => !/header\.tar/.test(l))
            expect(lines(a)).toEqual(lines(b))

            // and our reader agrees with theirs on their artifact
            const mine = await readArtifact(ours, { publicKey: key?.pub })
            const ref = await readArtifact(theirs, { publicKey: key?.pub })
            const comparable = (i: typeof mine): object => ({
              ...i,
              manifest: undefined,
              scripts: [...i.scripts].sort()
            })
            expect(comparable(mine)).toEqual(comparable(ref))
            expect(mine.signatureVerified).toBe(Boolean(key))
          })

    it('signatures from PKCS#8 fx.keys verify with mender-artifact validate -k (3.9 itself cannot sign with them)', async () => {
      for (const k of [fx.keys.rsaPkcs8, fx.keys.ecdsaPkcs8]) {
        const out = join(fx.dir, `pkcs8-${k === fx.keys.rsaPkcs8 ? 'rsa' : 'ec'}.mender`)
        await writeArtifact(
          {
            type: 'app',
            name: 'a',
            deviceTypes: ['d'],
            files: [fx.inp.p1],
            signingKey: { path: k.key }
          },
          out
        )
        expect(realValidate(out, k.pub).ok).toBe(true)
        expect(realValidate(out, fx.keys.other.pub).ok).toBe(false)
      }
    })

    it('a large streamed payload (96 MiB, gzip) reads the same as the real tool’s', async () => {
      const big = join(fx.dir, 'big-layer.bin')
      await writeSemiCompressible(big, 96 * 1024 * 1024)
      const o: ModuleImageOptions = {
        type: 'app',
        name: 'big',
        deviceTypes: ['d'],
        files: [fx.inp.p1, big]
      }
      const ours = join(fx.dir, 'big-ours.mender')
      const theirs = join(fx.dir, 'big-theirs.mender')
      await writeArtifact(o, ours)
      expect(menderArtifact(moduleImageArgs(o, theirs)).status).toBe(0)
      expect(realValidate(ours).ok).toBe(true)
      expect(realRead(ours)).toBe(realRead(theirs))
    })
  }
)
