import type { ApiContext } from './context.js';

export class LogsApi {
  constructor(private readonly ctx: ApiContext) {}
}
