import { basename } from 'node:path'
import {
  decodeFingerprint,
  encodeFingerprint,
  fingerprintFile,
  type Fingerprint
} from './fingerprint.js'

/** The part of the content store that keeps small records by key (absent: nothing is kept). */
export interface RecordStore {
  getResolved?<T>(key: string): Promise<{ value: T } | undefined>
  putResolved?<T>(key: string, value: T): Promise<void>
}

/**
 * Content fingerprints of layer tars, computed once per build and kept in the
 * store beside the layer (under the tar's diff ID), so that a warm build
 * compares layers without reading them again.
 */
export class FingerprintCache {
  private readonly made = new Map<string, Promise<Fingerprint>>()

  constructor(private readonly records: RecordStore) {}

  /** `tarPath` is named by the sha256 of its bytes (as layer tars are here); others are not kept. */
  of(tarPath: string): Promise<Fingerprint> {
    let fp = this.made.get(tarPath)
    if (!fp) {
      fp = this.load(tarPath)
      this.made.set(tarPath, fp)
    }
    return fp
  }

  private async load(tarPath: string): Promise<Fingerprint> {
    const id = /^([0-9a-f]{64})(?:\.tar)?$/.exec(basename(tarPath))?.[1]
    const { getResolved, putResolved } = this.records
    if (!id || !getResolved || !putResolved) return fingerprintFile(tarPath)
    const key = `layer-fingerprint/v1 sha256:${id}`
    const kept = await getResolved.call(this.records, key).catch(() => undefined)
    const stored = kept && decodeFingerprint(kept.value)
    if (stored) return stored
    const fp = await fingerprintFile(tarPath)
    await putResolved.call(this.records, key, encodeFingerprint(fp)).catch(() => {})
    return fp
  }
}
