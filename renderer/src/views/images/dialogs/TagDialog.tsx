import type { FormEvent } from 'react';
import { schemas, type ImageRow } from '../../../../../electron/contract/index.js';
import { bridge } from '../../../bridge/client';
import { notify, TextField } from '../../../components';
import { FormDialog } from '../../common/FormDialog';
import { useSubmit } from '../../common/useSubmit';
import { zodMessage } from '../common';
import { imageName } from '../image-name';
import { useCheckedText } from './useCheckedText';

export function TagDialog({ image, onClose }: { image: ImageRow; onClose: () => void }) {
  const target = useCheckedText();
  const { busy, failure, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = target.value.trim();
    if (!target.check(zodMessage(schemas.ImageRef, t))) return;
    await run(async () => {
      await bridge.images.tag.mutate({ engine: image.engine, id: image.id, target: t });
      notify({ kind: 'success', title: `Tagged ${imageName(image)} as ${t}` });
      onClose();
    });
  };
  return (
    <FormDialog title={`Tag ${imageName(image)}`} submitLabel="Tag" busy={busy} failure={failure} failureTitle="Could not tag the image" onSubmit={(e) => void submit(e)} onClose={onClose}>
      <TextField label="New name" required autoFocus placeholder="localhost:5000/app:1.0" hint="Another name for the same image, e.g. to push it to another registry." {...target.field} />
    </FormDialog>
  );
}
