import { readFileSync } from 'node:fs'

/**
 * User and group names for tar headers, looked up as Go's tar.FileInfoHeader
 * does (from /etc/passwd and /etc/group); empty where there is no such file.
 */
const cache = new Map<string, Map<number, string>>()

function table(path: string): Map<number, string> {
  let t = cache.get(path)
  if (!t) {
    t = new Map()
    try {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const [name, , id] = line.split(':')
        if (name && id && /^\d+$/.test(id) && !t.has(Number(id))) t.set(Number(id), name)
      }
    } catch {
      // no passwd/group file (Windows, minimal containers): names stay empty
    }
    cache.set(path, t)
  }
  return t
}

export function userName(uid: number): string {
  return table('/etc/passwd').get(uid) ?? ''
}

export function groupName(gid: number): string {
  return table('/etc/group').get(gid) ?? ''
}
