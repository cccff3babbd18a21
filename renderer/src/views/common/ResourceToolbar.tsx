/** The toolbar of a resource list (pods, networks, volumes): search, Create …, the kind's own buttons, Prune unused. */
import type { ReactNode } from 'react';
import { Button, SearchField, Toolbar, ToolbarSpacer } from '../../components';
import { ExtraIconSvg } from '../images/common';

export interface ResourceToolbarProps {
  /** e.g. "Network actions". */
  label: string;
  /** e.g. "Search networks". */
  searchLabel: string;
  query: string;
  onQuery: (query: string) => void;
  /** e.g. "Create network". */
  createLabel: string;
  onCreate: () => void;
  /** Without it, no Prune button (a kind with no "unused"). */
  onPrune?: (() => void) | undefined;
  /** Buttons of this kind's own, after Create (e.g. Play Kubernetes YAML). */
  children?: ReactNode;
}

export function ResourceToolbar({ label, searchLabel, query, onQuery, createLabel, onCreate, onPrune, children }: ResourceToolbarProps) {
  return (
    <Toolbar label={label}>
      <SearchField label={searchLabel} value={query} onChange={onQuery} />
      <ToolbarSpacer />
      <Button variant="primary" icon="plus" onClick={onCreate}>
        {createLabel}
      </Button>
      {children}
      {onPrune ? (
        <Button onClick={onPrune}>
          <ExtraIconSvg name="broom" />
          Prune unused
        </Button>
      ) : null}
    </Toolbar>
  );
}
