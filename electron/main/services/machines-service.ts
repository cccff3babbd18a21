/**
 * Machines over the bridge. The VM manager (engine/src/vm) does the work;
 * this adapts its state to wire rows and its failures to errors. Where
 * machines don't apply, the state says why instead of failing.
 */
import os from 'node:os';
import { EngineError } from '../../../engine/src/index.js';
import type { BridgeServices } from '../../contract/services.js';
import type { MachinesState } from '../../contract/types.js';
import { AsyncQueue } from '../async-queue.js';

export interface MachineBackend {
  state(): Promise<MachinesState>;
  onChange(listener: () => void): () => void;
  create(input: Parameters<BridgeServices['machines']['create']>[0]): Promise<void>;
  start(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  restart(name: string): Promise<void>;
  remove(name: string, force: boolean): Promise<void>;
  set(input: Parameters<BridgeServices['machines']['set']>[0]): Promise<void>;
  setDefault(name: string): Promise<void>;
  cancel(name: string): Promise<void>;
  dispose?(): Promise<void>;
}

export function hostLimits(): MachinesState['host'] {
  return { cpus: os.cpus().length, memoryBytes: os.totalmem() };
}

/** Where there is no VM manager to drive: every call explains why. */
export function unsupportedMachines(reason: string): MachineBackend {
  const fail = async (): Promise<never> => {
    throw new EngineError({ kind: 'unsupported', operation: 'Manage a Podman machine', engineMessage: reason });
  };
  return {
    state: async () => ({ supported: false, reason, host: hostLimits(), machines: [] }),
    onChange: () => () => undefined,
    create: fail,
    start: fail,
    stop: fail,
    restart: fail,
    remove: fail,
    set: fail,
    setDefault: fail,
    cancel: fail,
  };
}

export function machinesService(backend: MachineBackend): BridgeServices['machines'] {
  return {
    state: () => backend.state(),
    watch: (_, { signal }) => {
      const q = new AsyncQueue<MachinesState>(signal, 16);
      const send = () =>
        void backend.state().then(
          (s) => q.push(s),
          () => undefined,
        );
      send();
      const off = backend.onChange(send);
      signal.addEventListener('abort', off, { once: true });
      return q;
    },
    create: (input) => backend.create(input),
    start: ({ name }) => backend.start(name),
    stop: ({ name }) => backend.stop(name),
    restart: ({ name }) => backend.restart(name),
    remove: ({ name, force }) => backend.remove(name, force ?? false),
    set: (input) => backend.set(input),
    setDefault: ({ name }) => backend.setDefault(name),
    cancel: ({ name }) => backend.cancel(name),
  };
}
