import { sql as initial } from './0001-initial';
import { sql as retrieval } from './0002-retrieval';
import { sql as runs } from './0003-runs';
import { sql as declinedDemos } from './0004-declined-demos';
import { sql as operations } from './0005-operations';
import { sql as rating } from './0006-rating';
import { sql as judgmentImports } from './0007-judgment-imports';
import { sql as comparisons } from './0008-comparisons';

/** Migration N (1-based) brings a database from user_version N-1 to N. */
export const migrations: readonly string[] = [initial, retrieval, runs, declinedDemos, operations, rating, judgmentImports, comparisons];
