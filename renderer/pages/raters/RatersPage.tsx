import { useState } from 'react';
import type { ArgsOf, IssuedToken, ResultOf } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { useApi, useMutation } from '../../api/useApi';
import { AddRaterForm } from './AddRaterForm';
import { IssuedLink } from './IssuedLink';
import { RaterTable } from './RaterTable';
import './raters.css';

/** Rater and lead profiles with their personal links: made here, shown once, replaced on demand. */
export function RatersPage() {
  const raters = useApi('raters.list', {}, { topics: ['raters'] });
  const create = useMutation('raters.create');
  const [issued, setIssued] = useState<{ token: IssuedToken; rotated: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const add = async (args: ArgsOf<'raters.create'>) => {
    setNotice(null);
    try {
      setIssued({ token: await create.run(args), rotated: false });
      return true;
    } catch {
      return false;
    }
  };
  const rotate = (rater: ResultOf<'raters.list'>[number]) =>
    invoke('raters.rotateToken', { id: rater.id }).then(
      (token) => {
        setNotice(null);
        setIssued({ token, rotated: true });
      },
      (error: unknown) => setNotice(`Could not make a new link for ${rater.name}: ${errorMessage(error)}`),
    );

  return (
    <main className="page raters-page">
      <section aria-labelledby="raters-heading">
        <h2 id="raters-heading">Raters</h2>
        <p className="muted">
          Each person rates through a personal link. A rater’s link opens only their rating tasks; a lead’s link can also create tasks and manage
          raters.
        </p>
        {raters.error && (
          <div className="banner banner-error" role="alert" data-testid="raters-error">
            Could not load the raters: {raters.error}
          </div>
        )}
        {issued && <IssuedLink key={issued.token.token} issued={issued.token} rotated={issued.rotated} onClose={() => setIssued(null)} />}
        <RaterTable raters={raters.data} highlighted={issued?.token.rater.id ?? null} onRotate={rotate} />
        {notice && (
          <div className="banner banner-error" role="alert">
            {notice}
          </div>
        )}
      </section>
      <section aria-labelledby="add-rater-heading" className="raters-add">
        <h2 id="add-rater-heading">Add a person</h2>
        <AddRaterForm busy={create.busy} error={create.error} onAdd={add} />
      </section>
    </main>
  );
}
