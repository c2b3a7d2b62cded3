import { describe, expect, it } from 'vitest'
import { idFromLocation } from '../../src/mender/location.js'
import { matchArtifact, normaliseDepends } from '../../src/mender/compare.js'
import { formatCounts, judge } from '../../src/mender/wait.js'
import { exactNameFilter } from '../../src/mender/artifacts.js'
import { normaliseServerUrl } from '../../src/mender/client.js'
import { deploymentCall, deploymentUrl } from '../../src/mender/deployments.js'
import type { LocalArtifact } from '../../src/mender/types.js'

const ID = '0c4b3d2e-1f5a-4b6c-8d7e-9f0a1b2c3d4e'

describe('idFromLocation', () => {
  it('takes the last segment of the absolute (≥ 4.1.0) and relative (older) forms', () => {
    expect(idFromLocation(`/api/management/v1/deployments/artifacts/${ID}`)).toBe(ID)
    expect(idFromLocation(`./management/v1/deployments/artifacts/${ID}`)).toBe(ID)
    expect(
      idFromLocation(`https://hosted.mender.io/api/management/v1/deployments/deployments/${ID}/`)
    ).toBe(ID)
    expect(idFromLocation(undefined)).toBeUndefined()
    expect(idFromLocation('')).toBeUndefined()
  })
})

const local: LocalArtifact = {
  path: '/x.mender',
  name: 'app-1',
  size: 100,
  deviceTypes: ['pi4', 'pi3'],
  depends: { device_type: ['pi4', 'pi3'], 'rootfs-image.checksum': 'abc' },
  files: [{ name: 'a', sha256: 'aa' }]
}

describe('matchArtifact', () => {
  const remote = {
    id: 'r1',
    name: 'app-1',
    device_types_compatible: ['pi3', 'pi4'],
    artifact_depends: { device_type: ['pi3', 'pi4'], 'rootfs-image.checksum': 'abc' },
    updates: [{ files: [{ name: 'a', checksum: 'aa' }] }]
  }
  it('same name, depends (any order) and payload checksums is the same artifact', () => {
    expect(matchArtifact(local, [remote])).toMatchObject({ kind: 'same', artifact: { id: 'r1' } })
  })
  it('same name and depends with another payload is a conflict', () => {
    const other = { ...remote, updates: [{ files: [{ name: 'a', checksum: 'bb' }] }] }
    expect(matchArtifact(local, [other])).toMatchObject({ kind: 'different-contents' })
  })
  it('another device type or depend is a separate artifact of the release', () => {
    expect(
      matchArtifact(local, [
        { ...remote, device_types_compatible: ['x86'], artifact_depends: { device_type: ['x86'] } }
      ])
    ).toEqual({ kind: 'none', otherDepends: 1 })
    expect(matchArtifact(local, [{ ...remote, name: 'app-10' }])).toEqual({
      kind: 'none',
      otherDepends: 0
    })
  })
  it('falls back to the size when the server lists no checksums', () => {
    const bare = { ...remote, updates: [], size: 100 }
    expect(matchArtifact(local, [bare]).kind).toBe('same')
    expect(matchArtifact(local, [{ ...bare, size: 101 }]).kind).toBe('different-contents')
  })
  it('normaliseDepends folds device types in and sorts values', () => {
    expect(normaliseDepends({ a: 'x' }, ['b', 'a'])).toBe(
      normaliseDepends({ device_type: ['a', 'b'], a: ['x'] })
    )
  })
})

describe('judge (wait verdicts)', () => {
  it('finished, failed past the threshold, paused, or still going', () => {
    expect(judge('finished', { success: 3 }, 0)).toBe('finished')
    expect(judge('inprogress', { failure: 1, installing: 2 }, 0)).toBe('failed')
    expect(judge('inprogress', { failure: 1, installing: 2 }, 1)).toBeUndefined()
    expect(judge('finished', { failure: 1, success: 2 }, 1)).toBe('finished')
    expect(judge('inprogress', { pause_before_rebooting: 2, success: 1 }, 0)).toBe('paused')
    expect(judge('inprogress', { pause_before_rebooting: 2, downloading: 1 }, 0)).toBeUndefined()
    expect(judge('pending', { pending: 2 }, 0)).toBeUndefined()
  })
  it('formatCounts lists non-zero counts only', () => {
    expect(formatCounts({ success: 2, failure: 0, pending: 1 })).toBe('pending 1, success 2')
    expect(formatCounts({ success: 0 })).toBe('no device has checked in yet')
  })
})

describe('request shapes', () => {
  it('escapes a trailing * so the v2 name filter stays exact', () => {
    expect(exactNameFilter('rel*')).toBe('rel\\*')
    expect(exactNameFilter('rel')).toBe('rel')
  })
  it('adds https:// to a bare host, drops trailing slashes, refuses userinfo', () => {
    expect(normaliseServerUrl('hosted.mender.io/')).toBe('https://hosted.mender.io')
    expect(normaliseServerUrl('http://127.0.0.1:8080//')).toBe('http://127.0.0.1:8080')
    expect(() => normaliseServerUrl('https://u:p@x.io')).toThrow(/not in the server URL/)
    expect(() => normaliseServerUrl('')).toThrow(/MENDER_SERVER_URL/)
  })
  it('picks the endpoint per target and passes Enterprise fields only when given', () => {
    expect(deploymentCall({ artifactName: 'a', target: { group: 'my group' } })).toEqual({
      path: '/api/management/v1/deployments/deployments/group/my%20group',
      body: { name: 'a', artifact_name: 'a' }
    })
    expect(
      deploymentCall({ artifactName: 'a', name: 'n', target: { devices: ['d1'] }, retries: 2 }).body
    ).toEqual({
      name: 'n',
      artifact_name: 'a',
      devices: ['d1'],
      retries: 2
    })
    expect(
      deploymentCall({
        artifactName: 'a',
        target: { allDevices: true },
        phases: [{ batch_size: 10 }],
        updateControlMap: { priority: 1 }
      }).body
    ).toEqual({
      name: 'a',
      artifact_name: 'a',
      all_devices: true,
      phases: [{ batch_size: 10 }],
      update_control_map: { priority: 1 }
    })
    expect(deploymentUrl('https://x.io', ID)).toBe(`https://x.io/ui/deployments?open=true&id=${ID}`)
  })
})
