/** One `WWW-Authenticate` challenge: scheme (lower-cased) and its parameters. */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

/**
 * RFC 7235 challenges. Values may be quoted strings holding commas
 * (`scope="repository:a:pull,push"`), so the header is tokenised, never split on `,`.
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return []
  const text = Array.isArray(header) ? header.join(', ') : header
  const out: Challenge[] = []
  let i = 0
  const n = text.length
  const skipWs = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++
  }
  const token = (): string => {
    const start = i
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(text[i]!)) i++
    return text.slice(start, i)
  }
  while (i < n) {
    skipWs()
    const scheme = token()
    if (!scheme) {
      i++
      continue
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} }
    out.push(challenge)
    for (;;) {
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++
      const save = i
      if (text[i] === ',') i++
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++
      const name = token()
      while (i < n && text[i] === ' ') i++
      if (!name || text[i] !== '=') {
        // not a parameter: the next challenge starts here
        i = save
        break
      }
      i++
      while (i < n && text[i] === ' ') i++
      let value = ''
      if (text[i] === '"') {
        i++
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) i++
          value += text[i]
          i++
        }
        i++
      } else {
        value = token()
        // token68 padding such as `abc==`
        while (text[i] === '=') value += text[i++]
      }
      challenge.params[name.toLowerCase()] = value
    }
  }
  return out
}

/** go-containerregistry picks the first basic or bearer challenge. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' || c.scheme === 'basic')
}
