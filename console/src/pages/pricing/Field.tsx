// Form items that show the server's explanation of what is wrong with them. The form provides
// the issues (IssuesProvider); each Field shows those for its API field path, translated.
import { Alert, Form, type FormItemProps } from 'antd';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../api-types';
import { issueText } from './issue-text';

interface IssueLookup {
  /** Translated messages for these API field paths (exact, or under them when `nested`). */
  messages(paths: string[], nested: boolean): string[];
}

const IssuesContext = createContext<IssueLookup>({ messages: () => [] });

export function IssuesProvider({ issues, children }: { issues: FieldIssue[]; children: ReactNode }) {
  const { t } = useTranslation();
  const lookup = useMemo<IssueLookup>(
    () => ({
      messages: (paths, nested) =>
        issues
          .filter((i) => paths.some((p) => i.field === p || (nested && i.field.startsWith(`${p}.`))))
          .map((i) => issueText(i, t)),
    }),
    [issues, t],
  );
  return <IssuesContext.Provider value={lookup}>{children}</IssuesContext.Provider>;
}

interface FieldProps extends FormItemProps {
  /** The API field path this item edits, e.g. "rule.tiers.0.off". */
  issue: string;
  /** Further API paths whose issues show here (e.g. "presale" on the deposit). */
  also?: string[];
  /** Also show issues of paths under this one ("scope.storeIds.0" on the store list). */
  nested?: boolean;
}

/** A Form.Item that turns red with the server's explanation when its field has an issue. */
export function Field({ issue, also = [], nested = false, ...item }: FieldProps) {
  const { messages } = useContext(IssuesContext);
  const found = messages([issue, ...also], nested);
  const testId = `field-${issue}`;
  if (!found.length) return <Form.Item data-testid={testId} {...item} />;
  return (
    <Form.Item
      data-testid={testId}
      {...item}
      validateStatus="error"
      help={
        <span data-testid="field-issue">
          {[...new Set(found)].map((m) => (
            <div key={m}>{m}</div>
          ))}
        </span>
      }
    />
  );
}

/** Every issue in one list, for after a save attempt: nothing is left unexplained. */
export function IssueSummary({ issues }: { issues: FieldIssue[] }) {
  const { t } = useTranslation();
  if (!issues.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="issue-summary"
      title={t('form.fixFirst')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {[...new Set(issues.map((i) => issueText(i, t)))].map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      }
    />
  );
}
