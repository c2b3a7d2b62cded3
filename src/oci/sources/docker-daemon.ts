import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { UserError } from '../../util/errors.js'
import type { ContentStore } from '../store.js'
import { DockerArchiveSource } from './docker-archive.js'

/** Runs `docker image save` and returns the archive path, with errors a user can act on. */
export async function dockerSave(
  ref: string,
  out: string,
  docker = process.env.DOCKER_CLI || 'docker'
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(docker, ['image', 'save', '-o', out, ref], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new UserError(
          `docker-daemon:${ref} needs the docker CLI, which cannot be run (${err.code ?? err.message})`,
          {
            hint: 'install Docker, or pull the image from a registry instead'
          }
        )
      )
    )
    child.on('close', (code) => {
      if (code === 0) return resolve()
      const msg = stderr.trim().split('\n').pop() ?? ''
      reject(
        new UserError(`docker-daemon:${ref}: docker image save failed (exit ${code}): ${msg}`, {
          hint: saveFailureHint(msg)
        })
      )
    })
  })
}

/** What to do about a failed `docker image save`, from the CLI's last stderr line. */
export function saveFailureHint(msg: string): string {
  // "Error response from daemon: No such image: app:1.0" also says "daemon": test it first
  if (/no such image|reference does not exist|not found/i.test(msg))
    return 'the daemon does not have this image: check the name and tag (docker image ls), or pull it first'
  if (
    /cannot connect|is the docker daemon running|dial unix|connection refused|no such host/i.test(
      msg
    )
  )
    return 'no Docker daemon is reachable; start it (or set DOCKER_HOST), or use a registry reference or docker-archive:FILE'
  return 'the docker CLI failed; run `docker image save` by hand to see why, or use a registry reference or docker-archive:FILE'
}

/** `docker-daemon:REF`: the local daemon's image, through `docker image save`. */
export async function dockerDaemonSource(
  ref: string,
  store: ContentStore
): Promise<DockerArchiveSource> {
  const out = store.tempPath('docker-save', '.tar')
  try {
    await dockerSave(ref, out)
  } catch (err) {
    await rm(out, { force: true })
    throw err
  }
  return new DockerArchiveSource(
    out,
    undefined,
    store,
    'docker-daemon',
    `docker-daemon:${ref}`,
    true
  )
}
