import type { ArgsOf } from '../../../core/api/contract';
import { useMutation } from '../../api/useApi';
import { downloadText } from './dashboard-format';

/** Downloads the comparison as a self-contained HTML report (no script, charts as SVG) or as JSON. */
export function ReportButtons({ comparison }: { comparison: ArgsOf<'dashboard.report'>['comparison'] }) {
  const report = useMutation('dashboard.report');
  const save = (format: 'html' | 'json') =>
    void report.run({ format, comparison }).then(
      (file) => downloadText(file.fileName, file.text, file.mimeType),
      () => undefined,
    );
  return (
    <div className="report-buttons">
      <button type="button" className="small-button" disabled={report.busy} onClick={() => save('html')}>
        Report (HTML)
      </button>
      <button type="button" className="small-button" disabled={report.busy} onClick={() => save('json')}>
        Report (JSON)
      </button>
      {report.error && <span className="dashboard-problem">{report.error}</span>}
    </div>
  );
}
