// Create or edit a traffic program in a drawer: kind, names, window and the kind's parameters (edits also
// status and a note, and save the program's next version). Simple mistakes are caught as you type; what the
// server refuses (a 422 naming `params.pool` and the like) shows beside that field in the UI language, and a
// 409 (someone saved meanwhile) offers to reload.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../../api';
import {
  businessToday,
  createBody,
  patchBody,
  paramsToForm,
  type ProgramFormValues,
  programToForm,
  staleVersion,
} from './traffic-format';
import { type TrafficKey, useTT } from './traffic-i18n';
import { TRAFFIC_KEY, useCategories } from './traffic-queries';
import {
  BUDGET_SCENES,
  DEFAULT_PARAMS,
  PROGRAM_KINDS,
  PROGRAM_STATUSES,
  type Program,
  type ProgramKind,
  RACE_METRICS,
} from './traffic-types';
import { DayInput, type Issue, IssueItem, IssuesProvider, OtherIssues } from './ui';

export function ProgramFormDrawer({
  open,
  program,
  onClose,
  onSaved,
  onReload,
}: {
  open: boolean;
  /** The program to edit (as loaded now), or null to create one. */
  program: Program | null;
  onClose: () => void;
  onSaved?: (p: Program) => void;
  /** Loads the program again after a 409; the form restarts from the version in force. */
  onReload: () => void;
}) {
  const { tt } = useTT();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      keyboard={false}
      title={program ? tt('programs.edit') : tt('programs.new')}
      data-testid="program-drawer"
    >
      {open && (
        <ProgramForm
          // A newer version in force starts a fresh form from it.
          key={program ? `${program.id}:${program.version}` : 'new'}
          program={program}
          onDone={(p) => {
            onSaved?.(p);
            onClose();
          }}
          onCancel={onClose}
          onReload={onReload}
        />
      )}
    </Drawer>
  );
}

const NUMBER = { style: { width: '100%' } } as const;

/** Whole counts with digit grouping as typed (1,000,000), read back without it. */
const GROUPED = {
  formatter: (v: number | string | undefined) =>
    v === undefined || v === '' ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  parser: (v: string | undefined) => (v ? Number(v.replace(/,/g, '')) : (null as unknown as number)),
};

