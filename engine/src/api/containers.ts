import type { ApiContext } from './context.js';

export class ContainersApi {
  constructor(private readonly ctx: ApiContext) {}
}
