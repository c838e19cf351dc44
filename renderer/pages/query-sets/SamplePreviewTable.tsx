import { fixed3, percent, type SamplePreview } from './sample-format';

/** Per stratum: how many queries there are, their traffic, what the sample takes, the SD it assumes and the MDE it buys. */
export function SamplePreviewTable({ preview }: { preview: SamplePreview }) {
  const totalSample = preview.strata.reduce((sum, stratum) => sum + stratum.sampleSize, 0);
  return (
    <div className="sample-preview" data-testid="sample-preview">
      <div className="table-card">
        <table className="data-table" aria-label="Sample per stratum">
          <thead>
            <tr>
              <th scope="col">stratum</th>
              <th scope="col" className="num">
                population
              </th>
              <th scope="col" className="num">
                share of traffic
              </th>
              <th scope="col" className="num">
                sample
              </th>
              <th scope="col" className="num">
                SD of nDCG@10
              </th>
              <th scope="col" className="num">
                MDE of nDCG@10
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.strata.map((stratum) => (
              <tr key={stratum.key} data-stratum={stratum.key}>
                <th scope="row">{stratum.key}</th>
                <td className="num" data-column="population">
                  {stratum.population.toLocaleString()}
                </td>
                <td className="num" data-column="share">
                  {percent(stratum.trafficShare)}
                </td>
                <td className="num" data-column="sample">
                  {stratum.sampleSize.toLocaleString()}
                </td>
                <td className="num" data-column="sd" title={stratum.sdSource === 'judgments' ? 'measured on earlier judgments' : 'the default: no earlier judgments for this stratum'}>
                  {fixed3(stratum.sd)}
                  <span className="sd-source">{stratum.sdSource === 'judgments' ? 'judged' : 'default'}</span>
                </td>
                <td className="num" data-column="mde">
                  {fixed3(stratum.minimumDetectableEffect)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">whole sample</th>
              <td className="num">{preview.log.queries.toLocaleString()}</td>
              <td className="num">{percent(1)}</td>
              <td className="num">{totalSample.toLocaleString()}</td>
              <td className="num" />
              <td className="num" data-column="mde" data-testid="sample-mde">
                {fixed3(preview.minimumDetectableEffect)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="weighting-note" data-testid="weighting-note">
        {preview.weightingNote}
      </p>
      <p className="muted">
        MDE: the smallest true difference in mean nDCG@10 between two rankers that a paired t-test on this sample detects (α = 0.05, power 0.8).
        {preview.allocation && preview.allocation.requested !== preview.allocation.used && (
          <> Neyman allocation needs an SD measured on earlier judgments in every stratum, so this sample is allocated proportionally.</>
        )}
      </p>
    </div>
  );
}
