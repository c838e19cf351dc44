import { sql as initial } from './0001-initial';

/** Migration N (1-based) brings a database from user_version N-1 to N. */
export const migrations: readonly string[] = [initial];
