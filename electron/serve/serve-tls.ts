/**
 * TLS for `serve` beyond loopback. Off this machine the token, container
 * logs, terminal keystrokes and registry passwords would otherwise cross the
 * network in clear text, so a non-loopback `--host` gets HTTPS: the
 * certificate and key the user gives (`--tls-cert`, `--tls-key`), or a
 * self-signed one made at start (the `selfsigned` library) whose SHA-256
 * fingerprint is printed, so the person can check it in the browser's warning
 * before trusting it. Plain HTTP there needs `--insecure-http`.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface ServeTls {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint: string;
  selfSigned: boolean;
}

/** 127.0.0.0/8, ::1 and localhost never leave the machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export async function loadTls(certFile: string, keyFile: string): Promise<ServeTls> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  } catch (e) {
    throw new Error(`Could not read the TLS certificate or key: ${(e as Error).message}`, { cause: e });
  }
  try {
    return { cert, key, fingerprint: fingerprintOf(cert), selfSigned: false };
  } catch (e) {
    throw new Error(`${certFile} is not a PEM certificate: ${(e as Error).message}`, { cause: e });
  }
}

/** A certificate for this host name or address (and localhost), valid 30 days, made now. */
export async function selfSignedTls(host: string): Promise<ServeTls> {
  const name = host.replace(/^\[|\]$/g, '');
  const altNames = [isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }, { type: 2 as const, value: 'localhost' }];
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: `Berth serve (${name})` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private, fingerprint: fingerprintOf(pems.cert), selfSigned: true };
}
