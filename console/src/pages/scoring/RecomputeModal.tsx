// Recompute the scores of a day (operators): pick the day and the kinds, run, and read what the run
// scored and how long each phase took. Every scoring view refreshes afterwards.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Descriptions, Flex, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api';
import { formatDay, formatNumber } from '../../format';
import { useST } from './score-i18n';
import { SCORE_KEY } from './score-queries';
import { type RunSummary, SCORE_KINDS, type ScoreKind } from './score-types';

const PHASES = ['rollup', 'aggregate', 'score', 'write'] as const;

/** A business day (marketplace zone) `back` days before today's. */
const businessDay = (back: number): string =>
  formatDay(new Date(Date.now() - back * 86_400_000).toISOString());

export function RecomputeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { st, lang } = useST();
  const queryClient = useQueryClient();
  const [day, setDay] = useState<Dayjs>(() => dayjs(businessDay(1)));
  const [kinds, setKinds] = useState<ScoreKind[]>([...SCORE_KINDS]);
  const run = useMutation({
    mutationFn: () =>
      api<RunSummary>('/v1/scoring/recompute', {
        method: 'POST',
        body: { day: day.format('YYYY-MM-DD'), kinds },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SCORE_KEY }),
  });
  const r = run.data;
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={st('recompute.title')}
      width={640}
      footer={null}
      destroyOnHidden
      afterClose={() => run.reset()}
    >
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{st('recompute.hint')}</Typography.Text>
        <Flex gap={12} align="center" wrap>
          <Typography.Text>{st('recompute.day')}</Typography.Text>
          <DatePicker
            allowClear={false}
            value={day}
            onChange={(d) => d && setDay(d)}
            disabledDate={(d) => d.format('YYYY-MM-DD') > businessDay(0)}
            data-testid="recompute-day"
          />
          <Checkbox.Group
            value={kinds}
            onChange={(v) => setKinds(v as ScoreKind[])}
            options={SCORE_KINDS.map((k) => ({ value: k, label: st(`kinds.${k}`) }))}
          />
          <Button
            type="primary"
            loading={run.isPending}
            disabled={kinds.length === 0}
            onClick={() => run.mutate()}
            data-testid="recompute-run"
          >
            {st('recompute.run')}
          </Button>
        </Flex>
        {r && (
          <Flex vertical gap={12} data-testid="recompute-result">
            <Alert
              type="success"
              showIcon
              title={st('recompute.done', {
                id: r.runId,
                ms: formatNumber(r.totalMs, lang),
                version: r.configVersion,
              })}
            />
            <Descriptions
              bordered
              size="small"
              column={1}
              styles={{ label: { whiteSpace: 'nowrap' } }}
              data-testid="recompute-timings"
            >
              {SCORE_KINDS.filter((k) => r.counts[k] !== undefined).map((k) => (
                <Descriptions.Item
                  key={k}
                  label={`${st(`kinds.${k}`)} · ${formatNumber(r.counts[k] ?? 0, lang)}`}
                >
                  {PHASES.filter((p) => r.timings[`${k}.${p}`] !== undefined)
                    .map(
                      (p) =>
                        `${st(`recompute.phase.${p}`)} ${formatNumber(r.timings[`${k}.${p}`] ?? 0, lang)} ms`,
                    )
                    .join(' · ')}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Flex>
        )}
      </Flex>
    </Modal>
  );
}
