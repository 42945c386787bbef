import { createContext, useContext, type DragEvent } from 'react';
import type { AppErrorShape, DeliveryTarget } from '../../../preload/contract';

/**
 * Drop targets for delivery (issue #16): a connection's chip (its delivery folder), a
 * folder shown while browsing, the overlay's zones. They share what DeliveryLayer knows
 * through this context: whether files are being dragged in, which spot is under the
 * pointer (the overlay names it), and how a drop or "Upload files…" starts uploads.
 */

/** Where dropped files go: a connection's delivery folder (no folderId) or one of its folders. */
export interface DropSpot {
  connectionId: string;
  folderId?: string;
  /** The folder's name as browsing shows it; the delivery folder's name comes from main. */
  folderName?: string;
}

/** A connection's delivery folder, or what an admin still has to set up, or not known yet. */
export type DeliveryFolder = { target: DeliveryTarget } | { problem: AppErrorShape } | undefined;

export interface DeliveryDrop {
  /** Files from Finder/Explorer are being dragged over the window. */
  dragging: boolean;
  /** The connection takes files back (an admin turned it on; the IT policy allows it). */
  delivers(connectionId: string): boolean;
  deliveryFolder(connectionId: string): DeliveryFolder;
  /** The spot under the pointer while dragging. */
  over: DropSpot | undefined;
  enter(spot: DropSpot): void;
  leave(spot: DropSpot): void;
  drop(spot: DropSpot, files: readonly File[]): void;
  /** "Upload files…": the open-file dialog, then the same upload as a drop. */
  pickAndUpload(spot: DropSpot): void;
}

const nothing = () => undefined;
export const DeliveryDropContext = createContext<DeliveryDrop>({
  dragging: false,
  delivers: () => false,
  deliveryFolder: nothing,
  over: undefined,
  enter: nothing,
  leave: nothing,
  drop: nothing,
  pickAndUpload: nothing,
});

export const useDeliveryDrop = (): DeliveryDrop => useContext(DeliveryDropContext);

export const sameSpot = (a: DropSpot | undefined, b: DropSpot | undefined): boolean =>
  a !== undefined && b !== undefined && a.connectionId === b.connectionId && a.folderId === b.folderId;

/** The folder a spot names, in the words of the overlay: “Final art”. */
export function spotFolderName(spot: DropSpot, drop: DeliveryDrop): string | undefined {
  if (spot.folderName) return spot.folderName;
  const folder = drop.deliveryFolder(spot.connectionId);
  return folder && 'target' in folder ? folder.target.folderName : undefined;
}

/** A connection's delivery folder as the overlay and the chips say it. */
export function folderWords(folder: DeliveryFolder): string {
  if (!folder) return 'Finding the delivery folder…';
  if ('target' in folder) return `into “${folder.target.folderName}”`;
  return folder.problem.fix ? `${folder.problem.message} ${folder.problem.fix}` : folder.problem.message;
}

export interface DropTargetProps {
  /** ' drop-ready' while files are dragged in, plus ' drop-over' under the pointer; '' otherwise. */
  dropClass: string;
  handlers: {
    onDragEnter?: (event: DragEvent) => void;
    onDragOver?: (event: DragEvent) => void;
    onDragLeave?: (event: DragEvent) => void;
    onDrop?: (event: DragEvent) => void;
  };
}

/** Makes an element a drop target for `spot` (none when undefined: delivery is off there). */
export function useDropTarget(spot: DropSpot | undefined): DropTargetProps {
  const drop = useDeliveryDrop();
  if (!spot || !drop.dragging) return { dropClass: '', handlers: {} };
  return {
    dropClass: sameSpot(drop.over, spot) ? ' drop-ready drop-over' : ' drop-ready',
    handlers: {
      onDragEnter: (event) => {
        event.preventDefault();
        drop.enter(spot);
      },
      onDragOver: (event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave: (event) => {
        // Moving onto a child of the target is not leaving it.
        if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) drop.leave(spot);
      },
      onDrop: (event) => {
        event.preventDefault();
        drop.drop(spot, Array.from(event.dataTransfer.files));
      },
    },
  };
}
