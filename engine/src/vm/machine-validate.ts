/**
 * Checks on `podman machine init` / `set` input before anything runs, with
 * errors a person can act on. Pure: the host's limits come in as arguments.
 */
import { EngineError } from '../errors.js';

/** What `podman machine init` takes. Units are the CLI's: memory MiB, disk GiB. */
export interface MachineInitOptions {
  /** Default `podman-machine-default`. */
  name?: string;
  cpus?: number;
  /** MiB. */
  memoryMiB?: number;
  /** GiB. */
  diskGiB?: number;
  rootful?: boolean;
  /** A local disk image path or an http(s) URL (`--image-path` in 4.x, `--image` in 5.x). */
  image?: string;
  userModeNetworking?: boolean;
  /** `qemu`, `applehv`, `libkrun`, `wsl`, `hyperv` (via CONTAINERS_MACHINE_PROVIDER). */
  provider?: string;
  /** `--timezone` (Podman's default `local` asks timedatectl on Linux). */
  timezone?: string;
  /** Start it right away (`--now`). */
  now?: boolean;
}

/** What `podman machine set` takes. */
export interface MachineSetOptions {
  cpus?: number;
  memoryMiB?: number;
  /** GiB; disks only grow. */
  diskGiB?: number;
  rootful?: boolean;
  userModeNetworking?: boolean;
}

export interface HostLimits {
  cpus: number;
  /** MiB. */
  memoryMiB: number;
  platform: NodeJS.Platform;
}

export const MIN_MEMORY_MIB = 512;
export const MIN_DISK_GIB = 5;
export const MAX_DISK_GIB = 2048;
/** Podman refuses longer machine names (its `-root` connection and socket paths grow from it). */
export const MAX_NAME_LENGTH = 30;
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Which providers an OS has (Linux: qemu only; 4.x macOS also had qemu). */
export function providersFor(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return ['applehv', 'libkrun', 'qemu'];
  if (platform === 'win32') return ['wsl', 'hyperv'];
  return ['qemu'];
}

function invalid(operation: string, message: string, hint: string): EngineError {
  return new EngineError({ kind: 'invalid-argument', operation, engineMessage: message, hint });
}

export function validateMachineName(name: string, operation: string): void {
  if (!name) throw invalid(operation, 'the machine needs a name', 'Use letters, digits, "-", "_" or "." (for example podman-machine-default).');
  if (name.length > MAX_NAME_LENGTH) throw invalid(operation, `the name "${name}" is longer than ${MAX_NAME_LENGTH} characters`, `Use at most ${MAX_NAME_LENGTH} characters.`);
  if (!NAME_RE.test(name)) {
    throw invalid(operation, `the name "${name}" has characters Podman does not accept`, 'Start with a letter or digit; then use letters, digits, "-", "_" or ".".');
  }
}

function checkInt(operation: string, what: string, v: number | undefined, min: number, max: number, unit: string, hint: string): void {
  if (v === undefined) return;
  if (!Number.isInteger(v)) throw invalid(operation, `${what} must be a whole number (got ${v})`, hint);
  if (v < min || v > max) throw invalid(operation, `${what} must be between ${min} and ${max}${unit} (got ${v}${unit})`, hint);
}

function checkResources(operation: string, o: { cpus?: number | undefined; memoryMiB?: number | undefined; diskGiB?: number | undefined }, host: HostLimits): void {
  checkInt(operation, 'CPUs', o.cpus, 1, Math.max(1, host.cpus), '', `This computer has ${host.cpus} CPU${host.cpus === 1 ? '' : 's'}; give the machine at most that many.`);
  const maxMem = Math.max(MIN_MEMORY_MIB, Math.floor(host.memoryMiB));
  checkInt(operation, 'Memory', o.memoryMiB, MIN_MEMORY_MIB, maxMem, ' MiB', `Give the machine at least ${MIN_MEMORY_MIB} MiB and at most this computer's ${maxMem} MiB.`);
  checkInt(operation, 'Disk size', o.diskGiB, MIN_DISK_GIB, MAX_DISK_GIB, ' GiB', `Disk size is in GiB, from ${MIN_DISK_GIB} to ${MAX_DISK_GIB}.`);
}

/** Throws an `invalid-argument` EngineError for the first problem found. */
export function validateInit(o: MachineInitOptions, host: HostLimits): void {
  const name = o.name ?? 'podman-machine-default';
  const operation = `Create machine ${name}`;
  validateMachineName(name, operation);
  checkResources(operation, o, host);
  if (o.image !== undefined) {
    const image = o.image.trim();
    if (!image || image.includes('\0')) throw invalid(operation, 'the image is empty', 'Give a local disk image path or an http(s) URL, or leave it empty for the default image.');
    // A UNC path (\\server\share, //server/share) would make Windows connect to that server over SMB and offer the user's NTLM hash.
    if (/^(\\\\|\/\/)/.test(image) || /^\\\\\?\\UNC\\/i.test(image)) {
      throw invalid(operation, `the image "${image}" is on a network share`, 'Copy the disk image to this computer first, or give an http(s) URL.');
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image) && !/^(https?|docker):\/\//i.test(image)) {
      throw invalid(operation, `the image "${image}" is neither a local path nor an http(s) URL`, 'Give a local disk image path or an http(s) URL.');
    }
  }
  if (o.provider !== undefined) {
    const allowed = providersFor(host.platform);
    if (!allowed.includes(o.provider)) {
      throw invalid(operation, `the provider "${o.provider}" is not available on this OS`, `Choose one of: ${allowed.join(', ')}.`);
    }
  }
  if (o.timezone !== undefined && !/^[A-Za-z0-9_+\-/]+$/.test(o.timezone)) {
    throw invalid(operation, `"${o.timezone}" is not a time zone name`, 'Use a name such as Europe/Berlin or Etc/UTC, or "local".');
  }
}

/** Throws an `invalid-argument` EngineError for the first problem found. */
export function validateSet(name: string, o: MachineSetOptions, host: HostLimits, currentDiskGiB?: number): void {
  const operation = `Change machine ${name}`;
  validateMachineName(name, operation);
  if (o.cpus === undefined && o.memoryMiB === undefined && o.diskGiB === undefined && o.rootful === undefined && o.userModeNetworking === undefined) {
    throw invalid(operation, 'nothing to change', 'Change CPUs, memory, disk size or rootful mode.');
  }
  checkResources(operation, o, host);
  if (o.diskGiB !== undefined && currentDiskGiB !== undefined && o.diskGiB < currentDiskGiB) {
    throw invalid(operation, `the disk can only grow (it has ${currentDiskGiB} GiB, asked for ${o.diskGiB} GiB)`, `Choose ${currentDiskGiB} GiB or more.`);
  }
}
