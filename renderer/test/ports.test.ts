import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePortMappings } from '../src/views/common/ports.js';

test('the forms: bare, host:container, ip:host:container, IPv6, protocols, newlines and commas', () => {
  const r = parsePortMappings('8080:80\n# a comment\n127.0.0.1:5353:53/udp, 9000\n[::1]:8443:443/tcp');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.value, [
    { hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' },
    { hostPort: 9000, containerPort: 9000, protocol: 'tcp' },
    { hostIp: '::1', hostPort: 8443, containerPort: 443, protocol: 'tcp' },
  ]);
});

test('bad items say which and what to write; the good ones still parse', () => {
  const r = parsePortMappings('0:80\n70000:80\nabc\n8080:99999\n80/sctp\n1:2:3:4\n8080:80');
  assert.deepEqual(r.errors, [
    '"0:80": ports go from 1 to 65535',
    '"70000:80": ports go from 1 to 65535',
    '"abc" is not a port mapping; write host:container, like 8080:80 or 127.0.0.1:8080:80/udp',
    '"8080:99999": ports go from 1 to 65535',
    '"80/sctp" is not a port mapping; write host:container, like 8080:80 or 127.0.0.1:8080:80/udp',
    '"1:2:3:4" is not a port mapping; write host:container, like 8080:80 or 127.0.0.1:8080:80/udp',
  ]);
  assert.deepEqual(r.value, [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
});

test('empty text is no ports and no error', () => {
  assert.deepEqual(parsePortMappings('  \n\n'), { value: [], errors: [] });
});
