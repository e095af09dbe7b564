/** The rejected lines of an import, as a table: line, column, what is wrong. One for every import on the Data page. */
import type { LineProblem } from '../../format/import-report.js';

export function LineErrorsTable({ rows, testId }: { rows: readonly LineProblem[]; testId?: string }) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Line</th>
          <th>Column</th>
          <th>Problem</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{r.line}</td>
            <td>{r.column}</td>
            <td>{r.problem}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
