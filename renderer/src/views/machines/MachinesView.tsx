/**
 * Machines: the Linux VMs `podman machine` manages (macOS, Windows). Table,
 * create form (validated against the host's CPUs and memory), start / stop /
 * restart / remove / set resources / make default, progress while busy, and
 * the command's last output lines when something fails. Live from
 * bridge.machines.watch.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { create } from 'zustand';
import { schemas, type MachineRow, type MachinesState } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import {
  Badge,
  Button,
  CheckboxField,
  ConfirmDialog,
  EmptyState,
  ErrorMessage,
  formatBytes,
  formatDate,
  IconButton,
  notify,
  notifyError,
  ProgressBar,
  SelectField,
  StateBadge,
  TextField,
  timeAgo,
} from '../../components';
import { detectOs } from '../onboarding/Onboarding';
import { CreateEmptyState } from '../common/CreateEmptyState';
import { FormDialog } from '../common/FormDialog';
import { SimpleTable, type TableHeader } from '../common/SimpleTable';
import { useSubmit } from '../common/useSubmit';
import './machines.css';

/* ---------------- store ---------------- */

const useMachinesStore = create<{ state: MachinesState | undefined; error: unknown }>(() => ({ state: undefined, error: undefined }));
let started = false;
function startMachines(): void {
  if (started) return;
  started = true;
  const sub = () =>
    bridge.machines.watch.subscribe(undefined, {
      onData: (state) => useMachinesStore.setState({ state, error: undefined }),
      onError: (error) => {
        useMachinesStore.setState({ error });
        setTimeout(sub, 3000);
      },
      onComplete: () => setTimeout(sub, 3000),
    });
  sub();
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

type Op = 'start' | 'stop' | 'restart' | 'setDefault' | 'cancel';
const OP_LABEL: Record<Op, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', setDefault: 'Make default', cancel: 'Cancel' };

const PROVIDER_LABEL: Record<string, string> = { '': 'Podman’s default', applehv: 'Apple Hypervisor (applehv)', libkrun: 'libkrun (GPU)', qemu: 'QEMU', wsl: 'WSL 2', hyperv: 'Hyper-V' };

/** The providers Podman offers on this OS, its default first. */
function providerOptions(): { value: string; label: string }[] {
  const os = detectOs();
  const keep = os === 'mac' ? ['', 'applehv', 'libkrun', 'qemu'] : os === 'windows' ? ['', 'wsl', 'hyperv'] : ['', 'qemu'];
  return keep.map((value) => ({ value, label: PROVIDER_LABEL[value] ?? value }));
}

/* ---------------- validation ---------------- */

interface Limits {
  cpus: number;
  memoryMiB: number;
}

type NumErrors = { cpus?: string | undefined; memoryMiB?: string | undefined; diskGiB?: string | undefined };

function checkNumbers(v: { cpus: string; memoryMiB: string; diskGiB: string }, host: Limits, minDisk = 5): { values: { cpus?: number; memoryMiB?: number; diskGiB?: number }; errors: NumErrors } {
  const errors: NumErrors = {};
  const values: { cpus?: number; memoryMiB?: number; diskGiB?: number } = {};
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));
  const cpus = num(v.cpus);
  if (cpus !== undefined) {
    if (!Number.isInteger(cpus) || cpus < 1) errors.cpus = 'Enter a whole number of CPUs, at least 1.';
    else if (cpus > host.cpus) errors.cpus = `This computer has ${host.cpus} CPU${host.cpus === 1 ? '' : 's'}; use at most ${host.cpus}.`;
    else values.cpus = cpus;
  }
  const mem = num(v.memoryMiB);
  if (mem !== undefined) {
    const max = Math.max(512, Math.floor(host.memoryMiB));
    if (!Number.isInteger(mem) || mem < 512) errors.memoryMiB = 'At least 512 MiB.';
    else if (mem > max) errors.memoryMiB = `This computer has ${formatBytes(host.memoryMiB * MiB)} of memory; use at most ${max} MiB.`;
    else values.memoryMiB = mem;
  }
  const disk = num(v.diskGiB);
  if (disk !== undefined) {
    if (!Number.isInteger(disk) || disk < minDisk) errors.diskGiB = `At least ${minDisk} GiB.`;
    else if (disk > 2048) errors.diskGiB = 'At most 2048 GiB.';
    else values.diskGiB = disk;
  }
  return { values, errors };
}

