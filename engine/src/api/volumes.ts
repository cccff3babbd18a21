import type { ApiContext } from './context.js';

export class VolumesApi {
  constructor(private readonly ctx: ApiContext) {}
}
