import { useState } from 'react';
import type { IssuedToken } from '../../../core/api/contract';
import { transportKind } from '../../api/client';

/** The personal link a rater opens: it signs their browser in (the token becomes a cookie) and lands on rating. */
export const personalLink = (origin: string, token: string): string => `${origin}/?session=${encodeURIComponent(token)}#/rate`;

interface IssuedLinkProps {
  issued: IssuedToken;
  /** A fresh token for an existing rater: their old link no longer works. */
  rotated: boolean;
  onClose: () => void;
}

/** Shown once, right after a token is made: only its hash is stored, so nobody can show it again. */
export function IssuedLink({ issued, rotated, onClose }: IssuedLinkProps) {
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  // The desktop app has no web server: the token works in the link `relwb serve` answers to.
  const web = transportKind === 'web';
  const secret = web ? personalLink(window.location.origin, issued.token) : issued.token;
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    );
  return (
    <section className="issued-link card" aria-labelledby="issued-heading" data-testid="issued-link">
      <div className="section-head">
        <h3 id="issued-heading">
          {web ? 'Personal link' : 'Personal token'} for {issued.rater.name}
          <span className="badge">{issued.rater.role}</span>
        </h3>
        <button type="button" className="small-button" onClick={onClose}>
          Done
        </button>
      </div>
      <p className="issued-warning">
        Shown only this once: copy it now and send it to {issued.rater.name} privately. Anyone holding it {issued.rater.role === 'lead' ? 'acts as a lead' : 'rates as this person'}.
        {rotated && ' The previous link has stopped working.'}
      </p>
      <div className="issued-field">
        <input readOnly value={secret} aria-label={web ? 'Personal link' : 'Personal token'} spellCheck={false} onFocus={(event) => event.target.select()} />
        <button type="button" className="primary-button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {copied === 'ok' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'This browser refused the clipboard: select the text and copy it by hand.'}
      </p>
      {web ? (
        <p className="muted">
          The link uses this page’s address ({window.location.host}). A rater on another machine needs an address it can reach: start{' '}
          <code>relwb serve --host 0.0.0.0 --allow-host NAME</code> and replace the host in the link.
        </p>
      ) : (
        <p className="muted">
          The desktop app serves no web page. Run <code>relwb serve</code> on this data folder (add <code>--host 0.0.0.0</code> for raters on the
          network); the rater then opens <code>http://HOST:PORT/?session=TOKEN#/rate</code> with this token.
        </p>
      )}
    </section>
  );
}
