// Form items of the configuration form that turn red with the server's explanation of their field.
// The form provides the refused save's issues (ConfigIssues); each item shows those of its API path.
import { Form, type FormItemProps } from 'antd';
import { createContext, type ReactNode, useContext } from 'react';
import { issuePath, namePath } from './config-form';

interface Lookup {
  /** Translated messages of the issues at exactly this path. */
  messages(path: string): string[];
}

const IssuesContext = createContext<Lookup>({ messages: () => [] });

export function ConfigIssues({ lookup, children }: { lookup: Lookup; children: ReactNode }) {
  return <IssuesContext.Provider value={lookup}>{children}</IssuesContext.Provider>;
}

/** Builds the lookup from the issues (API field paths) and how to word one. */
export function issueLookup<I extends { field: string }>(issues: I[], text: (issue: I) => string): Lookup {
  return {
    messages: (path) => [...new Set(issues.filter((i) => issuePath(i.field) === path).map(text))],
  };
}

interface Props extends Omit<FormItemProps, 'name'> {
  /** The API path of the value, e.g. "store.metrics.cancel_rate.target" (also the form's name path). */
  path: string;
}

export function ConfigField({ path, ...item }: Props) {
  const found = useContext(IssuesContext).messages(path);
  const testId = `field-${path}`;
  if (!found.length) return <Form.Item data-testid={testId} name={namePath(path)} {...item} />;
  return (
    <Form.Item
      data-testid={testId}
      name={namePath(path)}
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
