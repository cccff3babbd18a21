/** Compose projects as the engine sees them, and what driving a provider reports. */

/** The compose tools Berth can drive, in the order it looks for them. */
export type ComposeProviderId = 'docker-compose-v2' | 'docker-compose' | 'podman-compose-plugin' | 'podman-compose';

export interface ComposeProviderStatus {
  id: ComposeProviderId;
  /** How people call it: "docker compose", "docker-compose", "podman compose", "podman-compose". */
  label: string;
  available: boolean;
  /** The provider's own version ("1.29.2"), when it answered. */
  version?: string | undefined;
  /** Which engines it can drive: Docker-API providers any engine with a Docker-compatible socket, podman-compose only Podman. */
  engines: 'any' | 'podman';
  /** Profiles (`--profile`) are understood. */
  profiles: boolean;
  /** Why it is not available (not installed, or what it said). */
  reason?: string | undefined;
}

/** A line the provider printed while it ran. */
export interface ComposeOutputLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

/** How a provider run ended. */
export interface ComposeRunResult {
  ok: boolean;
  /** The provider's exit code (podman-compose 1.0.3 exits 0 after a failed step: then the failed step's code). */
  exitCode: number | null;
  /** Set when Berth stopped it (Cancel). */
  cancelled: boolean;
  /** The provider's own words about the failure (its last error lines). */
  message?: string | undefined;
}

/** Rows a project is made from: the fields of a container summary that matter here. */
export interface ComposeInputRow {
  id: string;
  name: string;
  state: string;
  labels: Record<string, string>;
  engine?: string | undefined;
}

export interface ComposeService<Row extends ComposeInputRow = ComposeInputRow> {
  name: string;
  containers: Row[];
}

/** A compose project on one engine, from its containers' labels. */
export interface ComposeProject<Row extends ComposeInputRow = ComposeInputRow> {
  /** `engine` + NUL + name: unique across engines. */
  key: string;
  engine?: string | undefined;
  name: string;
  /** Which tool made it, from the labels it writes. */
  madeBy: 'docker-compose' | 'podman-compose';
  /** The project folder the provider ran in (`com.docker.compose.project.working_dir`). */
  workingDir?: string | undefined;
  /** The compose files, absolute where the working dir is known. */
  configFiles: string[];
  services: ComposeService<Row>[];
  containers: Row[];
  /** Containers per state (running, paused, exited, created, …). */
  states: Record<string, number>;
}
