/** The chevron that shows or hides a group row's children (a pod's containers, a compose project's). */
export function ExpandToggle({ expanded, name, onToggle, disabled }: { expanded: boolean; name: string; onToggle: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      className="pod-toggle"
      aria-expanded={expanded}
      aria-label={`${expanded ? 'Hide' : 'Show'} containers of ${name}`}
      title={expanded ? 'Hide containers' : 'Show containers'}
      onClick={onToggle}
      disabled={disabled}
    >
      <svg className="icon" width={12} height={12} viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth={1.6}>
        <path d={expanded ? 'M3.5 6L8 10.5 12.5 6' : 'M6 3.5L10.5 8 6 12.5'} />
      </svg>
    </button>
  );
}
