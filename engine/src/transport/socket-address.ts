/**
 * Where an engine listens. Users and environment variables write this in
 * several ways (`unix:///run/podman/podman.sock`, `npipe:////./pipe/docker_engine`,
 * a bare path); the transport only needs the path Node's `net` connects to.
 */
export interface SocketAddress {
  /** Path for `http.request({ socketPath })`: a unix socket path or `\\.\pipe\name`. */
  socketPath: string;
  /** The canonical URI, for display and settings. */
  uri: string;
  kind: 'unix' | 'npipe';
}

export class InvalidSocketAddressError extends Error {
  constructor(input: string, why: string) {
    super(`"${input}" is not an engine address: ${why}. Use unix:///path/to/podman.sock or npipe:////./pipe/name.`);
    this.name = 'InvalidSocketAddressError';
  }
}

/**
 * Only pipes on this machine (`\\.\pipe\…`). `\\server\pipe\x` is a pipe on
 * another computer reached over SMB: Windows would hand that server the
 * user's NTLM credentials just for trying, so an address from a setting or a
 * bridge call must never point there.
 */
function localPipe(input: string, pipe: string): void {
  const server = pipe.slice(2, pipe.indexOf('\\', 2));
  if (server !== '.') throw new InvalidSocketAddressError(input, `the pipe is on another computer (${server}): only local pipes, npipe:////./pipe/name, are allowed`);
}

export function parseSocketAddress(input: string): SocketAddress {
  const value = input.trim();
  if (!value) throw new InvalidSocketAddressError(input, 'it is empty');
  if (value.startsWith('unix://')) {
    const path = value.slice('unix://'.length);
    if (!path.startsWith('/')) throw new InvalidSocketAddressError(input, 'a unix socket path must be absolute');
    return { socketPath: path, uri: `unix://${path}`, kind: 'unix' };
  }
  if (value.startsWith('npipe://')) {
    // npipe:////./pipe/docker_engine  ->  \\.\pipe\docker_engine
    const rest = value.slice('npipe://'.length).replace(/\//g, '\\');
    const pipe = rest.startsWith('\\\\') ? rest : `\\\\${rest.replace(/^\\+/, '')}`;
    if (!/^\\\\[^\\]+\\pipe\\.+/.test(pipe)) throw new InvalidSocketAddressError(input, 'a named pipe looks like npipe:////./pipe/name');
    localPipe(input, pipe);
    return { socketPath: pipe, uri: `npipe://${pipe.replace(/\\/g, '/')}`, kind: 'npipe' };
  }
  if (/^\\\\[^\\]+\\pipe\\/.test(value)) {
    localPipe(input, value);
    return { socketPath: value, uri: `npipe://${value.replace(/\\/g, '/')}`, kind: 'npipe' };
  }
  if (value.startsWith('/')) return { socketPath: value, uri: `unix://${value}`, kind: 'unix' };
  if (/^(tcp|ssh|http|https):\/\//.test(value)) {
    throw new InvalidSocketAddressError(input, 'remote TCP and SSH connections are not supported yet');
  }
  throw new InvalidSocketAddressError(input, 'unknown scheme');
}
