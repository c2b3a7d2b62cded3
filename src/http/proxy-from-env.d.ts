// proxy-from-env 2.x ships no types: its one export, as its README documents it.
declare module 'proxy-from-env' {
  export function getProxyForUrl(url: string | URL): string
}
