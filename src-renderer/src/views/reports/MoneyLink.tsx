/** A report figure that opens the entries behind it: the amount as a link-styled button, its value for tests. */
export function MoneyLink(props: { testId: string; value: number; text: string; bucket?: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className="link"
      data-testid={props.testId}
      data-bucket={props.bucket}
      data-value={props.value}
      onClick={props.onClick}
    >
      {props.text}
    </button>
  );
}
