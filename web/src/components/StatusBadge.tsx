import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  pending: 'yellow',
  approved: 'teal',
  rejected: 'red',
  suspended: 'gray',
  confirmed: 'teal',
  waitlisted: 'orange',
  cancelled: 'gray',
  open: 'teal',
  planned: 'blue',
  in_progress: 'indigo',
  completed: 'gray',
  draft: 'gray',
  submitted: 'blue',
  under_review: 'indigo',
  awarded: 'teal',
  accepted: 'teal',
  withdrawn: 'gray',
  declined: 'gray',
};

/** A status as a coloured label; the text is already translated by the caller. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    // Dark text on a light tint reads at 4.5:1 whatever the colour; the dot carries the hue.
    <Badge
      color={COLORS[status] ?? 'gray'}
      variant="light"
      radius="sm"
      tt="none"
      c="dark.8"
      fw={600}
      leftSection={
        <span
          aria-hidden
          style={{
            inlineSize: 8,
            blockSize: 8,
            borderRadius: 4,
            background: `var(--mantine-color-${COLORS[status] ?? 'gray'}-7)`,
          }}
        />
      }
    >
      {label}
    </Badge>
  );
}
