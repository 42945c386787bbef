import { useId, type ReactNode } from 'react';
import { ModalFrame } from './ModalFrame';

export interface ConfirmChoice {
  label: string;
  onChoose: () => void;
  kind?: 'primary' | 'danger';
}

/**
 * A question with its answers, as a modal: the first answer is the safe one and gets the
 * focus (the dialog's first button after its close button), Escape is "cancel".
 */
export function ConfirmDialog({
  title,
  children,
  choices,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  choices: ConfirmChoice[];
  onCancel: () => void;
}) {
  const titleId = useId();
  return (
    <ModalFrame titleId={titleId} title={title} onClose={onCancel}>
      <div className="confirm-body">{children}</div>
      <div className="form-actions">
        {choices.map((c, i) => (
          <button
            key={c.label}
            type="button"
            // The safe answer first, focused when the dialog opens.
            autoFocus={i === 0}
            className={c.kind === 'primary' ? 'button-primary' : c.kind === 'danger' ? 'button-danger' : undefined}
            onClick={c.onChoose}
          >
            {c.label}
          </button>
        ))}
      </div>
    </ModalFrame>
  );
}