function ProgramForm({
  program,
  onDone,
  onCancel,
  onReload,
}: {
  program: Program | null;
  onDone: (p: Program) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { tt } = useTT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProgramFormValues>();
  const [today] = useState(() => businessToday());
  const initial = useMemo(() => programToForm(program, today), [program, today]);
  const [issues, setIssues] = useState<Issue[]>([]);
  /** Set once a save found a newer version in force: the version, when the 409 named it. */
  const [stale, setStale] = useState<{ current: number | null } | null>(null);
  const kind: ProgramKind = Form.useWatch('kind', form) ?? initial.kind;

  const save = useMutation({
    mutationFn: (v: ProgramFormValues) =>
      program
        ? api<Program>(`/v1/traffic/programs/${encodeURIComponent(program.id)}`, {
            method: 'PATCH',
            body: patchBody(v, program),
          })
        : api<Program>('/v1/traffic/programs', { method: 'POST', body: createBody(v) }),
    // Refusals show beside the fields; anything else above the buttons.
    meta: { silent: true },
    onSuccess: async (p) => {
      setIssues([]);
      void message.success(program ? tt('programs.saved', { version: p.version }) : tt('programs.created'));
      await queryClient.invalidateQueries({ queryKey: TRAFFIC_KEY });
      onDone(p);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409 && program) setStale({ current: staleVersion(e.issues) });
      else if (e instanceof ApiError && e.issues.length && (e.status === 422 || e.status === 400)) {
        setIssues(e.issues);
        void message.error(tt('form.refused'));
      } else setIssues([{ field: '', reason: e instanceof ApiError ? (e.detail ?? e.title) : String(e) }]);
    },
  });

  const required = [{ required: true, message: tt('form.required') }];
  const paramKeys = new Set(Object.keys(DEFAULT_PARAMS[kind]).map((k) => `params.${k}`));
  // Paths some item shows; issues elsewhere are listed above the buttons.
  const shown = (path: string) =>
    /^(kind|name|nameZh|startsOn|endsOn|status|note)$/.test(path) ||
    paramKeys.has(path) ||
    /^params\.prizes\.\d+$/.test(path);

  return (
    <IssuesProvider issues={issues}>
      <Form<ProgramFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        requiredMark={false}
        data-testid="program-form"
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed: Partial<ProgramFormValues>) => {
          // A new kind starts from its own defaults.
          if (changed.kind) form.setFieldValue('params', paramsToForm(changed.kind, {}));
          if (issues.length) setIssues([]);
        }}
      >
        {stale && (
          <Alert
            type="warning"
            showIcon
            data-testid="program-stale"
            style={{ marginBottom: 16 }}
            title={
              stale.current && program
                ? tt('form.staleVersion', { current: stale.current, base: program.version })
                : tt('form.stale')
            }
            action={
              <Button size="small" onClick={onReload} data-testid="program-reload">
                {tt('common.reload')}
              </Button>
            }
          />
        )}
        <IssueItem issue="kind" name="kind" label={tt('form.kind')} extra={tt(`kindHint.${kind}`)}>
          <Radio.Group
            disabled={!!program}
            optionType="button"
            options={PROGRAM_KINDS.map((k) => ({ value: k, label: tt(`kind.${k}`) }))}
            data-testid="program-kind"
          />
        </IssueItem>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <IssueItem issue="name" name="name" label={tt('form.name')} rules={required}>
              <Input maxLength={200} data-testid="program-name" />
            </IssueItem>
          </Col>
          <Col xs={24} sm={12}>
            <IssueItem issue="nameZh" name="nameZh" label={tt('form.nameZh')} extra={tt('form.nameZhHint')}>
              <Input maxLength={200} data-testid="program-name-zh" />
            </IssueItem>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={program ? 8 : 12}>
            <IssueItem issue="startsOn" name="startsOn" label={tt('form.startsOn')} rules={required}>
              <DayInput allowClear={false} data-testid="program-starts" />
            </IssueItem>
          </Col>
          <Col xs={24} sm={program ? 8 : 12}>
            <IssueItem
              issue="endsOn"
              name="endsOn"
              label={tt('form.endsOn')}
              extra={kind === 'budget' ? tt('form.endsOnBudget') : tt('form.endsOnHint')}
              dependencies={['startsOn']}
              rules={[
                ...(kind === 'budget' ? required : []),
                ({ getFieldValue }) => ({
                  validator: (_r, v?: string | null) =>
                    !v || !getFieldValue('startsOn') || v >= getFieldValue('startsOn')
                      ? Promise.resolve()
                      : Promise.reject(new Error(tt('form.endAfterStart'))),
                }),
              ]}
            >
              <DayInput data-testid="program-ends" />
            </IssueItem>
          </Col>
          {program && (
            <Col xs={24} sm={8}>
              <IssueItem issue="status" name="status" label={tt('form.status')}>
                <Select
                  options={PROGRAM_STATUSES.map((s) => ({ value: s, label: tt(`status.${s}`) }))}
                  data-testid="program-status"
                />
              </IssueItem>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {tt('form.params')}
        </Divider>
        <ParamFields kind={kind} />

        {program && (
          <IssueItem issue="note" name="note" label={tt('form.note')}>
            <Input.TextArea
              rows={2}
              maxLength={500}
              placeholder={tt('form.notePlaceholder')}
              data-testid="program-note"
            />
          </IssueItem>
        )}
        <Flex vertical gap={12} style={{ marginTop: 8 }}>
          <OtherIssues shown={shown} />
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onCancel}>{tt('common.cancel')}</Button>
            <Button
              type="primary"
              // No submit button: Enter in a date picker confirms the day, it must not save the form.
              onClick={() => form.submit()}
              loading={save.isPending}
              data-testid="program-save"
            >
              {program ? tt('common.save') : tt('common.create')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </IssuesProvider>
  );
}

/** A numeric parameter: its label and hint from `form.<kind>.<key>` / `<key>Hint`. */
function NumberParam({
  kind,
  name,
  min,
  max,
  step,
  precision,
  optional,
}: {
  kind: ProgramKind;
  name: string;
  min: number;
  max: number;
  step?: number;
  precision?: number;
  optional?: boolean;
}) {
  const { tt } = useTT();
  return (
    <IssueItem
      issue={`params.${name}`}
      name={['params', name]}
      label={tt(`form.${kind}.${name}` as TrafficKey)}
      extra={tt(`form.${kind}.${name}Hint` as TrafficKey)}
      rules={[
        ...(optional ? [] : [{ required: true, message: tt('form.required') }]),
        { type: 'number' as const, min, max, message: tt('form.range', { min, max }) },
      ]}
    >
      <InputNumber<number>
        {...NUMBER}
        {...(precision === 0 && max >= 1e6 ? GROUPED : {})}
        min={min}
        max={max}
        step={step ?? 1}
        precision={precision}
        data-testid={`param-${name}`}
      />
    </IssueItem>
  );
}

