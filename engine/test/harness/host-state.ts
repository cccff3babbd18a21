/**
 * What an isolated rootful Podman with CNI does to the host, and how the
 * harness undoes it. Private storage does not cover everything: Podman 4.3
 * keeps container networking on the host (bridge interfaces and their routes,
 * iptables chains of the CNI firewall, portmap and ipMasq, IPAM state under
 * /var/lib/cni, /run/netns, ip_forward), and containers/image writes its blob
 * cache to /var/lib/containers/cache whatever --root says. The
 * harness gives its default network its own bridge, subnet and IPAM dir so it
 * never shares the host's `cni-podman0`/10.88.0.0/16, and at teardown removes
 * what it created and nothing else: an interface, chain, table or directory is
 * removed only if it did not exist when the guard was taken and nobody else
 * uses it now.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rmdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const out = (cmd: string, args: string[]): Promise<string> =>
  run(cmd, args, { maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => r.stdout,
    () => '',
  );

/** Chains the CNI plugins create once per host and leave behind, empty of any container's rules. */
const CNI_SKELETON = new Set(['CNI-FORWARD', 'CNI-ADMIN', 'CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK']);
const CNI_IPAM = '/var/lib/cni';
/** Host paths Podman/CNI create on first use even with private storage. */
const HOST_PATHS = ['/var/lib/cni/networks', '/var/lib/cni/results', '/var/lib/cni', '/run/netns', '/var/lib/containers/cache', '/var/lib/containers'];
/** Files in HOST_PATHS that are only caches: removed with their directory when that directory is new. */
const CACHE_FILES = new Set(['blob-info-cache-v1.boltdb']);
const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

interface Link {
  ifname: string;
  master?: string;
}

async function links(): Promise<Link[]> {
  const text = await out('ip', ['-j', 'link', 'show']);
  return text ? (JSON.parse(text) as Link[]) : [];
}

async function routes(): Promise<string[]> {
  const text = await out('ip', ['-j', 'route', 'show', 'table', 'all']);
  const rows = text ? (JSON.parse(text) as Array<{ dst?: string }>) : [];
  return rows.map((r) => r.dst ?? '');
}

/** `nft -j list tables` as "family name" strings. */
async function nftTables(): Promise<string[]> {
  const text = await out('nft', ['-j', 'list', 'tables']);
  if (!text) return [];
  const rows = (JSON.parse(text) as { nftables: Array<{ table?: { family: string; name: string } }> }).nftables;
  return rows.flatMap((r) => (r.table ? [`${r.table.family} ${r.table.name}`] : []));
}

/** iptables `-S` of a table: chain -> its `-A` rules (builtin chains included). */
async function iptablesChains(cmd: 'iptables' | 'ip6tables', table: string): Promise<Map<string, string[]>> {
  const chains = new Map<string, string[]>();
  for (const line of (await out(cmd, ['-w', '-t', table, '-S'])).split('\n')) {
    const [verb, chain] = line.split(' ');
    if (!chain) continue;
    if (verb === '-P' || verb === '-N') chains.set(chain, chains.get(chain) ?? []);
    else if (verb === '-A') chains.set(chain, [...(chains.get(chain) ?? []), line]);
  }
  return chains;
}

export interface PrivateBridge {
  bridge: string;
  subnet: string;
  gateway: string;
}

/** A bridge name and a /24 that no host interface or route uses now. */
export async function pickPrivateBridge(): Promise<PrivateBridge> {
  const usedLinks = new Set((await links()).map((l) => l.ifname));
  const usedRoutes = new Set(await routes());
  for (let i = 0; i < 64; i++) {
    const bridge = `berth${randomBytes(4).toString('hex')}`; // 13 chars: Linux allows 15
    const octet = 1 + (randomBytes(1)[0]! % 254);
    const subnet = `10.219.${octet}.0/24`;
    if (!usedLinks.has(bridge) && !usedRoutes.has(subnet)) return { bridge, subnet, gateway: `10.219.${octet}.1` };
  }
  throw new Error('no free 10.219.x.0/24 subnet for the test Podman');
}

/**
 * The default network ("podman") as Podman 4.3 would generate it, on the
 * private bridge, with host-local IPAM state in the harness's own directory
 * instead of the host's /var/lib/cni/networks/podman.
 */
