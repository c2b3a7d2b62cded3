/** The release the devices run now, as the plan found it. */
export interface PreviousRelease {
  /** The Git ref (or the compose file list, for the CLI) the previous release was read from. */
  ref: string
  /** The tag's name when the ref is a tag (the default artifact name of that release). */
  tag?: string
  /** The previous artifact's name, when known (from its record, or as the user gave it). */
  artifactName?: string
  /** Platforms the previous release shipped: dropping one would strand those devices. */
  platforms: string[]
  /**
   * Per platform, the images value its record says the previous artifact
   * provides, or false when the record predates that key (a delta then
   * depends on the version alone). Absent for a platform without a record.
   */
  baseImages?: Record<string, string | false>
}
