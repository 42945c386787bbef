import { parentPort, workerData } from 'node:worker_threads';
import { IndexHost, type HostRequest } from './index-host';

/**
 * The index's thread: loading, applying pages and changes, writing to disk and answering
 * queries all happen here, so none of it holds up IPC, sign-ins or drags in main.
 */
const host = new IndexHost((workerData as { root: string }).root);

parentPort?.on('message', (message: { id: number; request: HostRequest }) => {
  try {
    parentPort?.postMessage({ id: message.id, ok: true, value: host.handle(message.request) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : 'index error' });
  }
});
parentPort?.on('close', () => host.closeAll());
