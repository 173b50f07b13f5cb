import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PromoStatus } from '../../api-types';

const COLORS: Record<PromoStatus, string> = {
  draft: 'default',
  active: 'green',
  paused: 'orange',
  ended: 'default',
};

export function StatusTag({ status }: { status: PromoStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={COLORS[status]}
      data-status={status}
      style={status === 'ended' ? { opacity: 0.65 } : undefined}
    >
      {t(`pricing.status.${status}`)}
    </Tag>
  );
}

/** Exclusion group and stacking flag as two small tags. */
export function StackingTags({ group, stackable }: { group?: string; stackable?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {group && <Tag color="purple">{t('pricing.group', { group })}</Tag>}
      {stackable === false ? (
        <Tag color="volcano">{t('pricing.notStackable')}</Tag>
      ) : (
        <Tag>{t('pricing.stackable')}</Tag>
      )}
    </>
  );
}

/** The first cell of a promotions or coupons row: name, kind and id. */
export function PromoName({ name, id, kind }: { name: string; id: string; kind: string }) {
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Typography.Text strong ellipsis={{ tooltip: name }}>
        {name}
      </Typography.Text>
      <Flex gap={6} align="center" style={{ minWidth: 0 }}>
        <Tag style={{ marginInlineEnd: 0 }}>{kind}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: id }}>
          {id}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

/** A rule in words with the stacking tags under it. */
export function RuleCell({
  text,
  group,
  stackable,
  testId,
}: {
  text: string;
  group?: string;
  stackable?: boolean;
  testId: string;
}) {
  return (
    <Flex vertical gap={4} align="flex-start">
      <span data-testid={testId}>{text}</span>
      <span>
        <StackingTags group={group} stackable={stackable} />
      </span>
    </Flex>
  );
}
