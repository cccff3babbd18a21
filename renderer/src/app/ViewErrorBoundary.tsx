/**
 * A view that fails to load or render shows why and offers Reload, instead of
 * a blank page. The common case: Berth was rebuilt or updated while this page
 * was open, so the lazily loaded view's file (hashed name) no longer exists.
 */
import { Component, type ReactNode } from 'react';

/** The browser's words for a lazily imported file that is gone (Chromium, Firefox, Safari). */
export function isStaleBundle(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(m);
}

export function ReloadNotice({ error }: { error: unknown }) {
  const stale = isStaleBundle(error);
  return (
    <div className="view" role="alert">
      <h1>{stale ? 'Berth was updated' : 'This view failed'}</h1>
      <p>
        {stale
          ? 'Berth was rebuilt or updated while this page was open, and this view is not in the version the page has. Reload to get the new version; nothing you did is lost on the engine.'
          : `It stopped with: ${error instanceof Error ? error.message : String(error)}`}
      </p>
      <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

export class ViewErrorBoundary extends Component<{ children: ReactNode }, { error: unknown; failed: boolean }> {
  override state = { error: undefined as unknown, failed: false };

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }

  override render() {
    return this.state.failed ? <ReloadNotice error={this.state.error} /> : this.props.children;
  }
}
