import type { ApiContext } from './context.js';

export class StatsApi {
  constructor(private readonly ctx: ApiContext) {}
}
