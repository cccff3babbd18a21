import { Icon, type IconName } from '../components';
import { NAV_ORDER, routeHash, useRoute, VIEW_LABELS, VIEWS, type ViewId } from '../stores/ui';

const ICONS: Record<ViewId, IconName> = {
  dashboard: 'dashboard',
  containers: 'containers',
  pods: 'pods',
  images: 'images',
  volumes: 'volumes',
  networks: 'networks',
  settings: 'settings',
  machines: 'machines',
};

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

export function Sidebar() {
  const route = useRoute();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">⚓</span> Berth
      </div>
      <ul className="nav-list">
        {NAV_ORDER.map((v) => [v, VIEWS.indexOf(v)] as const).map(([v, i]) => (
          <li key={v} className={v === 'settings' ? 'nav-settings' : undefined}>
            <a
              href={routeHash({ view: v })}
              className={route.view === v ? 'nav-link active' : 'nav-link'}
              aria-current={route.view === v ? 'page' : undefined}
              title={`${VIEW_LABELS[v]} (${isMac ? '⌘' : 'Ctrl+'}${i + 1})`}
              aria-keyshortcuts={`${isMac ? 'Meta' : 'Control'}+${i + 1}`}
            >
              <Icon name={ICONS[v]} />
              <span>{VIEW_LABELS[v]}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
