/** The Images view's dialogs, one per file. */
export { BuildDialog } from './BuildDialog';
export { HistoryDialog } from './HistoryDialog';
export { JobDialog } from './JobDialog';
export { PruneImagesDialog } from './PruneImagesDialog';
export { PullDialog } from './PullDialog';
export { PushDialog } from './PushDialog';
export { RemoveImageDialog } from './RemoveImageDialog';
export { TagDialog } from './TagDialog';
