import { Tooltip, Typography } from 'antd';

/** "—" for a figure that is not known, with why on hover. */
export function UnknownValue({ hint, testId }: { hint: string; testId?: string }) {
  return (
    <Tooltip title={hint}>
      <Typography.Text type="secondary" data-testid={testId} aria-label={hint}>
        —
      </Typography.Text>
    </Tooltip>
  );
}

/** A margin in basis points as a percentage: "—" with a hint when unknown, red below zero. */
export function MarginText({
  bp,
  unknownHint,
  testId,
}: {
  bp: number | null | undefined;
  /** Why it is unknown, e.g. "some products have no cost". */
  unknownHint: string;
  testId?: string;
}) {
  if (bp === null || bp === undefined) return <UnknownValue hint={unknownHint} testId={testId} />;
  return (
    <Typography.Text type={bp < 0 ? 'danger' : undefined} data-testid={testId}>
      {`${(bp / 100).toFixed(1)}%`}
    </Typography.Text>
  );
}
