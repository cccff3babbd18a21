/** A file's first bytes as text (at most the preview limit), or why it is not shown; Download for the whole file. */
import { displayName } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, formatBytes, QueryDialog } from '../../components';

export function FileViewer({ engine, id, path, onClose, onDownload }: { engine: string; id: string; path: string; onClose: () => void; onDownload: () => void }) {
  return (
    <QueryDialog
      title={displayName(path)}
      queryKey={['files', engine, id, 'preview', path]}
      load={() => bridge.files.preview.query({ engine, id, path })}
      loadingLabel={`Reading ${displayName(path)}`}
      failureTitle={`Could not read ${displayName(path)}`}
      onClose={onClose}
    >
      {(p) => (
        <div className="file-viewer">
          <div className="toolbar">
            <span className="muted">{formatBytes(p.size)}</span>
            <Button size="small" icon="download" onClick={onDownload}>
              Download
            </Button>
          </div>
          {p.binary ? (
            <p role="status">This file is binary (it is not UTF-8 text), so it is not shown. Download it to open it with another program.</p>
          ) : (
            <>
              {p.truncated ? (
                <p role="status" className="muted">
                  Showing the first {formatBytes((p.text ?? '').length)}; download the file for all of it.
                </p>
              ) : null}
              <pre className="file-text mono" tabIndex={0} aria-label={`Contents of ${displayName(path)}`}>
                {p.text}
              </pre>
            </>
          )}
        </div>
      )}
    </QueryDialog>
  );
}
