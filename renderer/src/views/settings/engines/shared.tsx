/**
 * Engine bits the resource views share: the Engine column (shown when more
 * than one engine is shown) and the Engine select of create/pull/build forms.
 */
import { memo } from 'react';
import type { Column } from '../../../components';
import { SelectField } from '../../../components';
import { engineLabel, engineOptions, useEngineLabel, useEngines, useEnginesStore, usePrimaryEngineId, useShownEngines } from '../../../stores/engines';

export const EngineCell = memo(function EngineCell({ id }: { id: string }) {
  const label = useEngineLabel(id);
  return <span title={id}>{label}</span>;
});

/** An "Engine" column for a DataTable (add it only when several engines are shown). */
export function engineColumn<T>(getEngine: (row: T) => string | undefined, width = 'minmax(100px, 1fr)'): Column<T> {
  return {
    id: 'engine',
    header: 'Engine',
    width,
    sort: (a, b) => {
      const list = useEnginesStore.getState().list;
      return engineLabel(getEngine(a) ?? '', list).localeCompare(engineLabel(getEngine(b) ?? '', list));
    },
    cell: (r) => {
      const e = getEngine(r);
      return e ? <EngineCell id={e} /> : null;
    },
  };
}

/**
 * The Engine select for forms: rendered only when several engines are shown.
 * `value` undefined means the primary engine.
 */
export function EngineSelect({ value, onChange, label = 'Engine', hint, wrapClass }: { value: string | undefined; onChange: (id: string) => void; label?: string; hint?: string; wrapClass?: string }) {
  const shown = useShownEngines();
  const primary = usePrimaryEngineId();
  useEngines();
  if (shown.length < 2) return null;
  const field = <SelectField label={label} value={value ?? primary ?? shown[0]?.id ?? ''} onChange={(e) => onChange(e.target.value)} options={engineOptions(shown)} hint={hint} />;
  return wrapClass ? <div className={wrapClass}>{field}</div> : field;
}
