import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { cancelChannel, channels, dragChannel, eventChannel, isEventName, type SkyhookBridge } from './contract';

// Exactly the contract's channels, each forwarding one argument and an optional call ID
// (for cancellation); never ipcRenderer itself, so the page cannot reach other channels.
const api: Record<string, unknown> = {};
for (const channel of channels) {
  api[channel] = (input: unknown, callId?: string) => ipcRenderer.invoke(channel, input, callId);
}
api.cancel = (callId: string) => ipcRenderer.send(cancelChannel, callId);
api.startDrag = (input: unknown) => ipcRenderer.send(dragChannel, input);
// Files dropped from Finder/Explorer: their paths are what delivery.start uploads.
api.pathForFile = (file: File) => webUtils.getPathForFile(file);
// The page gets a listener per event name, never the IpcRendererEvent (which carries `sender`).
api.on = (name: unknown, listener: (payload: unknown) => void) => {
  if (!isEventName(name)) throw new Error(`Unknown event: ${String(name)}`);
  const forward = (_event: unknown, eventName: unknown, payload: unknown) => {
    if (eventName === name) listener(payload);
  };
  ipcRenderer.on(eventChannel, forward);
  return () => void ipcRenderer.removeListener(eventChannel, forward);
};

contextBridge.exposeInMainWorld('skyhook', api as SkyhookBridge);