/* ---------------- create ---------------- */

function CreateMachineDialog({ state, onClose }: { state: MachinesState; onClose: () => void }) {
  const host: Limits = { cpus: state.host.cpus, memoryMiB: state.host.memoryBytes / MiB };
  const taken = new Set(state.machines.map((m) => m.name));
  const [name, setName] = useState(taken.has('podman-machine-default') ? '' : 'podman-machine-default');
  const [cpus, setCpus] = useState(String(Math.min(2, host.cpus)));
  const [memoryMiB, setMemory] = useState(String(Math.min(2048, Math.max(512, Math.floor(host.memoryMiB / 2)))));
  const [diskGiB, setDisk] = useState('100');
  const [rootful, setRootful] = useState(false);
  const [image, setImage] = useState('');
  const [userMode, setUserMode] = useState(false);
  const [provider, setProvider] = useState('');
  const [start, setStart] = useState(true);
  const [errors, setErrors] = useState<NumErrors & { name?: string | undefined; image?: string | undefined }>({});
  const { busy, failure, run } = useSubmit();
  const os = detectOs();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const nums = checkNumbers({ cpus, memoryMiB, diskGiB }, host);
    const next: typeof errors = { ...nums.errors };
    const n = name.trim();
    if (taken.has(n)) next.name = `A machine named ${n} already exists.`;
    const img = image.trim();
    if (img && !/^(https?:\/\/|\/|[a-zA-Z]:\\)/.test(img)) next.image = 'Use an absolute path to a disk image or an http(s) URL.';
    const raw = {
      name: n,
      ...nums.values,
      ...(rootful ? { rootful: true } : {}),
      ...(img ? { image: img } : {}),
      ...(userMode ? { userModeNetworking: true } : {}),
      ...(provider ? { provider } : {}),
      start,
    };
    const r = schemas.MachineCreateInput.safeParse(raw);
    if (!r.success) for (const i of r.error.issues) (next as Record<string, string>)[String(i.path[0] ?? 'name')] ??= i.message;
    setErrors(next);
    if (Object.values(next).some(Boolean) || !r.success) return;
    await run(async () => {
      await bridge.machines.create.mutate(r.data);
      notify({ kind: 'success', title: start ? `Created and started machine ${n}` : `Created machine ${n}`, system: true });
      onClose();
    });
  };

  return (
    <FormDialog
      title="Create a machine"
      size="large"
      cancelLabel={busy ? 'Working…' : 'Cancel'}
      submitLabel={start ? 'Create and start' : 'Create'}
      busy={busy}
      failure={failure}
      failureTitle="Could not create the machine"
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <div className="mc-grid">
        <TextField label="Name" required autoFocus value={name} placeholder="podman-machine-default" error={errors.name} onChange={(e) => setName(e.target.value)} />
        <SelectField label="Provider" value={provider} onChange={(e) => setProvider(e.target.value)} options={providerOptions()} hint="The virtualization the VM runs on." />
        <TextField label="CPUs" inputMode="numeric" value={cpus} error={errors.cpus} hint={`1 to ${host.cpus} (this computer’s cores).`} onChange={(e) => setCpus(e.target.value)} />
        <TextField
          label="Memory (MiB)"
          inputMode="numeric"
          value={memoryMiB}
          error={errors.memoryMiB}
          hint={`512 to ${Math.floor(host.memoryMiB)} MiB (this computer has ${formatBytes(state.host.memoryBytes)}).`}
          onChange={(e) => setMemory(e.target.value)}
        />
        <TextField label="Disk (GiB)" inputMode="numeric" value={diskGiB} error={errors.diskGiB} hint="5 to 2048 GiB; it can grow later, never shrink." onChange={(e) => setDisk(e.target.value)} />
        <TextField
          label="Disk image"
          value={image}
          error={errors.image}
          placeholder="Optional: /path/to/image.qcow2 or https://…"
          hint="Leave empty for Podman’s default image (downloaded on first start)."
          onChange={(e) => setImage(e.target.value)}
        />
      </div>
      <CheckboxField label="Rootful (containers run as root inside the VM)" checked={rootful} onChange={setRootful} hint="Needed for some things like binding ports below 1024; rootless is safer." />
      {os === 'windows' ? <CheckboxField label="User-mode networking" checked={userMode} onChange={setUserMode} hint="Use when a VPN blocks the VM’s network." /> : null}
      <CheckboxField label="Start the machine after creating it" checked={start} onChange={setStart} />
      {busy ? <ProgressBar label={`Creating ${name.trim() || 'the machine'}`} detail="This can take a few minutes (downloading the VM image)." /> : null}
    </FormDialog>
  );
}

