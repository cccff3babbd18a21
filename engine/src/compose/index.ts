/** Compose: the providers Berth drives, the checks before they run, projects from labels, group actions by label. */
export { COMPOSE_PROVIDERS, chooseProvider, composeInstallAdvice, detectComposeProviders, providerEnv, providerSpec, type ComposeProviderSpec } from './providers.js';
export { defaultProjectName, planCompose, readEnvFile, type ComposePlan, type ComposeTarget } from './compose-file.js';
export { composeArgv, failureMessage, runCompose, type ComposeOp, type ComposeRunEvent, type ComposeRunOptions } from './runner.js';
export { COMPOSE_LABEL, PODMAN_COMPOSE_PROJECT, composeProjects, configFilesOf, projectOf } from './projects.js';
export { downByApi, projectAction, projectContainers, projectResources, type ProjectAction, type ProjectActionResult, type ProjectResources } from './project-ops.js';