function ParamFields({ kind }: { kind: ProgramKind }) {
  const { tt, lang } = useTT();
  const categories = useCategories();
  // Level by level, each by name in the UI language, the id beside it.
  const categoryOptions = (categories.data?.items ?? []).map((c) => ({
    value: c.id,
    level: c.level,
    label: `${lang === 'zh' && c.nameZh ? c.nameZh : c.name} (${c.id})`,
  }));
  const col = (node: React.ReactNode) => (
    <Col xs={24} sm={12}>
      {node}
    </Col>
  );
  switch (kind) {
    case 'protection':
      return (
        <Row gutter={16}>
          {col(<NumberParam kind={kind} name="days" min={1} max={365} precision={0} />)}
          {col(<NumberParam kind={kind} name="boost" min={1} max={10} step={0.1} precision={2} />)}
          {col(<NumberParam kind={kind} name="minDaily" min={1} max={1e9} precision={0} />)}
          {col(<NumberParam kind={kind} name="rampMinutes" min={1} max={720} precision={0} />)}
        </Row>
      );
    case 'chuanliu':
      return (
        <Row gutter={16}>
          {col(
            <NumberParam kind={kind} name="merchantPerYuan" min={0} max={1000} step={0.5} precision={2} />,
          )}
          {col(<NumberParam kind={kind} name="creatorPerYuan" min={0} max={1000} step={0.5} precision={2} />)}
          {col(<NumberParam kind={kind} name="validDays" min={1} max={365} precision={0} />)}
          {col(<NumberParam kind={kind} name="dailyCap" min={1} max={1e9} precision={0} />)}
        </Row>
      );
    case 'budget':
      return (
        <Row gutter={16}>
          {col(<NumberParam kind={kind} name="pool" min={1} max={1e12} precision={0} />)}
          {col(<NumberParam kind={kind} name="minStoreScore" min={0} max={1000} step={0.1} optional />)}
          <Col span={24}>
            <IssueItem
              issue="params.categoryIds"
              nested
              name={['params', 'categoryIds']}
              label={tt('form.budget.categoryIds')}
              extra={tt('form.budget.categoryIdsHint')}
            >
              <Select
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={categoryOptions}
                loading={categories.isFetching}
                data-testid="param-categoryIds"
              />
            </IssueItem>
          </Col>
          {col(
            <IssueItem
              issue="params.enrolment"
              name={['params', 'enrolment']}
              label={tt('form.budget.enrolment')}
            >
              <Radio.Group
                optionType="button"
                options={(['open', 'invite'] as const).map((e) => ({
                  value: e,
                  label: tt(`enrolment.${e}`),
                }))}
                data-testid="param-enrolment"
              />
            </IssueItem>,
          )}
          {col(
            <IssueItem issue="params.rule" name={['params', 'rule']} label={tt('form.budget.rule')}>
              <Radio.Group
                optionType="button"
                options={(['score_gmv', 'equal'] as const).map((r) => ({ value: r, label: tt(`rule.${r}`) }))}
                data-testid="param-rule"
              />
            </IssueItem>,
          )}
          <Col span={24}>
            <IssueItem
              issue="params.scenes"
              nested
              name={['params', 'scenes']}
              label={tt('form.budget.scenes')}
              rules={[{ type: 'array', min: 1, message: tt('issue.oneScene') }]}
            >
              <Checkbox.Group
                options={BUDGET_SCENES.map((s) => ({ value: s, label: tt(`scene.${s}`) }))}
                data-testid="param-scenes"
              />
            </IssueItem>
          </Col>
        </Row>
      );
    case 'horse_race':
      return (
        <Row gutter={16}>
          {col(
            <IssueItem
              issue="params.categoryId"
              name={['params', 'categoryId']}
              label={tt('form.horse_race.categoryId')}
              extra={tt('form.horse_race.categoryIdHint')}
            >
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={categoryOptions.filter((o) => o.level === 1)}
                loading={categories.isFetching}
                data-testid="param-categoryId"
              />
            </IssueItem>,
          )}
          {col(
            <IssueItem issue="params.metric" name={['params', 'metric']} label={tt('form.horse_race.metric')}>
              <Select
                options={RACE_METRICS.map((m) => ({ value: m, label: tt(`metric.${m}`) }))}
                data-testid="param-metric"
              />
            </IssueItem>,
          )}
          {col(<NumberParam kind={kind} name="topN" min={1} max={100} precision={0} />)}
          {col(<NumberParam kind={kind} name="minPreviousGmv" min={0} max={1e10} precision={2} />)}
          <Col span={24}>
            <IssueItem
              issue="params.prizes"
              nested
              label={tt('form.horse_race.prizes')}
              extra={tt('form.horse_race.prizesHint')}
            >
              <Form.List name={['params', 'prizes']}>
                {(fields, { add, remove }) => (
                  <Flex gap={8} wrap align="center">
                    {fields.map((f, i) => (
                      <Flex key={f.key} gap={4} align="center">
                        <Form.Item
                          name={f.name}
                          noStyle
                          rules={[{ required: true, message: tt('form.required') }]}
                        >
                          <InputNumber<number>
                            {...GROUPED}
                            min={0}
                            max={1e12}
                            precision={0}
                            prefix={
                              <Typography.Text type="secondary">
                                {tt('form.horse_race.prize', { rank: i + 1 })}
                              </Typography.Text>
                            }
                            style={{ width: 190 }}
                            data-testid={`param-prize-${i}`}
                          />
                        </Form.Item>
                        {fields.length > 1 && (
                          <Button
                            type="text"
                            size="small"
                            icon={<DeleteOutlined />}
                            onClick={() => remove(f.name)}
                            aria-label={tt('form.horse_race.removePrize')}
                          />
                        )}
                      </Flex>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add(0)}
                      data-testid="param-add-prize"
                    >
                      {tt('form.horse_race.addPrize')}
                    </Button>
                  </Flex>
                )}
              </Form.List>
            </IssueItem>
          </Col>
        </Row>
      );
  }
}
