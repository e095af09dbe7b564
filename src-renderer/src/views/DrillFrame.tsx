/**
 * The frame of every list opened from a figure (a dashboard tile, an aging cell): a titled card with a close
 * button, the error or "Loading…" while the rows are not there, then the rows. Its heading takes the focus when
 * the list opens or changes, so keyboard and screen-reader users land on what they asked for.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function DrillFrame({
  id,
  testId,
  title,
  error,
  loading,
  onClose,
  children,
}: {
  id: string;
  testId: string;
  /** Plain text: it also says when the list changed (the heading then takes the focus again). */
  title: string;
  error: string | null;
  loading: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <section className="card drill" aria-labelledby={id} data-testid={testId}>
      <div className="card-head">
        <h2 id={id} tabIndex={-1} ref={heading}>
          {title}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close list">
          ✕
        </button>
      </div>
      {error && (
        <p role="alert" className="error-inline">
          {error}
        </p>
      )}
      {loading && !error && <p aria-busy="true">Loading…</p>}
      {!loading && children}
    </section>
  );
}
