/**
 * A comparison as one self-contained HTML file: inline SVG charts, the tables behind them, the settings
 * and the content hashes of everything the numbers came from. No script, no external resource: it opens
 * offline in any browser, and every text from data is escaped.
 */
import { formatFixed } from '../eval/format-number';
import { RBO_PERSISTENCE, rboPrefixWeight } from './dashboard-figures';
import type { Dashboard, Provenance } from './dashboard-service';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

const RUN_COLORS = ['#3b6fd8', '#e0822b', '#2f9e6b', '#c2415b', '#7d5bc7', '#8a6d3b', '#2a9fb0', '#6b7280'];
const colorOf = (run: number) => RUN_COLORS[run % RUN_COLORS.length]!;

/** A number as the CLI prints it (4 decimals); '—' for what cannot be computed. */
export function reportNumber(value: number | null | undefined, decimals = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : formatFixed(value, decimals);
}
const signed = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${formatFixed(value, 4)}` : '—');
const pValue = (value: number) => (!Number.isFinite(value) ? '—' : value < 0.0001 ? '<0.0001' : formatFixed(value, 4));

function table(caption: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

interface Bar {
  label: string;
  value: number;
  low?: number;
  high?: number;
  color: string;
}

/** Vertical bars with optional error bars on a [min(0, low), max(high)] axis; `reference` draws a dashed line (e.g. a threshold). */
function barChart(title: string, bars: readonly Bar[], options: { width?: number; height?: number; reference?: number; tickDecimals?: number } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const margin = { top: 28, right: 12, bottom: 44, left: 52 };
  const values = [...bars.flatMap((bar) => [bar.value, bar.low ?? bar.value, bar.high ?? bar.value]), ...(options.reference === undefined ? [] : [options.reference])].filter(Number.isFinite);
  const min = Math.min(0, ...values);
  const max = Math.max(1e-9, ...values);
  const plotHeight = height - margin.top - margin.bottom;
  const plotWidth = width - margin.left - margin.right;
  const y = (value: number) => margin.top + ((max - value) / (max - min)) * plotHeight;
  const slot = plotWidth / Math.max(1, bars.length);
  const barWidth = Math.max(1, Math.min(48, slot * 0.7));
  const middle = options.tickDecimals === 0 ? Math.round((min + max) / 2) : (min + max) / 2;
  const ticks = [min, middle, max].map(
    (tick) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" class="grid"/><text x="${margin.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(formatFixed(tick, options.tickDecimals ?? 2))}</text>`,
  );
  const marks = bars.map((bar, i) => {
    const x = margin.left + slot * i + (slot - barWidth) / 2;
    const top = y(Math.max(0, bar.value));
    const bottom = y(Math.min(0, bar.value));
    const error =
      bar.low !== undefined && bar.high !== undefined && Number.isFinite(bar.low) && Number.isFinite(bar.high)
        ? `<line class="ci" x1="${(x + barWidth / 2).toFixed(1)}" x2="${(x + barWidth / 2).toFixed(1)}" y1="${y(bar.low).toFixed(1)}" y2="${y(bar.high).toFixed(1)}"/>` +
          [bar.low, bar.high].map((end) => `<line class="ci" x1="${(x + barWidth / 4).toFixed(1)}" x2="${(x + (3 * barWidth) / 4).toFixed(1)}" y1="${y(end).toFixed(1)}" y2="${y(end).toFixed(1)}"/>`).join('')
        : '';
    const label = bars.length <= 16 ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${escapeHtml(bar.label.slice(0, 18))}</text>` : '';
    return `<g><title>${escapeHtml(`${bar.label}: ${reportNumber(bar.value)}`)}</title><rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(0.5, bottom - top).toFixed(1)}" fill="${bar.color}"/>${error}${label}</g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><text x="${margin.left}" y="16" class="title">${escapeHtml(title)}</text>${ticks.join('')}<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" class="axis"/>${marks.join('')}${
    options.reference === undefined ? '' : `<line class="reference" x1="${margin.left}" x2="${width - margin.right}" y1="${y(options.reference).toFixed(1)}" y2="${y(options.reference).toFixed(1)}"/>`
  }</svg>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;color:#1f2933;margin:24px auto;max-width:1040px;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d8dee4;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600;padding:4px 0;white-space:nowrap}
th,td{border:1px solid #d8dee4;padding:3px 8px;text-align:left}th{background:#f3f5f7}
svg.chart{display:block;margin:8px 0;background:#fff;border:1px solid #e5e9ee}svg text{font:11px system-ui,sans-serif;fill:#3e4c59}svg text.title{font-weight:600;font-size:12px}
.grid{stroke:#edf0f3}.reference{stroke:#c2415b;stroke-dasharray:5 4;stroke-width:1.5}.axis{stroke:#9aa5b1}.ci{stroke:#1f2933;stroke-width:1.5}
.warning{border:2px solid #c2415b;background:#fdecef;padding:8px 12px;font-weight:600}
code{font:12px ui-monospace,monospace;word-break:break-all}.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
`;

/** The self-contained HTML report of a dashboard. */
export function dashboardReportHtml(dashboard: Dashboard, provenance: Provenance): string {
  const runName = (index: number) => dashboard.runs[index]!.name;
  const pairName = (pair: { baseline: number; contender: number }) => `${runName(pair.contender)} − ${runName(pair.baseline)}`;
  const sections: string[] = [];
  const legend = `<p class="legend">${dashboard.runs.map((run, i) => `<span><i style="background:${colorOf(i)}"></i>${escapeHtml(run.name)}</span>`).join('')}</p>`;

  sections.push(`<h2>Settings</h2>${table('Settings', ['setting', 'value'], [
    ['dataset', dashboard.dataset],
    ['query set', `${dashboard.querySet.name} (#${dashboard.querySet.id}, ${dashboard.querySet.queryCount} queries)`],
    ['labels', dashboard.labels.description],
    ['evaluated queries', String(dashboard.queries.length)],
    ['k', String(dashboard.k)],
    ['seed / bootstrap resamples / sign flips', `${dashboard.seed} / ${dashboard.resamples} / ${dashboard.permutations}`],
    ['Judged@k warning below', formatFixed(dashboard.coverage.threshold, 2)],
    ['reproduce', dashboard.reproduce],
    ['generated', `${provenance.generatedAt} by Relevance Workbench ${provenance.appVersion}`],
  ])}${table('Runs', ['run', 'id', 'source', 'variant', 'depth', 'queries', 'origin'], dashboard.runs.map((run) => [run.name, String(run.id), run.source, run.variant ?? '—', String(run.depth), String(run.queryCount), run.origin]))}`);

  const below = dashboard.coverage.belowThreshold;
  const coverageWarning = below.length
    ? `<p class="warning">Judged@${dashboard.k} is below ${formatFixed(dashboard.coverage.threshold, 2)} for ${below.map(runName).map(escapeHtml).join(', ')}: unjudged documents count as non-relevant, so these scores are biased low. ${dashboard.coverage.gapPairs} unjudged pairs in the union of the top ${dashboard.k}.</p>`
    : '';
  sections.push(
    `<h2>Judged@${dashboard.k} coverage</h2>${coverageWarning}${barChart(`Judged@${dashboard.k} per run`, dashboard.coverage.judged.map((value, i) => ({ label: runName(i), value, color: colorOf(i) })), { reference: dashboard.coverage.threshold })}${table(
      `Judged@${dashboard.k}`,
      ['run', `Judged@${dashboard.k}`],
      dashboard.coverage.judged.map((value, i) => [runName(i), reportNumber(value)]),
    )}`,
  );

  sections.push(`<h2>Means with 95% confidence intervals</h2>${legend}`);
  for (const measure of dashboard.measures) {
    sections.push(
      barChart(`${measure.label} (mean, 95% t interval)`, measure.means.map((value, i) => ({ label: runName(i), value, low: measure.meanIntervals[i]![0], high: measure.meanIntervals[i]![1], color: colorOf(i) }))),
      table(`${measure.label} means`, ['run', 'mean', '95% CI low', '95% CI high'], measure.means.map((value, i) => [runName(i), reportNumber(value), reportNumber(measure.meanIntervals[i]![0]), reportNumber(measure.meanIntervals[i]![1])])),
    );
  }

  const holm = dashboard.runs.length > 2;
  sections.push('<h2>Paired differences</h2>');
  for (const measure of dashboard.measures) {
    sections.push(
      barChart(`${measure.label}: delta per pair (95% bootstrap CI)`, measure.pairs.map((pair) => ({ label: pairName(pair), value: pair.delta, low: pair.confidenceInterval[0], high: pair.confidenceInterval[1], color: colorOf(pair.contender) }))),
      table(
        `${measure.label} pairs`,
        ['pair', 'delta', '95% CI (bootstrap)', 't-test p', 'rand. p', ...(holm ? ['t p Holm', 'rand. p Holm'] : []), 'W/T/L', 'd_z', 'MDE@80%'],
        measure.pairs.map((pair) => [
          pairName(pair),
          signed(pair.delta),
          `[${signed(pair.confidenceInterval[0])}, ${signed(pair.confidenceInterval[1])}]`,
          pValue(pair.tTest.pValue),
          pValue(pair.randomizationPValue),
          ...(holm ? [pValue(pair.tTestPValueHolm), pValue(pair.randomizationPValueHolm)] : []),
          `${pair.winTieLoss.wins}/${pair.winTieLoss.ties}/${pair.winTieLoss.losses}`,
          reportNumber(pair.effectSizeDz, 3),
          reportNumber(pair.minimumDetectableEffect),
        ]),
      ),
    );
    if (measure.tukey) {
      sections.push(
        table(
          `${measure.label}: Tukey HSD (MSE ${reportNumber(measure.tukey.meanSquareError, 6)}, df ${measure.tukey.degreesOfFreedom}, q crit ${reportNumber(measure.tukey.criticalQ, 3)})`,
          ['pair', 'difference', 'simultaneous 95% CI', 'q', 'p'],
          measure.tukey.pairs.map((pair) => [pairName(pair), signed(pair.difference), `[${signed(pair.confidenceInterval[0])}, ${signed(pair.confidenceInterval[1])}]`, reportNumber(pair.q, 3), pValue(pair.pValue)]),
        ),
      );
    }
  }

  const headline = dashboard.measures[0]!;
  sections.push('<h2>Per-query deltas</h2>');
  headline.pairs.forEach((pair, p) => {
    const deltas = headline.deltas[p]!;
    sections.push(
      barChart(`${headline.label}: ${pairName(pair)} per query, biggest loss to biggest win`, deltas.map((row) => ({ label: row.queryId, value: row.delta, color: row.delta < 0 ? '#c2415b' : '#2f9e6b' })), { width: 960 }),
      table(`${headline.label} per-query deltas, ${pairName(pair)}`, ['query', 'delta'], deltas.map((row) => [row.queryId, signed(row.delta)])),
    );
  });

  sections.push(`<h2>Score distributions</h2>${legend}`);
  for (const measure of dashboard.measures) {
    const bars = measure.histograms.flatMap((bins, run) => bins.map((bin) => ({ label: `${formatFixed(bin.from, 1)}`, value: bin.count, color: colorOf(run) })));
    sections.push(
      barChart(`${measure.label}: queries per score bin (0–0.1 … 0.9–1), run by run`, bars, { width: 960, tickDecimals: 0 }),
      table(`${measure.label} distribution`, ['bin', ...dashboard.runs.map((run) => run.name)], measure.histograms[0]!.map((bin, b) => [`[${formatFixed(bin.from, 1)}, ${formatFixed(bin.to, 1)}${b === measure.histograms[0]!.length - 1 ? ']' : ')'}`, ...measure.histograms.map((bins) => String(bins[b]!.count))])),
    );
  }

  sections.push(`<h2>Segments</h2><p>${escapeHtml(dashboard.segments.note)}</p>`);
  if (dashboard.segments.segments.length > 0) {
    for (const [m, measure] of dashboard.measures.entries()) {
      sections.push(
        table(
          `${measure.label} by segment`,
          ['segment', 'queries', 'weight', ...dashboard.runs.map((run) => `${run.name} mean`), ...measure.pairs.map((pair) => `${pairName(pair)} delta [95% CI] p`)],
          dashboard.segments.segments.map((segment) => {
            const figures = segment.measures[m]!;
            return [
              segment.key,
              String(segment.queries),
              segment.weight === null ? '—' : reportNumber(segment.weight),
              ...figures.means.map((value) => reportNumber(value)),
              ...figures.pairs.map((pair) => `${signed(pair.delta)} [${signed(pair.confidenceInterval[0])}, ${signed(pair.confidenceInterval[1])}] p=${pValue(pair.tTestPValue)}`),
            ];
          }),
        ),
      );
    }
    if (dashboard.segments.weighted.length > 0) {
      sections.push(
        table(
          'Stratum-weighted means (± standard error)',
          ['measure', ...dashboard.runs.map((run) => run.name)],
          dashboard.segments.weighted.map((row) => [row.measure, ...row.means.map((value) => `${reportNumber(value.mean)} ± ${reportNumber(value.standardError)}`)]),
        ),
      );
    }
  }

  sections.push(
    `<h2>List overlap (top ${dashboard.k})</h2><p>Extrapolated RBO with p = ${RBO_PERSISTENCE}: the top ${dashboard.k} carry ${formatFixed(100 * rboPrefixWeight(RBO_PERSISTENCE, dashboard.k), 1)}% of its weight (Webber, Moffat and Zobel 2010, eq. 21).</p>`,
  );
  for (const pair of dashboard.overlap) {
    sections.push(
      barChart(`RBO (p = 0.9) per query: ${pairName(pair)}`, pair.perQuery.map((row) => ({ label: row.queryId, value: row.rbo, color: colorOf(pair.contender) })), { width: 960, height: 200 }),
      table(`Overlap ${pairName(pair)} (mean Jaccard@${dashboard.k} ${reportNumber(pair.meanJaccard)}, mean RBO ${reportNumber(pair.meanRbo)})`, ['query', `Jaccard@${dashboard.k}`, 'RBO'], pair.perQuery.map((row) => [row.queryId, reportNumber(row.jaccard), reportNumber(row.rbo)])),
    );
  }

  sections.push(
    `<h2>Provenance</h2>${table('Content hashes (SHA-256)', ['what', 'detail', 'sha256'], [
      ['query set', `${provenance.querySet.name} (#${provenance.querySet.id})`, provenance.querySet.contentHash],
      ['judgments', `${provenance.judgments.description}; sorted qrels lines`, provenance.judgments.sha256],
      ['index', `${provenance.index.dataset}: ${provenance.index.docCount} documents, table ${provenance.index.lanceTable}, indexed ${provenance.index.indexedAt ?? 'never'}`, provenance.index.sha256],
      ...provenance.runs.flatMap((run) => [
        [`run ${run.name}`, `#${run.id}, TREC run text`, run.sha256],
        ...(run.variantSpecHash ? [[`variant spec of ${run.name}`, run.variant ?? '', run.variantSpecHash]] : []),
      ]),
      ...provenance.models.flatMap((model) => (model.files.length === 0 ? [[`model ${model.id}`, 'not installed here', '—']] : model.files.map((file) => [`model ${model.id}`, file.name, file.sha256]))),
    ])}<h3>Query set origin</h3><pre><code>${escapeHtml(JSON.stringify(provenance.querySet.origin, null, 2))}</code></pre>`,
  );

  const title = `Comparison on ${dashboard.dataset}: ${dashboard.runs.map((run) => run.name).join(' vs ')}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${sections.join('\n')}
</body></html>
`;
}

/** The JSON report: the dashboard and its provenance, with non-finite numbers as null. */
export function dashboardReportJson(dashboard: Dashboard, provenance: Provenance): string {
  return `${JSON.stringify({ dashboard, provenance }, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
