import type { ImageRow } from '../../../../../electron/contract/index.js';
import { bridge } from '../../../bridge/client';
import { formatBytes, formatDate, QueryDialog } from '../../../components';
import { imageName } from '../image-name';

export function HistoryDialog({ image, onClose }: { image: ImageRow; onClose: () => void }) {
  return (
    <QueryDialog
      title={`History of ${imageName(image)}`}
      queryKey={['images', 'history', image.engine, image.id]}
      load={() => bridge.images.history.query({ engine: image.engine, id: image.id })}
      loadingLabel="Loading the history"
      failureTitle="Could not read the history"
      onClose={onClose}
    >
      {(data) => (
        <div className="rv-scroll" tabIndex={0} role="region" aria-label="Layers, newest first">
          <table className="rv-simple-table">
            <caption className="visually-hidden">Layers of {imageName(image)}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Created by</th>
                <th scope="col">Size</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {data.map((h, i) => (
                <tr key={i}>
                  <td style={{ whiteSpace: 'nowrap' }}>{h.created ? formatDate(h.created) : '—'}</td>
                  <td className="mono" style={{ wordBreak: 'break-all' }}>
                    {h.createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '') || '—'}
                  </td>
                  <td className="num">{formatBytes(h.size)}</td>
                  <td>{h.comment || ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryDialog>
  );
}
