/**
 * Berth's engine core: the public surface. Everything the main process (and
 * benchmarks, and tools) needs comes from here; modules below are internal.
 *
 *   const found = await discover();             // finds (or starts) an engine
 *   const conn = await Connection.fromDiscovery(found);
 *   conn.client.containers.list();              // typed API per resource
 *   conn.onEvent((e) => store.handleEvent(e));  // live updates
 */
export { connectEngine, EngineClient, type ConnectOptions } from './client.js';
export { Connection, type ConnectionHealth, type ConnectionInfo, type HealthState } from './connection.js';
export { discover, type DiscoverOptions, type DiscoveryResult, type DiscoveryAttempt } from './discovery/discover.js';
export { discoveryCandidates, type Candidate, type ConnectionSource } from './discovery/candidates.js';
export { EmbeddedService, findOnPath } from './discovery/embedded-service.js';
export { hostSetup, probeHost, setupAdvice, type HostSetup, type HostOsId, type SetupStep } from './discovery/host-setup.js';
export { EngineError, isEngineError, type EngineErrorKind } from './errors.js';
export { EventStream, parseEvent, type EngineEvent } from './api/events.js';
export { LiveStore, type Patch } from './live/live-store.js';
export { ENTITY_KINDS, entityKey, type EntityKind } from './live/entity-key.js';
export { engineSources, type EntityItems } from './live/sources.js';
export { parseSocketAddress, type SocketAddress } from './transport/socket-address.js';
export type { Capabilities, EngineFlavor } from './api/capabilities.js';
export type { ContainerSummary, ContainerState, CreateContainerSpec, ContainerInspect, ContainerDetails, MountDetail } from './api/containers.js';
export type { ImageSummary, ProgressEvent, ProgressTask, RegistryCredentials } from './api/images.js';
export type { PodSummary } from './api/pods.js';
export type { VolumeSummary } from './api/volumes.js';
export type { NetworkSummary } from './api/networks.js';
export type { LogLineBatch, LogFrame, LogOptions } from './api/logs.js';
export type { TtySession } from './api/exec.js';
export * from './vm/index.js';
export * from './compose/index.js';
export { mergeLogs, type MergeEvent, type MergeMember, type MergedLines, type MemberEnded } from './api/log-merge.js';
export { LIST_LIMIT, PREVIEW_BYTES, type UploadSource } from './files/container-files.js';
export * from './files/paths.js';
