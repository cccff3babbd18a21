/**
 * The view registry: every ViewId of the contract's VIEWS has its component
 * (eager, or loaded on first visit) and its sidebar icon. `satisfies
 * Record<ViewId, …>` makes a missing or unknown view a type error, and a lazy
 * view's module and export are checked by the compiler.
 */
import { lazy, type ComponentType } from 'react';
import type { IconSpec } from '../components';
import type { ViewId } from '../stores/ui';
import { ContainersView } from '../views/containers/ContainersView';
import { DashboardView } from '../views/dashboard/DashboardView';
import { SettingsView } from '../views/settings/SettingsView';

export interface ViewUi {
  component: ComponentType;
  icon: IconSpec;
}

export const VIEW_UI = {
  dashboard: { component: DashboardView, icon: 'dashboard' },
  containers: { component: ContainersView, icon: 'containers' },
  pods: { component: lazy(() => import('../views/pods/PodsView').then((m) => ({ default: m.PodsView }))), icon: 'pods' },
  compose: {
    component: lazy(() => import('../views/compose/ComposeView').then((m) => ({ default: m.ComposeView }))),
    icon: { path: 'M2.5 3.5h5v4h-5zM8.5 3.5h5v4h-5zM2.5 8.5h5v4h-5zM8.5 8.5h5v4h-5z' },
  },
  images: { component: lazy(() => import('../views/images/ImagesView').then((m) => ({ default: m.ImagesView }))), icon: 'images' },
  volumes: { component: lazy(() => import('../views/volumes/VolumesView').then((m) => ({ default: m.VolumesView }))), icon: 'volumes' },
  networks: { component: lazy(() => import('../views/networks/NetworksView').then((m) => ({ default: m.NetworksView }))), icon: 'networks' },
  secrets: {
    component: lazy(() => import('../views/secrets/SecretsView').then((m) => ({ default: m.SecretsView }))),
    icon: { path: 'M10.5 2.5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM8.4 7.6L3 13v1.5h2V13h1.5v-1.5H8l1.1-1.1M11 4.5h.5' },
  },
  machines: { component: lazy(() => import('../views/machines/MachinesView').then((m) => ({ default: m.MachinesView }))), icon: 'machines' },
  settings: { component: SettingsView, icon: 'settings' },
} satisfies Record<ViewId, ViewUi>;
