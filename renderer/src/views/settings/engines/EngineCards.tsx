/** Dashboard: one connection card per shown engine, with its health and counts. */
import { memo } from 'react';
import type { EngineEntry, EntityKind } from '../../../../../electron/contract/index.js';
import { Badge } from '../../../components';
import { useShownEngines } from '../../../stores/engines';
import { useLiveSelect } from '../../../stores/live';
import { routeHash } from '../../../stores/ui';
import { useContainerCounts } from '../../../app/useContainerCounts';
import { HealthText, kindName, SOURCE_LABELS } from './EnginesSection';
import './engines.css';

function useCount(kind: Exclude<EntityKind, 'containers'>, engine: string): number | undefined {
  return useLiveSelect(kind, (s) => {
    if (!s.ready) return undefined;
    let n = 0;
    for (const x of s.list) if (x.engine === engine) n++;
    return n;
  });
}

const EngineCard = memo(function EngineCard({ e }: { e: EngineEntry }) {
  const containers = useContainerCounts(e.id);
  const pods = useCount('pods', e.id);
  const images = useCount('images', e.id);
  const volumes = useCount('volumes', e.id);
  const networks = useCount('networks', e.id);
  const counts = [
    ['pods', pods],
    ['images', images],
    ['volumes', volumes],
    ['networks', networks],
  ] as const;
  const titleId = `eng-card-${e.id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  return (
    <article className="card eng-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {e.label}
        {e.primary ? <Badge tone="info">primary</Badge> : null}
        {e.embedded ? <Badge tone="neutral">Berth’s own service</Badge> : null}
      </h3>
      <HealthText e={e} />
      <dl className="kv">
        <dt>Engine</dt>
        <dd>
          {kindName(e.kind)} {e.version ?? ''}
          {e.rootless !== undefined ? ` · ${e.rootless ? 'rootless' : 'rootful'}` : ''}
        </dd>
        <dt>Address</dt>
        <dd className="mono">{e.address}</dd>
        <dt>Found by</dt>
        <dd>{SOURCE_LABELS[e.source] ?? e.source}</dd>
      </dl>
      {e.health.state === 'healthy' ? (
        <ul className="eng-counts" aria-label={`Resources on ${e.label}`}>
          <li>
            <a href={routeHash({ view: 'containers' })}>
              <strong>{containers.ready ? containers.running : '…'}</strong> of {containers.ready ? containers.total : '…'} containers running
            </a>
          </li>
          {counts.map(([what, n]) => (
            <li key={what}>
              <strong>{n ?? '…'}</strong> {what}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
});

export function EngineCards() {
  const shown = useShownEngines();
  return (
    <section className="section" aria-labelledby="dash-engines">
      <div className="view-header">
        <h2 id="dash-engines">Engines</h2>
        <a href={routeHash({ view: 'settings', id: 'engines' })}>Manage engines</a>
      </div>
      <div className="eng-cards">
        {shown.map((e) => (
          <EngineCard key={e.id} e={e} />
        ))}
      </div>
    </section>
  );
}
