import type { ApiContext } from './context.js';

export class NetworksApi {
  constructor(private readonly ctx: ApiContext) {}
}
