// Times the native encoder's two parts separately, in CPU seconds: building
// the source index (the VcdiffEncoder constructor) and encoding the windows.
// Files are read before timing starts. Usage: encode-parts.ts OLD NEW [runs]
// (prints one JSON line per run: buildS, windowsS, deltaBytes, gzipBytes).
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { VcdiffEncoder } from '../../src/delta/vcdiff/encoder.js'

const [oldPath, newPath, runsArg] = process.argv.slice(2)
const source = new Uint8Array(readFileSync(oldPath!))
const target = new Uint8Array(readFileSync(newPath!))
const cpuS = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6
for (let run = 0; run < Number(runsArg ?? 1); run++) {
  const c0 = process.cpuUsage()
  const enc = new VcdiffEncoder(source, target.length)
  const c1 = process.cpuUsage()
  const parts: Uint8Array[] = [enc.header()]
  for (let at = 0; at < target.length || at === 0; at += enc.lastWindowLength) {
    parts.push(enc.encodeWindow(target.subarray(at, at + enc.windowSize)).slice())
    if (enc.lastWindowLength === 0) break
  }
  const c2 = process.cpuUsage()
  const delta = Buffer.concat(parts)
  process.stdout.write(
    JSON.stringify({
      buildS: +(cpuS(c1) - cpuS(c0)).toFixed(3),
      windowsS: +(cpuS(c2) - cpuS(c1)).toFixed(3),
      deltaBytes: delta.length,
      gzipBytes: gzipSync(delta, { level: 6 }).length
    }) + '\n'
  )
}
