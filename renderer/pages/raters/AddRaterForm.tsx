import { useState, type FormEvent } from 'react';
import type { ArgsOf } from '../../../core/api/contract';

interface AddRaterFormProps {
  busy: boolean;
  error: string | null;
  /** Resolves true when the profile was made: the form then clears. */
  onAdd: (args: ArgsOf<'raters.create'>) => Promise<boolean>;
}

/** Name and role of a new profile; the backend checks the name (pattern, taken). */
export function AddRaterForm({ busy, error, onAdd }: AddRaterFormProps) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<'rater' | 'lead'>('rater');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onAdd({ name: name.trim(), role })) {
      setName('');
      setRole('rater');
    }
  };
  return (
    <form className="add-rater card" onSubmit={(event) => void submit(event)} aria-label="Add a rater">
      <label>
        Name
        <input
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="alice"
          required
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'add-rater-error' : undefined}
        />
      </label>
      <label>
        Role
        <select value={role} onChange={(event) => setRole(event.target.value as 'rater' | 'lead')}>
          <option value="rater">rater: rates assigned tasks</option>
          <option value="lead">lead: also creates tasks and manages raters</option>
        </select>
      </label>
      <button type="submit" className="primary-button" disabled={busy}>
        {busy ? 'Adding…' : 'Add and make link'}
      </button>
      {error && (
        <span className="field-error add-rater-error" id="add-rater-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
