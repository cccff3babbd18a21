// parseEventLine() on lines recorded from Podman 4.3.1's libpod and
// Docker-compatible /events endpoints (engine/test/integration/events.test.ts
// watches the real stream; these pin the shapes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSince, parseEvent, parseEventLine } from '../../src/api/events.js';

const CID = 'f386e61115829c372f8b1ea5d5baf19e693c060b34cb89969d87111e8b67600b';
const POD = '505030b2e50dc29fac10416882214917374036fc672ca754a658724a3553d506';

// Recorded from GET /v4.0.0/libpod/events?stream=true (Podman 4.3.1, file events backend).
const libpod = {
  create: `{"status":"create","id":"${CID}","from":"localhost/berth-test:latest","Type":"container","Action":"create","Actor":{"ID":"${CID}","Attributes":{"containerExitCode":"0","image":"localhost/berth-test:latest","io.buildah.version":"1.28.2","name":"web-1","podId":""}},"scope":"local","time":1795839993,"timeNano":1795839993583247089}`,
  died: `{"status":"died","id":"${CID}","from":"localhost/berth-test:latest","Type":"container","Action":"died","Actor":{"ID":"${CID}","Attributes":{"containerExitCode":"137","image":"localhost/berth-test:latest","io.buildah.version":"1.28.2","name":"web-1","podId":""}},"scope":"local","time":1795839993,"timeNano":1795839993807735912}`,
  infra: `{"status":"create","id":"cf20d5e49d25a64cb2bb784ac9e1923acede6d6640816e10a85926a47aef34fb","from":"localhost/podman-pause:4.3.1-0","Type":"container","Action":"create","Actor":{"ID":"cf20d5e49d25a64cb2bb784ac9e1923acede6d6640816e10a85926a47aef34fb","Attributes":{"containerExitCode":"0","image":"localhost/podman-pause:4.3.1-0","io.buildah.version":"1.28.2","name":"505030b2e50d-infra","podId":"${POD}"}},"scope":"local","time":1795839994,"timeNano":1795839994231052473}`,
  pod: `{"status":"create","id":"${POD}","Type":"pod","Action":"create","Actor":{"ID":"${POD}","Attributes":{"containerExitCode":"0","image":"","name":"p1","podId":""}},"scope":"local","time":1795839994,"timeNano":1795839994231567608}`,
  pull: `{"status":"pull","Type":"image","Action":"pull","Actor":{"ID":"","Attributes":{"containerExitCode":"0","image":"","name":"localhost/berth-test:latest","podId":""}},"scope":"local","time":1795839993,"timeNano":1795839993565393646}`,
  tag: `{"status":"tag","id":"ef72149e292c69f83917b131caca2923fabf2b4086be92ee14f1084fd55b432e","Type":"image","Action":"tag","Actor":{"ID":"ef72149e292c69f83917b131caca2923fabf2b4086be92ee14f1084fd55b432e","Attributes":{"containerExitCode":"0","image":"","name":"localhost/other:1","podId":""}},"scope":"local","time":1795839994,"timeNano":1795839994318062459}`,
  volume: `{"status":"create","Type":"volume","Action":"create","Actor":{"ID":"","Attributes":{"containerExitCode":"0","image":"","name":"v1","podId":""}},"scope":"local","time":1795839994,"timeNano":1795839994388158821}`,
  refresh: `{"status":"refresh","Type":"system","Action":"refresh","Actor":{"ID":"","Attributes":{"containerExitCode":"0","image":"","name":"","podId":""}},"scope":"local","time":1795839992,"timeNano":1795839992478434208}`,
};
// Recorded from GET /v1.41/events on the same service (Docker-compatible API): "die" and an extra exitCode.
const compatDie = `{"status":"die","id":"${CID}","from":"localhost/berth-test:latest","Type":"container","Action":"die","Actor":{"ID":"${CID}","Attributes":{"containerExitCode":"137","exitCode":"137","image":"localhost/berth-test:latest","io.buildah.version":"1.28.2","name":"web-1","podId":""}},"scope":"local","time":1795839993,"timeNano":1795839993807735912}`;

