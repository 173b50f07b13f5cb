// The configuration in force as a form (operators): one tab per score kind and one for the linkage; saving
// makes a new version with a note. The server's 422 issues show beside their fields (and count on their
// tabs); a 409 means someone saved meanwhile and offers to reload.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Flex, Form, Input, Tabs, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { ApiError, api, showApiError } from '../../api';
import type { FieldIssue } from '../../api-types';
import { formatInstant } from '../../format';
import { ConfigIssues, issueLookup } from './ConfigField';
import { ConfigKindFields } from './ConfigKindFields';
import { ConfigLinkageFields } from './ConfigLinkageFields';
import {
  type ConfigFormValues,
  configIssueText,
  fromForm,
  issuePath,
  issueSection,
  knownPaths,
  staleNotice,
  toForm,
} from './config-form';
import { savedBy } from './score-format';
import { useST } from './score-i18n';
import { SCORE_KEY } from './score-queries';
import { type ConfigVersion, type MetricCatalogue, SCORE_KINDS } from './score-types';

interface Props {
  current: ConfigVersion;
  catalogue: MetricCatalogue;
  onReload: () => void;
}

export function ConfigForm({ current, catalogue, onReload }: Props) {
  const { st, known } = useST();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ConfigFormValues>();
  const initial = useMemo(() => toForm(current.config, catalogue), [current, catalogue]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  /** The 409's issues once a save found a newer version in force (the notice names it). */
  const [stale, setStale] = useState<FieldIssue[] | null>(null);
  const [tab, setTab] = useState<string>('store');

  const save = useMutation({
    mutationFn: (values: ConfigFormValues) =>
      api<ConfigVersion>('/v1/scoring/config', {
        method: 'PUT',
        body: {
          baseVersion: current.version,
          note: values.note?.trim() || undefined,
          config: fromForm(values, current.config, catalogue),
        },
      }),
    // Refusals show beside the fields; anything else is reported below.
    meta: { silent: true },
    onSuccess: async (saved) => {
      setIssues([]);
      void message.success(st('config.saved', { version: saved.version }));
      await queryClient.invalidateQueries({ queryKey: SCORE_KEY });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        setStale(e.issues);
      } else if (e instanceof ApiError && e.issues.length && (e.status === 422 || e.status === 400)) {
        setIssues(e.issues);
        const first = issueSection(e.issues[0]?.field ?? '');
        if (first) setTab(first);
        void message.error(st('config.refused'));
      } else showApiError(e);
    },
  });

  const text = useCallback(
    (i: FieldIssue) => configIssueText(i, st, known, catalogue),
    [st, known, catalogue],
  );
  const lookup = useMemo(() => issueLookup(issues, text), [issues, text]);
  const shown = useMemo(() => knownPaths(current.config), [current]);
  const others = issues.filter((i) => !shown.has(issuePath(i.field)));
  const countIn = (section: string) => issues.filter((i) => issueSection(i.field) === section).length;
  const label = (section: string, text: string) => (
    <span data-testid={`config-tab-${section}`}>
      <Badge count={countIn(section)} size="small" offset={[8, -2]}>
        {text}
      </Badge>
    </span>
  );
  const kinds = Object.fromEntries(catalogue.kinds.map((k) => [k.kind, k]));

  return (
    <Card
      title={
        <Flex gap={8} align="baseline" wrap>
          <span>{st('config.title')}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="config-version">
            {st('config.version', { version: current.version })} ·{' '}
            {st('config.by', { who: savedBy(current, st), at: formatInstant(current.createdAt) })}
          </Typography.Text>
        </Flex>
      }
    >
      <ConfigIssues lookup={lookup}>
        <Form<ConfigFormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          data-testid="config-form"
          onValuesChange={() => issues.length && setIssues([])}
          onFinish={(v) => save.mutate(v)}
          onFinishFailed={({ errorFields }) => {
            const first = issueSection(errorFields[0]?.name.join('.') ?? '');
            if (first) setTab(first);
          }}
        >
          <Flex vertical gap={16}>
            {stale && (
              <Alert
                type="warning"
                showIcon
                data-testid="config-stale"
                title={staleNotice(stale, st)}
                action={
                  <Button size="small" onClick={onReload}>
                    {st('config.reload')}
                  </Button>
                }
              />
            )}
            {others.length > 0 && (
              <Alert
                type="error"
                showIcon
                data-testid="other-issues"
                title={st('config.refused')}
                description={others.map((i) => (
                  <div key={`${i.field}:${i.reason}`}>
                    {i.field}: {text(i)}
                  </div>
                ))}
              />
            )}
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                ...SCORE_KINDS.map((k) => ({
                  key: k,
                  forceRender: true,
                  label: label(k, st('config.kindSection', { kind: st(`kind.${k}`) })),
                  children: (
                    <ConfigKindFields
                      kind={k}
                      base={current.config[k]}
                      dimensions={kinds[k]?.dimensions ?? Object.keys(current.config[k].dimensions)}
                      metrics={kinds[k]?.metrics ?? []}
                    />
                  ),
                })),
                {
                  key: 'linkage',
                  forceRender: true,
                  label: label('linkage', st('config.linkage')),
                  children: <ConfigLinkageFields base={current.config.linkage} />,
                },
              ]}
            />
            <Form.Item name="note" label={st('config.note')} style={{ marginBottom: 0 }}>
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder={st('config.notePlaceholder')}
                data-testid="config-note"
              />
            </Form.Item>
            <Flex gap={8} justify="flex-end">
              <Button
                onClick={() => {
                  form.resetFields();
                  setIssues([]);
                }}
              >
                {st('config.reset')}
              </Button>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="config-save">
                {st('config.save')}
              </Button>
            </Flex>
          </Flex>
        </Form>
      </ConfigIssues>
    </Card>
  );
}
