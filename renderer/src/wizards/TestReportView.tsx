import type { TestReport } from '../../../preload/contract';
import { CopyButton } from '../components/CopyButton';

export function TestReportView({ report }: { report: TestReport }) {
  return (
    <div className="message message-success">
      <p className="message-title">{report.summary}</p>
      {report.details.length > 0 && (
        <dl className="facts">
          {report.details.map((d) => (
            <div key={d.label}>
              <dt>{d.label}</dt>
              <dd>
                {d.value} {d.copyable && <CopyButton value={d.value} label={`Copy ${d.label.charAt(0).toLowerCase()}${d.label.slice(1)}`} />}
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
