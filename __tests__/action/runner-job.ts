import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FakeCacheService } from '../fakes/actions-cache/server.js'
import type { FakeGitHub } from '../fakes/github-api/server.js'
import { runAction, type ActionRun } from '../helpers/action-runner.js'
import { pushEvent } from './push-event.js'

export interface RunnerJob {
  root: string
  /** Folder name of this job's runner. */
  name: string
  repo: string
  compose: string
  sha: string
  before: string
  github: FakeGitHub
  cache: FakeCacheService
  inputs: Record<string, string>
  env?: Record<string, string>
}

/**
 * One job on a fresh runner, as GitHub runs the action: a checkout of the
 * release (compose.yaml only, no history), a push event, main, then post with
 * main's state. Every job's RUNNER_TEMP has the same path, as on hosted
 * runners (the cache version hashes the paths), and starts empty.
 */
export async function runnerJob(j: RunnerJob): Promise<{ main: ActionRun; post: ActionRun }> {
  const runner = join(j.root, `runner-${j.name}`)
  const workspace = join(runner, 'work', j.repo)
  await mkdir(workspace, { recursive: true })
  await writeFile(join(workspace, 'compose.yaml'), j.compose)
  const temp = join(j.root, 'runner-temp')
  await rm(temp, { recursive: true, force: true })
  await mkdir(temp)
  const event = join(runner, 'event.json')
  await writeFile(event, JSON.stringify(pushEvent(j.sha, j.before, j.repo)))
  const env = {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: j.sha,
    GITHUB_REPOSITORY: `acme/${j.repo}`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: j.github.url,
    RUNNER_TEMP: temp,
    ACTIONS_CACHE_URL: j.cache.url,
    ACTIONS_RUNTIME_TOKEN: j.cache.token,
    ...j.env
  }
  const main = await runAction('dist/index.js', j.inputs, env)
  const post = await runAction(
    'dist/post/index.js',
    j.inputs,
    env,
    main.state['mender-compose'] ? { 'mender-compose': main.state['mender-compose'] } : {}
  )
  return { main, post }
}
