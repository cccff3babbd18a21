/** How an image is called in the Images view's words. */
import type { ImageRow } from '../../../../electron/contract/index.js';
import { shortId } from '../../components/format';

/** The image's real names: without the `<none>` placeholders of a dangling image. */
export function namedTags(img: ImageRow): string[] {
  return img.repoTags.filter((t) => t && !t.includes('<none>'));
}

/** Its first name, or its short id when it has none. */
export function imageName(img: ImageRow): string {
  return namedTags(img)[0] ?? shortId(img.id);
}
