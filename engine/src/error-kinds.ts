/**
 * The kinds of engine failure the UI explains, each with a summary (what went
 * wrong, used when the engine said nothing) and a next step (the hint).
 * Pure data: shared by the engine's errors and, through them, the wire.
 */
export type EngineErrorKind =
  | 'not-found'
  | 'conflict'
  | 'name-in-use'
  | 'container-running'
  | 'container-not-running'
  | 'image-in-use'
  | 'volume-in-use'
  | 'network-in-use'
  | 'port-in-use'
  | 'image-unknown'
  | 'registry-unreachable'
  | 'invalid-argument'
  | 'build-failed'
  | 'compose-failed'
  | 'read-only'
  | 'permission-denied'
  | 'unauthorized'
  | 'unsupported'
  | 'unreachable'
  | 'stream-interrupted'
  | 'timeout'
  | 'aborted'
  | 'engine';

export interface KindText {
  /** What went wrong, in the user's words (the message when the engine gave none). */
  summary: string;
  /** What the user can do next. */
  hint: string;
}

export const KIND_TEXT: Record<EngineErrorKind, KindText> = {
  'not-found': { summary: 'it does not exist (any more)', hint: 'It may have been removed by another client. Refresh the list and try again.' },
  conflict: { summary: 'the engine refused because of the current state', hint: 'The engine refused because of the current state. Check the state and try again.' },
  'name-in-use': { summary: 'that name is already in use', hint: 'Choose another name, or remove the existing one first.' },
  'container-running': { summary: 'the container is running', hint: 'Stop the container first, or remove it with force.' },
  'container-not-running': { summary: 'the container is not running', hint: 'Start the container first.' },
  'image-in-use': { summary: 'a container uses this image', hint: 'Remove the containers that use this image first, or remove it with force.' },
  'volume-in-use': { summary: 'a container uses this volume', hint: 'Remove the containers that use this volume first, or remove it with force (which removes them too).' },
  'network-in-use': { summary: 'containers are on this network', hint: 'Disconnect or remove the containers on this network first, or remove it with force (which removes them too).' },
  'port-in-use': { summary: 'the host port is already in use', hint: 'Another process or container already uses that host port. Pick a different host port.' },
  'image-unknown': { summary: 'the image was not found', hint: 'Check the image name and tag, and that you are logged in to the registry if it is private.' },
  'registry-unreachable': { summary: 'the registry could not be reached', hint: 'Check the registry address and that it is running. For a local registry without TLS, turn off TLS verification.' },
  'invalid-argument': { summary: 'a value is not valid', hint: 'Check the values you entered.' },
  'build-failed': { summary: 'the build failed', hint: 'Read the build log above the error, fix the Containerfile, and build again.' },
  'compose-failed': {
    summary: 'the compose provider reported an error',
    hint: "Read the provider's output above, fix the compose file or what it names, and run Up again; Down removes what this run made.",
  },
  'read-only': { summary: 'the filesystem is read-only', hint: 'Write into a writable folder, such as /tmp or a volume.' },
  'permission-denied': { summary: 'permission was denied', hint: 'Check the owner and mode of the file or folder.' },
  unauthorized: { summary: 'the registry refused the credentials', hint: 'Check the registry user name and password.' },
  unsupported: { summary: 'this engine does not support it', hint: 'This engine does not support that operation.' },
  unreachable: { summary: 'the engine could not be reached', hint: 'Start the engine (for example `podman system service` or `podman machine start`) and try again.' },
  'stream-interrupted': { summary: 'the stream was interrupted', hint: 'The engine connection was lost. Berth reconnects when the engine is back.' },
  timeout: { summary: 'the engine did not answer in time', hint: 'The engine did not answer in time. It may be busy; try again.' },
  aborted: { summary: 'it was cancelled', hint: 'The operation was cancelled.' },
  engine: { summary: 'the engine reported an error', hint: 'See the engine message for details.' },
};