test('container create: type, action, id, name, image, time from timeNano', () => {
  const e = parseEventLine(libpod.create)!;
  assert.equal(e.type, 'container');
  assert.equal(e.action, 'create');
  assert.equal(e.id, CID);
  assert.equal(e.name, 'web-1');
  assert.equal(e.image, 'localhost/berth-test:latest');
  assert.equal(e.podId, undefined);
  assert.equal(e.exitCode, undefined, 'containerExitCode "0" on a create is noise, not an exit');
  assert.equal(e.time, 1795839993583);
  assert.equal(e.timeNano, '1795839993583247089', 'exact digits, not the rounded JSON number');
  // Empty attributes are dropped; labels stay.
  assert.deepEqual(e.attributes, { containerExitCode: '0', image: 'localhost/berth-test:latest', 'io.buildah.version': '1.28.2', name: 'web-1' });
});

test("libpod 'died' and Docker 'die' normalize to one action with the exit code", () => {
  const a = parseEventLine(libpod.died)!;
  const b = parseEventLine(compatDie)!;
  assert.equal(a.action, 'die');
  assert.equal(b.action, 'die');
  assert.equal(a.exitCode, 137);
  assert.equal(b.exitCode, 137);
  assert.equal(a.time, b.time);
});

test('pod events and pod membership of containers', () => {
  const p = parseEventLine(libpod.pod)!;
  assert.equal(p.type, 'pod');
  assert.equal(p.id, POD);
  assert.equal(p.name, 'p1');
  const infra = parseEventLine(libpod.infra)!;
  assert.equal(infra.podId, POD);
  assert.equal(infra.name, '505030b2e50d-infra');
});

test('image events: tag has an id and the new reference; pull has only the reference', () => {
  const t = parseEventLine(libpod.tag)!;
  assert.equal(t.type, 'image');
  assert.equal(t.action, 'tag');
  assert.equal(t.id, 'ef72149e292c69f83917b131caca2923fabf2b4086be92ee14f1084fd55b432e');
  assert.equal(t.name, 'localhost/other:1');
  assert.equal(t.image, undefined);
  const p = parseEventLine(libpod.pull)!;
  assert.equal(p.id, '');
  assert.equal(p.name, 'localhost/berth-test:latest');
});

test('volumes are identified by name; system events have no id', () => {
  const v = parseEventLine(libpod.volume)!;
  assert.equal(v.type, 'volume');
  assert.equal(v.id, 'v1');
  const s = parseEventLine(libpod.refresh)!;
  assert.equal(s.type, 'system');
  assert.equal(s.action, 'refresh');
  assert.equal(s.id, '');
  assert.equal(s.name, undefined);
});

test("Docker compound actions split into action and detail (shape of Docker's documented events)", () => {
  const e = parseEvent({
    status: 'health_status: healthy',
    id: 'abc',
    Type: 'container',
    Action: 'health_status: healthy',
    Actor: { ID: 'abc', Attributes: { name: 'db', image: 'postgres' } },
    time: 1700000000,
    timeNano: '1700000000123456789',
  });
  assert.equal(e.action, 'health_status');
  assert.equal(e.detail, 'healthy');
  const x = parseEvent({ Type: 'container', Action: 'exec_start: sh -c echo hi', Actor: { ID: 'abc', Attributes: {} }, time: 1700000000 });
  assert.equal(x.action, 'exec_start');
  assert.equal(x.detail, 'sh -c echo hi');
  assert.equal(x.time, 1700000000000, 'falls back to seconds when timeNano is missing');
});

test('Docker network events without a name in Actor keep the id', () => {
  const e = parseEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'net1', Attributes: { container: 'abc', name: 'bridge', type: 'bridge' } }, time: 1 });
  assert.equal(e.id, 'net1');
  assert.equal(e.name, 'bridge');
});

test('blank lines are skipped and junk lines throw a clear error', () => {
  assert.equal(parseEventLine('   '), undefined);
  assert.throws(() => parseEventLine('not json'), /not JSON: not json/);
  assert.throws(() => parseEventLine('[1,2]'), /not an object/);
});

test('formatSince: RFC 3339 for libpod, seconds.nanoseconds for Docker', () => {
  assert.equal(formatSince(1795839993583, 'podman'), '2026-11-28T04:26:33.583Z');
  assert.equal(formatSince(1795839993583, 'docker'), '1795839993.583000000');
  assert.equal(formatSince(1795839993005, 'docker'), '1795839993.005000000');
});
