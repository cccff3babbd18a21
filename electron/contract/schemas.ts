/**
 * Runtime schemas for every input that crosses the bridge (the renderer uses
 * them to validate forms with the same rules and words). They live with
 * their resource's calls in resources/; this is their one import point.
 */
export * from './common.js';
export * from './registry.js';
