import { Icon } from '../components';
import { routeHash, useRoute, VIEW_IDS, viewLabel, viewShortcut, type ViewId } from '../stores/ui';
import { VIEW_UI } from './views';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

function titleOf(v: ViewId): string {
  const n = viewShortcut(v);
  return n ? `${viewLabel(v)} (${isMac ? '⌘' : 'Ctrl+'}${n})` : viewLabel(v);
}

export function Sidebar() {
  const route = useRoute();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">⚓</span> Berth
      </div>
      <ul className="nav-list">
        {VIEW_IDS.map((v) => (
          <li key={v} className={v === 'settings' ? 'nav-settings' : undefined}>
            <a
              href={routeHash({ view: v })}
              className={route.view === v ? 'nav-link active' : 'nav-link'}
              aria-current={route.view === v ? 'page' : undefined}
              title={titleOf(v)}
              aria-keyshortcuts={viewShortcut(v) ? `${isMac ? 'Meta' : 'Control'}+${viewShortcut(v)}` : undefined}
            >
              <Icon name={VIEW_UI[v].icon} />
              <span>{viewLabel(v)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
