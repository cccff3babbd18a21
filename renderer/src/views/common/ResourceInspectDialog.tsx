/** The Inspect dialog of a pod, volume, network or secret: the engine's JSON for it. */
import { bridge } from '../../bridge/client';
import { InspectDialog } from '../images/InspectDialog';

export interface ResourceInspectDialogProps {
  kind: 'pods' | 'volumes' | 'networks' | 'secrets';
  /** e.g. "volume": the title reads Inspect volume app-data. */
  noun: string;
  engine: string;
  /** What the engine knows it by (an id, or a volume's or network's name). */
  id: string;
  name: string;
  onClose: () => void;
}

export function ResourceInspectDialog({ kind, noun, engine, id, name, onClose }: ResourceInspectDialogProps) {
  return <InspectDialog title={`Inspect ${noun} ${name}`} queryKey={[kind, 'inspect', engine, id]} load={() => bridge[kind].inspect.query({ engine, id })} onClose={onClose} />;
}