/* ---------------- set resources ---------------- */

function SetResourcesDialog({ m, state, onClose }: { m: MachineRow; state: MachinesState; onClose: () => void }) {
  const host: Limits = { cpus: state.host.cpus, memoryMiB: state.host.memoryBytes / MiB };
  const curDisk = Math.round(m.diskBytes / GiB);
  const [cpus, setCpus] = useState(String(m.cpus));
  const [memoryMiB, setMemory] = useState(String(Math.round(m.memoryBytes / MiB)));
  const [diskGiB, setDisk] = useState(String(curDisk));
  const [rootful, setRootful] = useState(!!m.rootful);
  const [errors, setErrors] = useState<NumErrors>({});
  const { busy, failure, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const nums = checkNumbers({ cpus, memoryMiB, diskGiB }, host, Math.max(5, curDisk));
    if (nums.values.diskGiB === undefined && !nums.errors.diskGiB && diskGiB.trim() && Number(diskGiB) < curDisk) nums.errors.diskGiB = `A disk cannot shrink; at least ${curDisk} GiB.`;
    setErrors(nums.errors);
    if (Object.values(nums.errors).some(Boolean)) return;
    const input = {
      name: m.name,
      ...(nums.values.cpus !== undefined && nums.values.cpus !== m.cpus ? { cpus: nums.values.cpus } : {}),
      ...(nums.values.memoryMiB !== undefined && nums.values.memoryMiB !== Math.round(m.memoryBytes / MiB) ? { memoryMiB: nums.values.memoryMiB } : {}),
      ...(nums.values.diskGiB !== undefined && nums.values.diskGiB !== curDisk ? { diskGiB: nums.values.diskGiB } : {}),
      ...(rootful !== !!m.rootful ? { rootful } : {}),
    };
    if (Object.keys(input).length === 1) {
      onClose();
      return;
    }
    await run(async () => {
      await bridge.machines.set.mutate(input);
      notify({ kind: 'success', title: `Changed ${m.name}` });
      onClose();
    });
  };
  return (
    <FormDialog title={`Resources of ${m.name}`} submitLabel="Apply" busy={busy} failure={failure} failureTitle={`Could not change ${m.name}`} onSubmit={(e) => void submit(e)} onClose={onClose}>
      {m.state === 'running' ? (
        <p className="mc-note" role="note">
          Podman changes a machine’s resources only while it is stopped. Stop {m.name} first.
        </p>
      ) : null}
      <TextField label="CPUs" autoFocus inputMode="numeric" value={cpus} error={errors.cpus} hint={`1 to ${host.cpus}.`} onChange={(e) => setCpus(e.target.value)} />
      <TextField label="Memory (MiB)" inputMode="numeric" value={memoryMiB} error={errors.memoryMiB} hint={`512 to ${Math.floor(host.memoryMiB)} MiB.`} onChange={(e) => setMemory(e.target.value)} />
      <TextField label="Disk (GiB)" inputMode="numeric" value={diskGiB} error={errors.diskGiB} hint={`${curDisk} to 2048 GiB; a disk can only grow.`} onChange={(e) => setDisk(e.target.value)} />
      <CheckboxField label="Rootful" checked={rootful} onChange={setRootful} />
    </FormDialog>
  );
}

