import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Reading files at a commit from the local clone, when the checkout has it
 * (fetch-depth of 2 or more): no API call, no rate limit.
 */
export async function gitHasCommit(repoDir: string, ref: string): Promise<boolean> {
  try {
    await run('git', ['-C', repoDir, 'cat-file', '-e', `${ref}^{commit}`])
    return true
  } catch {
    return false
  }
}

/** The file's text at `ref`, or undefined when it does not exist there. */
export async function gitShowFile(
  repoDir: string,
  ref: string,
  path: string
): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['-C', repoDir, 'show', `${ref}:${path}`], {
      maxBuffer: 200 * 1024 * 1024,
      encoding: 'utf8'
    })
    return stdout
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '')
    if (
      /does not exist|exists on disk, but not in|invalid object name|not a valid object/i.test(
        stderr
      )
    )
      return undefined
    throw new Error(`git show ${ref}:${path} failed: ${stderr.trim() || (err as Error).message}`, {
      cause: err
    })
  }
}

/** The root of the git checkout holding `dir`, or undefined outside one. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['-C', dir, 'rev-parse', '--show-toplevel'], {
      encoding: 'utf8'
    })
    return stdout.trim()
  } catch {
    return undefined
  }
}
