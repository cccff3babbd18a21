/**
 * One frame of the engines' multiplexed stream format, for tests that feed
 * the parsers: an 8-byte header (stream type, three zero bytes, big-endian
 * payload length) and the payload.
 */
export function frame(type: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(8);
  h[0] = type;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}
