/**
 * The VM manager's public surface (`podman machine` for macOS and Windows):
 * the lead re-exports this from engine/src/index.ts.
 */
export {
  MachineManager,
  MachineBusyError,
  machineHint,
  type MachineManagerOptions,
  type MachineManagerEvents,
  type MachineOperation,
  type MachineStatus,
  type MachineProgress,
  type MachineEngineInfo,
} from './machine-manager.js';
export {
  parseMachineList,
  parseMachineInspectOutput,
  mergeMachine,
  mergeMachines,
  parseDefaultConnection,
  parsePodmanVersion,
  MachineOutputError,
  type Machine,
  type MachineProvider,
  type MachineState,
} from './machine-parse.js';
export {
  validateInit,
  validateSet,
  validateMachineName,
  providersFor,
  MIN_MEMORY_MIB,
  MIN_DISK_GIB,
  MAX_DISK_GIB,
  MAX_NAME_LENGTH,
  type MachineInitOptions,
  type MachineSetOptions,
  type HostLimits,
} from './machine-validate.js';
