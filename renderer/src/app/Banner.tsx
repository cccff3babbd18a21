import { useConnection } from '../stores/connection';
import { engineName, useConnectionInfo } from './Header';

/** Says so when the engine is unreachable or the bridge to the main side is down, and that Berth reconnects by itself. */
export function ConnectionBanner() {
  const bridgeState = useConnection((s) => s.bridge);
  const health = useConnection((s) => s.health);
  const { data: info } = useConnectionInfo();
  if (bridgeState === 'closed') {
    return (
      <div className="banner banner-danger" role="alert">
        <strong>Lost the connection to Berth’s background service.</strong> The lists show the last known state. Berth reconnects automatically.
      </div>
    );
  }
  if (health?.state === 'unreachable') {
    const engine = engineName(info?.kind);
    const detail = health.error?.engineMessage ?? health.error?.message;
    return (
      <div className="banner banner-warning" role="alert">
        <strong>The {engine === 'Engine' ? 'container engine' : `${engine} engine`} is unreachable.</strong> {health.message ?? detail ?? ''} Berth reconnects automatically
        {health.since ? ` (down since ${new Date(health.since).toLocaleTimeString()})` : ''}.
        {health.error?.hint ? <div className="banner-hint">{health.error.hint}</div> : null}
      </div>
    );
  }
  return null;
}
