import type { TestReport } from '../../../preload/contract';
import { CopyButton } from '../components/CopyButton';

/** A passed test; `account` is who signed in for it (the wizard's Sign in). */
export function TestReportView({ report, account }: { report: TestReport; account?: string | undefined }) {
  return (
    <div className="message message-success">
      {account && <p className="message-title">Signed in as {account}.</p>}
      <p className="message-title">{report.summary}</p>
      {report.details.length > 0 && (
        <dl className="facts">
          {report.details.map((d) => (
            <div key={d.label}>
              <dt>{d.label}</dt>
              <dd>
                {d.value}{' '}
                {d.copyable && <CopyButton value={d.value} label={`Copy ${d.label.charAt(0).toLowerCase()}${d.label.slice(1)}`} />}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {report.nextSteps.length > 0 && (
        <>
          <p className="message-subtitle">Next</p>
          <ol>
            {report.nextSteps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
