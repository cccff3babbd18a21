/** Dashboard: one connection card per shown engine, with its health and counts. */
import { memo } from 'react';
import type { EngineEntry, EntityKind } from '../../../../../electron/contract/index.js';
import { Badge } from '../../../components';
import { useShownEngines } from '../../../stores/engines';
import { useLiveSelect } from '../../../stores/live';
import { routeHash } from '../../../stores/ui';
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

function useContainerCounts(engine: string): string | undefined {
  return useLiveSelect('containers', (s) => {
    if (!s.ready) return undefined;
    let run = 0;
    let all = 0;
    for (const c of s.list) {
      if (c.engine !== engine || c.isInfra) continue;
      all++;
      if (c.state === 'running') run++;
    }
    return `${run}/${all}`;
  });
}

const EngineCard = memo(function EngineCard({ e }: { e: EngineEntry }) {
  const ctr = useContainerCounts(e.id);
  const pods = useCount('pods', e.id);
  const images = useCount('images', e.id);
  const volumes = useCount('volumes', e.id);
  const networks = useCount('networks', e.id);
  const [run, all] = ctr ? ctr.split('/') : [];
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
              <strong>{run ?? '…'}</strong> of {all ?? '…'} containers running
            </a>
          </li>
          <li>
            <strong>{pods ?? '…'}</strong> pods
          </li>
          <li>
            <strong>{images ?? '…'}</strong> images
          </li>
          <li>
            <strong>{volumes ?? '…'}</strong> volumes
          </li>
          <li>
            <strong>{networks ?? '…'}</strong> networks
          </li>
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