export async function writeDefaultNetwork(networksDir: string, ipamDir: string, b: PrivateBridge): Promise<void> {
  const conflist = {
    cniVersion: '0.4.0',
    name: 'podman',
    plugins: [
      {
        type: 'bridge',
        bridge: b.bridge,
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ipam: { type: 'host-local', dataDir: ipamDir, routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: b.subnet, gateway: b.gateway }]] },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'firewall' },
      { type: 'tuning' },
    ],
  };
  await writeFile(path.join(networksDir, 'podman.conflist'), JSON.stringify(conflist, null, 2));
}

export interface Network {
  name: string;
  bridge?: string;
}

/** Bridge interfaces and network names of every CNI config in a directory. */
export async function networksIn(dir: string): Promise<Network[]> {
  const result: Network[] = [];
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (!f.endsWith('.conflist')) continue;
    try {
      const conf = JSON.parse(await readFile(path.join(dir, f), 'utf8')) as { name: string; plugins?: Array<{ type?: string; bridge?: string }> };
      result.push({ name: conf.name, bridge: conf.plugins?.find((p) => p.type === 'bridge')?.bridge });
    } catch {
      // A half-written config names nothing we could have created.
    }
  }
  return result;
}

export interface HostStateGuard {
  /** Remove what was created since the guard was taken and is unused now; `networks` name the bridges to consider. */
  release(networks: Network[]): Promise<void>;
}

export async function guardHostState(): Promise<HostStateGuard> {
  const linksBefore = new Set((await links()).map((l) => l.ifname));
  const tablesBefore = new Set(await nftTables());
  const chainsBefore = new Set<string>();
  for (const cmd of ['iptables', 'ip6tables'] as const) {
    for (const table of ['filter', 'nat']) for (const chain of (await iptablesChains(cmd, table)).keys()) chainsBefore.add(`${cmd} ${table} ${chain}`);
  }
  const pathsBefore = new Set(HOST_PATHS.filter((p) => existsSync(p)));
  const ipamBefore = new Set(await readdir(path.join(CNI_IPAM, 'networks')).catch(() => [] as string[]));
  const forwardBefore = (await readFile(IP_FORWARD, 'utf8').catch(() => '')).trim();

  return {
    async release(networks) {
      // Bridges: ours (from our configs), new since the guard, and with nothing attached.
      const now = await links();
      const attached = new Set(now.flatMap((l) => (l.master ? [l.master] : [])));
      for (const { bridge } of networks) {
        if (!bridge || linksBefore.has(bridge) || attached.has(bridge) || !now.some((l) => l.ifname === bridge)) continue;
        await run('ip', ['link', 'delete', bridge]).catch(() => undefined);
      }
      // IPAM dirs under /var/lib/cni/networks that are new and hold no reservation: Podman writes
      // no dataDir for the networks it creates, and a network removed mid-run leaves its dir.
      for (const name of await readdir(path.join(CNI_IPAM, 'networks')).catch(() => [] as string[])) {
        if (ipamBefore.has(name)) continue;
        const dir = path.join(CNI_IPAM, 'networks', name);
        const entries = await readdir(dir).catch(() => [] as string[]);
        if (entries.every((e) => e === 'lock' || e.startsWith('last_reserved_ip'))) await rm(dir, { recursive: true, force: true });
      }
      for (const cmd of ['iptables', 'ip6tables'] as const) await releaseCniChains(cmd, chainsBefore);
      for (const t of await nftTables()) {
        if (tablesBefore.has(t)) continue;
        const [family = '', name = ''] = t.split(' ');
        if (await nftTableEmpty(family, name)) await run('nft', ['delete', 'table', family, name]).catch(() => undefined);
      }
      for (const p of HOST_PATHS) {
        if (pathsBefore.has(p) || !existsSync(p)) continue;
        const entries = await readdir(p).catch(() => ['?']);
        if (!entries.every((e) => CACHE_FILES.has(e))) continue;
        for (const e of entries) await rm(path.join(p, e), { force: true });
        // Podman bind-mounts /run/netns onto itself (shared propagation) the first time it makes a netns.
        if ((await mountTargets()).includes(p)) await run('umount', [p]).catch(() => undefined);
        await rmdir(p).catch(() => undefined);
      }
      // The bridge plugin turns IPv4 forwarding on; turn it back off if we were the only reason.
      if (forwardBefore === '0') {
        const extra = (await links()).filter((l) => !linksBefore.has(l.ifname));
        if (extra.length === 0) await writeFile(IP_FORWARD, '0').catch(() => undefined);
      }
    },
  };
}