/* ---------------- rows ---------------- */

function MachineActions({ m, onDialog }: { m: MachineRow; onDialog: (d: DialogState) => void }) {
  const [busy, setBusy] = useState<Op | null>(null);
  const run = async (op: Op) => {
    setBusy(op);
    try {
      await bridge.machines[op].mutate({ name: m.name });
      if (op !== 'cancel' && op !== 'setDefault') notify({ kind: 'success', title: `${op === 'start' ? 'Started' : op === 'stop' ? 'Stopped' : 'Restarted'} ${m.name}`, system: true });
    } catch (e) {
      notifyError(e, `Could not ${OP_LABEL[op].toLowerCase()} ${m.name}`);
    } finally {
      setBusy(null);
    }
  };
  const working = !!m.busy || !!busy;
  const running = m.state === 'running';
  return (
    <div className="row-actions text">
      {m.busy && (m.busy.operation === 'start' || m.busy.operation === 'init') ? (
        <Button size="small" variant="danger" onClick={() => void run('cancel')} busy={busy === 'cancel'} aria-label={`Cancel ${m.busy.operation} of ${m.name}`}>
          Cancel
        </Button>
      ) : null}
      {running ? (
        <>
          <IconButton label={`Stop ${m.name}`} icon="stop" busy={busy === 'stop'} disabled={working} onClick={() => void run('stop')} />
          <IconButton label={`Restart ${m.name}`} icon="restart" busy={busy === 'restart'} disabled={working} onClick={() => void run('restart')} />
        </>
      ) : (
        <IconButton label={`Start ${m.name}`} icon="play" busy={busy === 'start'} disabled={working} onClick={() => void run('start')} />
      )}
      <IconButton label={`Resources of ${m.name}`} icon="settings" disabled={working} onClick={() => onDialog({ kind: 'set', m })} />
      {!m.isDefault ? (
        <Button size="small" variant="ghost" busy={busy === 'setDefault'} disabled={working} onClick={() => void run('setDefault')} aria-label={`Make ${m.name} the default machine`}>
          Make default
        </Button>
      ) : null}
      <IconButton label={`Remove ${m.name}`} icon="trash" disabled={working} onClick={() => onDialog({ kind: 'remove', m })} />
    </div>
  );
}

type DialogState = { kind: 'create' } | { kind: 'set' | 'remove'; m: MachineRow };

function machineState(m: MachineRow): string {
  return m.busy ? (m.busy.operation === 'start' || m.busy.operation === 'init' ? 'starting' : m.busy.operation === 'stop' ? 'stopping' : m.state) : m.state;
}

