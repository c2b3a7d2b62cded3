// Kept in step with package.json by __tests__/version.test.ts; a constant keeps
// the bundles free of a JSON import.
export const VERSION = '0.1.0'
export const PRODUCT = 'mender-compose-action'
