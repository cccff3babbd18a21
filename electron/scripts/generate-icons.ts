/**
 * Draws Berth's icons from geometry (no image tools needed) and writes them
 * to assets/: the app icon (icon.png 512 px, icon.icns, icon.ico) and the
 * tray icons per state (macOS black template images with @2x, colored PNGs
 * and .ico files for Windows and Linux).
 *
 *   node --import tsx electron/scripts/generate-icons.ts [outDir]
 *
 * The anchor is assets/berth.svg's: a ring at (32,15) r5, a shank from y 20
 * to 50, a stock from x 22 to 42 at y 28, and arms drawn by
 * `M14 38 c2 8 9 13 18 13 s16-5 18-13`, stroked 4 wide with round caps, on a
 * #1f6feb rounded square (rx 14) in a 64-unit box. Shapes are signed distance
 * functions; each pixel's coverage comes from its distance to the edge, so
 * every size is drawn sharply rather than scaled from another.
 *
 * Tray states are told apart by shape as well as color (template images have
 * no color): running is the plain anchor; starting adds a ring badge; stopped
 * is dimmed; error adds a badge with an exclamation mark.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

export type TrayIconState = 'running' | 'starting' | 'stopped' | 'error';
export const TRAY_STATES: readonly TrayIconState[] = ['running', 'starting', 'stopped', 'error'];

type Vec = [number, number];
type Sdf = (x: number, y: number) => number;
type Rgb = [number, number, number];

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;
const ring =
  (cx: number, cy: number, r: number, w: number): Sdf =>
  (x, y) =>
    Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
function segment(a: Vec, b: Vec, w: number): Sdf {
  const [ax, ay] = a;
  const dx = b[0] - ax;
  const dy = b[1] - ay;
  const len2 = dx * dx + dy * dy || 1;
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) - w / 2;
  };
}
const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    shapes.reduce((d, s) => Math.min(d, s(x, y)), Infinity);
function roundRect(x0: number, y0: number, w: number, h: number, r: number): Sdf {
  const cx = x0 + w / 2;
  const cy = y0 + h / 2;
  return (x, y) => {
    const qx = Math.abs(x - cx) - w / 2 + r;
    const qy = Math.abs(y - cy) - h / 2 + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}
function cubic(p0: Vec, p1: Vec, p2: Vec, p3: Vec, n: number): Vec[] {
  const out: Vec[] = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const u = 1 - t;
    const a = u * u * u;
    const b = 3 * u * u * t;
    const c = 3 * u * t * t;
    const d = t * t * t;
    out.push([a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]]);
  }
  return out;
}
const polyline = (pts: Vec[], w: number): Sdf => union(...pts.slice(1).map((p, i) => segment(pts[i]!, p, w)));

/** berth.svg's anchor in its 64-unit box, stroked `w` wide. */
function anchor(w: number): Sdf {
  // M14 38 c2 8 9 13 18 13 → (14,38) (16,46) (23,51) (32,51); s16-5 18-13 → (41,51) (48,46) (50,38).
  const arms = [...cubic([14, 38], [16, 46], [23, 51], [32, 51], 24), ...cubic([32, 51], [41, 51], [48, 46], [50, 38], 24).slice(1)];
  return union(ring(32, 15, 5, w), segment([32, 20], [32, 50], w), segment([22, 28], [42, 28], w), polyline(arms, w));
}

/** A premultiplied RGBA float canvas drawn in a square box of `box` units. */
class Canvas {
  readonly px: Float64Array;
  constructor(
    readonly size: number,
    readonly box: { x: number; y: number; side: number },
  ) {
    this.px = new Float64Array(size * size * 4);
  }

