/**
 * The GitHub API and git only: which commit or tag the previous release was
 * built from (by event or ref), and its compose files there. Which images the
 * devices run now is src/release's.
 */
export { githubClient, githubCall, githubRetryVerdict, type GitHubApi } from './client.js'
export { findBaseline, type Baseline, type BaselineInputs } from './baseline.js'
export { readFileAtRef, parentCommit, compareCommits, type RepoRef } from './contents.js'
export { gitHasCommit, gitShowFile } from './git-files.js'
export {
  findPreviousRelease,
  loadPreviousCompose,
  type PreviousComposeInputs,
  type PreviousCompose,
  type PreviousReleaseInputs
} from './previous-release.js'
