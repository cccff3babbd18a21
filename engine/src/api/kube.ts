import type { ApiContext } from './context.js';

export class KubeApi {
  constructor(private readonly ctx: ApiContext) {}
}
