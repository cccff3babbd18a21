/**
 * What the bridge is made of, in one place: every resource's call table,
 * the live kinds with their row types, and the app's views. router.ts and
 * services.ts derive the router and the services from BRIDGE; the renderer's
 * stores, sidebar and the application menu read LIVE_KINDS and VIEWS.
 * Adding a resource: docs/ARCHITECTURE.md, "Adding a resource".
 */
import { z } from 'zod';
import { mutation, stream, type Call } from './call.js';
import type { EntityPatch } from './common.js';
import { ENTITY_KINDS, type EntityKind } from './entity.js';
import { appCalls } from './resources/app.js';
import { composeCalls } from './resources/compose.js';
import { containersCalls, type ContainerRow } from './resources/containers.js';
import { enginesCalls } from './resources/engines.js';
import { filesCalls } from './resources/files.js';
import { imagesCalls, type ImageRow } from './resources/images.js';
import { kubeCalls } from './resources/kube.js';
import { machinesCalls } from './resources/machines.js';
import { networksCalls, type NetworkRow } from './resources/networks.js';
import { podsCalls, type PodRow } from './resources/pods.js';
import { secretsCalls, type SecretRow } from './resources/secrets.js';
import { systemCalls } from './resources/system.js';
import { terminalCalls } from './resources/terminal.js';
import { volumesCalls, type VolumeRow } from './resources/volumes.js';

/** The wire row of each live kind (the engine's ENTITY_KINDS: a kind missing here is a type error). */
export interface EntityRows {
  containers: ContainerRow;
  images: ImageRow;
  pods: PodRow;
  volumes: VolumeRow;
  networks: NetworkRow;
  secrets: SecretRow;
}

export const EntityKindInput = z.enum(ENTITY_KINDS);
/** Without a kind: a full resync (new snapshots). With one: re-read that kind, send the differences. */
export const ResyncInput = z.strictObject({ kind: EntityKindInput.optional() }).optional();

type LiveCalls = { [K in EntityKind]: Call<'subscription', undefined, EntityPatch<EntityRows[K]>> } & { resync: Call<'mutation', typeof ResyncInput, void> };
/** One subscription per kind keeps each kind's rows exactly typed. */
const liveCalls = {
  // The calls are the same at run time; only their row types differ (LiveCalls says which).
  ...(Object.fromEntries(ENTITY_KINDS.map((k) => [k, stream().returns({ immediate: true })])) as unknown as { [K in EntityKind]: LiveCalls[K] }),
  resync: mutation(ResyncInput).returns<void>(),
} satisfies LiveCalls;

export const BRIDGE = {
  app: appCalls,
  system: systemCalls,
  engines: enginesCalls,
  machines: machinesCalls,
  live: liveCalls,
  containers: containersCalls,
  files: filesCalls,
  terminal: terminalCalls,
  images: imagesCalls,
  pods: podsCalls,
  volumes: volumesCalls,
  networks: networksCalls,
  kube: kubeCalls,
  secrets: secretsCalls,
  compose: composeCalls,
};
export type Bridge = typeof BRIDGE;

/**
 * The app's views in sidebar order (Settings last), with their Ctrl/Cmd+n
 * shortcut: the sidebar, the router and the application menu all read this.
 */
export const VIEWS = {
  dashboard: { label: 'Dashboard', shortcut: 1 },
  containers: { label: 'Containers', shortcut: 2 },
  pods: { label: 'Pods', shortcut: 3 },
  compose: { label: 'Compose' },
  images: { label: 'Images', shortcut: 4 },
  volumes: { label: 'Volumes', shortcut: 5 },
  networks: { label: 'Networks', shortcut: 6 },
  secrets: { label: 'Secrets', shortcut: 9 },
  machines: { label: 'Machines', shortcut: 8 },
  settings: { label: 'Settings', shortcut: 7 },
} as const satisfies Record<string, { label: string; shortcut?: number }>;
export type ViewId = keyof typeof VIEWS;
/** Ctrl/Cmd+n of a view, if it has one. */
export const viewShortcut = (v: ViewId): number | undefined => (VIEWS as Record<ViewId, { label: string; shortcut?: number }>)[v].shortcut;

export * from './resources/app.js';
export * from './resources/compose.js';
export * from './resources/containers.js';
export * from './resources/engines.js';
export * from './resources/files.js';
export * from './resources/images.js';
export * from './resources/kube.js';
export * from './resources/machines.js';
export * from './resources/networks.js';
export * from './resources/pods.js';
export * from './resources/secrets.js';
export * from './resources/system.js';
export * from './resources/terminal.js';
export * from './resources/volumes.js';
