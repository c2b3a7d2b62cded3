import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
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
          hint: /connect|daemon|socket/i.test(msg)
            ? 'no Docker daemon is reachable; start it, or use a registry reference or docker-archive:FILE'
            : 'check that the image exists locally (docker image ls)'
        })
      )
    })
  })
}

/** `docker-daemon:REF`: the local daemon's image, through `docker image save`. */
export async function dockerDaemonSource(
  ref: string,
  store: ContentStore
): Promise<DockerArchiveSource> {
  const out = join(store.tmpDir(), `docker-save-${randomBytes(6).toString('hex')}.tar`)
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
