import { useState } from 'react';

/** A button that copies `value`; a plain "Copy" is named after what it copies, for screen readers. */
export function CopyButton({ value, label }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button-small"
      aria-label={label ? undefined : `Copy ${value}`}
      onClick={() => {
        void navigator.clipboard.writeText(value).then(() => setCopied(true));
      }}
    >
      {copied ? 'Copied' : (label ?? 'Copy')}
    </button>
  );
}
