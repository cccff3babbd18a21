/** Removes one name of an image, or the image with all its names; Force when containers use it. */
import { useId, useState } from 'react';
import type { ImageRow } from '../../../../../electron/contract/index.js';
import { bridge } from '../../../bridge/client';
import { Button, CheckboxField, Dialog, ErrorMessage, formatBytes, notify, SelectOptions } from '../../../components';
import { useSubmit } from '../../common/useSubmit';
import { imageName, namedTags } from '../image-name';
import { useConnectionKind } from './useConnectionKind';

export function RemoveImageDialog({ image, onClose }: { image: ImageRow; onClose: () => void }) {
  const kind = useConnectionKind(image.engine);
  const name = imageName(image);
  const tags = namedTags(image);
  const users = image.containers ?? 0;
  const inUse = users > 0 || !!image.inUse;
  const [scope, setScope] = useState<'name' | 'image'>(tags.length > 1 ? 'name' : 'image');
  const [tag, setTag] = useState(tags[0] ?? '');
  const [force, setForce] = useState(false);
  const { busy, failure, run } = useSubmit();
  const msgId = useId();
  const forceEffect =
    kind === 'docker'
      ? 'With Force, Docker only removes the name: the image stays on disk for the containers that use it.'
      : `With Force, Podman also removes ${users === 1 ? 'the container' : users > 1 ? `the ${users} containers` : 'the containers'} that use it, stopping running ones first; their data outside volumes is lost.`;

  const confirm = () =>
    run(async () => {
      if (scope === 'name') {
        await bridge.images.untag.mutate({ engine: image.engine, id: image.id, target: tag });
        notify({ kind: 'success', title: `Removed the name ${tag}` });
      } else {
        // Podman refuses to delete an image with several names by id unless forced; that force touches no container.
        const needForce = force || (tags.length > 1 && !inUse);
        await bridge.images.remove.mutate({ engine: image.engine, id: image.id, ...(needForce ? { force: true } : {}) });
        notify({ kind: 'success', title: `Removed image ${name}` });
      }
      onClose();
    });

  return (
    <Dialog
      open
      alert
      size="small"
      title={`Remove image ${name}?`}
      describedBy={msgId}
      onClose={() => !busy && onClose()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void confirm()}>
            {scope === 'name' ? 'Remove name' : 'Remove image'}
          </Button>
        </>
      }
    >
      <div id={msgId} className="confirm-message">
        {scope === 'name' ? (
          <p>
            The name <strong>{tag}</strong> is removed; the image stays, with its other name{tags.length > 2 ? 's' : ''}.
          </p>
        ) : (
          <p>
            The image <strong>{name}</strong> ({formatBytes(image.size)}) is deleted from this engine{tags.length > 1 ? `, with all its ${tags.length} names` : ''}. You can pull or build it again
            later.
          </p>
        )}
      </div>
      {tags.length > 1 ? (
        <fieldset className="rv-fieldset">
          <legend>What to remove</legend>
          <div className="checkbox-row">
            <input id={`${msgId}-name`} type="radio" name={`${msgId}-scope`} checked={scope === 'name'} onChange={() => setScope('name')} disabled={busy} />
            <label htmlFor={`${msgId}-name`}>Only one name</label>
            <select aria-label="Name to remove" className="input select rv-inline-select" value={tag} onChange={(e) => (setTag(e.target.value), setScope('name'))} disabled={busy}>
              <SelectOptions options={tags.map((t) => ({ value: t, label: t }))} />
            </select>
          </div>
          <div className="checkbox-row">
            <input id={`${msgId}-image`} type="radio" name={`${msgId}-scope`} checked={scope === 'image'} onChange={() => setScope('image')} disabled={busy} />
            <label htmlFor={`${msgId}-image`}>The image and all its {tags.length} names</label>
          </div>
        </fieldset>
      ) : null}
      {scope === 'image' && inUse ? (
        <>
          <div className="rv-warning" role="note">
            <span>
              <strong>{users > 0 ? `${users} container${users === 1 ? ' uses' : 's use'} this image.` : 'A container uses this image.'}</strong> Without Force the engine refuses to remove it.{' '}
              {forceEffect}
            </span>
          </div>
          <CheckboxField
            label={kind === 'docker' ? 'Force: remove the name even though containers use it' : 'Force: also remove the containers that use it'}
            checked={force}
            onChange={setForce}
            disabled={busy}
          />
        </>
      ) : null}
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
    </Dialog>
  );
}
