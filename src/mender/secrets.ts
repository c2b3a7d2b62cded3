export { Secrets } from '../util/secrets.js'
