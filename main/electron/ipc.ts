import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { cancelChannel, channels, dragChannel, dragInput, eventChannel, type DragInput } from '../../preload/contract';
import type { EventHub } from '../ipc/event-hub';
import { CallTracker, dispatch } from '../ipc/dispatch';
import type { HandlerTable } from '../ipc/handler-table';
import type { Logger } from '../shared/logger';
import { isAppUrl } from './protocols';

/**
 * Only the app's own page, in its main frame, may call main (Electron security checklist
 * item 17, "Validate the sender of all IPC messages"); anything else is dropped.
 */
function trusted(event: IpcMainEvent | IpcMainInvokeEvent, window: () => WebContents | undefined): boolean {
  const frame = event.senderFrame;
  return frame !== null && event.sender === window() && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

export function wireIpc(
  table: HandlerTable,
  window: () => WebContents | undefined,
  startDrag: (sender: WebContents, input: DragInput) => void,
  log: Logger,
  events: EventHub,
): void {
  // Events go to the app's own window only, never to any other webContents.
  events.subscribe((name, payload) => {
    const contents = window();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel, name, payload);
  });
  const calls = new CallTracker();
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!trusted(event, window)) return { ok: false, error: { code: 'forbidden', message: 'Not allowed.' } };
      // One argument and an optional call ID: extra arguments are a bug or an attack.
      if (args.length > 2 || (args[1] !== undefined && typeof args[1] !== 'string')) {
        return { ok: false, error: { code: 'invalid_input', message: 'Unexpected arguments.' } };
      }
      const callId = args[1] as string | undefined;
      const signal = calls.start(callId);
      try {
        return await dispatch(table, channel, args[0], signal, log);
      } finally {
        calls.finish(callId);
      }
    });
  }
  ipcMain.on(cancelChannel, (event, callId: unknown) => {
    if (trusted(event, window) && typeof callId === 'string') calls.cancel(callId);
  });
  ipcMain.on(dragChannel, (event, input: unknown) => {
    const parsed = dragInput.safeParse(input);
    if (trusted(event, window) && parsed.success) startDrag(event.sender, parsed.data);
  });
}
