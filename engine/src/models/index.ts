/** The engine's result models (type-only; see README.md). */
export type { JsonObject, JsonValue } from './json.js';
export type { ContainerDetails, HealthDetails, HealthStatus, MountDetail } from './containers.js';
export type { ImageHistoryEntry } from './images.js';
export type { SecretDetails, SecretSummary } from './secrets.js';
export type { StatsSample } from './stats.js';
export type { DiskUsageEntry, EngineCounts, EngineInfo, EngineVersion } from './system.js';
export type { ComposeInputRow, ComposeOutputLine, ComposeProject, ComposeProviderId, ComposeProviderStatus, ComposeRunResult, ComposeService } from './compose.js';
export type { FileEntry, FileKind, FileListing, FilePreview, FileStat } from './files.js';