  private each(shape: Sdf, f: (i: number, coverage: number) => void): void {
    const { size, box } = this;
    const unit = box.side / size;
    for (let py = 0; py < size; py++) {
      for (let px = 0; px < size; px++) {
        const d = shape(box.x + (px + 0.5) * unit, box.y + (py + 0.5) * unit) / unit;
        const coverage = Math.max(0, Math.min(1, 0.5 - d));
        if (coverage > 0) f((py * size + px) * 4, coverage);
      }
    }
  }

  fill(shape: Sdf, [r, g, b]: Rgb, alpha = 1): this {
    const p = this.px;
    this.each(shape, (i, c) => {
      const a = c * alpha;
      p[i] = (r / 255) * a + p[i]! * (1 - a);
      p[i + 1] = (g / 255) * a + p[i + 1]! * (1 - a);
      p[i + 2] = (b / 255) * a + p[i + 2]! * (1 - a);
      p[i + 3] = a + p[i + 3]! * (1 - a);
    });
    return this;
  }

  /** Clears what lies under a shape (a badge's gap). */
  erase(shape: Sdf): this {
    const p = this.px;
    this.each(shape, (i, c) => {
      for (let k = 0; k < 4; k++) p[i + k] = p[i + k]! * (1 - c);
    });
    return this;
  }

  /** Straight-alpha 8-bit RGBA rows. */
  rgba(): Buffer {
    const out = Buffer.alloc(this.size * this.size * 4);
    for (let i = 0; i < out.length; i += 4) {
      const a = this.px[i + 3]!;
      const un = (v: number) => Math.round(Math.max(0, Math.min(1, a > 0 ? v / a : 0)) * 255);
      out[i] = un(this.px[i]!);
      out[i + 1] = un(this.px[i + 1]!);
      out[i + 2] = un(this.px[i + 2]!);
      out[i + 3] = Math.round(Math.max(0, Math.min(1, a)) * 255);
    }
    return out;
  }
}

export interface Raster {
  width: number;
  height: number;
  /** Straight-alpha RGBA, row by row. */
  rgba: Buffer;
}

const BLUE: Rgb = [0x1f, 0x6f, 0xeb];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const TILE: Record<TrayIconState, Rgb> = { running: BLUE, starting: [0xbf, 0x87, 0x00], stopped: [0x6e, 0x77, 0x81], error: [0xcf, 0x22, 0x2e] };

/** The app icon: berth.svg. */
export function appIcon(size: number): Raster {
  const c = new Canvas(size, { x: 0, y: 0, side: 64 });
  c.fill(roundRect(0, 0, 64, 64, 14), BLUE).fill(anchor(4), WHITE);
  return { width: size, height: size, rgba: c.rgba() };
}

// Tray icons: the anchor fills a 48-unit box (x 8–56, y 7–55), stroked bolder so 16 px stays legible.
const TRAY_BOX = { x: 8, y: 7, side: 48 };
const BADGE: Vec = [47, 46];

/**
 * The state's badge at the lower right: a ring while starting, a disc with an
 * exclamation mark on error. `ground` fills the gap around it (a tile's
 * color); without one the gap and the mark are cut out (template images).
 */
function badge(canvas: Canvas, state: TrayIconState, color: Rgb, ground: Rgb | undefined, at: Vec = BADGE): void {
  const [bx, by] = at;
  const gap = (r: number) => (ground ? canvas.fill(circle(bx, by, r), ground) : canvas.erase(circle(bx, by, r)));
  if (state === 'starting') {
    gap(11);
    canvas.fill(ring(bx, by, 6.5, 4), color);
  } else if (state === 'error') {
    gap(12);
    canvas.fill(circle(bx, by, 9.5), color);
    const mark = union(segment([bx, by - 5], [bx, by + 0.5], 3.2), circle(bx, by + 4.8, 1.8));
    if (ground) canvas.fill(mark, ground);
    else canvas.erase(mark);
  }
}

/** A macOS template image: black on transparent, states by shape and opacity. */
export function trayTemplate(state: TrayIconState, size: number): Raster {
  const c = new Canvas(size, TRAY_BOX);
  c.fill(anchor(5.5), BLACK, state === 'stopped' ? 0.45 : 1);
  badge(c, state, BLACK, undefined);
  return { width: size, height: size, rgba: c.rgba() };
}

