/** Kubernetes YAML on Podman: generate from containers/pods, play, tear down. */
import { z } from 'zod';
import { mutation, query } from '../call.js';
import { EngineId, Refs, type ActionResult } from '../common.js';

export const KubeGenerateInput = z.strictObject({ engine: EngineId, names: Refs });
export const KubePlayInput = z.strictObject({
  engine: EngineId,
  yaml: z
    .string()
    .min(1, 'The YAML is empty')
    .max(1024 * 1024, 'That YAML is larger than 1 MiB'),
});

export const kubeCalls = {
  generate: query(KubeGenerateInput).returns<string>(),
  play: mutation(KubePlayInput).returns<{ pods: string[] }>(),
  teardown: mutation(KubePlayInput).returns<ActionResult>(),
};
