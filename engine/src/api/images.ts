import type { ApiContext } from './context.js';

export class ImagesApi {
  constructor(private readonly ctx: ApiContext) {}
}
