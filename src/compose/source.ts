import { readFile } from 'node:fs/promises'

/**
 * Where compose files come from: the working tree, or (for the previous
 * release) a commit read through git or the GitHub API. Paths are absolute;
 * `read` answers undefined when the file does not exist.
 */
export interface ComposeFileSource {
  read(path: string): Promise<string | undefined>
}

export const localFiles: ComposeFileSource = {
  async read(path) {
    try {
      return await readFile(path, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
      throw err
    }
  }
}

/** A source over a fixed map of absolute paths to contents (tests, and files already fetched). */
export function memoryFiles(files: Record<string, string>): ComposeFileSource {
  return { read: async (path) => files[path] }
}