/**
 * Delete the CNI skeleton chains (and the builtin-chain jumps to them) of a
 * family, but only when they are new since the guard and hold no container's
 * rules: any other CNI-* chain, or a rule in CNI-FORWARD or CNI-HOSTPORT-DNAT,
 * means some Podman still has containers, and then nothing is touched.
 */
async function releaseCniChains(cmd: 'iptables' | 'ip6tables', chainsBefore: Set<string>): Promise<void> {
  const tables = new Map<string, Map<string, string[]>>();
  for (const table of ['filter', 'nat']) tables.set(table, await iptablesChains(cmd, table));
  for (const [table, chains] of tables) {
    for (const [chain, rules] of chains) {
      if (!chain.startsWith('CNI-')) continue;
      if (!CNI_SKELETON.has(chain) || chainsBefore.has(`${cmd} ${table} ${chain}`)) return;
      if (chain === 'CNI-FORWARD' && rules.some((r) => !r.includes('-j CNI-ADMIN'))) return;
      if ((chain === 'CNI-HOSTPORT-DNAT' || chain === 'CNI-ADMIN') && rules.length > 0) return;
    }
  }
  for (const [table, chains] of tables) {
    const cni = [...chains.keys()].filter((c) => c.startsWith('CNI-'));
    if (cni.length === 0) continue;
    // Jumps from builtin chains first (highest rule number first so numbers stay valid).
    for (const [chain, rules] of chains) {
      if (chain.startsWith('CNI-')) continue;
      const numbers = rules
        .map((r, i) => (cni.some((c) => r.endsWith(`-j ${c}`)) ? i + 1 : 0))
        .filter(Boolean)
        .reverse();
      for (const n of numbers) await run(cmd, ['-w', '-t', table, '-D', chain, String(n)]).catch(() => undefined);
    }
    for (const c of cni) await run(cmd, ['-w', '-t', table, '-F', c]).catch(() => undefined);
    for (const c of cni) await run(cmd, ['-w', '-t', table, '-X', c]).catch(() => undefined);
  }
}

async function mountTargets(): Promise<string[]> {
  const text = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  return text
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter(Boolean);
}

/** A table with no rules, and only base chains with an accept policy, holds nothing anyone set up. */
async function nftTableEmpty(family: string, name: string): Promise<boolean> {
  const text = await out('nft', ['-j', 'list', 'table', family, name]);
  if (!text) return false;
  const rows = (JSON.parse(text) as { nftables: Array<Record<string, { policy?: string; hook?: string }>> }).nftables;
  for (const row of rows) {
    if ('rule' in row || 'set' in row || 'map' in row || 'flowtable' in row || 'element' in row) return false;
    const chain = row.chain;
    if (chain && (!chain.hook || chain.policy !== 'accept')) return false;
  }
  return true;
}

/** Everything about the host the harness could change, comparable with deepEqual. */
export interface HostState {
  links: string[];
  routes: string[];
  netns: string[];
  ruleset: string;
  ipamNetworks: string[];
  paths: string[];
  /** Files a private dockerd could write on the host (its identity key). */
  dockerFiles: string[];
  /** Every mount point: a harness leaves none behind. */
  mounts: string[];
  ipForward: string;
}

export async function hostState(): Promise<HostState> {
  const linkNames = (await links()).map((l) => l.ifname).sort();
  const routeText = await out('ip', ['-j', 'route', 'show', 'table', 'all']);
  const routeRows = routeText ? (JSON.parse(routeText) as Array<Record<string, unknown>>) : [];
  // nft -s: stateless (no counters), so only structure and rules compare.
  const ruleset = (await out('nft', ['-s', 'list', 'ruleset']))
    .split('\n')
    .filter((l) => !l.startsWith('# Warning'))
    .join('\n');
  return {
    links: linkNames,
    routes: routeRows.map((r) => `${String(r.table ?? 'main')} ${String(r.dst)} ${String(r.dev ?? '')} ${String(r.gateway ?? '')}`).sort(),
    netns: (await readdir('/run/netns').catch(() => [] as string[])).sort(),
    ruleset,
    ipamNetworks: (await readdir(path.join(CNI_IPAM, 'networks')).catch(() => [] as string[])).sort(),
    paths: HOST_PATHS.filter((p) => existsSync(p)),
    dockerFiles: ['/etc/docker/key.json', '/run/docker', '/run/containerd', '/var/lib/docker', '/var/run/docker.sock'].filter((p) => existsSync(p)),
    mounts: (await mountTargets()).sort(),
    ipForward: (await readFile(IP_FORWARD, 'utf8').catch(() => '')).trim(),
  };
}
