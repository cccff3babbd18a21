import type { ApiContext } from './context.js';

export class ExecApi {
  constructor(private readonly ctx: ApiContext) {}
}
