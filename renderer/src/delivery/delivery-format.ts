import type { DeliveryJob, DeliveryTotals } from '../../../preload/contract';

/** Words for a job's state on its row. */
export function stateLabel(job: DeliveryJob): string {
  switch (job.state) {
    case 'queued':
      return 'Waiting to upload';
    case 'uploading':
      return job.sentBytes > 0 ? `${percent(job.sentBytes, job.size)}%` : 'Checking…';
    case 'waiting':
      return 'Retrying soon';
    case 'paused':
      return 'Paused';
    case 'conflict':
      return 'Name already taken';
    case 'done':
      return 'Uploaded';
    case 'failed':
      return 'Not uploaded';
    case 'skipped':
      return 'Skipped';
    case 'cancelled':
      return 'Cancelled';
  }
}

export const percent = (sent: number, total: number): number => (total > 0 ? Math.floor((sent / total) * 100) : 100);

export function totalsLabel(totals: DeliveryTotals): string {
  return `${totals.finished} of ${totals.files} file${totals.files === 1 ? '' : 's'} · ${percent(totals.sentBytes, totals.totalBytes)}%`;
}

/** "Open in Box" / "Open in OneDrive": where the delivered file landed. */
export function openLabel(service: 'box' | 'microsoft' | 'local' | undefined): string {
  return service === 'box' ? 'Open in Box' : service === 'microsoft' ? 'Open in OneDrive' : 'Show';
}
