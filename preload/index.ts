import { contextBridge, ipcRenderer } from 'electron';
import { cancelChannel, channels, dragChannel, type SkyhookBridge } from './contract';

// Exactly the contract's channels, each forwarding one argument and an optional call ID
// (for cancellation); never ipcRenderer itself, so the page cannot reach other channels.
const api: Record<string, unknown> = {};
for (const channel of channels) {
  api[channel] = (input: unknown, callId?: string) => ipcRenderer.invoke(channel, input, callId);
}
api.cancel = (callId: string) => ipcRenderer.send(cancelChannel, callId);
api.startDrag = (input: unknown) => ipcRenderer.send(dragChannel, input);

contextBridge.exposeInMainWorld('skyhook', api as SkyhookBridge);
