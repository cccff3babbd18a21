/** A list's empty state that offers to create the first one (e.g. "No pods yet" with Create a pod). */
import type { ReactNode } from 'react';
import { Button, EmptyState, type IconName } from '../../components';

export interface CreateEmptyStateProps {
  /** e.g. "No pods yet". */
  title: string;
  icon: IconName;
  /** e.g. "Create a pod". */
  createLabel: string;
  onCreate: () => void;
  /** What the thing is for, in a sentence. */
  children: ReactNode;
}

export function CreateEmptyState({ title, icon, createLabel, onCreate, children }: CreateEmptyStateProps) {
  const action = (
    <Button variant="primary" icon="plus" onClick={onCreate}>
      {createLabel}
    </Button>
  );
  return (
    <EmptyState title={title} icon={icon} action={action}>
      {children}
    </EmptyState>
  );
}
