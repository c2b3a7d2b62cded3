import type { IncomingMessage } from 'node:http'
import { randomUUID } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { BadRequest, receiveMultipart } from './multipart.js'
import { dependsKey, newId, type StoredArtifact } from './state.js'
import type { Ctx, RequestRecord, Respond } from './types.js'

/** POST /artifacts: multipart in, parsed with the artifact reader, 409 on name + depends. */
export async function upload(ctx: Ctx, req: IncomingMessage, rec: RequestRecord, respond: Respond) {
  const record = { fields: [] as [string, string][], artifactBytes: 0, status: 0 }
  ctx.state.uploads.push(record)
  const type = req.headers['content-type'] ?? ''
  const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2]
  if (!/^multipart\/(form-data|mixed)/.test(type) || !boundary) {
    record.status = 415
    return respond(415, { error: 'mime: no media type' })
  }
  const length = Number(req.headers['content-length'] ?? 0)
  if (ctx.opts.maxImageSize !== undefined && length > ctx.opts.maxImageSize) {
    record.status = 413
    // Like the requestsize middleware: answered at once, body unread.
    return respond(413, { error: `http: request body too large` }, { connection: 'close' })
  }
  const reset = ctx.takeFault('upload', 'reset')
  if (reset) {
    let seen = 0
    req.on('data', (c: Buffer) => {
      seen += c.length
      if (seen >= reset.afterBytes) req.socket.destroy()
    })
  }
  req.on('data', (c: Buffer) => (rec.bodyBytes += c.length))
  const dest = join(ctx.opts.workDir, `upload-${randomUUID()}.mender`)
  try {
    const got = await receiveMultipart(req, boundary, dest)
    Object.assign(record, got)
    if (req.socket.destroyed) return
    let parsed
    try {
      parsed = await ctx.parse(dest)
    } catch (err) {
      record.status = 400
      return respond(400, { error: `failed to parse artifact: ${(err as Error).message}` })
    }
    const fields = Object.fromEntries(got.fields)
    const artifact: StoredArtifact = {
      ...parsed,
      id: fields.artifact_id ?? newId(),
      description: fields.description ?? '',
      size: (await stat(dest)).size,
      modified: new Date().toISOString(),
      signed: false,
      info: { format: 'mender', version: 3 }
    }
    const clash = ctx.state.artifacts.find(
      (a) => a.name === artifact.name && dependsKey(a) === dependsKey(artifact)
    )
    if (clash) {
      record.status = 409
      return respond(409, {
        error: 'an artifact with the same name and depends already exists',
        metadata: { conflict: artifact.artifact_depends }
      })
    }
    ctx.state.artifacts.push(artifact)
    record.status = 201
    return respond(
      201,
      undefined,
      ctx.created(`/api/management/v1/deployments/artifacts/${artifact.id}`)
    )
  } catch (err) {
    if (req.socket.destroyed) return
    if (err instanceof BadRequest) {
      record.status = 400
      return respond(400, { error: err.message })
    }
    if (req.socket.destroyed) return
    throw err
  } finally {
    await rm(dest, { force: true })
  }
}
