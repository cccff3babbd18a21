/** A small set of inline SVG icons (no icon font, no remote assets). Decorative: aria-hidden. */
import type { ReactElement } from 'react';

const paths = {
  play: 'M5 3.5v9l8-4.5z',
  stop: 'M4 4h8v8H4z',
  restart: 'M13 8a5 5 0 1 1-1.5-3.6M13 2.5V5h-2.5',
  pause: 'M5 3.5h2v9H5zM9 3.5h2v9H9z',
  kill: 'M3.5 3.5l9 9M12.5 3.5l-9 9',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5',
  external: 'M9 3h4v4M13 3L7.5 8.5M11 9.5V13H3V5h3.5',
  details: 'M6 3.5L10.5 8 6 12.5',
  plus: 'M8 3v10M3 8h10',
  search: 'M7 2.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9zM10.3 10.3L13.5 13.5',
  close: 'M4 4l8 8M12 4l-8 8',
  copy: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7',
  chevronRight: 'M6 3.5L10.5 8 6 12.5',
  chevronDown: 'M3.5 6L8 10.5 12.5 6',
  refresh: 'M13 8a5 5 0 1 1-1.5-3.6M13 2.5V5h-2.5',
  dashboard: 'M2.5 2.5h5v6h-5zM8.5 2.5h5v3h-5zM8.5 7.5h5v6h-5zM2.5 10.5h5v3h-5z',
  containers: 'M2.5 4.5h11v8h-11zM5 4.5v8M8 4.5v8M11 4.5v8',
  pods: 'M5 2.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM11 2.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM8 8.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z',
  images: 'M8 2l5.5 3v6L8 14l-5.5-3V5zM2.5 5L8 8l5.5-3M8 8v6',
  volumes: 'M3 4c0-1 2.2-1.8 5-1.8S13 3 13 4v8c0 1-2.2 1.8-5 1.8S3 13 3 12zM3 4c0 1 2.2 1.8 5 1.8S13 5 13 4M3 8c0 1 2.2 1.8 5 1.8S13 9 13 8',
  networks: 'M8 2.5v4M8 6.5H3.5v3M8 6.5h4.5v3M2 9.5h3v3H2zM6.5 9.5h3v3h-3zM11 9.5h3v3h-3z',
  settings: 'M8 5.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  terminal: 'M2.5 3.5h11v9h-11zM4.5 6.5l2 1.5-2 1.5M8 10h3',
  logs: 'M3 4h10M3 7h10M3 10h7M3 13h5',
  download: 'M8 2.5v8M4.5 7L8 10.5 11.5 7M3 13.5h10',
  warning: 'M8 2l6.5 11.5h-13zM8 6.5v3.5M8 11.5v.5',
  info: 'M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2zM8 7v4.5M8 4.8v.4',
  check: 'M3 8.5l3 3 7-7',
  machines: 'M2.5 3h11v6.5h-11zM6 12.5h4M8 9.5v3M4.5 6.25h.5',
  engine: 'M3 3.5h10v4H3zM3 8.5h10v4H3zM5 5.5h.5M5 10.5h.5',
} as const;

export type IconName = keyof typeof paths;
/** A named icon of the set, or a feature's own outline (`{ path }`: 16×16 SVG path data, stroked like the set). */
export type IconSpec = IconName | { path: string };

export function Icon({ name, size = 16, className }: { name: IconSpec; size?: number; className?: string }): ReactElement {
  const filled = name === 'play' || name === 'stop' || name === 'pause';
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={filled ? 0 : 1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={typeof name === 'string' ? paths[name] : name.path} />
    </svg>
  );
}