/** A Windows/Linux tray icon: a tile in the state's color (readable on light and dark panels) with the white anchor, and the same badges. */
export function trayColor(state: TrayIconState, size: number): Raster {
  const c = new Canvas(size, { x: 3, y: 2.5, side: 58 });
  c.fill(roundRect(3, 2.5, 58, 58, 12), TILE[state]).fill(anchor(5), WHITE, state === 'stopped' ? 0.8 : 1);
  badge(c, state, WHITE, TILE[state], [48, 47]);
  return { width: size, height: size, rgba: c.rgba() };
}

// ---- file formats ---------------------------------------------------------

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG (filter 0 on every row). */
export function encodePng(r: Raster): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(r.width, 0);
  ihdr.writeUInt32BE(r.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const stride = r.width * 4;
  const raw = Buffer.alloc((stride + 1) * r.height);
  for (let y = 0; y < r.height; y++) r.rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Reads back a PNG written by encodePng (8-bit RGBA; filters 0–4 handled). */
export function decodePng(png: Buffer): Raster {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6) throw new Error('only 8-bit RGBA PNGs are read here');
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? out[y * stride + x - 4]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      out[y * stride + x] = (v + [0, a, b, (a + b) >> 1, pr][f]!) & 0xff;
    }
  }
  return { width, height, rgba: out };
}

/** A Windows .ico holding one PNG per size (Windows Vista and later read PNG entries). */
export function encodeIco(images: Raster[]): Buffer {
  const pngs = images.map(encodePng);
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach((img, i) => {
    const e = 6 + 16 * i;
    head[e] = img.width >= 256 ? 0 : img.width;
    head[e + 1] = img.height >= 256 ? 0 : img.height;
    head.writeUInt16LE(1, e + 4); // planes
    head.writeUInt16LE(32, e + 6); // bits per pixel
    head.writeUInt32LE(pngs[i]!.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += pngs[i]!.length;
  });
  return Buffer.concat([head, ...pngs]);
}

/** The icns entries Berth writes: PNG payloads by OSType. */
export const ICNS_TYPES: readonly [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
];

/** A macOS .icns made of PNG entries (macOS 10.7 and later). */
export function encodeIcns(render: (size: number) => Raster): Buffer {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = encodePng(render(size));
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

// ---- the files ------------------------------------------------------------

export const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];
export const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Every generated file: its path under the assets folder and its bytes. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const cache = new Map<number, Raster>();
  const app = (size: number) => cache.get(size) ?? cache.set(size, appIcon(size)).get(size)!;
  files.set('icon.png', encodePng(app(512)));
  files.set('icon.icns', encodeIcns(app));
  files.set('icon.ico', encodeIco(APP_ICO_SIZES.map(app)));
  for (const state of TRAY_STATES) {
    const base = state === 'running' ? 'trayTemplate' : `tray-${state}Template`;
    files.set(`tray/${base}.png`, encodePng(trayTemplate(state, 16)));
    files.set(`tray/${base}@2x.png`, encodePng(trayTemplate(state, 32)));
    files.set(`tray/tray-${state}.png`, encodePng(trayColor(state, 32)));
    files.set(`tray/tray-${state}-16.png`, encodePng(trayColor(state, 16)));
    files.set(`tray/tray-${state}.ico`, encodeIco(TRAY_ICO_SIZES.map((s) => trayColor(state, s))));
  }
  return files;
}

export async function writeIcons(outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, bytes] of iconFiles()) {
    const file = path.join(outDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
    written.push(rel);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const outDir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..', 'assets'));
  const written = await writeIcons(outDir);
  console.log(`wrote ${written.length} icon files to ${outDir}:\n  ${written.join('\n  ')}`);
}
