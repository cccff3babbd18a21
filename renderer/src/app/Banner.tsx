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
    const text = health.message ?? detail ?? '';
    return (
      <div className="banner banner-warning" role="alert">
        <strong>The {engine === 'Engine' ? 'container engine' : `${engine} engine`} is unreachable.</strong> {text}
        {/reconnect/i.test(text) ? '' : ' Berth reconnects automatically.'}
        {health.since ? <span className="banner-hint"> Down since {new Date(health.since).toLocaleTimeString()}.</span> : null}
        {health.error?.hint ? <div className="banner-hint">{health.error.hint}</div> : null}
      </div>
    );
  }
  return null;
}
