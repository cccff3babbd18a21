/** A container's details beyond its row, the same for Podman and Docker. */
export interface ContainerDetails {
  id: string;
  /** The entrypoint as arguments (Podman 4's single string is split). */
  entrypoint: string[];
  cmd: string[];
  /** entrypoint + cmd: what the container runs. */
  command: string[];
  mounts: MountDetail[];
  /** Epoch ms; undefined when it never started / has not finished. */
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
  /** The health check, when the container has one. */
  health?: HealthDetails | undefined;
}

export type HealthStatus = 'healthy' | 'unhealthy' | 'starting';

/** A health check's config (durations in ms) and its last results, newest last. */
export interface HealthDetails {
  /** The check as the engine stores it: `["CMD-SHELL", "curl -f localhost"]` or `["CMD", "prog", "arg"]`. */
  test: string[];
  intervalMs?: number | undefined;
  timeoutMs?: number | undefined;
  startPeriodMs?: number | undefined;
  retries?: number | undefined;
  /** Undefined before the first result. */
  status?: HealthStatus | undefined;
  failingStreak: number;
  log: { start: number; end: number; exitCode: number; output: string }[];
}

export interface MountDetail {
  type: string;
  /** Host path (bind) or the volume's path on the host. */
  source: string;
  destination: string;
  /** The volume's name, for volume mounts. */
  name?: string | undefined;
  readOnly: boolean;
}
