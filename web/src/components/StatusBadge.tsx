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
    <Badge color={COLORS[status] ?? 'gray'} variant="light" radius="sm" tt="none">
      {label}
    </Badge>
  );
}
