/**
 * The tray, in the header: in serve mode there is no desktop tray, so the
 * same menu (built on the main side by the tray's own pure function) shows
 * here — engines and machines with their state, the ten most recent running
 * containers with Stop, Restart and Open logs.
 */
import { useEffect, useRef, useState } from 'react';
import type { TrayAction, TrayMenuItem, TrayView } from '../../../electron/contract/index.js';
import { bridge, describeError } from '../bridge/client';
import { notify } from '../components';
import { navigate, parseHash } from '../stores/ui';

function run(action: TrayAction): void {
  const fail = (e: unknown) => {
    const d = describeError(e);
    notify({ kind: 'error', title: d.title, ...(d.detail ? { detail: d.detail } : {}) });
  };
  switch (action.kind) {
    case 'navigate':
      navigate(parseHash(`#/${action.route}`));
      return;
    case 'container':
      if (action.operation === 'logs') navigate({ view: 'containers', id: action.id, tab: 'logs', engine: action.engine });
      else if (action.operation === 'stop') bridge.containers.stop.mutate({ id: action.id, engine: action.engine }).catch(fail);
      else bridge.containers.restart.mutate({ id: action.id, engine: action.engine }).catch(fail);
      return;
    case 'target':
      if (action.target === 'machine') (action.operation === 'start' ? bridge.machines.start : bridge.machines.stop).mutate({ name: action.id }).catch(fail);
      return;
    default:
      return;
  }
}

/** The menu's items; `choose` runs an item's action (and closes the panel). */
function Items({ items, choose }: { items: TrayMenuItem[]; choose: (action: TrayAction) => void }) {
  return (
    <ul className="tray-items">
      {items.map((item, i) => {
        if (item.type === 'separator') return <li key={i} className="tray-separator" role="separator" />;
        if (item.submenu) {
          return (
            <li key={i} className="tray-group">
              <span className="tray-group-label">{item.label?.replace(/&&/g, '&')}</span>
              <Items items={item.submenu} choose={choose} />
            </li>
          );
        }
        const label = item.label?.replace(/&&/g, '&') ?? '';
        if (!item.action || item.enabled === false)
          return (
            <li key={i} className="tray-note">
              {label}
            </li>
          );
        const action = item.action;
        return (
          <li key={i}>
            <button type="button" className="tray-item" onClick={() => choose(action)}>
              {label}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Submenu items are named by their group ("Stop" under "web" becomes "Stop web") for screen readers and tests. */
function nameItems(items: TrayMenuItem[], group?: string): TrayMenuItem[] {
  return items.map((i) => ({
    ...i,
    ...(group && i.label && i.action ? { label: `${i.label} ${group}` } : {}),
    ...(i.submenu ? { submenu: nameItems(i.submenu, i.label?.replace(/\s+\(.*\)$/, '')) } : {}),
  }));
}

export function TraySummary() {
  const [view, setView] = useState<TrayView | undefined>();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const sub = bridge.app.tray.subscribe(undefined, { onData: setView, onError: () => setView(undefined) });
    return () => sub.unsubscribe();
  }, []);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  if (!view) return null;
  const choose = (action: TrayAction) => {
    run(action);
    setOpen(false);
  };
  return (
    <div className="tray-summary" ref={box}>
      <button type="button" className={`tray-button tray-${view.icon}`} aria-expanded={open} aria-controls="tray-panel" title={view.tooltip} onClick={() => setOpen((o) => !o)}>
        <span className="tray-dot" aria-hidden="true" />
        Status: {view.icon}
      </button>
      {open ? (
        <div id="tray-panel" className="tray-panel" role="region" aria-label="Berth status">
          <Items items={nameItems(view.items)} choose={choose} />
        </div>
      ) : null}
    </div>
  );
}
