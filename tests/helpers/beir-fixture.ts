import fs from 'node:fs';
import path from 'node:path';

export interface BeirFixture {
  corpus?: string[];
  queries?: string[];
  qrels?: string[] | null;
}

export const beirDoc = (id: string, title: string, text: string) => JSON.stringify({ _id: id, title, text });
const doc = beirDoc;

/** Two aircraft, two protein and one shock-wave document: small enough to reason about every ranking. */
export const AERO_CORPUS = [
  doc('a1', 'Aircraft wing lift', 'lift of an aircraft wing in a slipstream'),
  doc('a2', 'Wings and lift', 'the lift of swept wings at high speed'),
  doc('a3', 'Aircraft noise', 'noise of jet aircraft on the ground'),
  doc('p1', 'Protein folding', 'how a protein folds into its native shape'),
  doc('p2', 'Folding kinetics', 'kinetics of protein folding measured by fluorescence'),
  doc('s1', 'Shock waves', 'oblique shock waves on a wedge'),
];

/** A small, valid BEIR folder; override any file's lines (or pass null qrels to leave the folder out). */
export function writeBeirFolder(dir: string, overrides: BeirFixture = {}): string {
  const corpus = overrides.corpus ?? [
    doc('d1', 'Wing flutter', 'flutter of a swept wing at transonic speed'),
    doc('d2', 'Boundary layers', 'heat transfer in a laminar boundary layer'),
    doc('d3', 'Shock waves', 'oblique shock waves on a wedge in supersonic flow'),
  ];
  const queries = overrides.queries ?? [JSON.stringify({ _id: 'q1', text: 'boundary layer heat' }), JSON.stringify({ _id: 'q2', text: 'wing flutter' })];
  const qrels = overrides.qrels === undefined ? ['query-id\tcorpus-id\tscore', 'q1\td2\t2', 'q2\td1\t1', 'q2\td3\t0'] : overrides.qrels;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'corpus.jsonl'), corpus.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'queries.jsonl'), queries.join('\n') + '\n');
  if (qrels) {
    fs.mkdirSync(path.join(dir, 'qrels'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'qrels', 'test.tsv'), qrels.join('\n') + '\n');
  }
  return dir;
}
