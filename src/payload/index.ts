export { buildAppPayload, currentReference, xdeltaDecodeArgs } from './app-payload.js'
export type { AppPayloadOptions, AppService, ImageReport, ModulePayload } from './app-payload.js'
export { buildComposeModulePayload, archiveName } from './compose-payload.js'
export type { ComposeModuleOptions } from './compose-payload.js'
export { imageId } from './image.js'
export type { BlobStore, DeviceStore, HeldLayers, LayerDescriptor, PayloadImage } from './image.js'
export {
  manifestEntries,
  manifestsFrom,
  resolvedManifests,
  shippedReference,
  SHIPPED_COMPOSE_FILE
} from './manifests.js'
export type { ManifestsSource, ShippedManifests } from './manifests.js'
export { imagesValue, softwareProvides } from './provides.js'
export { payloadImageFromStore, moduleImageOptions } from './from-store.js'
export { checkDeviceReferences, deviceReferenceProblem } from './device-references.js'
