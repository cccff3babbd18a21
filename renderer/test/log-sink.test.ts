// The log pane's flow control, driven by a writer that parses when the test says
// (as xterm.js calls a write's callback once it has parsed it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBatches, formatGroupBatches, LogSink, memberColour, memberPrefixes, type LogSinkOptions, type SinkState } from '../src/panes/logs/log-sink.js';

class SlowWriter {
  readonly writes: string[] = [];
  private readonly callbacks: (() => void)[] = [];
  write(data: string, callback?: () => void): void {
    this.writes.push(data);
    if (callback) this.callbacks.push(callback);
  }
  /** xterm finished parsing the oldest write(s). */
  parse(n = Infinity): void {
    while (n-- > 0 && this.callbacks.length) this.callbacks.shift()!();
  }
  get waiting(): number {
    return this.callbacks.length;
  }
  text(): string {
    return this.writes.join('');
  }
}

function sink(opts: Partial<LogSinkOptions> = {}) {
  const w = new SlowWriter();
  const states: SinkState[] = [];
  const s = new LogSink(w, { keepLines: () => 1000, onState: (st) => states.push(st), ...opts });
  return { w, s, states };
}

const line = (i: number) => `line ${i}\r\n`;

test('an idle sink writes each batch at once', () => {
  const { w, s } = sink();
  s.push(line(1), 1);
  s.push(line(2), 1);
  assert.deepEqual(w.writes, [line(1), line(2)]);
});

test('above the high-water mark batches wait, then go out in order when xterm catches up: nothing lost', () => {
  const { w, s, states } = sink({ highWater: 20 });
  const sent: string[] = [];
  for (let i = 0; i < 50; i++) {
    sent.push(line(i));
    s.push(line(i), 1);
  }
  assert.ok(w.writes.length < 50, 'some batches wait');
  assert.equal(states.at(-1)?.catchingUp, true);
  while (w.waiting) w.parse(1);
  assert.equal(w.text(), sent.join(''), 'every line, once, in order');
  assert.deepEqual(states.at(-1), { pendingLines: 0, droppedLines: 0, catchingUp: false });
});

test('paused: nothing is written; resuming writes what waited', () => {
  const { w, s } = sink();
  s.setPaused(true);
  s.push(line(1), 1);
  s.push(line(2), 1);
  assert.deepEqual(w.writes, []);
  assert.equal(s.isPaused(), true);
  s.setPaused(false);
  assert.equal(w.text(), line(1) + line(2));
});

test('what waits is bounded by what the view can hold; the oldest lines are dropped and a marker says how many', () => {
  const { w, s, states } = sink({ keepLines: () => 10 });
  s.setPaused(true);
  for (let i = 0; i < 100; i++) s.push(line(i), 1);
  assert.ok(states.at(-1)!.pendingLines <= 10, `pending ${states.at(-1)!.pendingLines} lines`);
  assert.equal(states.at(-1)!.pendingLines + states.at(-1)!.droppedLines, 100, 'every line is either waiting or counted as dropped');
  s.setPaused(false);
  w.parse();
  const out = w.text();
  const dropped = Math.max(...states.map((st) => st.droppedLines));
  assert.ok(dropped >= 90, `${dropped} dropped`);
  assert.match(w.writes[0]!, new RegExp(`… ${dropped} earlier lines skipped to keep up`), 'the marker comes first, with the count');
  assert.ok(out.endsWith(line(99)), 'the newest line is there');
  const kept = out.split('\r\n').filter((l) => l.startsWith('line ')).length;
  assert.ok(kept <= 9, `${kept} lines kept: one line of the view is left for the marker`);
});

test('a large batch goes in slices split at line ends; only the last slice carries the callback', () => {
  const { w, s } = sink({ slice: 64 });
  const text = Array.from({ length: 40 }, (_, i) => line(i)).join('');
  s.push(text, 40);
  assert.ok(w.writes.length > 1, 'sliced');
  assert.equal(w.text(), text);
  for (const slice of w.writes.slice(0, -1)) assert.ok(slice.endsWith('\n') && slice.length <= 65, JSON.stringify(slice));
  assert.equal(w.waiting, 1);
});

test('after reset, callbacks of earlier writes change nothing and waiting batches are gone', () => {
  const { w, s, states } = sink({ highWater: 5 });
  s.push(line(1), 1);
  s.push(line(2), 1);
  s.reset();
  assert.deepEqual(states.at(-1), { pendingLines: 0, droppedLines: 0, catchingUp: false });
  w.parse();
  assert.deepEqual(w.writes, [line(1)], 'line 2 was waiting when the view was cleared');
  s.push(line(3), 1);
  assert.equal(w.writes.at(-1), line(3), 'the sink is idle again, not still counting the old write');
});

test('formatBatches: \\r\\n line ends, stderr tinted red, timestamps dim in front', () => {
  const t = Date.parse('2026-12-03T08:00:00.000Z');
  const r = formatBatches(
    [
      { stream: 'stdout', lines: ['a', 'b'], times: [t, t] },
      { stream: 'stderr', lines: ['oops'], times: [t + 1] },
    ],
    true,
  );
  assert.equal(r.lines, 3);
  assert.equal(r.text, '\x1b[2m2026-12-03T08:00:00.000Z\x1b[0m a\r\n' + '\x1b[2m2026-12-03T08:00:00.000Z\x1b[0m b\r\n' + '\x1b[2m2026-12-03T08:00:00.001Z\x1b[0m \x1b[31moops\x1b[0m\r\n');
  assert.equal(formatBatches([{ stream: 'stdout', lines: ['a'], times: [t] }], false).text, 'a\r\n', 'no timestamps unless asked');
});

test("combined log: each line after its member's padded prefix, the colour chosen by name (not by position), stderr still red", () => {
  // eslint-disable-next-line no-control-regex
  const strip = (t: string) => t.replace(/\x1b\[[0-9;]*m/g, '');
  const prefixes = memberPrefixes(['db', 'web-frontend']);
  const { text, lines } = formatGroupBatches(
    [
      { stream: 'stdout', member: 1, lines: ['GET /', 'GET /a'] },
      { stream: 'stderr', member: 0, lines: ['warn'] },
    ],
    prefixes,
    false,
  );
  assert.equal(lines, 3);
  assert.equal(strip(text), 'web-frontend | GET /\r\nweb-frontend | GET /a\r\ndb           | warn\r\n');
  assert.ok(text.includes('\x1b[31mwarn'), 'stderr is tinted');
  assert.ok(prefixes[1]!.startsWith(memberColour('web-frontend')));
  assert.equal(memberPrefixes(['x', 'web-frontend'])[1]!.slice(0, 5), prefixes[1]!.slice(0, 5), 'same name, same colour in another project');
  const many = new Set(['api', 'db', 'cache', 'worker', 'web', 'proxy'].map(memberColour));
  assert.ok(many.size >= 4, `six services get several colours: ${many.size}`);
});
