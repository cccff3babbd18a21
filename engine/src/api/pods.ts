import type { ApiContext } from './context.js';

export class PodsApi {
  constructor(private readonly ctx: ApiContext) {}
}
