/** The toolbar of a resource list (networks, volumes): search, Create …, Prune unused. */
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
}

export function ResourceToolbar({ label, searchLabel, query, onQuery, createLabel, onCreate, onPrune }: ResourceToolbarProps) {
  return (
    <Toolbar label={label}>
      <SearchField label={searchLabel} value={query} onChange={onQuery} />
      <ToolbarSpacer />
      <Button variant="primary" icon="plus" onClick={onCreate}>
        {createLabel}
      </Button>
      {onPrune ? (
        <Button onClick={onPrune}>
          <ExtraIconSvg name="broom" />
          Prune unused
        </Button>
      ) : null}
    </Toolbar>
  );
}
