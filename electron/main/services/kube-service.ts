/** Kube YAML over the bridge (Podman only). */
import type { BridgeServices } from '../../contract/services.js';
import { ok, type ClientOf } from './service-support.js';

export function kubeService(c: ClientOf): BridgeServices['kube'] {
  return {
    generate: ({ names, engine }) => c(engine).kube.generate(names),
    play: async ({ yaml, engine }) => {
      const r = await c(engine).kube.play(yaml);
      return { pods: r.pods.map((p) => p.id) };
    },
    teardown: async ({ yaml, engine }) => {
      await c(engine).kube.teardown(yaml);
      return ok();
    },
  };
}
