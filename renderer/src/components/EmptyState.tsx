import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  icon?: IconName;
  /** e.g. a "Create container" button. */
  action?: ReactNode;
}

export function EmptyState({ title, children, icon, action }: EmptyStateProps) {
  return (
    <div className="empty-state">
      {icon ? <Icon name={icon} size={32} className="empty-icon" /> : null}
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body muted">{children}</div> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}
