/**
 * How a browser page reaches `serve` (the desktop app uses IPC instead):
 * shared by the server and the renderer so the two cannot drift. The token
 * arrives in the URL fragment, is kept in the page's own storage and goes out
 * only as a WebSocket subprotocol and a bearer header (docs/SECURITY.md).
 */
/** The subprotocol the server selects for the bridge. */
export const BRIDGE_PROTOCOL = 'berth.bridge.v1';
/** The token travels as the subprotocol `berth.token.<token>` (a browser WebSocket cannot set headers). */
export const TOKEN_PROTOCOL_PREFIX = 'berth.token.';
/** GET with `Authorization: Bearer <token>`: 204 when the token is good, 401 when not. */
export const SESSION_PATH = '/api/session';
/** The printed URL is `http://host:port/#token=<token>`. */
export const TOKEN_FRAGMENT_KEY = 'token';
