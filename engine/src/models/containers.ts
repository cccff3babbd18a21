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
