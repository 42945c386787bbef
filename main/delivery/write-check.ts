import type { TestReport } from '../../preload/contract';
import type { Uploader } from './uploader';

export interface DeliverySettings {
  delivery?: boolean;
  deliveryFolderId?: string;
}

/**
 * Test connection, when delivery is on: checks for real that the connection may add files
 * to its delivery folder (Box's pre-flight, a zero-byte probe uploaded and deleted on
 * OneDrive). A refusal throws the provider's AppError naming the "deliver" step.
 */
export async function withWriteCheck(
  report: TestReport,
  uploader: Uploader,
  settings: DeliverySettings,
  signal: AbortSignal,
  defaultFolderId?: string,
): Promise<TestReport> {
  if (!settings.delivery) return report;
  const folderId = settings.deliveryFolderId || defaultFolderId;
  if (!folderId) {
    return {
      ...report,
      nextSteps: [
        ...report.nextSteps,
        'Delivery is on but has no folder yet: pick the delivery folder so dropped files have somewhere to go.',
      ],
    };
  }
  await uploader.probeWrite(folderId, signal);
  const name = await uploader.folderName(folderId, signal);
  return {
    ...report,
    details: [...report.details, { label: 'Delivery folder', value: `${name} — Skyhook may add files here` }],
  };
}
