/**
 * VCDIFF (RFC 3284) constants, plus xdelta3's per-window Adler-32 extension
 * (`VCD_ADLER32`, Win_Indicator bit 0x04: four big-endian bytes after the three
 * section lengths, counted in the delta encoding length; checked against real
 * `xdelta3 -e` output).
 */
export const MAGIC = [0xd6, 0xc3, 0xc4, 0x00] as const

// Hdr_Indicator bits
export const VCD_DECOMPRESS = 0x01 // a secondary compressor id follows
export const VCD_CODETABLE = 0x02 // an application-defined code table follows
export const VCD_APPHEADER = 0x04 // xdelta3: an application header follows

// Win_Indicator bits
export const VCD_SOURCE = 0x01
export const VCD_TARGET = 0x02
export const VCD_ADLER32 = 0x04

/** Names of xdelta3's secondary compressors, for error messages. */
export const SECONDARY_NAMES: Record<number, string> = { 1: 'djw', 2: 'lzma', 16: 'fgk' }

/** Target bytes per window: xdelta3's default input window (8 MiB). */
export const WINDOW_SIZE = 8 * 1024 * 1024

/**
 * The decoder refuses windows bigger than this (xdelta3's hard maximum is
 * 16 MiB); larger values can only come from garbage or a hostile delta.
 */
export const MAX_DECODE_WINDOW = 64 * 1024 * 1024

/** Thrown for any malformed, truncated, unsupported or mismatched delta. */
export class DeltaFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DeltaFormatError'
  }
}
