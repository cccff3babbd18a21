/** JSON as it crosses a wire: what JSON.parse can return, nothing else (no undefined, functions or dates). */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
