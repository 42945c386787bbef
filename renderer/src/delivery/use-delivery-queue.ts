import { useEffect, useState } from 'react';
import type { DeliveryJob, DeliveryTotals } from '../../../preload/contract';
import { call } from '../api/client';
import { useEvent } from '../api/events';

const noTotals: DeliveryTotals = { files: 0, finished: 0, totalBytes: 0, sentBytes: 0 };

/** The delivery queue as main reports it: the list once, then every change as an event. */
export function useDeliveryQueue(): { jobs: DeliveryJob[]; totals: DeliveryTotals } {
  const [jobs, setJobs] = useState<Map<string, DeliveryJob>>(new Map());
  const [totals, setTotals] = useState<DeliveryTotals>(noTotals);

  useEffect(() => {
    void call('delivery.list', {}).then((list) => {
      // Events that arrived first are newer than the list: they win.
      setJobs((current) => new Map([...list.jobs.map((job): [string, DeliveryJob] => [job.id, job]), ...current]));
      setTotals((current) => (current === noTotals ? list.totals : current));
    });
  }, []);

  useEvent('delivery.progress', (update) => {
    setJobs((current) => {
      const next = new Map(current);
      for (const job of update.jobs) next.set(job.id, job);
      for (const id of update.removed ?? []) next.delete(id);
      return next;
    });
    setTotals(update.totals);
  });

  return { jobs: [...jobs.values()], totals };
}
