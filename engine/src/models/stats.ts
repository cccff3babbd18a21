/** One container's usage at one moment. Bytes for memory, network and block I/O (cumulative). */
export interface StatsSample {
  id: string;
  name: string;
  /** Percent of one CPU (200 = two CPUs fully busy), as `podman stats` / `docker stats` show it. */
  cpuPercent: number;
  memUsage: number;
  memLimit: number;
  memPercent: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
  /** Epoch ms when the engine took the sample. */
  time: number;
}
