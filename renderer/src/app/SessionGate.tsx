/**
 * `serve` without a good token: this page was opened without the link that
 * `npm run serve` printed, or the server restarted with a new token. Say so,
 * and take the printed link (or the token) pasted here.
 */
import { useState, type FormEvent } from 'react';
import { checkServeSession, parseTokenInput, type SessionState } from '../bridge/serve-session';

export function SessionGate({ state }: { state: Exclude<SessionState, 'ok'> }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const token = parseTokenInput(value);
    if (!token) return setProblem('That is not a Berth link or token: copy the whole line after "Berth UI:".');
    const verdict = await checkServeSession(token);
    if (verdict !== 'ok') return setProblem(verdict === 'unreachable' ? 'Berth does not answer at this address.' : 'This server does not accept that token: is it the link it printed last?');
    // Reload with the token in the fragment, so serve-session.ts stores it the usual way.
    window.location.replace(`${window.location.pathname}#token=${token}`);
    window.location.reload();
  };
  const lead =
    state === 'no-token'
      ? 'This page needs the link that `npm run serve` printed: it carries the token that lets this browser control your containers.'
      : state === 'rejected'
        ? 'The token this browser has is not accepted: Berth was restarted (each start makes a new token) or the link is from another server.'
        : 'Berth does not answer at this address. Is `npm run serve` still running?';
  return (
    <main className="session-gate" aria-labelledby="session-title" style={{ maxWidth: '40rem', margin: '10vh auto', padding: '0 1.5rem' }}>
      <h1 id="session-title">Open Berth with its link</h1>
      <p>{lead}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="session-link">Paste the link (the line after “Berth UI:” in the terminal) or the token</label>
        <div style={{ display: 'flex', gap: '0.5rem', marginTop: '0.5rem' }}>
          <input id="session-link" className="input" style={{ flex: 1 }} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} />
          <button type="submit" className="btn btn-primary">
            Open
          </button>
        </div>
        {problem ? (
          <p role="alert" className="error-detail">
            {problem}
          </p>
        ) : null}
      </form>
    </main>
  );
}
