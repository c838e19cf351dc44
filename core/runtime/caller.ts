/**
 * Who is calling, attached by the transport, never taken from request arguments: every write is
 * attributed to its caller. The desktop user and the CLI user are the lead of their own data folder;
 * in web mode a person is whoever their token says.
 */
export type CallerKind = 'local' | 'cli' | 'rater';
export type Transport = 'electron' | 'http' | 'cli' | 'in-process';
export type CallerRole = 'lead' | 'rater';

export interface Caller {
  kind: CallerKind;
  transport: Transport;
  /** A lead creates tasks, adjudicates and manages data; a rater only rates their assignments. */
  role: CallerRole;
  /** The rater profile behind a token; null for the local and CLI users until they rate as someone. */
  raterId: number | null;
  /** For attribution in logs and exports. */
  name: string;
}

export const LOCAL_USER_NAME = 'local';

export function localCaller(transport: Transport): Caller {
  return { kind: 'local', transport, role: 'lead', raterId: null, name: LOCAL_USER_NAME };
}

export function cliCaller(): Caller {
  return { kind: 'cli', transport: 'cli', role: 'lead', raterId: null, name: 'cli' };
}

export function raterCaller(rater: { id: number; name: string; role: CallerRole }, transport: Transport = 'http'): Caller {
  return { kind: 'rater', transport, role: rater.role, raterId: rater.id, name: rater.name };
}
