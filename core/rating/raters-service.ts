import { createHash, randomBytes } from 'node:crypto';
import type { RuntimeContext } from '../context/runtime-context';
import { LOCAL_USER_NAME, raterCaller, type Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import type { RaterRow } from '../store/raters-table';

export const RATER_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,59}$/u;

/** Tokens are stored only as this hash, so a copy of the database does not hand out access. */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface IssuedToken {
  rater: RaterRow;
  /** Shown once: only its hash is kept. */
  token: string;
}

/**
 * Rater profiles and their tokens. The desktop and CLI user rates as the lead profile named "local";
 * in web mode a person is whoever their token names, and a rater's token can only rate assignments.
 */
/** Who is calling: a rater's profile, or the local lead (id null until it first labels). */
export interface CallerProfile {
  id: number | null;
  name: string;
  role: RaterRow['role'];
}

export function createRatersService(ctx: RuntimeContext) {
  const { store } = ctx;
  const issue = (rater: RaterRow): IssuedToken => {
    const token = randomBytes(24).toString('base64url');
    store.raters.setTokenHash(rater.id, tokenHash(token));
    return { rater: { ...rater, hasToken: true }, token };
  };
  const requireRater = (id: number): RaterRow => {
    const rater = store.raters.find(id);
    if (!rater) throw new AppError('NOT_FOUND', `no rater with id ${id}`, { field: 'rater' });
    return rater;
  };

  const service = {
    list: (): RaterRow[] => store.raters.list(),

    /** A new profile with a personal token (the link a lead sends to that person). */
    create({ name, role }: { name: string; role: RaterRow['role'] }, caller: Caller): IssuedToken {
      if (!RATER_NAME_PATTERN.test(name)) throw new AppError('INVALID_ARGS', `rater name "${name}" must be 1-60 letters, digits, spaces, dots, dashes`, { field: 'name' });
      if (name === LOCAL_USER_NAME || store.raters.findByName(name)) throw new AppError('ALREADY_EXISTS', `there is already a rater named "${name}"`, { field: 'name' });
      return store.transaction(() => {
        const id = store.raters.insert({ name, role, tokenHash: null, createdBy: caller.name }, ctx.now().toISOString());
        const issued = issue(requireRater(id));
        ctx.events.changed('raters');
        return issued;
      });
    },

    /** A fresh token for a rater; the old one stops working at once. */
    rotateToken(id: number): IssuedToken {
      const rater = requireRater(id);
      if (rater.name === LOCAL_USER_NAME) throw new AppError('INVALID_ARGS', 'the local user needs no token', { field: 'rater' });
      const issued = issue(rater);
      ctx.events.changed('raters');
      return issued;
    },

    /** The caller a token stands for, or null: the web host's token check. */
    resolveToken(token: string): Caller | null {
      const rater = store.raters.findByTokenHash(tokenHash(token));
      return rater ? raterCaller(rater) : null;
    },

    /** Who the caller rates as, and whether they lead (so a screen can leave out what they may not do). */
    /** Who the caller is; asking creates nothing (the local profile appears with its first label). */
    me(caller: Caller): CallerProfile {
      if (caller.raterId === null) return { id: store.raters.findByName(LOCAL_USER_NAME)?.id ?? null, name: LOCAL_USER_NAME, role: 'lead' };
      const { id, name, role } = requireRater(caller.raterId);
      return { id, name, role };
    },

    /** The profile a caller's labels are recorded under; the local and CLI user get the "local" lead profile. */
    profileOf(caller: Caller): RaterRow {
      if (caller.raterId !== null) return requireRater(caller.raterId);
      const existing = store.raters.findByName(LOCAL_USER_NAME);
      if (existing) return existing;
      const id = store.raters.insert({ name: LOCAL_USER_NAME, role: 'lead', tokenHash: null, createdBy: caller.name }, ctx.now().toISOString());
      return requireRater(id);
    },
  };
  return service;
}

export type RatersService = ReturnType<typeof createRatersService>;
