/** A Podman secret as listed: never its value. */
export interface SecretSummary {
  id: string;
  name: string;
  /** Where the engine keeps the value: file (default), pass, shell. */
  driver: string;
  /** Epoch ms. */
  created: number;
  updated: number;
  labels: Record<string, string>;
}

/** What inspect shows: the summary and the driver's options, never the value. */
export interface SecretDetails extends SecretSummary {
  driverOptions: Record<string, string>;
}
