import type { DragInput } from '../../preload/contract';
import type { EventHub } from '../ipc/event-hub';
import type { MediaCache } from './media-cache';

/** One dragged result as the plan names it. */
export interface DragItemRef {
  connectionId: string;
  itemId: string;
  /** The file name people know it by (the original's, once on disk). */
  name: string;
}

/**
 * What a drag does, decided once by `MediaCache.readyForDrag` for both compositions:
 * the desktop starts an OS drag only with files already on disk at dragstart, and the
 * browser bridge reports exactly the drags the desktop would have missed.
 */
export interface DragPlan {
  /** Whether the dragged result itself is on disk: the desktop starts no drag without it. */
  ready: boolean;
  /** Files on disk now, in the order the drag carries them (the dragged one first). */
  files: string[];
  /** The drag image of the dragged result; undefined when it has none yet. */
  icon: string | undefined;
  /** Results whose original was not on disk at dragstart (the desktop could not carry them). */
  missing: DragItemRef[];
  /** Set when the dragged result is missing and a preview of it goes instead (the person's setting). */
  preview: string | undefined;
}

/** Synchronous: Electron starts an OS drag only within the dragstart message it answers. */
export function planDrag(media: MediaCache, { others = [], previewWhileDownloading, ...first }: DragInput): DragPlan {
  const plan: DragPlan = { ready: false, files: [], icon: undefined, missing: [], preview: undefined };
  for (const [index, item] of [first, ...others].entries()) {
    const ready = media.readyForDrag(item.connectionId, item.itemId);
    if (ready) {
      plan.files.push(ready.file);
      if (index === 0) {
        plan.ready = true;
        plan.icon = ready.icon;
      }
    } else {
      plan.missing.push({ connectionId: item.connectionId, itemId: item.itemId, name: item.name ?? item.itemId });
    }
  }
  if (!plan.ready && previewWhileDownloading)
    plan.preview = media.previewForDrag(first.connectionId, first.itemId, first.name ?? first.itemId);
  return plan;
}

/**
 * `planDrag` that also tells the page about every result left behind (`drag.notReady`):
 * its guess that an original was on disk may be stale (evicted since), and a drag must
 * never end in a silent nothing.
 */
export function dragPlanner(media: MediaCache, events: EventHub): (input: DragInput) => DragPlan {
  return (input) => {
    const plan = planDrag(media, input);
    for (const { connectionId, itemId } of plan.missing) events.emit('drag.notReady', { connectionId, itemId });
    return plan;
  };
}
