/** Settings → Compose: which compose tool Berth runs, and what is installed (with versions). */
import type { ComposeProviderId } from '../../../../electron/contract/index.js';
import { SelectField } from '../../components';
import { setComposeProvider, useSettings } from '../../stores/settings';
import { ProviderLine, useProviders } from '../compose/ProviderLine';

export function ComposeSection() {
  const preferred = useSettings((s) => s.composeProvider);
  const q = useProviders(undefined);
  const list = q.data?.providers ?? [];
  return (
    <section className="section settings-section" aria-labelledby="set-compose">
      <h2 id="set-compose">Compose</h2>
      <SelectField
        label="Compose tool"
        value={preferred}
        onChange={(e) => setComposeProvider(e.target.value as ComposeProviderId | '')}
        hint="Berth runs the first one installed unless you choose; podman-compose drives Podman engines only."
        options={[{ value: '', label: 'The first one found' }, ...list.map((p) => ({ value: p.id, label: `${p.label}${p.available ? (p.version ? ` ${p.version}` : '') : ' (not installed)'}` }))]}
      />
      <ProviderLine engine={undefined} />
    </section>
  );
}
