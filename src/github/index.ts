/** The previous release: which commit, its compose files, and the images devices run now. */
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
