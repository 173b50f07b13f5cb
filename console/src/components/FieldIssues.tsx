// Form items that show the server's problem+json issues beside the fields they concern. A page's provider says
// how to translate a reason and (optionally) how an API path maps to a form path.
import { Form, type FormItemProps, Typography } from 'antd';
import { createContext, type ReactNode, useContext } from 'react';

export interface FieldIssueLike {
  field: string;
  reason: string;
}

interface Issues {
  issues: FieldIssueLike[];
  map: (field: string) => string;
  text: (reason: string) => string;
  /** Lead of the line listing issues no field shows ("Fix these first:"). */
  fixFirst: string;
}

const IssuesContext = createContext<Issues>({ issues: [], map: (f) => f, text: (r) => r, fixFirst: '' });

export function FieldIssuesProvider({ children, ...value }: Issues & { children: ReactNode }) {
  return <IssuesContext.Provider value={value}>{children}</IssuesContext.Provider>;
}

/** The translated issues of one form path (exact, or below it when `nested`). */
function useIssuesFor(path: string, nested: boolean): string[] {
  const { issues, map, text } = useContext(IssuesContext);
  return [
    ...new Set(
      issues
        .filter((i) => {
          const f = map(i.field);
          return f === path || (nested && f.startsWith(`${path}.`));
        })
        .map((i) => text(i.reason)),
    ),
  ];
}

/** A Form.Item named by its API path (`params.pool`) that turns red with the server's explanation. */
export function IssueItem({
  issue,
  nested = false,
  ...item
}: FormItemProps & { issue: string; nested?: boolean }) {
  const found = useIssuesFor(issue, nested);
  const testId = `field-${issue}`;
  if (!found.length) return <Form.Item data-testid={testId} {...item} />;
  return (
    <Form.Item
      data-testid={testId}
      {...item}
      validateStatus="error"
      help={
        <span data-testid="field-issue">
          {found.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </span>
      }
    />
  );
}

/** Issues no field shows (e.g. about the whole form), so nothing the server said stays unexplained. */
export function OtherIssues({ shown }: { shown: (path: string) => boolean }) {
  const { issues, map, text, fixFirst } = useContext(IssuesContext);
  const rest = issues.filter((i) => !shown(map(i.field)));
  if (!rest.length) return null;
  return (
    <Typography.Text type="danger" data-testid="other-issues">
      {fixFirst} {[...new Set(rest.map((i) => (i.field ? `${i.field}: ` : '') + text(i.reason)))].join(' ')}
    </Typography.Text>
  );
}
