import { useEffect, useState, type FormEvent } from 'react';
import { version as berthVersion } from '../../../../package.json';
import { engineName, useConnectionInfo } from '../../app/Header';
import { Button, CheckboxField, SelectField, TextField } from '../../components';
import { DEFAULT_SCROLLBACK, setScreenReaderMode, setScrollback, setTerminalFontSize, setTheme, useSettings, type ThemeChoice } from '../../stores/settings';
import { useRoute } from '../../stores/ui';
import { EnginesSection } from './engines/EnginesSection';
import { ComposeSection } from './ComposeSection';

function uaVersion(name: string): string | undefined {
  return new RegExp(`${name}/([\\d.]+)`).exec(navigator.userAgent)?.[1];
}

function ScrollbackField() {
  const scrollback = useSettings((s) => s.scrollback);
  const [text, setText] = useState(String(scrollback));
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const save = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(text.replace(/[,_\s]/g, ''));
    if (!Number.isInteger(n) || n < 100 || n > 1_000_000) {
      setError('Enter a whole number from 100 to 1,000,000.');
      setSaved(false);
      return;
    }
    setError(undefined);
    setScrollback(n);
    setText(String(n));
    setSaved(true);
  };
  // An edit is not saved until Save.
  const edit = (value: string) => {
    setText(value);
    setSaved(false);
  };
  return (
    <form className="settings-row" onSubmit={save}>
      <TextField
        label="Log scrollback (lines)"
        inputMode="numeric"
        value={text}
        onChange={(e) => edit(e.target.value)}
        error={error}
        hint={`How many lines the logs and terminal keep in memory. Default ${DEFAULT_SCROLLBACK.toLocaleString()}. Applies to panes opened afterwards; download a log to keep all of it.`}
      />
      <Button type="submit">Save</Button>
      <span role="status" className="muted">
        {saved ? 'Saved.' : ''}
      </span>
    </form>
  );
}

export function SettingsView() {
  const theme = useSettings((s) => s.theme);
  const fontSize = useSettings((s) => s.terminalFontSize);
  const screenReader = useSettings((s) => s.screenReaderMode);
  const { data: info } = useConnectionInfo();
  const electron = uaVersion('Electron');
  const chrome = uaVersion('Chrome');
  const route = useRoute();
  // #/settings/engines opens Settings at the Engines section.
  useEffect(() => {
    if (route.id === 'engines') document.getElementById('engines')?.scrollIntoView({ block: 'start' });
  }, [route.id]);
  return (
    <div className="view view-scroll">
      <div className="view-header">
        <h1>Settings</h1>
      </div>
      <EnginesSection />
      <section className="section settings-section" aria-labelledby="set-appearance">
        <h2 id="set-appearance">Appearance</h2>
        <SelectField
          label="Theme"
          value={theme}
          onChange={(e) => setTheme(e.target.value as ThemeChoice)}
          options={[
            { value: 'system', label: 'Same as the system' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
        />
      </section>
      <section className="section settings-section" aria-labelledby="set-logs">
        <h2 id="set-logs">Logs and terminal</h2>
        <ScrollbackField />
        <SelectField
          label="Terminal font size"
          value={String(fontSize)}
          onChange={(e) => setTerminalFontSize(Number(e.target.value))}
          options={[10, 11, 12, 13, 14, 15, 16, 18, 20].map((n) => ({ value: String(n), label: `${n} px` }))}
        />
        <CheckboxField
          label="Screen reader support in logs and terminal"
          checked={screenReader}
          onChange={setScreenReaderMode}
          hint="Makes terminal output readable by screen readers; slower with very busy logs."
        />
      </section>
      <ComposeSection />
      <section className="section settings-section" aria-labelledby="set-about">
        <h2 id="set-about">About</h2>
        <dl className="kv">
          <dt>Berth</dt>
          <dd>{berthVersion}</dd>
          <dt>Engine</dt>
          <dd>{info ? `${engineName(info.kind)} ${info.version} (API ${info.apiVersion})` : 'Not connected'}</dd>
          {electron ? (
            <>
              <dt>Electron</dt>
              <dd>{electron}</dd>
            </>
          ) : null}
          {chrome ? (
            <>
              <dt>Chromium</dt>
              <dd>{chrome}</dd>
            </>
          ) : null}
          <dt>Mode</dt>
          <dd>{electron ? 'Desktop app' : 'Browser (serve mode)'}</dd>
        </dl>
      </section>
    </div>
  );
}
