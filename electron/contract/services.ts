/**
 * What the main side must provide to serve the bridge. The router in
 * router.ts only validates and delegates to these; the main process
 * implements them with the engine core (electron/services/).
 * Streams are async iterables; a cancelled subscription aborts `signal`.
 */
import type { z } from 'zod';
import type * as S from './schemas.js';
import type {
  ActionResult,
  AppCommand,
  BulkResult,
  ConnectionHealth,
  ConnectionInfo,
  ContainerDetailsWire,
  DiskUsageRow,
  EngineEntry,
  EngineTestResult,
  HostSetupInfo,
  EntityKind,
  EntityPatch,
  EntityRows,
  MachinesState,
  LogEvent,
  ProgressEvent,
  PruneResult,
  StatsSample,
  TerminalEvent,
  TopResult,
  TrayView,
} from './types.js';

type In<T extends z.ZodType> = z.infer<T>;
type Stream<T> = AsyncIterable<T>;
export type Json = Record<string, unknown>;

export interface BridgeServices {
  app: {
    /** Menu and tray commands for the UI (none in serve mode). */
    commands(signal: AbortSignal): Stream<AppCommand>;
    /** The tray's state and menu (serve mode shows it in the header). */
    tray(signal: AbortSignal): Stream<TrayView>;
  };
  system: {
    connection(): Promise<ConnectionInfo | null>;
    health(signal: AbortSignal): Stream<ConnectionHealth>;
    info(input: In<typeof S.EngineOnlyInput>): Promise<Json>;
    diskUsage(input: In<typeof S.EngineOnlyInput>): Promise<DiskUsageRow[]>;
  };
  engines: {
    list(): Promise<EngineEntry[]>;
    watch(signal: AbortSignal): Stream<EngineEntry[]>;
    add(input: In<typeof S.EngineAddInput>): Promise<EngineEntry>;
    remove(input: In<typeof S.EngineIdInput>): Promise<void>;
    test(input: In<typeof S.EngineTestInput>): Promise<EngineTestResult>;
    setEnabled(input: In<typeof S.EngineEnabledInput>): Promise<void>;
    /** What the machine Berth runs on needs, in commands for that machine. */
    host(): Promise<HostSetupInfo>;
    /** Start Berth's own Podman service (Podman installed, no engine answering). */
    startEmbedded(): Promise<void>;
  };
  machines: {
    state(): Promise<MachinesState>;
    watch(signal: AbortSignal): Stream<MachinesState>;
    create(input: In<typeof S.MachineCreateInput>): Promise<void>;
    start(input: In<typeof S.MachineNameInput>): Promise<void>;
    stop(input: In<typeof S.MachineNameInput>): Promise<void>;
    restart(input: In<typeof S.MachineNameInput>): Promise<void>;
    remove(input: In<typeof S.MachineRemoveInput>): Promise<void>;
    set(input: In<typeof S.MachineSetInput>): Promise<void>;
    setDefault(input: In<typeof S.MachineNameInput>): Promise<void>;
    /** Stop waiting for a stuck start (or another long operation). */
    cancel(input: In<typeof S.MachineNameInput>): Promise<void>;
  };
  live: {
    watch<K extends EntityKind>(kind: K, signal: AbortSignal): Stream<EntityPatch<EntityRows[K]>>;
    resync(kind?: EntityKind): Promise<void>;
  };
  containers: {
    inspect(input: In<typeof S.IdInput>): Promise<Json>;
    /** The details page's typed model (command with Podman 4's string entrypoint handled, mounts, times). */
    details(input: In<typeof S.IdInput>): Promise<ContainerDetailsWire>;
    create(input: In<typeof S.CreateContainerInput>): Promise<{ id: string; warnings: string[] }>;
    start(input: In<typeof S.IdInput>): Promise<ActionResult>;
    stop(input: In<typeof S.StopInput>): Promise<ActionResult>;
    restart(input: In<typeof S.IdInput>): Promise<ActionResult>;
    pause(input: In<typeof S.IdInput>): Promise<ActionResult>;
    unpause(input: In<typeof S.IdInput>): Promise<ActionResult>;
    kill(input: In<typeof S.KillInput>): Promise<ActionResult>;
    remove(input: In<typeof S.RemoveInput>): Promise<ActionResult>;
    rename(input: In<typeof S.RenameInput>): Promise<ActionResult>;
    bulk(input: In<typeof S.BulkInput>): Promise<BulkResult>;
    top(input: In<typeof S.IdInput>): Promise<TopResult>;
    prune(input: In<typeof S.EngineOnlyInput>): Promise<PruneResult>;
    logs(input: In<typeof S.LogsInput>, signal: AbortSignal): Stream<LogEvent>;
    /** A one-time link (a minute, once) that downloads the complete log: no cookie or token in it. */
    logDownload(input: In<typeof S.LogDownloadInput>): Promise<{ url: string }>;
    stats(input: In<typeof S.StatsInput>, signal: AbortSignal): Stream<StatsSample[]>;
  };
  /** Sessions belong to the connection that opened them (`caller`) and end with it. */
  terminal: {
    open(input: In<typeof S.TerminalOpenInput>, caller: Caller): Promise<{ session: string; shell: string }>;
    output(session: string, caller: Caller, signal: AbortSignal): Stream<TerminalEvent>;
    input(input: In<typeof S.TerminalInput>, caller: Caller): Promise<void>;
    resize(input: In<typeof S.TerminalResize>, caller: Caller): Promise<void>;
    close(session: string, caller: Caller): Promise<void>;
  };
  images: {
    inspect(input: In<typeof S.IdInput>): Promise<Json>;
    history(input: In<typeof S.IdInput>): Promise<Json[]>;
    pull(input: In<typeof S.PullInput>, signal: AbortSignal): Stream<ProgressEvent>;
    push(input: In<typeof S.PushInput>, signal: AbortSignal): Stream<ProgressEvent>;
    build(input: In<typeof S.BuildInput>, signal: AbortSignal): Stream<ProgressEvent>;
    remove(input: In<typeof S.ImageRemoveInput>): Promise<ActionResult>;
    tag(input: In<typeof S.TagInput>): Promise<ActionResult>;
    untag(input: In<typeof S.TagInput>): Promise<ActionResult>;
    prune(input: In<typeof S.PruneInput>): Promise<PruneResult>;
  };
  pods: {
    inspect(input: In<typeof S.IdInput>): Promise<Json>;
    create(input: In<typeof S.PodCreateInput>): Promise<{ id: string }>;
    action(input: In<typeof S.PodActionInput>): Promise<ActionResult>;
    remove(input: In<typeof S.RemoveInput>): Promise<ActionResult>;
  };
  volumes: {
    inspect(input: In<typeof S.IdInput>): Promise<Json>;
    create(input: In<typeof S.VolumeCreateInput>): Promise<{ name: string }>;
    remove(input: In<typeof S.RemoveInput>): Promise<ActionResult>;
    prune(input: In<typeof S.EngineOnlyInput>): Promise<PruneResult>;
  };
  networks: {
    inspect(input: In<typeof S.IdInput>): Promise<Json>;
    create(input: In<typeof S.NetworkCreateInput>): Promise<{ id: string }>;
    remove(input: In<typeof S.RemoveInput>): Promise<ActionResult>;
    prune(input: In<typeof S.EngineOnlyInput>): Promise<PruneResult>;
  };
  kube: {
    generate(input: In<typeof S.KubeGenerateInput>): Promise<string>;
    play(input: In<typeof S.KubePlayInput>): Promise<{ pods: string[] }>;
    teardown(input: In<typeof S.KubePlayInput>): Promise<ActionResult>;
  };
}

/** One bridge connection (an Electron window's port, a browser tab's WebSocket): what owns per-connection state. */
export interface Caller {
  /** Random, per connection. */
  id: string;
  /** Aborted when the connection closes. */
  gone: AbortSignal;
}