function MachineRows({ m, onDialog }: { m: MachineRow; onDialog: (d: DialogState) => void }) {
  const errId = useId();
  return (
    <>
      <tr aria-label={m.name} aria-describedby={m.error ? errId : undefined}>
        <th scope="row">
          <span className="mc-name">{m.name}</span>
          {m.isDefault ? <Badge tone="info">default</Badge> : null}
        </th>
        <td>{m.provider || '—'}</td>
        <td>
          <StateBadge state={machineState(m)} />
        </td>
        <td className="num">{m.cpus || '—'}</td>
        <td className="num">{m.memoryBytes ? formatBytes(m.memoryBytes) : '—'}</td>
        <td className="num">{m.diskBytes ? formatBytes(m.diskBytes) : '—'}</td>
        <td>{m.lastUp ? <span title={formatDate(m.lastUp)}>{m.state === 'running' ? 'now' : timeAgo(m.lastUp)}</span> : <span className="muted">never</span>}</td>
        <td className="mono mc-socket">{m.socket ?? <span className="muted">—</span>}</td>
        <td>
          <MachineActions m={m} onDialog={onDialog} />
        </td>
      </tr>
      {m.busy ? (
        <tr className="mc-sub">
          <td colSpan={9}>
            <ProgressBar label={`${m.busy.operation} ${m.name}`} detail={m.busy.lines.at(-1)} />
          </td>
        </tr>
      ) : null}
      {m.error && !m.busy ? (
        <tr className="mc-sub">
          <td colSpan={9}>
            <div className="mc-error" role="alert" id={errId}>
              <strong>{m.error.message}</strong>
              {m.error.lines.length ? (
                <pre className="mono" tabIndex={0} aria-label={`Last output of the failed command for ${m.name}`}>
                  {m.error.lines.join('\n')}
                </pre>
              ) : null}
              {m.error.hint ? <div>{m.error.hint}</div> : null}
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}

/* ---------------- view ---------------- */

const MACHINE_HEADERS: TableHeader[] = [
  'Name',
  'Provider',
  'State',
  { label: 'CPUs', num: true },
  { label: 'Memory', num: true },
  { label: 'Disk', num: true },
  'Last up',
  'API socket',
  { label: 'Actions', hidden: true },
];

export function MachinesView() {
  useEffect(startMachines, []);
  const state = useMachinesStore((s) => s.state);
  const error = useMachinesStore((s) => s.error);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const close = () => setDialog(null);
  const machines = state?.machines ?? [];
  return (
    <div className="view view-scroll">
      <div className="view-header">
        <h1>Machines</h1>
        {state?.supported ? (
          <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'create' })}>
            Create machine
          </Button>
        ) : null}
      </div>
      <p className="muted mc-intro">On macOS and Windows, containers run in a Linux virtual machine that Podman manages. A running machine becomes an engine in Berth by itself.</p>
      {error !== undefined && !state ? <ErrorMessage error={error} title="Could not read the machines" /> : null}
      {!state && error === undefined ? <ProgressBar label="Reading the machines" /> : null}
      {state && !state.supported ? (
        <EmptyState title="No machines needed here" icon="machines">
          {state.reason ?? 'Podman machines are for macOS and Windows.'}
        </EmptyState>
      ) : null}
      {state?.supported && !machines.length ? (
        <CreateEmptyState title="No machines yet" icon="machines" createLabel="Create a machine" onCreate={() => setDialog({ kind: 'create' })}>
          Create one to run containers; the first start downloads a Linux image.
        </CreateEmptyState>
      ) : null}
      {machines.length ? (
        <SimpleTable
          region="Machines table"
          caption="Podman machines"
          className="mc-table"
          headers={MACHINE_HEADERS}
          rows={machines}
          row={(m) => <MachineRows key={m.name} m={m} onDialog={setDialog} />}
        />
      ) : null}
      {dialog?.kind === 'create' && state ? <CreateMachineDialog state={state} onClose={close} /> : null}
      {dialog?.kind === 'set' && state ? <SetResourcesDialog m={dialog.m} state={state} onClose={close} /> : null}
      <ConfirmDialog
        open={dialog?.kind === 'remove'}
        title={`Remove machine ${dialog?.kind === 'remove' ? dialog.m.name : ''}?`}
        confirmLabel="Remove machine"
        message={
          <p>
            The virtual machine is deleted <strong>with every container, image and volume inside it</strong>. This cannot be undone.
          </p>
        }
        checkbox={dialog?.kind === 'remove' && dialog.m.state === 'running' ? { label: 'Stop it first (it is running)', defaultChecked: true } : undefined}
        onConfirm={async (force) => {
          if (dialog?.kind !== 'remove') return;
          await bridge.machines.remove.mutate({ name: dialog.m.name, ...(force ? { force: true } : {}) });
          notify({ kind: 'success', title: `Removed machine ${dialog.m.name}` });
          close();
        }}
        onCancel={close}
      />
    </div>
  );
}

export default MachinesView;
